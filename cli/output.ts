/**
 * Where `kpi eval` writes its result, and how: the chosen format's text is
 * made in chunks from the evaluation's columns (engine/evaluate/result-json.ts,
 * `eval-csv.ts`), never as one string, gathered into writes of about 1 MB,
 * and sent
 *
 * - to standard output, waiting for `drain` whenever the stream asks to
 *   (back-pressure: a slow reader never makes kpi hold the whole result), or
 * - with `--out FILE`, to a temp file in FILE's folder (`.FILE.PID.RANDOM.tmp`,
 *   so the rename stays on one file system) renamed onto FILE once every byte
 *   is written: FILE is then whole and new, or — when anything fails — left
 *   as it was, and the temp file is removed. (No fsync: this guards against
 *   the run failing, not against a power cut.)
 * @module
 */
import { randomBytes } from "node:crypto";
import { closeSync, openSync, renameSync, statSync, unlinkSync, write } from "node:fs";
import { basename, dirname, join } from "node:path";
import type { CheckedTemplate } from "../engine/check/checked-model.js";
import type { ResultColumns } from "../engine/evaluate/result-columns.js";
import { resultJsonBuffers } from "../engine/evaluate/result-json-bytes.js";
import { resultNdjsonChunks } from "../engine/evaluate/result-json.js";
import { csvChunks } from "./eval-csv.js";
import { reason } from "./files.js";
import { UsageError, type CliIO } from "./io.js";

/** The formats `kpi eval` writes. */
export type OutputFormat = "json" | "ndjson" | "table" | "csv";

/** What is written, in which format, where. */
export interface OutputRequest {
  columns: ResultColumns;
  /** The template, narrowed to the metrics printed (CSV rows follow its order). */
  checked: CheckedTemplate;
  format: OutputFormat;
  /** Inside the JSON result (`explanations`), for the JSON format. */
  explanations?: Record<string, unknown> | undefined;
  /** The table's text, for `format: "table"` (made by the caller). */
  table?: () => string;
  /** A file to write atomically instead of standard output. */
  out?: string | undefined;
  io: CliIO;
}

/** Bytes gathered before one write. */
const WRITE_BYTES = 1 << 20;

/**
 * The text of a result in a format, as chunks.
 * @example
 * for (const chunk of resultChunks({ columns, checked, format: "ndjson", io })) process.stdout.write(chunk);
 */
export function* resultChunks(r: Omit<OutputRequest, "io" | "out">): Generator<string | Buffer, void, undefined> {
  if (r.format === "json") {
    // Made as UTF-8 bytes (result-json-bytes.ts): W1's 98 MB as strings took several times as long.
    yield* resultJsonBuffers(r.columns, r.explanations);
    yield "\n";
  } else if (r.format === "ndjson") yield* resultNdjsonChunks(r.columns);
  else if (r.format === "csv") yield* csvChunks(r.columns, r.checked);
  else yield r.table ? r.table() : "";
}

/**
 * A `--out` file that can be written (its folder exists and is a folder),
 * checked before anything is loaded or evaluated.
 * @throws UsageError when the folder is missing or FILE is a folder
 * @example
 * checkOutPath("results/march.json");
 */
export function checkOutPath(file: string): void {
  const folder = dirname(file);
  try {
    if (!statSync(folder).isDirectory()) throw new UsageError(`cannot write ${file}: ${folder} is not a folder`);
  } catch (e) {
    if (e instanceof UsageError) throw e;
    throw new UsageError(`cannot write ${file}: ${reason(e) === "no such file" ? "no such folder" : reason(e)}`);
  }
  try {
    if (statSync(file).isDirectory()) throw new UsageError(`cannot write ${file}: is a directory`);
  } catch (e) {
    if (e instanceof UsageError) throw e;
  }
}

/**
 * Writes the result to standard output or, with `out`, atomically to a file.
 * @throws UsageError when the file cannot be written (nothing is left behind)
 * @example
 * await writeResult({ columns, checked, format: "json", out: "march.json", io });
 */
export async function writeResult(r: OutputRequest): Promise<void> {
  const chunks = gathered(resultChunks(r));
  if (r.out === undefined) return writeStdout(chunks, r.io);
  await writeFileAtomically(r.out, chunks);
}

/** Joins small text chunks into writes of about `WRITE_BYTES` characters; buffers (already that size) pass on as they are. */
function* gathered(chunks: Iterable<string | Buffer>): Generator<string | Buffer, void, undefined> {
  let parts: string[] = [];
  let size = 0;
  for (const c of chunks) {
    if (typeof c !== "string") {
      if (size > 0) yield parts.join("");
      parts = [];
      size = 0;
      yield c;
      continue;
    }
    parts.push(c);
    size += c.length;
    if (size >= WRITE_BYTES) {
      yield parts.join("");
      parts = [];
      size = 0;
    }
  }
  if (size > 0) yield parts.join("");
}

async function writeStdout(chunks: Iterable<string | Buffer>, io: CliIO): Promise<void> {
  const stream = io.outStream;
  if (!stream) {
    for (const c of chunks) io.out(typeof c === "string" ? c : c.toString("utf8"));
    return;
  }
  for (const c of chunks) if (!stream.write(c)) await new Promise<void>((resolve) => stream.once("drain", resolve));
}

/** Up to this many chunks (~1 MB each) are being written while the next is made. */
const WRITES_IN_FLIGHT = 8;

/** Writes all of `bytes` at `position` on the thread pool (a write may take only part). */
function writeAt(fd: number, bytes: Uint8Array, position: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const step = (done: number): void => {
      if (done === bytes.length) return resolve();
      write(fd, bytes, done, bytes.length - done, position + done, (err, n) => (err ? reject(err) : step(done + n)));
    };
    step(0);
  });
}

/**
 * Hands each chunk to the thread pool as soon as it is made (positional
 * writes), so that making the next chunk overlaps writing the last: W1's 98 MB
 * of JSON took the bytes' ~290 ms plus ~80 ms of writing, one after the other.
 * Every write has finished, or failed, when this returns or throws.
 */
async function writeOverlapped(fd: number, chunks: Iterable<string | Buffer>): Promise<void> {
  const inFlight = new Set<Promise<void>>();
  let failure: { error: unknown } | undefined;
  let position = 0;
  try {
    for (const c of chunks) {
      if (failure) break;
      const bytes = typeof c === "string" ? Buffer.from(c, "utf8") : c;
      const p: Promise<void> = writeAt(fd, bytes, position)
        .catch((error: unknown) => {
          failure ??= { error };
        })
        .finally(() => inFlight.delete(p));
      inFlight.add(p);
      position += bytes.length;
      if (inFlight.size >= WRITES_IN_FLIGHT) await Promise.race(inFlight);
    }
  } finally {
    await Promise.all(inFlight);
  }
  if (failure) throw failure.error;
}

/**
 * Writes the chunks to a temp file beside `file` and renames it onto `file`;
 * on any failure the temp file is removed and `file` is untouched.
 * @throws UsageError when the file cannot be written
 * @example
 * await writeFileAtomically("out/result.json", ["{", "}"]);
 */
export async function writeFileAtomically(file: string, chunks: Iterable<string | Buffer>): Promise<void> {
  const temp = join(dirname(file), `.${basename(file)}.${process.pid}.${randomBytes(4).toString("hex")}.tmp`);
  let fd: number | undefined;
  try {
    fd = openSync(temp, "wx");
    await writeOverlapped(fd, chunks);
    closeSync(fd);
    fd = undefined;
    renameSync(temp, file);
  } catch (e) {
    if (fd !== undefined) closeSync(fd);
    try {
      unlinkSync(temp);
    } catch {
      // Not created, or already renamed.
    }
    if (e instanceof Error && "code" in e) throw new UsageError(`cannot write ${file}: ${reason(e)}`);
    throw e;
  }
}

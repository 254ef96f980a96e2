/**
 * A worker thread that loads plain source files (CSV or NDJSON, no mapping)
 * into columns, so that a dataset's big sources load side by side, one per
 * core (`source-workers.ts` runs it). It reads the file from disk itself and
 * sends back the finished `SourceData` with its typed arrays transferred,
 * not copied, and the errors and warnings exactly as the loader in the main
 * thread would have made them (same builder, same reader).
 * @module
 */
import { parentPort } from "node:worker_threads";
import { ErrorList } from "./errors.js";
import { closeSync, openSync, readSync } from "node:fs";
import { readCsv, readNdjson } from "./read-files.js";
import { SourceBuilder } from "./source-builder.js";
import type { ColumnContext } from "./columns.js";
import { sourceTransfers, type SourceJob, type SourceWorkerReply, type SourceWorkerSetup } from "./source-job.js";

let ctx: ColumnContext | undefined;
let entityKinds = new Set<string>();

function setUp(m: SourceWorkerSetup): void {
  const byId = new Map<string, number>();
  m.ids.forEach((id, i) => byId.set(id, i));
  ctx = { digits: m.digits, entities: { byId, list: m.idKinds.map((kind) => ({ kind })) } };
  entityKinds = new Set(m.kinds);
}

/**
 * The file's bytes in 4 MiB chunks, read synchronously: this thread has
 * nothing else to do, and waiting on the thread pool for each chunk left it
 * idle for a sixth of a load. Errors carry their `code`, as a stream's do.
 */
async function* fileChunks(path: string): AsyncGenerator<Uint8Array> {
  const fd = openSync(path, "r");
  try {
    for (;;) {
      const buf = Buffer.allocUnsafe(4 << 20);
      const n = readSync(fd, buf, 0, buf.length, null);
      if (n === 0) return;
      yield buf.subarray(0, n);
    }
  } finally {
    closeSync(fd);
  }
}

async function load(job: SourceJob): Promise<SourceWorkerReply> {
  const errors = new ErrorList();
  if (!ctx) throw new Error("a job before the setup");
  const b = new SourceBuilder(job.spec, ctx, entityKinds, errors, job.file);
  if (job.form === "csv") await readCsv(fileChunks(job.path), job.file, errors, { header: (cells, line) => b.bindHeader(cells, line), row: (cells, line) => b.addTextRow(cells, line), plainRow: (text, from, end, d, line) => b.addPlainRow(text, from, end, d, line) });
  else await readNdjson(fileChunks(job.path), job.file, errors, (rec, line) => b.addJsonRecord(rec, { line, index: line }));
  const warnings = b.missingWarnings();
  return { id: job.id, data: b.finish(), errors: errors.export(), warnings };
}

parentPort!.on("message", (m: SourceWorkerSetup | SourceJob) => {
  if (m.kind === "setup") {
    setUp(m);
    return;
  }
  const job = m;
  load(job).then(
    (reply) => parentPort!.postMessage(reply, reply.data ? sourceTransfers(reply.data) : []),
    (err: unknown) => parentPort!.postMessage({ id: job.id, crash: err instanceof Error ? (err.stack ?? err.message) : String(err) } satisfies SourceWorkerReply),
  );
});

/**
 * The language front end for the registry's routes: check, format, parse and
 * diff of user text, run in the worker pool under the time limit so that no
 * text, however hostile, holds the event loop. `extends NAME` resolves to the
 * registry's template NAME — its version in force on a given day (for an
 * evaluation, the period's first day) or, without a day, its latest
 * published version; drafts are never bases. A base's diagnostics carry
 * `file: "NAME@vN"`.
 *
 * The worker has no database: a job that meets a base it was not given
 * answers `need-bases`, and the job runs again with them, up to
 * `MAX_BASE_ROUNDS` times (one round per level of `extends`). Answers for
 * texts up to `CACHE_MAX_CHARS` are kept (the designer checks the same draft
 * on every GET), keyed by the text's hash and still valid only while every
 * base they used is unchanged.
 * @module
 */
import { createHash } from "node:crypto";
import type { BaseSource, CheckedTemplate, CheckResult } from "../../engine/check/index.js";
import type { DatasetPreview, DatasetPreviewRequest } from "../../schemas/generated/api.js";
import type { Mapping } from "../../schemas/generated/mapping.js";
import type { ContentCheck } from "../datasets/content.js";
import type { Db } from "../db/open.js";
import { versionInForce } from "../db/templates.js";
import type { DiffValue, FormatValue, ParseValue } from "../eval/front-end-job.js";
import type { FrontEndOp } from "../eval/protocol.js";
import { workerFailure } from "../http/worker-errors.js";
import type { Services } from "../services.js";

/** More levels of `extends` than any template has; the checker reports cycles itself. */
const MAX_BASE_ROUNDS = 32;
const CACHE_MAX_CHARS = 512 * 1024;
const CACHE_ENTRIES = 64;

type Bases = [string, BaseSource | null][];

interface Cached {
  db: Db;
  bases: Bases;
  value: unknown;
}

const cache = new Map<string, Cached>();

/** The registry's base of that name on `day`, as the checker wants it. */
function baseOf(db: Db, name: string, day: string | undefined): BaseSource | null {
  const v = versionInForce(db, name, day);
  return v ? { file: `${name}@v${v.version}`, text: v.source } : null;
}

const sameBase = (a: BaseSource | null, b: BaseSource | null): boolean => a === b || (a !== null && b !== null && a.file === b.file && a.text === b.text);

function cacheKey(op: FrontEndOp, day: string | undefined): string | undefined {
  const text = JSON.stringify(op);
  if (text.length > CACHE_MAX_CHARS) return undefined;
  return createHash("sha256").update(text).update(`\u0000${day ?? ""}`).digest("base64");
}

function cached(s: Services, key: string | undefined, day: string | undefined): unknown {
  if (key === undefined) return undefined;
  const hit = cache.get(key);
  if (!hit || hit.db !== s.db || !hit.bases.every(([name, b]) => sameBase(b, baseOf(s.db, name, day)))) return undefined;
  cache.delete(key);
  cache.set(key, hit);
  return hit.value;
}

/** Runs one operation in the pool, answering its requests for bases from the registry. */
async function run(s: Services, op: FrontEndOp, day: string | undefined, what: string, cacheable = true): Promise<unknown> {
  const key = cacheable ? cacheKey(op, day) : undefined;
  const hit = cached(s, key, day);
  if (hit !== undefined) return hit;
  const bases = new Map<string, BaseSource | null>();
  for (let round = 0; round < MAX_BASE_ROUNDS; round++) {
    let answer;
    try {
      answer = await s.frontEnd.runFrontEnd({ ...op, bases: [...bases] }, s.limits.evalTimeoutMs);
    } catch (e) {
      throw workerFailure(e, s.limits, what, "split the template or shorten its text");
    }
    if (answer.kind === "done") {
      if (key !== undefined) {
        if (cache.size >= CACHE_ENTRIES) cache.delete(cache.keys().next().value!);
        cache.set(key, { db: s.db, bases: [...bases], value: answer.value });
      }
      return answer.value;
    }
    for (const name of answer.names) bases.set(name, baseOf(s.db, name, day));
  }
  throw new Error(`${what} still asked for bases after ${MAX_BASE_ROUNDS} rounds`);
}

/**
 * Checks text with bases from the registry.
 * @example
 * const r = await checkInRegistry(s, source, { file: "saas_growth" }); // r.checked when clean
 */
export async function checkInRegistry(s: Services, source: string, options: { file?: string; day?: string } = {}): Promise<CheckResult> {
  return (await run(s, { op: "check", source, ...(options.file !== undefined ? { file: options.file } : {}) }, options.day, "checking the template")) as CheckResult;
}

/**
 * Formats text: the canonical text, or the syntax errors.
 * @example
 * const f = await formatText(s, source); // f.text unless there are syntax errors
 */
export async function formatText(s: Services, source: string): Promise<FormatValue> {
  return (await run(s, { op: "format", source }, undefined, "formatting the template")) as FormatValue;
}

/**
 * Parses text into its model, without bases.
 * @example
 * const { model } = await parseText(s, version.source);
 */
export async function parseText(s: Services, source: string): Promise<ParseValue> {
  return (await run(s, { op: "parse", source }, undefined, "reading the template")) as ParseValue;
}

/**
 * The text diff and declaration changes between two texts of one template, bases from the registry's latest versions.
 * @example
 * const d = await diffTexts(s, "saas_growth", { source: a, label: "saas_growth@v1" }, { source: b, label: "saas_growth@draft" });
 */
export async function diffTexts(s: Services, file: string, from: { source: string; label: string }, to: { source: string; label: string }): Promise<DiffValue> {
  return (await run(s, { op: "diff", file, from, to }, undefined, "comparing the versions")) as DiffValue;
}

/**
 * Checks uploaded dataset files in a worker: the content to store or evaluate, or the errors.
 * @example
 * const r = await checkFilesInWorker(s, { files }, "/files");
 */
export async function checkFilesInWorker(s: Services, upload: { files: object; mapping?: Mapping }, filesAt: string): Promise<ContentCheck> {
  return (await run(s, { op: "dataset-files", upload, filesAt }, undefined, "reading the dataset's files", false)) as ContentCheck;
}

/**
 * Previews export files against a checked template in a worker.
 * @example
 * const p = await previewInWorker(s, checked, request);
 */
export async function previewInWorker(s: Services, checked: CheckedTemplate, request: DatasetPreviewRequest): Promise<DatasetPreview> {
  return (await run(s, { op: "preview", checked, request }, undefined, "previewing the files", false)) as DatasetPreview;
}

/**
 * Loads a dataset's big plain source files in worker threads, one file per
 * worker at a time, as many workers as cores (W1's deals and visits side by
 * side: bench/README.md, "Loading"). The workers run the compiled module
 * (dist/), or the TypeScript source under tsx; under vitest there is no
 * worker to start and `startSourceWorkers` returns undefined, so the caller
 * loads in its own thread, with the same results.
 * @module
 */
import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import { fileURLToPath, pathToFileURL } from "node:url";
import { Worker } from "node:worker_threads";
import type { DataError, DataWarning } from "./errors.js";
import type { SourceJob, SourceWorkerReply, SourceWorkerSetup } from "./source-job.js";
import type { EntityTree, SourceData } from "./types.js";

/**
 * The worker module beside this one: the compiled .js, or the .ts source
 * when this thread runs under tsx (whose loader a worker inherits through
 * `execArgv`, as the benchmarks run); none otherwise (vitest).
 */
function workerModule(): { url: URL; tsx: boolean } | undefined {
  const own = new URL(import.meta.url);
  if (own.protocol !== "file:") return undefined;
  const js = new URL("./source-worker.js", own);
  if (own.pathname.endsWith(".js")) return existsSync(fileURLToPath(js)) ? { url: js, tsx: false } : undefined;
  const ts = new URL("./source-worker.ts", own);
  return process.execArgv.some((a) => a.includes("tsx")) && existsSync(fileURLToPath(ts)) ? { url: ts, tsx: true } : undefined;
}

/** A worker thread running the module; under tsx, its loader registered in the worker first (a worker does not inherit the loader's hooks). */
function newWorker(module: { url: URL; tsx: boolean }): Worker {
  if (!module.tsx) return new Worker(module.url);
  const api = pathToFileURL(createRequire(import.meta.url).resolve("tsx/esm/api")).href.replace(/\.cjs$/, ".mjs");
  const boot = `import(${JSON.stringify(api)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(module.url.href)}); })`;
  return new Worker(boot, { eval: true });
}

/** A source loaded by a worker. */
export interface WorkerSource {
  data: SourceData;
  errors: { kept: DataError[]; dropped: number };
  warnings: DataWarning[];
}

/**
 * A pool of source workers.
 * @example
 * const pool = startSourceWorkers(2, entities, 2, ["rep", "team"]);
 * const deals = await pool?.load({ path, file, form: "csv", spec });
 * await pool?.close();
 */
export interface SourceWorkers {
  /** The entities, once read (the workers start before): called before the first `load`. */
  setUp(entities: EntityTree, digits: number, kinds: readonly string[]): void;
  load(job: Omit<SourceJob, "id" | "kind">): Promise<WorkerSource>;
  close(): Promise<void>;
}

/**
 * Starts `threads` workers at once (their start overlaps the reading of the entities), or returns undefined when this build has no worker module.
 * @example
 * const pool = startSourceWorkers(availableParallelism());
 * pool?.setUp(tree, spec.currencyDigits, kinds);
 */
export function startSourceWorkers(threads: number): SourceWorkers | undefined {
  const module = threads < 2 ? undefined : workerModule();
  if (!module) return undefined;
  const idle: Worker[] = [];
  const all: Worker[] = [];
  const waiting: { job: SourceJob; resolve: (r: WorkerSource) => void; reject: (e: Error) => void }[] = [];
  const pending = new Map<number, { resolve: (r: WorkerSource) => void; reject: (e: Error) => void }>();
  let nextId = 0;
  const dispatch = (): void => {
    while (waiting.length > 0) {
      const w = idle.pop();
      if (!w) return;
      const next = waiting.shift()!;
      pending.set(next.job.id, next);
      w.postMessage(next.job);
    }
  };
  const spawn = (): Worker => {
    const w = newWorker(module);
    all.push(w);
    idle.push(w);
    w.on("message", (reply: SourceWorkerReply) => {
      const p = pending.get(reply.id);
      pending.delete(reply.id);
      idle.push(w);
      if (reply.crash !== undefined || !reply.data || !reply.errors || !reply.warnings) p?.reject(new Error(`source worker: ${reply.crash ?? "no result"}`));
      else p?.resolve({ data: reply.data, errors: reply.errors, warnings: reply.warnings });
      dispatch();
    });
    w.on("error", (err) => {
      for (const p of pending.values()) p.reject(err);
      pending.clear();
    });
    return w;
  };
  for (let i = 0; i < threads; i++) spawn();
  return {
    setUp(entities, digits, kinds) {
      const setup: SourceWorkerSetup = { kind: "setup", ids: entities.list.map((e) => e.id), idKinds: entities.list.map((e) => e.kind), digits, kinds: [...kinds] };
      for (const w of all) w.postMessage(setup);
    },
    load(job) {
      return new Promise<WorkerSource>((resolve, reject) => {
        waiting.push({ job: { ...job, kind: "job", id: nextId++ }, resolve, reject });
        dispatch();
      });
    },
    async close() {
      await Promise.all(all.map((w) => w.terminate()));
    },
  };
}

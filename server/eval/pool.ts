/**
 * Runs evaluations and front-end jobs (check, format, parse, diff of user
 * text) in worker threads, so that neither ever blocks the server and
 * either can be stopped: a job that runs past its time limit
 * has its worker terminated (and replaced) and fails with `TimeLimitError`.
 * Workers start lazily, on the first job, and stay warm; the time limit
 * starts when a ready worker takes the job, so start-up never counts.
 * Jobs beyond the workers wait in a bounded queue; a full queue is
 * `BusyError`. A worker's heap is capped so that a hostile dataset costs
 * the worker (an error for that job), never the server.
 * @module
 */
import { availableParallelism } from "node:os";
import { Worker } from "node:worker_threads";
import { jobLabel, type EvalJob, type EvalOutcome, type FrontEndAnswer, type FrontEndJob, type SimJob, type SimOutcome, type WorkerJob, type WorkerMessage, type WorkerRequest } from "./protocol.js";

/**
 * Runs evaluation jobs; the pool, or a stand-in in tests.
 * @example
 * const out = await evaluator.run(job, 30_000);
 */
export interface Evaluator {
  run(job: EvalJob, timeLimitMs: number): Promise<EvalOutcome>;
  /** A comparison of what-if scenarios, under the same time limit as one evaluation (optional for stand-ins in tests). */
  simulate?(job: SimJob, timeLimitMs: number): Promise<SimOutcome>;
  close(): Promise<void>;
}

/**
 * Runs front-end jobs; the pool, or `inProcessFrontEnd` for stand-ins in tests.
 * @example
 * const answer = await frontEnd.runFrontEnd({ op: "parse", source, bases: [] }, 30_000);
 */
export interface FrontEndRunner {
  runFrontEnd(job: FrontEndJob, timeLimitMs: number): Promise<FrontEndAnswer>;
}

/**
 * An evaluation ran past its time limit (and was stopped).
 * @example
 * if (e instanceof TimeLimitError) return respond503();
 */
export class TimeLimitError extends Error {
  override name = "TimeLimitError";
}

/**
 * Too many evaluations are waiting already.
 * @example
 * if (e instanceof BusyError) return respond503();
 */
export class BusyError extends Error {
  override name = "BusyError";
}

/**
 * Options of a pool.
 * @example
 * new WorkerPool({ size: 2, maxQueue: 100, heapMb: 2048 });
 */
export interface PoolOptions {
  size?: number;
  maxQueue?: number;
  /** The worker's old-generation heap limit. */
  heapMb?: number;
}

interface Pending {
  id: number;
  job: WorkerJob;
  timeLimitMs: number;
  resolve(o: EvalOutcome | SimOutcome | FrontEndAnswer): void;
  reject(e: Error): void;
}

interface Slot {
  worker: Worker;
  ready: boolean;
  current?: Pending;
  timer?: NodeJS.Timeout;
}

// From the sources, the worker starts at worker-entry.js, which registers tsx
// to import worker.ts (a worker thread has none of the parent's loaders);
// compiled (dist/server/eval/pool.js), it is worker.js next to this file.
const ENTRY = new URL(import.meta.url.endsWith(".js") ? "./worker.js" : "./worker-entry.js", import.meta.url);

/**
 * A pool of evaluation workers.
 * @example
 * const pool = new WorkerPool();
 * try { const out = await pool.run(job, 30_000); } finally { await pool.close(); }
 */
export class WorkerPool implements Evaluator, FrontEndRunner {
  private readonly size: number;
  private readonly maxQueue: number;
  private readonly heapMb: number;
  private readonly slots = new Set<Slot>();
  private readonly queue: Pending[] = [];
  private nextId = 1;
  private closed = false;

  constructor(options: PoolOptions = {}) {
    this.size = options.size ?? Math.max(1, Math.min(4, availableParallelism()));
    this.maxQueue = options.maxQueue ?? 1000;
    this.heapMb = options.heapMb ?? 2048;
  }

  run(job: EvalJob, timeLimitMs: number): Promise<EvalOutcome> {
    return this.enqueue({ kind: "evaluate", job }, timeLimitMs) as Promise<EvalOutcome>;
  }

  simulate(job: SimJob, timeLimitMs: number): Promise<SimOutcome> {
    return this.enqueue({ kind: "simulate", job }, timeLimitMs) as Promise<SimOutcome>;
  }

  runFrontEnd(job: FrontEndJob, timeLimitMs: number): Promise<FrontEndAnswer> {
    return this.enqueue({ kind: "front-end", job }, timeLimitMs) as Promise<FrontEndAnswer>;
  }

  private enqueue(job: WorkerJob, timeLimitMs: number): Promise<EvalOutcome | SimOutcome | FrontEndAnswer> {
    if (this.closed) return Promise.reject(new Error("the worker pool is closed"));
    if (this.queue.length >= this.maxQueue) return Promise.reject(new BusyError(`${this.queue.length} jobs are waiting already`));
    return new Promise((resolve, reject) => {
      this.queue.push({ id: this.nextId++, job, timeLimitMs, resolve, reject });
      this.dispatch();
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const p of this.queue.splice(0)) p.reject(new Error("the server is shutting down"));
    await Promise.all([...this.slots].map((s) => this.retire(s, new Error("the server is shutting down"))));
  }

  /** Hands queued jobs to ready workers, starting workers up to the pool's size. */
  private dispatch(): void {
    for (const slot of this.slots) {
      if (this.queue.length === 0) return;
      if (slot.ready && !slot.current) this.start(slot, this.queue.shift()!);
    }
    const starting = [...this.slots].filter((s) => !s.ready).length;
    while (this.slots.size < this.size && this.queue.length > starting && !this.closed) this.spawn();
  }

  private start(slot: Slot, p: Pending): void {
    slot.current = p;
    slot.timer = setTimeout(() => {
      void this.retire(slot, new TimeLimitError(`the ${jobLabel(p.job)} ran longer than ${p.timeLimitMs} ms and was stopped`));
      this.dispatch();
    }, p.timeLimitMs);
    slot.worker.postMessage({ type: "run", id: p.id, job: p.job } satisfies WorkerRequest);
  }

  private spawn(): void {
    const worker = new Worker(ENTRY, { resourceLimits: { maxOldGenerationSizeMb: this.heapMb }, stdout: false, stderr: false });
    const slot: Slot = { worker, ready: false };
    this.slots.add(slot);
    worker.on("message", (m: WorkerMessage) => {
      if (m.type === "ready") {
        slot.ready = true;
      } else if (slot.current && m.id === slot.current.id) {
        const p = slot.current;
        clearTimeout(slot.timer);
        delete slot.current;
        if (m.type === "done") p.resolve(m.outcome);
        else p.reject(Object.assign(new Error(`${jobLabel(p.job)} failed: ${m.message}`), { workerStack: m.stack }));
      }
      this.dispatch();
    });
    // A crash (out of memory, a module that fails to load) fails its job and frees the slot; the next job starts a new worker.
    worker.on("error", (e) => void this.retire(slot, new Error(`the evaluation worker failed: ${e.message}`)));
    worker.on("exit", () => {
      if (this.slots.has(slot)) void this.retire(slot, new Error("the evaluation worker stopped unexpectedly"));
    });
    worker.unref();
  }

  /** Stops a worker; its job (if any) fails with `reason`. */
  private async retire(slot: Slot, reason: Error): Promise<void> {
    if (!this.slots.delete(slot)) return;
    clearTimeout(slot.timer);
    const p = slot.current;
    delete slot.current;
    if (p) p.reject(reason);
    else if (!slot.ready && this.queue.length && this.slots.size === 0) {
      // The only worker died while starting: fail what waits rather than respawning in a loop.
      for (const q of this.queue.splice(0)) q.reject(reason);
    }
    await slot.worker.terminate();
    if (!this.closed) this.dispatch();
  }
}

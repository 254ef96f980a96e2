/**
 * The worker (compiled: worker.js; from the sources through worker-entry.js, which registers tsx): runs
 * one job at a time, an evaluation or a front-end job, and posts its outcome. It says `ready` once
 * its modules are loaded, so the pool's time limit measures evaluation,
 * never start-up. An exception is reported with its stack for the server's
 * log; the server never shows it to the client.
 * @module
 */
import { parentPort } from "node:worker_threads";
import { lex } from "../../dsl/lexer.js";
import { kpiParser } from "../../dsl/parser.js";
import { validateTemplate } from "../../schemas/validators.js";
import { runFrontEndJob } from "./front-end-job.js";
import { runJob, runSimJob } from "./job.js";
import type { EvalOutcome, FrontEndAnswer, SimOutcome, WorkerJob, WorkerMessage, WorkerRequest } from "./protocol.js";

const port = parentPort;
if (!port) throw new Error("server/eval/worker.ts runs only as a worker thread");

const runAny = async (job: WorkerJob): Promise<EvalOutcome | SimOutcome | FrontEndAnswer> =>
  job.kind === "evaluate" ? runJob(job.job) : job.kind === "simulate" ? runSimJob(job.job) : runFrontEndJob(job.job);

port.on("message", (msg: WorkerRequest) => {
  runAny(msg.job).then(
    (outcome) => port.postMessage({ type: "done", id: msg.id, outcome } satisfies WorkerMessage),
    (e: unknown) => {
      const err = e instanceof Error ? e : new Error(String(e));
      port.postMessage({ type: "failed", id: msg.id, message: err.message, ...(err.stack !== undefined ? { stack: err.stack } : {}) } satisfies WorkerMessage);
    },
  );
});
// The lexer, the parser and the template schema's validator are built on first
// use (so that `kpi --help` never pays for them); a worker builds them before it
// says ready, so that no job's time limit pays for them either.
lex("");
kpiParser();
validateTemplate({ declarations: [] });
port.postMessage({ type: "ready" } satisfies WorkerMessage);

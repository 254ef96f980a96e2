/**
 * A worker pool's refusals as the client sees them: a job stopped at its
 * time limit, or a full queue, is a 503 with `Retry-After`; anything else
 * is left for the app's 500.
 * @module
 */
import { BusyError, TimeLimitError } from "../eval/pool.js";
import type { Limits } from "../services.js";
import { ApiError } from "./problem.js";

/**
 * Rethrows a pool failure as the ApiError it means.
 * @example
 * try { await pool.run(job, ms); } catch (e) { throw workerFailure(e, s.limits, "the evaluation", "evaluate a shorter range or a smaller dataset"); }
 */
export function workerFailure(e: unknown, limits: Limits, what: string, advice: string): unknown {
  const retry = { "Retry-After": String(limits.retryAfterSeconds) };
  if (e instanceof TimeLimitError) return new ApiError(503, "time-limit", `${what} ran longer than the limit of ${limits.evalTimeoutMs} ms and was stopped; ${advice}`, {}, retry);
  if (e instanceof BusyError) return new ApiError(503, "busy", `the server is busy (${e.message}); try again shortly`, {}, retry);
  return e;
}

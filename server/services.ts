/**
 * What the handlers share: the database, the evaluator, the limits, the
 * clock and the log. `createApp` builds it from its options; tests pass
 * their own clock and log.
 * @module
 */
import type { Context } from "hono";
import type { Db } from "./db/open.js";
import type { Principal } from "./db/keys.js";
import type { Evaluator, FrontEndRunner } from "./eval/pool.js";

/**
 * The server's limits.
 * @example
 * const limits: Limits = { ...DEFAULT_LIMITS, evalTimeoutMs: 500 };
 */
export interface Limits {
  /** Largest request body, in bytes (413 above it). */
  maxBodyBytes: number;
  /** Deepest nesting of a JSON body (400 above it). */
  maxJsonDepth: number;
  /** Longest an evaluation, or a check, format or diff of user text, may run (503 with Retry-After when it does). */
  evalTimeoutMs: number;
  /** The Retry-After of a 503. */
  retryAfterSeconds: number;
  /** Largest result JSON an evaluation may produce (422 `result-too-large` above it, refused before evaluating when the size is sure). */
  maxResultBytes: number;
}

/**
 * The defaults: 10 MB bodies, 64 levels of JSON, 30 s per evaluation, 64 MiB of result.
 * @example
 * createApp({ db, evaluator, limits: { ...DEFAULT_LIMITS, maxBodyBytes: 1 << 20 } });
 */
export const DEFAULT_LIMITS: Limits = { maxBodyBytes: 10 * 1024 * 1024, maxJsonDepth: 64, evalTimeoutMs: 30_000, retryAfterSeconds: 5, maxResultBytes: 64 * 1024 * 1024 };

/**
 * Everything a handler may use.
 * @example
 * const now = services.clock().toISOString();
 */
export interface Services {
  db: Db;
  evaluator: Evaluator;
  /** Runs check, format, parse and diff of user text off the event loop (registry/front-end.ts). */
  frontEnd: FrontEndRunner;
  limits: Limits;
  clock: () => Date;
  /** Writes one line to the server's log (stderr by default). */
  log: (line: string) => void;
  /** The package version, for /v1/health. */
  version: string;
  /** Where uploaded dataset files are written while an evaluation loads them. */
  tmpDir: string;
  /**
   * The key that seals registered connections' URLs (connections/seal.ts), derived from the
   * server's secret; read (or made) on first use, so an app that never registers one never touches the file.
   */
  connectionKey: () => Buffer;
}

/**
 * hono's environment: the request id and the key that authenticated.
 * @example
 * const app = new Hono<AppEnv>();
 */
export interface AppEnv {
  Variables: { requestId: string; principal: Principal | undefined };
}

/**
 * A route handler: its context, the services, and the request body already validated against the route's schema.
 * @example
 * const health: Handler = (c, s) => c.json({ status: "ok", version: s.version });
 */
export type Handler = (c: Context<AppEnv>, s: Services, body: unknown) => Response | Promise<Response>;

/**
 * The acting key's name, for audit entries.
 * @example
 * actor(c); // "crm"
 */
export const actor = (c: Context<AppEnv>): string => c.get("principal")?.name ?? "anonymous";

/**
 * The current instant as stored: ISO 8601 UTC.
 * @example
 * now(services); // "2026-03-31T09:15:00.000Z"
 */
export const now = (s: Services): string => s.clock().toISOString();

/**
 * The HTTP API as a hono app, without a listener: `createApp` wires the
 * route table (routes/spec.ts) to the handlers, with, for every route in
 * this order, authentication (public routes skip it), the JSON body read
 * within the limits and validated against the route's schema, then the
 * handler. Every request gets an id (`X-Request-Id`, echoed when the client
 * sends a sane one) and one log line: `METHOD PATH STATUS MSms ID`. Errors
 * become problem+json; an unexpected one is logged with its stack and
 * answered with a generic 500 naming the request id.
 * @module
 */
import { randomUUID } from "node:crypto";
import { tmpdir } from "node:os";
import { Hono, type Context } from "hono";
import { packageVersion } from "../engine/version.js";
import type { Db } from "./db/open.js";
import { inProcessFrontEnd } from "./eval/front-end-job.js";
import type { Evaluator, FrontEndRunner } from "./eval/pool.js";
import { authenticate } from "./http/auth.js";
import { readJsonBody } from "./http/body.js";
import { ApiError, internalError, problemResponse } from "./http/problem.js";
import { apiBody } from "./http/validate.js";
import { connectionKey } from "./connections/seal.js";
import { ensureServerSecret } from "./connections/server-secret.js";
import { adminHandlers } from "./routes/admin.js";
import { connectionHandlers } from "./routes/connections.js";
import { datasetHandlers } from "./routes/datasets.js";
import { designerRoutes } from "./routes/designer.js";
import { evaluateHandlers } from "./routes/evaluate.js";
import { metaHandlers } from "./routes/meta.js";
import { simulateHandlers } from "./routes/simulate.js";
import { sourceHandlers } from "./routes/source.js";
import { ROUTES } from "./routes/spec.js";
import { templateHandlers } from "./routes/templates.js";
import { DEFAULT_LIMITS, type AppEnv, type Handler, type Limits, type Services } from "./services.js";

/**
 * What `createApp` needs; everything but the database and the evaluator has a default.
 * @example
 * const app = createApp({ db: openDatabase(":memory:"), evaluator: new WorkerPool(), limits: { evalTimeoutMs: 500 } });
 */
export interface AppOptions {
  db: Db;
  evaluator: Evaluator;
  /**
   * Runs the front end (check, format, parse, diff of user text): by default
   * the evaluator when it is a worker pool, else the calling thread (only
   * for stand-in evaluators in tests).
   */
  frontEnd?: FrontEndRunner;
  limits?: Partial<Limits>;
  /** One line per request and every unexpected error (default: standard error). */
  log?: (line: string) => void;
  clock?: () => Date;
  tmpDir?: string;
  /** The built designer served at `/` (default: dist/designer). */
  designerDir?: string;
  /**
   * The server's secret (connections/server-secret.ts), which `kpi serve` reads or makes at start-up;
   * by default `server-secret.txt` next to the database file, read or made on first use (random for `:memory:`).
   */
  secret?: Uint8Array;
}

const HANDLERS: Readonly<Record<string, Handler>> = { ...metaHandlers, ...sourceHandlers, ...evaluateHandlers, ...simulateHandlers, ...templateHandlers, ...datasetHandlers, ...connectionHandlers, ...adminHandlers };

const SANE_ID = /^[\w.:-]{1,100}$/;

/** `f`'s value, computed on the first call. */
function once<T>(f: () => T): () => T {
  let value: { v: T } | undefined;
  return () => (value ??= { v: f() }).v;
}

/**
 * Builds the app.
 * @example
 * const res = await createApp({ db, evaluator }).request("/v1/health");
 */
export function createApp(options: AppOptions): Hono<AppEnv> {
  const s: Services = {
    db: options.db,
    evaluator: options.evaluator,
    frontEnd: options.frontEnd ?? ("runFrontEnd" in options.evaluator ? (options.evaluator as Evaluator & FrontEndRunner) : inProcessFrontEnd),
    limits: { ...DEFAULT_LIMITS, ...options.limits },
    clock: options.clock ?? (() => new Date()),
    log: options.log ?? ((line) => void process.stderr.write(`${line}\n`)),
    version: packageVersion(),
    tmpDir: options.tmpDir ?? tmpdir(),
    connectionKey: once(() => connectionKey(options.secret ?? ensureServerSecret(options.db.name).secret)),
  };
  const app = new Hono<AppEnv>();

  app.use(async (c, next) => {
    const started = performance.now();
    const given = c.req.header("x-request-id");
    c.set("requestId", given !== undefined && SANE_ID.test(given) ? given : randomUUID());
    await next();
    c.res.headers.set("X-Request-Id", c.get("requestId"));
    s.log(`${c.req.method} ${new URL(c.req.url).pathname} ${c.res.status} ${(performance.now() - started).toFixed(1)}ms ${c.get("requestId")}`);
  });

  app.onError((err, c) => {
    if (err instanceof ApiError) return problemResponse(err, c.get("requestId"));
    const stack = (err as { workerStack?: string }).workerStack ?? err.stack ?? String(err);
    s.log(`error ${c.get("requestId")}: ${stack.replace(/\n/g, "\n  ")}`);
    return problemResponse(internalError(), c.get("requestId"));
  });

  app.notFound((c) => problemResponse(new ApiError(404, "not-found", `no route ${c.req.method} ${new URL(c.req.url).pathname}; GET /v1/openapi.json lists the routes`), c.get("requestId")));

  app.route("/", designerRoutes(options.designerDir));

  for (const r of ROUTES) {
    const handler = HANDLERS[r.id];
    if (!handler) throw new Error(`no handler for route ${r.id}`);
    const validate = r.body === undefined ? undefined : apiBody<unknown>(r.body);
    app.on(r.method, r.path, async (c: Context<AppEnv>) => {
      c.set("principal", r.role === null ? undefined : authenticate(s.db, c.req.header("authorization"), r.role));
      const body = validate ? validate(await readJsonBody(c.req.raw, { maxBytes: s.limits.maxBodyBytes, maxDepth: s.limits.maxJsonDepth })) : undefined;
      return handler(c, s, body);
    });
  }
  return app;
}

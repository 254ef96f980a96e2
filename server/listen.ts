/**
 * The Node listener around the app: @hono/node-server on a host and port,
 * and a graceful stop — stop accepting connections, let requests in flight
 * finish (up to a grace period, then close what is left), then stop the
 * evaluation workers and close the database.
 * @module
 */
import { serve, type ServerType } from "@hono/node-server";
import type { AddressInfo } from "node:net";
import type { Server } from "node:http";
import type { Hono } from "hono";
import type { Db } from "./db/open.js";
import type { Evaluator } from "./eval/pool.js";
import type { AppEnv } from "./services.js";

/**
 * A running server.
 * @example
 * const running = await listen({ app, db, evaluator, host: "127.0.0.1", port: 0 });
 * await fetch(`${running.url}/v1/health`);
 * await running.stop();
 */
export interface RunningServer {
  url: string;
  port: number;
  /** Stops gracefully; resolves when everything is closed. Calling it again returns the same promise. */
  stop(): Promise<void>;
}

/**
 * Options of `listen`.
 * @example
 * const o: ListenOptions = { app, db, evaluator, host: "127.0.0.1", port: 8787, graceMs: 35_000 };
 */
export interface ListenOptions {
  app: Hono<AppEnv>;
  db: Db;
  evaluator: Evaluator;
  /** A second pool for the front end, closed with the evaluator. */
  frontEnd?: { close(): Promise<void> };
  host: string;
  port: number;
  /** How long in-flight requests may take to finish once stopping (default 35 s: an evaluation's 30 s and some). */
  graceMs?: number;
}

/**
 * Starts listening.
 * @example
 * const running = await listen({ app, db, evaluator, host: "127.0.0.1", port: 8787 });
 */
export function listen(o: ListenOptions): Promise<RunningServer> {
  return new Promise((resolve, reject) => {
    let server: ServerType;
    const onError = (e: Error): void => reject(e);
    server = serve({ fetch: o.app.fetch, hostname: o.host, port: o.port }, (info: AddressInfo) => {
      server.off("error", onError);
      let stopping: Promise<void> | undefined;
      const http = server as Server;
      const stop = (): Promise<void> =>
        (stopping ??= new Promise<void>((done) => {
          const force = setTimeout(() => http.closeAllConnections(), o.graceMs ?? 35_000);
          force.unref();
          http.close(() => {
            clearTimeout(force);
            void Promise.all([o.evaluator.close(), o.frontEnd?.close()]).finally(() => {
              o.db.close();
              done();
            });
          });
          // Keep-alive connections with no request in flight would hold close() open.
          http.closeIdleConnections();
        }));
      const host = info.family === "IPv6" ? `[${info.address}]` : info.address;
      resolve({ url: `http://${host}:${info.port}`, port: info.port, stop });
    });
    server.once("error", onError);
  });
}

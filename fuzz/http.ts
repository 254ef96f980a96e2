/**
 * The HTTP API in-process for the fuzz: `createApp` over a fresh SQLite
 * file in a temp folder, one integrator key, and an evaluator that runs the
 * worker's job (`server/eval/job.ts`) on this thread — the same code the
 * worker pool runs, without thread start-up per case. `send` posts a body
 * and returns the status, content type and text.
 * @module
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createApp } from "../server/app.js";
import { createKey } from "../server/db/keys.js";
import { openDatabase } from "../server/db/open.js";
import { runJob } from "../server/eval/job.js";
import type { Evaluator } from "../server/eval/pool.js";

export interface HttpAnswer {
  status: number;
  type: string;
  text: string;
}

export interface FuzzServer {
  /** Posts `body` (JSON-encoded unless a string) to `path` with the key. */
  send(path: string, body: unknown): Promise<HttpAnswer>;
  /** Lines the app logged (its 500s log a stack here). */
  logs: string[];
  close(): void;
}

/**
 * Starts an app for fuzzing.
 * @example
 * const s = fuzzServer(); const a = await s.send("/v1/check", { source: "metric" }); s.close();
 */
export function fuzzServer(): FuzzServer {
  const dir = mkdtempSync(join(tmpdir(), "kpi-fuzz-"));
  const db = openDatabase(join(dir, "kpi.db"));
  const key = createKey(db, { name: "fuzz", role: "integrator", at: "2026-01-01T00:00:00.000Z", actor: "fuzz" })!.key;
  const evaluator: Evaluator = { run: (job) => runJob(job), close: async () => {} };
  const logs: string[] = [];
  const app = createApp({
    db,
    evaluator,
    limits: { evalTimeoutMs: 30_000 },
    log: (l) => {
      // Only the unusual lines are kept: a request line per case would grow without bound.
      if (!/^(POST|GET) \S+ [1-4]\d\d /.test(l)) logs.push(l);
    },
    tmpDir: dir,
  });
  return {
    logs,
    async send(path, body) {
      const res = await app.request(path, { method: "POST", headers: { authorization: `Bearer ${key}`, "content-type": "application/json" }, body: typeof body === "string" ? body : JSON.stringify(body) });
      return { status: res.status, type: res.headers.get("content-type") ?? "", text: await res.text() };
    },
    close() {
      db.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

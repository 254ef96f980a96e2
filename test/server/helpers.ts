/**
 * Helpers for the server tests: an app over a fresh database (in a temp
 * folder, never ./data) with one key per role, a request helper that sends
 * JSON with a key, and the demo template and dataset of examples/demo.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { Hono } from "hono";
import { createApp } from "../../server/app.js";
import { createKey } from "../../server/db/keys.js";
import { openDatabase, type Db } from "../../server/db/open.js";
import { WorkerPool, type Evaluator } from "../../server/eval/pool.js";
import type { AppEnv, Limits } from "../../server/services.js";
import type { Role } from "../../schemas/generated/api.js";

export const ROOT = fileURLToPath(new URL("../../", import.meta.url));

/** The demo template's text (template demo_saas_growth). */
export const DEMO_SOURCE = readFileSync(join(ROOT, "examples/demo/demo_saas_growth.kpi"), "utf8");

/** The demo dataset's files, name → text. */
export function demoFiles(): Record<string, string> {
  const dir = join(ROOT, "examples/demo/dataset");
  const files: Record<string, string> = {};
  for (const f of readdirSync(dir).sort()) files[f] = readFileSync(join(dir, f), "utf8");
  return files;
}

/** The hand-checked payouts of March 2026 (examples/demo/README.md). */
export const DEMO_PAYOUTS: Record<string, string> = { zhang: "5160.00", li: "8000.00", wang: "2375.01", zhao: "14000.00", chen: "0.00" };

/** A clean template of its own, small enough to edit in tests. */
export const tinySource = (name: string, extra = ""): string =>
  `template ${name} "Tiny" {\n  industry test\n  stage growth\n  grain month\n  currency CNY\n}\n\nentity rep\n\nsource deals by rep at closed_on {\n  amount: money\n  closed_on: date\n}\n\nmetric amount: money = sum(deals.amount)\n${extra}`;

/** A JSON dataset for tinySource. */
export const tinyDataset = () => ({
  entities: [{ id: "ann", kind: "rep", name: "Ann" }],
  records: { deals: [{ rep: "ann", amount: "100.50", closed_on: "2026-03-02" }, { rep: "ann", amount: "20.00", closed_on: "2026-03-20" }] },
});

export interface TestServer {
  app: Hono<AppEnv>;
  db: Db;
  dir: string;
  keys: Record<Role, string>;
  logs: string[];
  /** Sends a request; `body` is JSON-encoded unless it is a string. */
  req(method: string, path: string, o?: { key?: Role | string | null; body?: unknown; headers?: Record<string, string> }): Promise<Response>;
  close(): Promise<void>;
}

let sharedPool: WorkerPool | undefined;

/** One warm worker pool per test file (workers take a moment to start). */
export function pool(): WorkerPool {
  sharedPool ??= new WorkerPool({ size: 2 });
  return sharedPool;
}

export async function closePool(): Promise<void> {
  await sharedPool?.close();
  sharedPool = undefined;
}

/**
 * An app over a new database file in a temp folder, with keys viewer, integrator, editor, admin.
 */
export function testServer(o: { limits?: Partial<Limits>; evaluator?: Evaluator; clock?: () => Date } = {}): TestServer {
  const dir = mkdtempSync(join(tmpdir(), "kpi-server-"));
  const db = openDatabase(join(dir, "kpi.db"));
  const keys = {} as Record<Role, string>;
  for (const role of ["viewer", "integrator", "editor", "admin"] as const) keys[role] = createKey(db, { name: role, role, at: "2026-01-01T00:00:00.000Z", actor: "test" })!.key;
  const logs: string[] = [];
  let tick = 0;
  const clock = o.clock ?? (() => new Date(Date.UTC(2026, 3, 1, 0, 0, tick++)));
  const app = createApp({ db, evaluator: o.evaluator ?? pool(), limits: o.limits ?? {}, log: (l) => logs.push(l), clock, tmpDir: dir });
  return {
    app,
    db,
    dir,
    keys,
    logs,
    req(method, path, r = {}) {
      const headers: Record<string, string> = { ...r.headers };
      const key = r.key === undefined ? "admin" : r.key;
      if (key !== null) headers["authorization"] ??= `Bearer ${key in keys ? keys[key as Role] : key}`;
      let body: string | undefined;
      if (r.body !== undefined) {
        body = typeof r.body === "string" ? r.body : JSON.stringify(r.body);
        headers["content-type"] ??= "application/json";
      }
      return Promise.resolve(app.request(path, { method, headers, ...(body !== undefined ? { body } : {}) }));
    },
    async close() {
      db.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** The JSON body of a response, with its status and content type checked. */
export async function json<T = Record<string, unknown>>(res: Response, status: number): Promise<T> {
  const text = await res.text();
  if (res.status !== status) throw new Error(`expected ${status}, got ${res.status}: ${text}`);
  const type = res.headers.get("content-type") ?? "";
  const expected = status >= 400 ? "application/problem+json" : "application/json";
  if (!type.startsWith(expected)) throw new Error(`expected ${expected}, got ${type}`);
  return JSON.parse(text) as T;
}

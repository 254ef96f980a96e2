/**
 * `kpi serve [--port N] [--host H] [--db FILE] [--max-body BYTES]
 * [--max-result-bytes BYTES] [--eval-timeout SECONDS]`: the HTTP API (DESIGN.md "Interfaces"; server/).
 * Opens (creating and migrating) the database, seeds it with the
 * package's `examples/` templates it lacks, creates the first admin key
 * when there is none (shown once on standard error and written to
 * `admin-key.txt` next to the database, mode 600) and the server's secret
 * (`server-secret.txt`, mode 600, which seals the registered connections'
 * passwords) when there is none, and serves until SIGINT
 * or SIGTERM, then stops gracefully and exits 0. The log — one line per
 * request — goes to standard error; standard output stays empty.
 * @module
 */
import { InvalidArgumentError, type Command } from "commander";
import { fileURLToPath } from "node:url";
import { readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import type { Db } from "../server/db/open.js";
import { DEFAULT_LIMITS } from "../server/services.js";
import { ExitCode, plural, UsageError, type CliIO } from "./io.js";
import { packageFile } from "../schemas/package-root.js";

/**
 * Options of `kpi serve`.
 * @example
 * const options: ServeOptions = { port: 8080, db: "kpi.db" };
 */
export interface ServeOptions {
  port?: number;
  host?: string;
  db?: string;
  maxBody?: number;
  maxResultBytes?: number;
  evalTimeout?: number;
}

/**
 * Where the server listens and keeps its database unless told otherwise.
 * @example
 * SERVE_DEFAULTS.port; // 8787
 */
export const SERVE_DEFAULTS = { host: "127.0.0.1", port: 8787, db: "./data/kpi.db" } as const;

/**
 * A TCP port number from the command line; 0 picks any free port.
 * @example
 * parsePort("8080"); // 8080
 */
export function parsePort(value: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value) || n > 65535) throw new InvalidArgumentError("a port is a whole number from 0 to 65535 (0: any free port)");
  return n;
}

/**
 * A positive whole number of bytes.
 * @example
 * parseBytes("10485760"); // 10485760
 */
export function parseBytes(value: string): number {
  if (!/^[1-9]\d{0,12}$/.test(value)) throw new InvalidArgumentError("a size is a whole number of bytes, at least 1");
  return Number(value);
}

/**
 * A positive number of seconds (decimals allowed).
 * @example
 * parseSeconds("0.5"); // 0.5
 */
export function parseSeconds(value: string): number {
  if (!/^\d+(\.\d+)?$/.test(value) || Number(value) <= 0) throw new InvalidArgumentError("a time is a positive number of seconds");
  return Number(value);
}

/** The port: --port, else the PORT environment variable, else 8787. */
function portOf(opts: ServeOptions, env: NodeJS.ProcessEnv): number {
  if (opts.port !== undefined) return opts.port;
  const fromEnv = env["PORT"];
  if (fromEnv === undefined || fromEnv === "") return SERVE_DEFAULTS.port;
  try {
    return parsePort(fromEnv);
  } catch {
    throw new UsageError(`bad PORT ${JSON.stringify(fromEnv)}: a port is a whole number from 0 to 65535`);
  }
}

const EXAMPLES = fileURLToPath(packageFile("examples/"));

/**
 * Runs the server until SIGINT or SIGTERM; resolves with the exit code once it has stopped.
 * @throws UsageError for a bad PORT, a database that cannot be opened, or a port that cannot be listened on
 * @example
 * const code = await runServe({ port: 8080 }, io);
 */
export async function runServe(opts: ServeOptions, io: CliIO, env: NodeJS.ProcessEnv = process.env): Promise<ExitCode> {
  const port = portOf(opts, env);
  const host = opts.host ?? SERVE_DEFAULTS.host;
  const dbFile = resolve(opts.db ?? SERVE_DEFAULTS.db);
  // Loaded here, not at start-up, so that the other commands never pay for the server.
  const [{ createApp }, { ensureAdminKey }, { ensureServerSecret }, { openDatabase }, { WorkerPool }, { listen }, { seedExamples }] = await Promise.all([
    import("../server/app.js"),
    import("../server/bootstrap.js"),
    import("../server/connections/server-secret.js"),
    import("../server/db/open.js"),
    import("../server/eval/pool.js"),
    import("../server/listen.js"),
    import("../server/registry/seed.js"),
  ]);
  let db: Db;
  try {
    db = openDatabase(dbFile);
  } catch (e) {
    throw new UsageError(`cannot open the database ${dbFile}: ${(e as Error).message}`);
  }
  const at = new Date().toISOString();
  const seeded = seedExamples(db, EXAMPLES, at);
  if (seeded.seeded.length) io.err(`kpi serve: seeded ${plural(seeded.seeded.length, "template")} from examples/: ${seeded.seeded.join(", ")}\n`);
  if (seeded.datasets.length) io.err(`kpi serve: seeded ${plural(seeded.datasets.length, "dataset")} from examples/: ${seeded.datasets.join(", ")}\n`);
  for (const s of seeded.skipped) io.err(`kpi serve: skipped examples/${s.file}: ${s.reason}\n`);
  const first = ensureAdminKey(db, dbFile, at);
  if (first) io.err(`kpi serve: created the admin key (shown once; also in ${first.file ?? "no file"}):\n${first.key}\n`);
  let secret;
  try {
    secret = ensureServerSecret(dbFile);
  } catch (e) {
    db.close();
    throw new UsageError((e as Error).message);
  }
  if (secret.created) io.err(`kpi serve: created the server's secret in ${secret.file} (mode 600): it encrypts the registered connections' passwords; back it up with the database, kept apart from it\n`);

  const evaluator = new WorkerPool();
  // Checks get a worker of their own, so that the designer's check on every keystroke never waits behind a 30-second evaluation.
  const frontEnd = new WorkerPool({ size: 1, heapMb: 1024, maxQueue: 200 });
  const limits = {
    maxBodyBytes: opts.maxBody ?? DEFAULT_LIMITS.maxBodyBytes,
    maxResultBytes: opts.maxResultBytes ?? DEFAULT_LIMITS.maxResultBytes,
    evalTimeoutMs: opts.evalTimeout !== undefined ? Math.round(opts.evalTimeout * 1000) : DEFAULT_LIMITS.evalTimeoutMs,
  };
  const app = createApp({ db, evaluator, frontEnd, limits, log: (line) => io.err(`${line}\n`), tmpDir: dirname(dbFile), secret: secret.secret });
  let running;
  try {
    running = await listen({ app, db, evaluator, frontEnd, host, port, graceMs: limits.evalTimeoutMs + 5_000 });
  } catch (e) {
    await Promise.all([evaluator.close(), frontEnd.close()]);
    db.close();
    throw new UsageError(`cannot listen on ${host}:${port}: ${(e as Error).message}`);
  }
  io.err(`kpi serve: listening on ${running.url} (database ${dbFile})\n`);
  io.err(`kpi serve: ${signInLink(running.url, first?.key, dirname(dbFile))}\n`);
  await new Promise<void>((done) => {
    const onSignal = (signal: NodeJS.Signals): void => {
      process.off("SIGINT", onSignal);
      process.off("SIGTERM", onSignal);
      io.err(`kpi serve: ${signal}: finishing requests in flight, then stopping\n`);
      done();
    };
    process.on("SIGINT", onSignal);
    process.on("SIGTERM", onSignal);
  });
  await running.stop();
  io.err("kpi serve: stopped\n");
  return ExitCode.ok;
}

/**
 * The designer's sign-in link: the key travels in the fragment, which the
 * browser never sends to the server. The key is the one just created, else
 * the one in admin-key.txt next to the database; without either, the bare
 * address (the page asks for a key).
 * @example
 * signInLink("http://127.0.0.1:8787", "kpi_abc", "./data"); // "designer: http://127.0.0.1:8787/#key=kpi_abc"
 */
export function signInLink(url: string, key: string | undefined, dbDir: string): string {
  let k = key;
  if (k === undefined) {
    try {
      k = readFileSync(join(dbDir, "admin-key.txt"), "utf8").trim() || undefined;
    } catch {
      k = undefined;
    }
  }
  return k === undefined ? `designer: ${url}/` : `designer: ${url}/#key=${encodeURIComponent(k)}`;
}

/**
 * Adds `kpi serve` to the program.
 * @example
 * registerServe(program, io, (code) => (exitCode = code));
 */
export function registerServe(program: Command, io: CliIO, done: (code: ExitCode) => void): void {
  program
    .command("serve")
    .summary("run the HTTP API")
    .description("Serve the HTTP API (/v1) with the template registry, until SIGINT or SIGTERM.")
    .option("--port <n>", `port to listen on (default: PORT, else ${SERVE_DEFAULTS.port}; 0: any free port)`, parsePort)
    .option("--host <host>", "address to listen on", SERVE_DEFAULTS.host)
    .option("--db <file>", "template registry database file (created when missing)", SERVE_DEFAULTS.db)
    .option("--max-body <bytes>", `largest request body (default ${DEFAULT_LIMITS.maxBodyBytes})`, parseBytes)
    .option("--max-result-bytes <bytes>", `largest result JSON of an evaluation (default ${DEFAULT_LIMITS.maxResultBytes}); larger ones are refused with how to narrow them`, parseBytes)
    .option("--eval-timeout <seconds>", `longest an evaluation may run (default ${DEFAULT_LIMITS.evalTimeoutMs / 1000})`, parseSeconds)
    .addHelpText("after", "\nThe first start creates an admin key, shows it once and writes it to admin-key.txt next to the database.\n\nExample:\n  kpi serve --port 8080 --db ./data/kpi.db")
    .action(async (opts: ServeOptions) => done(await runServe(opts, io)));
}

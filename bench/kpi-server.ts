/**
 * A real `kpi serve` for the benchmarks that measure the HTTP API
 * (bench/http.ts, bench/preview.ts): `node bin/kpi.js serve` (the compiled
 * dist/, so `npm run build` first) in a child process on 127.0.0.1, the port
 * the OS picks (read back from the "listening on" line, so no race for a
 * free port), a fresh database in a temp folder (removed at `stop`), and its
 * first admin key from `admin-key.txt` next to the database.
 * @module
 */
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

/** The repository's root. */
export const ROOT = fileURLToPath(new URL("../", import.meta.url));

/**
 * A running `kpi serve`: its URL, its database folder, its admin key, the
 * tail of its log, and a stop. `onLog` sees every log line (one per request:
 * `METHOD PATH STATUS MSms ID`).
 */
export interface Server {
  url: string;
  dir: string;
  key: string;
  logTail: string[];
  stop(): Promise<void>;
}

/**
 * Options of `startServer`.
 * @example
 * const o: ServerOptions = { prefix: "kpi-bench-preview-", args: ["--max-body", "134217728"] };
 */
export interface ServerOptions {
  /** The temp folder's name prefix. */
  prefix?: string;
  /** More options of `kpi serve` (limits). */
  args?: readonly string[];
  /** Sees every line of the server's log (admin keys masked). */
  onLog?: (line: string) => void;
}

/**
 * Starts `kpi serve --port 0` and waits for its "listening on URL" line.
 * @example
 * const server = await startServer({ prefix: "kpi-bench-http-" });
 * try { … } finally { await server.stop(); }
 */
export function startServer(options: ServerOptions = {}): Promise<Server> {
  const dir = mkdtempSync(join(tmpdir(), options.prefix ?? "kpi-bench-"));
  const child: ChildProcess = spawn(process.execPath, [join(ROOT, "bin/kpi.js"), "serve", "--host", "127.0.0.1", "--port", "0", "--db", join(dir, "kpi.db"), ...(options.args ?? [])], {
    cwd: ROOT,
    stdio: ["ignore", "ignore", "pipe"],
  });
  const logTail: string[] = [];
  let partial = "";
  const exited = new Promise<number | null>((done) => child.once("exit", (code) => done(code)));
  return new Promise((resolve, reject) => {
    let url: string | undefined;
    const timer = setTimeout(() => fail(new Error("the server did not start within 60 s")), 60_000);
    function fail(e: Error): void {
      clearTimeout(timer);
      child.kill("SIGKILL");
      rmSync(dir, { recursive: true, force: true });
      reject(new Error(`${e.message}\n${logTail.join("\n")}`));
    }
    // The log (one line per request) is read to the end even after start-up: a pipe nobody drains would block the server.
    child.stderr!.setEncoding("utf8").on("data", (chunk: string) => {
      const lines = (partial + chunk).split("\n");
      partial = lines.pop()!;
      for (const raw of lines) {
        const line = raw.replace(/kpi_[\w-]{20,}/g, "kpi_…");
        logTail.push(line);
        if (logTail.length > 20) logTail.shift();
        options.onLog?.(line);
        const m = url === undefined ? /listening on (http:\/\/\S+)/.exec(line) : null;
        if (m) {
          url = m[1]!;
          clearTimeout(timer);
          resolve({
            url,
            dir,
            key: readFileSync(join(dir, "admin-key.txt"), "utf8").trim(),
            logTail,
            async stop() {
              child.kill("SIGTERM");
              await exited;
              rmSync(dir, { recursive: true, force: true });
            },
          });
        }
      }
    });
    void exited.then((code) => {
      if (url === undefined) fail(new Error(`the server exited with ${code} before listening`));
    });
  });
}

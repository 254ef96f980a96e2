/**
 * A throw-away PostgreSQL cluster for tests: Debian's binaries, `initdb` and
 * `pg_ctl` run as the `postgres` user (root may not) in a temporary folder
 * owned by it, listening on 127.0.0.1 at a free port with its socket in
 * that folder; `stop()` shuts it down and removes the folder. Undefined
 * when the binaries are absent (the test then says so and skips; CI
 * installs them in .ci/run).
 * @module
 */
import { execFileSync } from "node:child_process";
import { chmodSync, existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";

export interface PgCluster {
  url: string;
  stop(): void;
}

/** The folder of Debian's PostgreSQL binaries, newest version first. */
export function pgBin(): string | undefined {
  const root = "/usr/lib/postgresql";
  if (!existsSync(root)) return undefined;
  const versions = readdirSync(root).filter((v) => existsSync(join(root, v, "bin", "initdb"))).sort((a, b) => Number(b) - Number(a));
  return versions[0] === undefined ? undefined : join(root, versions[0], "bin");
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

/**
 * Starts a cluster.
 * @example
 * const pg = await startCluster(); try { … pg.url … } finally { pg?.stop(); }
 */
export async function startCluster(): Promise<PgCluster | undefined> {
  const bin = pgBin();
  if (!bin) return undefined;
  const dir = mkdtempSync(join(tmpdir(), "kpi-pg-"));
  chmodSync(dir, 0o777);
  const data = join(dir, "data");
  const asPostgres = (cmd: string, args: string[]) => {
    const root = process.getuid?.() === 0;
    execFileSync(root ? "runuser" : join(bin, cmd), root ? ["-u", "postgres", "--", join(bin, cmd), ...args] : args, { stdio: "pipe" });
  };
  asPostgres("initdb", ["-D", data, "-A", "trust", "-U", "postgres", "--no-sync", "-E", "UTF8"]);
  const port = await freePort();
  const opts = `-c listen_addresses=127.0.0.1 -p ${port} -k ${dir} -c fsync=off -c synchronous_commit=off -c full_page_writes=off`;
  asPostgres("pg_ctl", ["-D", data, "-o", opts, "-l", join(dir, "log"), "-w", "start"]);
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    stop: () => {
      try {
        asPostgres("pg_ctl", ["-D", data, "-m", "immediate", "-w", "stop"]);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}

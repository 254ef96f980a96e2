/**
 * The server's secret: 32 random bytes in `server-secret.txt` next to the
 * database (base64, mode 600: the owner alone may read it), made at the
 * first start. The connections' passwords are encrypted under a key derived
 * from it (seal.ts), so a copy of the database alone does not give them
 * away; without the file the registered connections cannot be opened (they
 * must be registered again), so back the two up together and apart from
 * each other. A database in memory gets a secret that lives as long as the
 * process, as its connections do.
 * @module
 */
import { randomBytes } from "node:crypto";
import { chmodSync, existsSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";

/**
 * The secret file's name, next to the database.
 * @example
 * join(dirname(dbFile), SECRET_FILE); // "./data/server-secret.txt"
 */
export const SECRET_FILE = "server-secret.txt";

const inMemory = (dbFile: string): boolean => dbFile === "" || dbFile === ":memory:";

/**
 * Reads the secret next to the database, creating it (mode 600) when there is none; `created` says which.
 * @throws Error when the file exists but does not hold 32 bytes of base64 (it is never replaced: that would lose every connection)
 * @example
 * const { secret, file, created } = ensureServerSecret("./data/kpi.db");
 */
export function ensureServerSecret(dbFile: string): { secret: Buffer; file?: string; created: boolean } {
  if (inMemory(dbFile)) return { secret: randomBytes(32), created: true };
  const file = join(dirname(dbFile), SECRET_FILE);
  if (existsSync(file)) {
    const secret = Buffer.from(readFileSync(file, "utf8").trim(), "base64");
    if (secret.length !== 32) throw new Error(`${file} does not hold the server's secret (32 bytes, base64); restore it from a backup, or move it away to start without the registered connections`);
    return { secret, file, created: false };
  }
  const secret = randomBytes(32);
  // "wx": a second process starting at the same moment fails here rather than overwriting the first one's secret.
  writeFileSync(file, `${secret.toString("base64")}\n`, { mode: 0o600, flag: "wx" });
  chmodSync(file, 0o600);
  return { secret, file, created: true };
}

/**
 * The first start of a server: with no key in the database, an admin key is
 * created, written to `admin-key.txt` next to the database (mode 600, the
 * owner alone may read it) and shown once, so that a fresh install can be
 * used at once and nobody has to pass a secret on a command line.
 * @module
 */
import { chmodSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { countKeys, createKey } from "./db/keys.js";
import type { Db } from "./db/open.js";

/**
 * Creates the first admin key when there is no key; returns it and where it was written, or undefined.
 * @example
 * const first = ensureAdminKey(db, "./data/kpi.db", new Date().toISOString());
 * if (first) console.error(`admin key: ${first.key} (also in ${first.file})`);
 */
export function ensureAdminKey(db: Db, dbFile: string, at: string): { key: string; file?: string } | undefined {
  if (countKeys(db) > 0) return undefined;
  const created = createKey(db, { name: "admin", role: "admin", at, actor: "server" });
  if (!created) return undefined;
  if (dbFile === ":memory:") return { key: created.key };
  const file = join(dirname(dbFile), "admin-key.txt");
  writeFileSync(file, `${created.key}\n`, { mode: 0o600 });
  // The mode of writeFileSync applies only to a new file; an old one keeps its own.
  chmodSync(file, 0o600);
  return { key: created.key, file };
}

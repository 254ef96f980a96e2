/**
 * Opens the registry database (better-sqlite3): creates the file and its
 * folder on first use and migrates the schema. better-sqlite3 is synchronous,
 * so a statement never interleaves with another request's; writes that read
 * then write (a publish numbering its version) still run in `BEGIN IMMEDIATE`
 * transactions so that a second process on the same file cannot race them.
 * @module
 */
import Database from "better-sqlite3";
import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import { MIGRATIONS } from "./migrations.js";

/**
 * The database handle the stores share.
 * @example
 * const db: Db = openDatabase(":memory:");
 */
export type Db = Database.Database;

/**
 * Opens (creating when missing) and migrates a database file; `:memory:` for tests.
 * @throws Error when the file's schema is newer than this program knows
 * @example
 * const db = openDatabase("./data/kpi.db");
 */
export function openDatabase(file: string): Db {
  if (file !== ":memory:") mkdirSync(dirname(file), { recursive: true });
  const db = new Database(file);
  db.pragma("journal_mode = WAL");
  db.pragma("foreign_keys = ON");
  // Another process holding the write lock (a `kpi keys create` next to a running server) is waited for, not an error.
  db.pragma("busy_timeout = 5000");
  migrate(db);
  return db;
}

/**
 * Applies the migrations the database has not had; returns the schema version.
 * @example
 * migrate(db); // 1
 */
export function migrate(db: Db): number {
  db.exec("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)");
  const row = db.prepare("SELECT MAX(version) AS v FROM schema_version").get() as { v: number | null };
  const current = row.v ?? 0;
  if (current > MIGRATIONS.length) throw new Error(`the database's schema version ${current} is newer than this kpi knows (${MIGRATIONS.length}); upgrade kpi`);
  for (let v = current + 1; v <= MIGRATIONS.length; v++) {
    db.transaction(() => {
      db.exec(MIGRATIONS[v - 1]!);
      db.prepare("INSERT INTO schema_version (version) VALUES (?)").run(v);
    }).immediate();
  }
  return MIGRATIONS.length;
}

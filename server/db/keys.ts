/**
 * API keys: a key is `kpi_` and 32 random bytes (base64url); only its SHA-256
 * is stored, so the database never holds a usable key. A key is shown once,
 * when it is created. Lookup is by hash, which is also why no timing-safe
 * comparison is needed: nothing compares a secret byte by byte.
 * @module
 */
import { createHash, randomBytes } from "node:crypto";
import type { KeyInfo, Role } from "../../schemas/generated/api.js";
export { ROLES, roleAllows } from "./roles.js";
import { writeAudit } from "./audit.js";
import type { Db } from "./open.js";

/**
 * The stored form of a key.
 * @example
 * hashKey("kpi_abc"); // 64 hex digits
 */
export const hashKey = (key: string): string => createHash("sha256").update(key, "utf8").digest("hex");

/**
 * A key that authenticated a request: who is acting, with which role.
 * @example
 * const who: Principal = { keyId: "key_1a2b", name: "crm", role: "integrator" };
 */
export interface Principal {
  keyId: string;
  name: string;
  role: Role;
}

interface KeyRow {
  id: string;
  name: string;
  role: Role;
  created_at: string;
}

const info = (r: KeyRow): KeyInfo => ({ id: r.id, name: r.name, role: r.role, createdAt: r.created_at });

/**
 * Creates a key; returns its details and the key itself (to show once), or
 * undefined when the name is taken.
 * @example
 * const k = createKey(db, { name: "crm", role: "integrator", at: new Date().toISOString(), actor: "admin" });
 * console.log(k?.key);
 */
export function createKey(db: Db, r: { name: string; role: Role; at: string; actor: string }): (KeyInfo & { key: string }) | undefined {
  const key = `kpi_${randomBytes(32).toString("base64url")}`;
  const id = `key_${randomBytes(6).toString("hex")}`;
  return db
    .transaction(() => {
      if (db.prepare("SELECT 1 FROM api_keys WHERE name = ?").get(r.name)) return undefined;
      db.prepare("INSERT INTO api_keys (id, name, role, hash, created_at) VALUES (?, ?, ?, ?, ?)").run(id, r.name, r.role, hashKey(key), r.at);
      writeAudit(db, { at: r.at, actor: r.actor, action: "key.create", detail: `${r.name} (${r.role})` });
      return { id, name: r.name, role: r.role, createdAt: r.at, key };
    })
    .immediate();
}

/**
 * The key with this secret, if any.
 * @example
 * findKey(db, bearerToken); // { keyId, name, role } or undefined
 */
export function findKey(db: Db, key: string): Principal | undefined {
  const r = db.prepare("SELECT id, name, role FROM api_keys WHERE hash = ?").get(hashKey(key)) as Pick<KeyRow, "id" | "name" | "role"> | undefined;
  return r && { keyId: r.id, name: r.name, role: r.role };
}

/**
 * Every key (never the secrets), oldest first.
 * @example
 * listKeys(db).map((k) => k.name);
 */
export function listKeys(db: Db): KeyInfo[] {
  return (db.prepare("SELECT id, name, role, created_at FROM api_keys ORDER BY created_at, rowid").all() as KeyRow[]).map(info);
}

/**
 * Deletes a key; false when there is none with this id.
 * @example
 * revokeKey(db, "key_1a2b", { at, actor: "admin" });
 */
export function revokeKey(db: Db, id: string, r: { at: string; actor: string }): boolean {
  return db
    .transaction(() => {
      const row = db.prepare("SELECT name FROM api_keys WHERE id = ?").get(id) as { name: string } | undefined;
      if (!row) return false;
      db.prepare("DELETE FROM api_keys WHERE id = ?").run(id);
      writeAudit(db, { at: r.at, actor: r.actor, action: "key.revoke", detail: row.name });
      return true;
    })
    .immediate();
}

/**
 * How many keys exist (none: the server creates the first admin key).
 * @example
 * if (countKeys(db) === 0) bootstrapAdmin();
 */
export const countKeys = (db: Db): number => (db.prepare("SELECT COUNT(*) AS n FROM api_keys").get() as { n: number }).n;

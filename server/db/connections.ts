/**
 * Registered database connections (`/v1/connections`): a name, the kind
 * (`postgres`), the URL as shown (its password as `***`), the whole URL
 * sealed (server/connections/seal.ts; this store never sees a key or a
 * password in clear), the schema, and who registered it when. Creating and
 * deleting write their audit entry in the same transaction, with the shown
 * URL only.
 * @module
 */
import type { ConnectionInfo } from "../../schemas/generated/api.js";
import { writeAudit } from "./audit.js";
import type { Db } from "./open.js";

interface ConnectionRow {
  name: string;
  kind: "postgres";
  url_shown: string;
  url_sealed: string;
  schema_name: string;
  created_at: string;
  created_by: string;
}

const info = (r: ConnectionRow): ConnectionInfo => ({ name: r.name, kind: r.kind, url: r.url_shown, schema: r.schema_name, createdAt: r.created_at, createdBy: r.created_by });

/**
 * A connection as stored: what may be shown, and the sealed URL.
 * @example
 * const c = getConnection(db, "crm"); // { info: { name: "crm", url: "postgres://kpi:***@db/sales", … }, sealed: "v1.…" }
 */
export interface StoredConnection {
  info: ConnectionInfo;
  sealed: string;
}

/**
 * Registers a connection; undefined when the name is taken.
 * @example
 * saveConnection(db, { name: "crm", shown: "postgres://kpi:***@db/sales", sealed, schema: "public", at, actor: "admin" });
 */
export function saveConnection(db: Db, r: { name: string; shown: string; sealed: string; schema: string; at: string; actor: string }): ConnectionInfo | undefined {
  return db
    .transaction(() => {
      if (db.prepare("SELECT 1 FROM connections WHERE name = ?").get(r.name)) return undefined;
      db.prepare("INSERT INTO connections (name, kind, url_shown, url_sealed, schema_name, created_at, created_by) VALUES (?, 'postgres', ?, ?, ?, ?, ?)").run(r.name, r.shown, r.sealed, r.schema, r.at, r.actor);
      writeAudit(db, { at: r.at, actor: r.actor, action: "connection.create", detail: `${r.name}: ${r.shown}, schema ${r.schema}` });
      return { name: r.name, kind: "postgres" as const, url: r.shown, schema: r.schema, createdAt: r.at, createdBy: r.actor };
    })
    .immediate();
}

/**
 * Every connection as shown, by name.
 * @example
 * listConnections(db).map((c) => c.name); // ["crm", "warehouse"]
 */
export function listConnections(db: Db): ConnectionInfo[] {
  return (db.prepare("SELECT * FROM connections ORDER BY name").all() as ConnectionRow[]).map(info);
}

/**
 * One connection, or undefined.
 * @example
 * getConnection(db, "crm")?.info.url; // "postgres://kpi:***@db/sales"
 */
export function getConnection(db: Db, name: string): StoredConnection | undefined {
  const r = db.prepare("SELECT * FROM connections WHERE name = ?").get(name) as ConnectionRow | undefined;
  return r && { info: info(r), sealed: r.url_sealed };
}

/**
 * Deletes a connection; false when there is none by this name.
 * @example
 * deleteConnection(db, "crm", { at, actor: "admin" });
 */
export function deleteConnection(db: Db, name: string, r: { at: string; actor: string }): boolean {
  return db
    .transaction(() => {
      const row = db.prepare("SELECT url_shown, schema_name FROM connections WHERE name = ?").get(name) as Pick<ConnectionRow, "url_shown" | "schema_name"> | undefined;
      if (!row) return false;
      db.prepare("DELETE FROM connections WHERE name = ?").run(name);
      writeAudit(db, { at: r.at, actor: r.actor, action: "connection.delete", detail: `${name}: ${row.url_shown}, schema ${row.schema_name}` });
      return true;
    })
    .immediate();
}

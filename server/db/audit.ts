/**
 * The audit log: who (a key's name) changed or published what, and when.
 * Entries are written by the stores in the same transaction as the change
 * they record, so the log never claims a change that did not happen.
 * @module
 */
import type { AuditEntry } from "../../schemas/generated/api.js";
import type { Db } from "./open.js";

/**
 * One change to record.
 * @example
 * const e: AuditRecord = { at: "2026-03-31T09:00:00.000Z", actor: "alice", action: "template.publish", template: "saas_growth", version: 2 };
 */
export type AuditRecord = Omit<AuditEntry, "seq">;

/**
 * Appends an entry (call inside the change's transaction).
 * @example
 * writeAudit(db, { at, actor: "alice", action: "template.create", template: "saas_growth" });
 */
export function writeAudit(db: Db, r: AuditRecord): void {
  db.prepare("INSERT INTO audit (at, actor, action, template_id, version, dataset_id, detail) VALUES (?, ?, ?, ?, ?, ?, ?)").run(
    r.at,
    r.actor,
    r.action,
    r.template ?? null,
    r.version ?? null,
    r.dataset ?? null,
    r.detail ?? null,
  );
}

interface AuditRow {
  seq: number;
  at: string;
  actor: string;
  action: string;
  template_id: string | null;
  version: number | null;
  dataset_id: string | null;
  detail: string | null;
}

/**
 * The newest entries first, optionally of one template only.
 * @example
 * listAudit(db, { template: "saas_growth", limit: 50 });
 */
export function listAudit(db: Db, filter: { template?: string; limit: number }): AuditEntry[] {
  const rows = (
    filter.template === undefined
      ? db.prepare("SELECT * FROM audit ORDER BY seq DESC LIMIT ?").all(filter.limit)
      : db.prepare("SELECT * FROM audit WHERE template_id = ? ORDER BY seq DESC LIMIT ?").all(filter.template, filter.limit)
  ) as AuditRow[];
  return rows.map((r) => {
    const e: AuditEntry = { seq: r.seq, at: r.at, actor: r.actor, action: r.action };
    if (r.template_id !== null) e.template = r.template_id;
    if (r.version !== null) e.version = r.version;
    if (r.dataset_id !== null) e.dataset = r.dataset_id;
    if (r.detail !== null) e.detail = r.detail;
    return e;
  });
}

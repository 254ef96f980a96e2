/**
 * Stored datasets, kept as uploaded (the JSON text, or the folder form's
 * files as a JSON object of name → text): a dataset does not belong to one
 * template, so it is converted against a template's declarations only when
 * it is evaluated.
 * @module
 */
import { randomBytes } from "node:crypto";
import type { DatasetInfo } from "../../schemas/generated/api.js";
import type { Mapping } from "../../schemas/generated/mapping.js";
import { writeAudit } from "./audit.js";
import type { Db } from "./open.js";

/**
 * A dataset's stored content: the JSON dataset's text, or file name → text.
 * @example
 * const c: DatasetContent = { form: "files", files: new Map([["entities.csv", "id,kind\n"]]) };
 */
export type DatasetContent = { form: "json"; json: string } | { form: "files"; files: Map<string, string | Uint8Array>; mapping?: Mapping };

/**
 * A stored dataset.
 * @example
 * getDataset(db, id)?.content.form; // "json"
 */
export interface DatasetRecord {
  info: DatasetInfo;
  content: DatasetContent;
}

interface Row {
  id: string;
  name: string | null;
  form: "json" | "files";
  content: string;
  bytes: number;
  created_at: string;
  created_by: string;
}

/**
 * Files are stored as an array of pairs: a JSON object would give `__proto__` a special meaning in some readers.
 * Exports with a mapping, or with files given as bytes, are stored as `{files: pairs, mapping}` with bytes as `{base64}`.
 */
function encode(c: DatasetContent): string {
  if (c.form === "json") return c.json;
  const plain = c.mapping === undefined && [...c.files.values()].every((f) => typeof f === "string");
  if (plain) return JSON.stringify([...c.files]);
  const files = [...c.files].map(([n, f]) => [n, typeof f === "string" ? f : { base64: Buffer.from(f).toString("base64") }]);
  return JSON.stringify({ files, ...(c.mapping !== undefined ? { mapping: c.mapping } : {}) });
}

function decodeFiles(text: string): { files: Map<string, string | Uint8Array>; mapping?: Mapping } {
  const v = JSON.parse(text) as [string, string][] | { files: [string, string | { base64: string }][]; mapping?: Mapping };
  if (Array.isArray(v)) return { files: new Map(v) };
  const files = new Map<string, string | Uint8Array>(v.files.map(([n, f]) => [n, typeof f === "string" ? f : new Uint8Array(Buffer.from(f.base64, "base64"))]));
  return v.mapping !== undefined ? { files, mapping: v.mapping } : { files };
}

function decode(r: Row): DatasetRecord {
  const content: DatasetContent = r.form === "json" ? { form: "json", json: r.content } : { form: "files", ...decodeFiles(r.content) };
  const info: DatasetInfo = { id: r.id, form: r.form, bytes: r.bytes, createdAt: r.created_at, createdBy: r.created_by };
  if (r.name !== null) info.name = r.name;
  if (content.form === "files") info.files = [...content.files.keys()];
  return { info, content };
}

/**
 * Stores a dataset under a new random id.
 * @example
 * const info = saveDataset(db, { name: "march", content: { form: "json", json }, at, actor: "crm" });
 */
export function saveDataset(db: Db, r: { name?: string | undefined; content: DatasetContent; at: string; actor: string }): DatasetInfo {
  const id = `ds_${randomBytes(12).toString("hex")}`;
  const text = encode(r.content);
  const bytes = r.content.form === "json" ? Buffer.byteLength(r.content.json) : [...r.content.files.values()].reduce((n, t) => n + (typeof t === "string" ? Buffer.byteLength(t) : t.length), 0);
  db.transaction(() => {
    db.prepare("INSERT INTO datasets (id, name, form, content, bytes, created_at, created_by) VALUES (?, ?, ?, ?, ?, ?, ?)").run(id, r.name ?? null, r.content.form, text, bytes, r.at, r.actor);
    writeAudit(db, { at: r.at, actor: r.actor, action: "dataset.create", dataset: id, ...(r.name !== undefined ? { detail: r.name } : {}) });
  }).immediate();
  return decode({ id, name: r.name ?? null, form: r.content.form, content: text, bytes, created_at: r.at, created_by: r.actor }).info;
}

/**
 * A stored dataset, or undefined.
 * @example
 * getDataset(db, "ds_…");
 */
export function getDataset(db: Db, id: string): DatasetRecord | undefined {
  const r = db.prepare("SELECT * FROM datasets WHERE id = ?").get(id) as Row | undefined;
  return r && decode(r);
}

/**
 * Whether a stored dataset exists, without reading its content (megabytes for a large one).
 * @example
 * datasetExists(db, "ds_…"); // true
 */
export function datasetExists(db: Db, id: string): boolean {
  return db.prepare("SELECT 1 FROM datasets WHERE id = ?").get(id) !== undefined;
}

/**
 * Deletes a dataset; false when there is none.
 * @example
 * deleteDataset(db, id, { at, actor: "crm" });
 */
export function deleteDataset(db: Db, id: string, r: { at: string; actor: string }): boolean {
  return db
    .transaction(() => {
      const gone = db.prepare("DELETE FROM datasets WHERE id = ?").run(id).changes > 0;
      if (gone) writeAudit(db, { at: r.at, actor: r.actor, action: "dataset.delete", dataset: id });
      return gone;
    })
    .immediate();
}

/**
 * One page of the stored datasets, oldest first (without their content):
 * at most `limit`, after the cursor `after` (the last id of the page before).
 * `next` is the cursor of the next page, absent on the last; undefined when
 * the cursor names no dataset (deleted since, or never given out).
 * @example
 * const { datasets, next } = listDatasets(db, { limit: 50 })!;
 */
export function listDatasets(db: Db, o: { limit: number; after?: string }): { datasets: DatasetInfo[]; next?: string } | undefined {
  const cursor = o.after === undefined ? undefined : (db.prepare("SELECT created_at, id FROM datasets WHERE id = ?").get(o.after) as { created_at: string; id: string } | undefined);
  if (o.after !== undefined && !cursor) return undefined;
  const cols = "id, name, form, bytes, created_at, created_by, CASE form WHEN 'files' THEN (SELECT json_group_array(value ->> 0) FROM json_each(content)) END AS names";
  const rows = (
    cursor
      ? db.prepare(`SELECT ${cols} FROM datasets WHERE (created_at, id) > (?, ?) ORDER BY created_at, id LIMIT ?`).all(cursor.created_at, cursor.id, o.limit + 1)
      : db.prepare(`SELECT ${cols} FROM datasets ORDER BY created_at, id LIMIT ?`).all(o.limit + 1)
  ) as (Omit<Row, "content"> & { names: string | null })[];
  const page = rows.slice(0, o.limit).map((r) => {
    const info: DatasetInfo = { id: r.id, form: r.form, bytes: r.bytes, createdAt: r.created_at, createdBy: r.created_by };
    if (r.name !== null) info.name = r.name;
    if (r.names !== null) info.files = JSON.parse(r.names) as string[];
    return info;
  });
  return rows.length > o.limit ? { datasets: page, next: page.at(-1)!.id } : { datasets: page };
}

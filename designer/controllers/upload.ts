/**
 * The Preview's upload step (docs/import.md): export files read in the
 * browser, the server's proposed mapping (`POST /v1/datasets/preview`) shown
 * column by column, and the admin's edits to it. A mapping is edited as the
 * data it is — which file plays which part (the entities, a source, the
 * targets or inputs), which column holds which field, a field's date or
 * number form, and the value maps of enum fields — never as JSON text. Every
 * function returns a new mapping; the server checks the result on "Check
 * mapping" and on save.
 * @module
 */
import type { DatasetExportFileMap, DatasetPreview, Mapping, PreviewFile } from "../../client/index.js";
import type { Declaration } from "../../schemas/generated/template.js";

/** The part a file plays in the mapping. `none`: not used. */
export type FileRole = { kind: "entities" } | { kind: "source"; source: string } | { kind: "targets" } | { kind: "inputs" } | { kind: "none" };

/** A field a column can be read as, with the values it may take when it is an enum. */
export interface FieldChoice {
  name: string;
  label: string;
  type: string;
  values?: readonly string[];
}

/** The file names the server accepts in an upload. */
export const FILE_NAME = /^[^/\\]+\.(csv|tsv|txt|ndjson|xlsx)$/i;
/** At most this many files in one upload (an export is a handful of files). */
export const MAX_FILES = 20;

/** The role's key, for a `<select>`: `entities`, `source:deals`, `targets`, `inputs`, `none`. */
export function roleKey(r: FileRole): string {
  return r.kind === "source" ? `source:${r.source}` : r.kind;
}

/** The role of a `<select>` value (see roleKey). */
export function roleOfKey(key: string): FileRole {
  if (key.startsWith("source:")) return { kind: "source", source: key.slice(7) };
  if (key === "entities" || key === "targets" || key === "inputs") return { kind: key };
  return { kind: "none" };
}

type Part = { file?: string; columns?: Record<string, string>; formats?: Record<string, unknown>; values?: Record<string, Record<string, string>> };

function partOf(m: Mapping, r: FileRole): Part | undefined {
  if (r.kind === "entities") return m.entities as Part | undefined;
  if (r.kind === "targets") return m.targets as Part | undefined;
  if (r.kind === "inputs") return m.inputs as Part | undefined;
  if (r.kind === "source") return m.sources && Object.hasOwn(m.sources, r.source) ? (m.sources[r.source] as Part) : undefined;
  return undefined;
}

function withPart(m: Mapping, r: FileRole, part: Part): Mapping {
  if (r.kind === "entities") return { ...m, entities: part as Mapping["entities"] };
  if (r.kind === "targets") return { ...m, targets: part as Mapping["targets"] };
  if (r.kind === "inputs") return { ...m, inputs: part as Mapping["inputs"] };
  if (r.kind === "source") return { ...m, sources: { ...(m.sources ?? {}), [r.source]: part as NonNullable<Mapping["sources"]>[string] } };
  return m;
}

/**
 * The part this file plays in the mapping (the first, when it plays several).
 * @example
 * roleOfFile(mapping, "Opportunities.csv"); // { kind: "source", source: "deals" }
 */
export function roleOfFile(m: Mapping, file: string): FileRole {
  return rolesOfFile(m, file)[0]!;
}

/**
 * Every part this file plays: one workbook sheet can hold the entities (as
 * hierarchy levels) and a source at once. `[{ kind: "none" }]` when none.
 */
export function rolesOfFile(m: Mapping, file: string): FileRole[] {
  const out: FileRole[] = [];
  if (m.entities?.file === file) out.push({ kind: "entities" });
  for (const [source, s] of Object.entries(m.sources ?? {})) if (s.file === file) out.push({ kind: "source", source });
  if (m.targets?.file === file) out.push({ kind: "targets" });
  if (m.inputs?.file === file) out.push({ kind: "inputs" });
  return out.length ? out : [{ kind: "none" }];
}

/**
 * Gives the file a part: the part keeps its columns, formats and value maps
 * (they were set for it) and now reads this file; the part it played
 * (`from`, by default its first) no longer reads a file.
 */
export function assignFile(m: Mapping, file: string, role: FileRole, from: FileRole = roleOfFile(m, file)): Mapping {
  let out = m;
  if (from.kind !== "none" && partOf(out, from)?.file === file) {
    const { file: _drop, ...rest } = partOf(out, from) ?? {};
    out = withPart(out, from, rest);
  }
  if (role.kind === "none") return out;
  return withPart(out, role, { ...(partOf(out, role) ?? {}), file });
}

/** The hierarchy read from columns (entities `levels`, leaf first), or undefined when the entities are one row each. */
export function levelsOf(m: Mapping): { kind: string; column: string }[] | undefined {
  return m.entities?.levels?.map((l) => ({ kind: l.kind, column: l.column }));
}

/** Reads the level `kind` from the column `header`. */
export function setLevel(m: Mapping, kind: string, header: string): Mapping {
  const levels = (m.entities?.levels ?? []).map((l) => (l.kind === kind ? { ...l, column: header } : l));
  return { ...m, entities: { ...(m.entities ?? {}), levels: levels as NonNullable<Mapping["entities"]>["levels"] } };
}

/**
 * The fields a file in this role can hold, from the template's merged declarations.
 * @example
 * fieldsOf({ kind: "source", source: "deals" }, decls).map((f) => f.name); // ["rep", "amount", "status", "closed_on"]
 */
export function fieldsOf(role: FileRole, decls: readonly Declaration[]): FieldChoice[] {
  if (role.kind === "entities") {
    const kinds = decls.filter((d) => d.kind === "entity").map((d) => d.name);
    return [
      { name: "id", label: "id", type: "text" },
      { name: "name", label: "name", type: "text" },
      { name: "kind", label: "kind", type: "enum", values: kinds },
      { name: "parent", label: "parent", type: "text" },
      { name: "start", label: "start", type: "date" },
      { name: "end", label: "end", type: "date" },
    ];
  }
  if (role.kind === "targets" || role.kind === "inputs") {
    const tail = role.kind === "targets" ? ["value", "base", "challenge"] : ["value"];
    return ["entity", "metric", "period", ...tail].map((n) => ({ name: n, label: n, type: "text" }));
  }
  if (role.kind !== "source") return [];
  const src = decls.find((d) => d.kind === "source" && d.name === role.source);
  if (!src || src.kind !== "source") return [];
  const fields: FieldChoice[] = src.fields.map((f) => ({ name: f.name, label: f.label ?? f.name, type: f.type, ...(f.values ? { values: f.values } : {}) }));
  return src.fields.some((f) => f.name === src.by) ? fields : [{ name: src.by, label: src.by, type: "entity" }, ...fields];
}

/** The sources of the template, for the file's role list. */
export function sourcesOf(decls: readonly Declaration[]): { name: string; label: string }[] {
  return decls.flatMap((d) => (d.kind === "source" ? [{ name: d.name, label: d.label ?? d.name }] : []));
}

/**
 * The field the mapping reads from this header in this role (`columns` maps field → header).
 * @example
 * fieldOfHeader(mapping, { kind: "source", source: "deals" }, "Amount"); // "amount"
 */
export function fieldOfHeader(m: Mapping, role: FileRole, header: string): string | undefined {
  const cols = partOf(m, role)?.columns ?? {};
  return Object.keys(cols).find((f) => cols[f] === header);
}

/** Reads `field` from the column `header`; `field` empty: the column is not read. A field is read from one column, so any other column it was read from is let go. */
export function setColumn(m: Mapping, role: FileRole, header: string, field: string): Mapping {
  const part = partOf(m, role) ?? {};
  const cols: Record<string, string> = {};
  for (const [f, h] of Object.entries(part.columns ?? {})) if (h !== header && f !== field) cols[f] = h;
  if (field) cols[field] = header;
  return withPart(m, role, { ...part, columns: cols });
}

/** The date pattern or number form stated for the field (a string, or a NumberFormat shown as its separators). */
export function formatOf(m: Mapping, role: FileRole, field: string): string {
  const f = partOf(m, role)?.formats?.[field];
  if (f === undefined) return "";
  if (typeof f === "string") return f;
  const n = f as { decimal?: string; group?: string };
  return `decimal "${n.decimal ?? "."}", group "${n.group ?? ","}"`;
}

/** States a date pattern (`M/D/YYYY`) for the field; empty removes it (the loader then reads ISO dates). */
export function setFormat(m: Mapping, role: FileRole, field: string, format: string): Mapping {
  const part = partOf(m, role) ?? {};
  const formats: Record<string, unknown> = { ...(part.formats ?? {}) };
  if (format.trim()) formats[field] = format.trim();
  else delete formats[field];
  return withPart(m, role, { ...part, formats });
}

/** The number forms an export writes (decimal and group separators), by how 1234.56 looks in them. */
export const NUMBER_FORMS: readonly { key: string; decimal: "." | ","; group: "," | "." | " " | "'" | "" }[] = [
  { key: "1,234.56", decimal: ".", group: "," },
  { key: "1.234,56", decimal: ",", group: "." },
  { key: "1 234,56", decimal: ",", group: " " },
  { key: "1'234.56", decimal: ".", group: "'" },
  { key: "1234.56", decimal: ".", group: "" },
  { key: "1234,56", decimal: ",", group: "" },
];

/** The number form stated for a field, as a NUMBER_FORMS key; "" when none is stated (the loader then detects it). */
export function numberFormOf(m: Mapping, role: FileRole, field: string): string {
  const f = partOf(m, role)?.formats?.[field];
  if (f === undefined || typeof f === "string") return "";
  const n = f as { decimal?: string; group?: string };
  return NUMBER_FORMS.find((x) => x.decimal === (n.decimal ?? ".") && x.group === (n.group ?? ","))?.key ?? "";
}

/** States the number form of a field (a NUMBER_FORMS key); "" removes it. */
export function setNumberForm(m: Mapping, role: FileRole, field: string, key: string): Mapping {
  const part = partOf(m, role) ?? {};
  const formats: Record<string, unknown> = { ...(part.formats ?? {}) };
  const form = NUMBER_FORMS.find((x) => x.key === key);
  if (form) formats[field] = { decimal: form.decimal, group: form.group };
  else delete formats[field];
  return withPart(m, role, { ...part, formats });
}

/** One value of an enum field's map: the export's value and the declared value it is read as (`*`: every other value). */
export interface ValueRow {
  from: string;
  to: string;
}

/**
 * The value map of an enum field, with every value seen in the file's first
 * rows that the map does not name yet (read as nothing until the admin picks).
 */
export function valueRows(m: Mapping, role: FileRole, field: string, seen: readonly string[]): ValueRow[] {
  const map = partOf(m, role)?.values?.[field] ?? {};
  const rows: ValueRow[] = Object.entries(map).map(([from, to]) => ({ from, to }));
  const known = new Set(rows.map((r) => r.from.trim().toLowerCase()));
  for (const v of seen) {
    const k = v.trim().toLowerCase();
    if (k && !known.has(k)) {
      known.add(k);
      rows.push({ from: v.trim(), to: "" });
    }
  }
  // The catch-all reads last, as it applies last.
  return [...rows.filter((r) => r.from !== "*"), ...rows.filter((r) => r.from === "*")];
}

/** Reads the export value `from` as `to`; `to` empty removes the entry. */
export function setValue(m: Mapping, role: FileRole, field: string, from: string, to: string): Mapping {
  const part = partOf(m, role) ?? {};
  const values = { ...(part.values ?? {}) };
  const map: Record<string, string> = { ...(values[field] ?? {}) };
  if (to) map[from] = to;
  else delete map[from];
  values[field] = map;
  return withPart(m, role, { ...part, values });
}

/** The distinct cells of one column in the first rows. */
export function columnSamples(f: PreviewFile, header: string): string[] {
  const i = f.header.indexOf(header);
  if (i < 0) return [];
  return [...new Set(f.rows.map((r) => r[i] ?? "").filter((c) => c !== ""))];
}

/** Why these files cannot be sent, or undefined. */
export function filesProblem(names: readonly string[]): { key: "tooManyFiles"; n: number } | { key: "badFileName"; name: string } | undefined {
  if (names.length > MAX_FILES) return { key: "tooManyFiles", n: MAX_FILES };
  const bad = names.find((n) => !FILE_NAME.test(n));
  return bad === undefined ? undefined : { key: "badFileName", name: bad };
}

/**
 * The bytes as base64, in chunks (String.fromCharCode over a whole file would overflow the call stack).
 * @example
 * toBase64(new TextEncoder().encode("a,b")); // "YSxi"
 */
export function toBase64(bytes: Uint8Array): string {
  let s = "";
  for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(s);
}

/**
 * The chosen files as the upload sends them: every file as bytes (base64),
 * so the server detects the encoding (UTF-8, GBK, UTF-16) and reads
 * workbooks itself; nothing is decoded in the browser.
 */
export async function readFiles(files: readonly { name: string; arrayBuffer(): Promise<ArrayBuffer> }[]): Promise<DatasetExportFileMap> {
  const out: DatasetExportFileMap = Object.create(null) as DatasetExportFileMap;
  for (const f of files) out[f.name] = { base64: toBase64(new Uint8Array(await f.arrayBuffer())) };
  return out;
}

/** The proposal's summary for the page: how many errors the load found (exact), and whether the mapping can be saved as it is. */
export function outcome(p: DatasetPreview): { errors: number; warnings: number; ok: boolean } {
  const errors = p.errorCount ?? p.errors.length;
  return { errors, warnings: p.warnings.length, ok: errors === 0 };
}

/** A dataset name from the files: the first file's name without its extension. */
export function defaultName(names: readonly string[]): string {
  return (names[0] ?? "upload").replace(/\.[^.]+$/, "");
}

/**
 * The mapping as canonical JSON (keys sorted), so an edit undone compares equal to the mapping checked.
 * @example
 * canonical({ b: 1, a: { d: 2, c: 3 } }); // '{"a":{"c":3,"d":2},"b":1}'
 */
export function canonical(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonical).join(",")}]`;
  if (v && typeof v === "object") {
    const o = v as Record<string, unknown>;
    return `{${Object.keys(o).sort().filter((k) => o[k] !== undefined).map((k) => `${JSON.stringify(k)}:${canonical(o[k])}`).join(",")}}`;
  }
  return JSON.stringify(v);
}

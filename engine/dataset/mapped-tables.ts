/**
 * The tables of a mapped dataset other than the sources: the entities (one
 * row per entity with mapped `columns`, or one row per leaf whose ancestors
 * are columns: `levels`), `targets` and `inputs` with mapped columns and
 * export number formats, and the exchange `rates`. Also the one dispatch
 * from a file name to its reader (`.xlsx` workbooks or delimited text in any
 * encoding), shared with the sources.
 * @module
 */
import type { EntitiesMapping, RatesMapping, SourceMapping, TableMapping } from "../../schemas/generated/mapping.js";
import { suggest } from "../../dsl/suggest.js";
import type { DataFiles } from "./data-files.js";
import { compileDateFormat } from "./date-format.js";
import { buildEntityTree, type EntityRow } from "./entities.js";
import { quote, type ErrorList } from "./errors.js";
import { MetricRowsBuilder, type MetricRow } from "./metric-rows.js";
import { NameIndex } from "./name-index.js";
import { DEFAULT_NUMBER_STYLE, normalizeNumber } from "./number-text.js";
import { RateTable } from "./rates.js";
import { readCsv, type CsvOptions } from "./read-files.js";
import { readXlsx } from "./read-xlsx.js";
import { NO_DATE, type DatasetSpec, type EntityTree } from "./types.js";
import { isoOfDays, parseIsoDate } from "./values.js";

/**
 * Reading options of a mapped file, plus the sheet of a workbook.
 * @example
 * const o: TableOptions = { encoding: "auto", delimiter: "auto", skipRows: 0, footers: true, sheet: "Report" };
 */
export interface TableOptions extends CsvOptions {
  sheet?: string;
}

/**
 * Row callbacks for either file kind.
 * @example
 * const h: RowHandler = { header: () => true, row: (cells, line) => {} };
 */
export interface RowHandler {
  header(cells: string[], line: number): boolean;
  row(cells: string[], line: number, binary?: Uint8Array): void;
  /** CSV only: a quote-free line read from its text (`CsvHandler.plainRow`). */
  plainRow?(text: string, from: number, end: number, delimiter: string, line: number): boolean;
}

/**
 * The reading options a mapping entry gives (footers are recognised whenever a mapping is used).
 * @example
 * tableOptions({ encoding: "gbk", skipRows: 2 }); // { encoding: "gbk", delimiter: ",", skipRows: 2, footers: true }
 */
export function tableOptions(m: Pick<SourceMapping, "encoding" | "delimiter" | "skipRows" | "sheet">, onFooter?: (lines: number[]) => void): TableOptions {
  const o: TableOptions = { encoding: m.encoding ?? "utf-8", delimiter: m.delimiter ?? ",", skipRows: m.skipRows ?? 0, footers: true };
  if (m.sheet !== undefined) o.sheet = m.sheet;
  if (onFooter) o.onFooter = onFooter;
  return o;
}

/**
 * Reads a file's rows, as a workbook (`.xlsx`) or as delimited text.
 * @example
 * await readRows(files, "Opportunities.xlsx", "Opportunities.xlsx", { sheet: "Report" }, errors, handler);
 */
export function readRows(files: DataFiles, name: string, file: string, options: TableOptions, errors: ErrorList, handler: RowHandler): Promise<void> {
  if (name.toLowerCase().endsWith(".xlsx")) return readXlsx(files.open(name), file, errors, handler, options);
  return readCsv(files.open(name), file, errors, handler, options);
}

/** Field → cell position, by the mapping's header or the field's own name (any case). */
function bind(header: readonly string[], fields: readonly string[], columns: Record<string, string> | undefined): Map<string, number> {
  const names = header.map((h) => h.trim());
  const at = new Map<string, number>();
  for (const f of fields) {
    const want = columns?.[f];
    const i = want !== undefined ? names.indexOf(want) : names.findIndex((n) => n.toLowerCase() === f.toLowerCase());
    if (i !== -1) at.set(f, i);
  }
  return at;
}

const missingColumn = (f: string, want: string | undefined, header: readonly string[]): string => {
  const near = suggest(want ?? f, header.map((h) => h.trim()));
  return `no column ${JSON.stringify(want ?? f)} for ${f}${near ? ` (did you mean ${JSON.stringify(near)}?)` : ""}; map it in "columns"`;
};

/**
 * Reads the entities file of a mapping into the tree.
 * @example
 * const tree = await readMappedEntities(files, "users.csv", { columns: { id: "User ID", name: "Full Name" } }, spec, errors, note);
 */
export async function readMappedEntities(
  files: DataFiles,
  name: string,
  em: EntitiesMapping,
  spec: DatasetSpec,
  errors: ErrorList,
  footerNote: (file: string) => (lines: number[]) => void,
): Promise<EntityTree | undefined> {
  const file = files.label(name);
  const rows: EntityRow[] = [];
  const columnOf = (f: string): string | undefined => em.columns?.[f];
  const handler = em.levels ? levelRows(em, file, rows, errors) : columnRows(em, spec, file, rows, errors);
  await readRows(files, name, file, tableOptions(em, footerNote(file)), errors, handler);
  if (errors.count > 0) return undefined;
  if (em.match?.parent === "name") resolveParents(rows, file, errors);
  if (errors.count > 0) return undefined;
  return buildEntityTree(rows, spec.entityKinds, file, errors, columnOf);
}

function columnRows(em: EntitiesMapping, spec: DatasetSpec, file: string, rows: EntityRow[], errors: ErrorList): RowHandler {
  const fields = ["id", "kind", "name", "parent", "start", "end"];
  let at = new Map<string, number>();
  const attrs: [string, number][] = [];
  const kinds = spec.entityKinds.map((k) => k.name);
  const kindMap = new Map<string, string>();
  for (const k of kinds) kindMap.set(k.toLowerCase(), k);
  let fallback: string | undefined;
  for (const [from, to] of Object.entries(em.values?.["kind"] ?? {})) {
    if (from === "*") fallback = to;
    else kindMap.set(from.trim().toLowerCase(), to);
  }
  const only = kinds.length === 1 ? kinds[0] : undefined;
  const dates = new Map(["start", "end"].map((f) => {
    const fmt = em.formats?.[f];
    return [f, compileDateFormat(typeof fmt === "string" ? fmt : "YYYY/M/D")] as const;
  }));
  return {
    header(cells, line) {
      at = bind(cells, fields, em.columns);
      let ok = true;
      for (const f of ["id", ...(only ? [] : ["kind"])]) {
        if (!at.has(f)) {
          errors.add({ file, line, field: f, message: missingColumn(f, em.columns?.[f], cells) + (f === "kind" ? ", or describe the tree by columns with levels" : "") });
          ok = false;
        }
      }
      for (const [f, want] of Object.entries(em.columns ?? {})) {
        if (!fields.includes(f)) errors.add({ file, line, field: f, message: `the entities have no field ${JSON.stringify(f)}; the fields are ${fields.join(", ")}` });
        else if (!at.has(f)) errors.add({ file, line, field: f, message: missingColumn(f, want, cells) });
        else continue;
        ok = false;
      }
      const used = new Set(at.values());
      cells.forEach((c, i) => {
        if (used.has(i)) return;
        if (em.extra === "error") {
          errors.add({ file, line, column: c.trim(), message: `column ${JSON.stringify(c.trim())} is not mapped (the mapping says "extra": "error")` });
          ok = false;
        } else if (em.extra !== "ignore") attrs.push([c.trim(), i]);
      });
      return ok;
    },
    row(cells, line) {
      const get = (f: string): string => {
        const i = at.get(f);
        return i === undefined ? "" : (cells[i] ?? "").trim();
      };
      const a = new Map<string, string>();
      for (const [n, i] of attrs) if (cells[i]) a.set(n, cells[i]!.trim());
      const rawKind = get("kind");
      let kind = rawKind === "" && only ? only : (kindMap.get(rawKind.toLowerCase()) ?? fallback ?? rawKind);
      if (rawKind === "" && !only) kind = "";
      const date = (f: "start" | "end"): string => {
        const t = get(f);
        if (t === "" || parseIsoDate(t) !== NO_DATE) return t;
        const d = dates.get(f)!(t);
        return d === NO_DATE ? t : isoOfDays(d);
      };
      rows.push({ id: get("id"), kind, name: get("name"), parent: get("parent"), start: date("start"), end: date("end"), attrs: a, where: { line } });
    },
  };
}

/** One row per leaf, its ancestors in the level columns: each distinct cell text is an entity (id and name). */
function levelRows(em: EntitiesMapping, file: string, rows: EntityRow[], errors: ErrorList): RowHandler {
  const levels = em.levels!;
  let pos: number[] = [];
  const seen = new Map<string, { kind: string; parent: string; line: number; row: EntityRow }>();
  return {
    header(cells, line) {
      const names = cells.map((c) => c.trim());
      pos = levels.map((l) => names.indexOf(l.column));
      let ok = true;
      pos.forEach((p, i) => {
        if (p !== -1) return;
        const near = suggest(levels[i]!.column, names);
        errors.add({ file, line, message: `no column ${JSON.stringify(levels[i]!.column)} for the ${levels[i]!.kind} level${near ? ` (did you mean ${JSON.stringify(near)}?)` : ""}` });
        ok = false;
      });
      return ok;
    },
    row(cells, line) {
      const ids = pos.map((p) => (cells[p] ?? "").trim());
      for (let i = 0; i < levels.length; i++) {
        const id = ids[i]!;
        if (id === "") continue;
        const kind = levels[i]!.kind;
        const parent = ids[i + 1] ?? "";
        const first = seen.get(id);
        if (first) {
          if (first.kind !== kind) errors.add({ file, line, column: levels[i]!.column, message: `${quote(id)} is a ${first.kind} on line ${first.line} and a ${kind} here; entity names must differ across levels` });
          else if (first.parent === "" && parent !== "") {
            first.parent = parent;
            first.row.parent = parent;
          } else if (parent !== "" && first.parent !== parent) {
            errors.add({ file, line, column: levels[i + 1]!.column, message: `${kind} ${quote(id)} is listed under ${quote(parent)} here and under ${quote(first.parent)} on line ${first.line}; a ${kind} belongs to one ${levels[i + 1]!.kind}` });
          }
          continue;
        }
        const row: EntityRow = { id, kind, name: id, parent, start: "", end: "", attrs: new Map(), where: { line } };
        seen.set(id, { kind, parent, line, row });
        rows.push(row);
      }
    },
  };
}

/** `match.parent: name`: each parent cell names an entity; replaced by its id. */
function resolveParents(rows: EntityRow[], file: string, errors: ErrorList): void {
  const byName = new Map<string, string[]>();
  for (const r of rows) {
    const key = (r.name || r.id).trim().toLowerCase();
    byName.set(key, [...(byName.get(key) ?? []), r.id]);
  }
  const ids = new Set(rows.map((r) => r.id));
  for (const r of rows) {
    if (r.parent === "") continue;
    const found = byName.get(r.parent.toLowerCase());
    if (found?.length === 1) r.parent = found[0]!;
    else if (found) errors.add({ file, line: r.where.line!, field: "parent", message: `${quote(r.parent)} is ambiguous: ${found.length} entities have this name (ids ${found.join(", ")})` });
    else if (!ids.has(r.parent)) {
      const near = suggest(r.parent, rows.map((x) => x.name));
      errors.add({ file, line: r.where.line!, field: "parent", message: `no entity is named ${quote(r.parent)}${near ? ` (did you mean ${JSON.stringify(near)}?)` : ""}` });
    }
  }
}

/**
 * Reads a mapped `targets` or `inputs` file.
 * @example
 * const b = await readMappedMetricRows(files, "quotas.csv", "targets", { columns: { entity: "Owner", base: "Quota" }, match: { entity: "name" } }, spec, tree, errors);
 */
export async function readMappedMetricRows(
  files: DataFiles,
  name: string,
  form: "inputs" | "targets",
  tm: TableMapping,
  spec: DatasetSpec,
  entities: EntityTree,
  errors: ErrorList,
): Promise<MetricRowsBuilder> {
  const file = files.label(name);
  const b = new MetricRowsBuilder(form, spec, entities, file, errors);
  const fields = form === "inputs" ? ["entity", "metric", "period", "value"] : ["entity", "metric", "period", "base", "challenge"];
  const numeric = new Set(["value", "base", "challenge"]);
  const index = tm.match?.["entity"] === "name" ? new NameIndex(entities, undefined) : undefined;
  let at = new Map<string, number>();
  await readRows(files, name, file, tableOptions(tm), errors, {
    header(cells, line) {
      at = bind(cells, fields, tm.columns);
      let ok = true;
      const required = form === "inputs" ? fields : ["entity", "metric", "period"];
      for (const f of required) {
        if (at.has(f)) continue;
        errors.add({ file, line, field: f, message: missingColumn(f, tm.columns?.[f], cells) });
        ok = false;
      }
      if (form === "targets" && !at.has("base") && !at.has("challenge")) {
        errors.add({ file, line, field: "base", message: missingColumn("base", tm.columns?.["base"], cells) + ' (or "challenge")' });
        ok = false;
      }
      return ok;
    },
    row(cells, line) {
      const row: MetricRow = { entity: "", metric: "", period: "" };
      let good = true;
      for (const [f, i] of at) {
        let t = (cells[i] ?? "").trim();
        if (f === "entity" && index && t !== "") {
          const r = index.find(t);
          if (typeof r !== "string") {
            errors.add({ file, line, field: f, ...(tm.columns?.[f] ? { column: tm.columns[f] } : {}), message: r.error });
            good = false;
            continue;
          }
          t = r;
        } else if (numeric.has(f) && t !== "" && !/^-?\d+(?:\.\d+)?%?$/.test(t)) {
          const fmt = tm.formats?.[f];
          const style = typeof fmt === "object" ? { decimal: fmt.decimal ?? ".", group: fmt.group ?? (fmt.decimal === "," ? "." : ",") } : DEFAULT_NUMBER_STYLE;
          const n = normalizeNumber(t, style, spec.currency ?? "");
          if (!n.ok || (n.currency !== undefined && n.currency !== spec.currency)) {
            errors.add({ file, line, field: f, message: n.ok ? `the amount is in ${n.currency}, not the template's ${spec.currency}` : n.reason });
            good = false;
            continue;
          }
          t = n.text;
        }
        row[f as keyof MetricRow] = t;
      }
      if (good) b.add(row, { line, index: line });
    },
  });
  return b;
}

/**
 * Reads the exchange rates of a mapping (`currency,period,rate`).
 * @example
 * const rates = await readRates(files, names, { file: "rates.csv" }, spec, errors);
 */
export async function readRates(files: DataFiles, names: ReadonlySet<string>, rm: RatesMapping, spec: DatasetSpec, errors: ErrorList): Promise<RateTable | undefined> {
  const name = rm.file ?? "rates.csv";
  const file = files.label(name);
  if (!names.has(name)) {
    errors.add({ file, message: `file not found; the mapping's rates are in ${name}` });
    return undefined;
  }
  const table = new RateTable(spec.currency ?? "", file);
  const before = errors.count;
  let at = new Map<string, number>();
  const fields = ["currency", "period", "rate"];
  await readRows(files, name, file, tableOptions(rm), errors, {
    header(cells, line) {
      at = bind(cells, fields, rm.columns);
      let ok = true;
      for (const f of fields) {
        if (at.has(f)) continue;
        errors.add({ file, line, field: f, message: missingColumn(f, rm.columns?.[f], cells) });
        ok = false;
      }
      return ok;
    },
    row(cells, line) {
      const get = (f: string): string => cells[at.get(f)!] ?? "";
      const err = table.add(get("currency"), get("period"), get("rate"), line);
      if (err) errors.add({ file, line, message: err });
    },
  });
  return errors.count === before ? table : undefined;
}

/**
 * `--engine duckdb --map M`: a source read through its mapping as DuckDB SQL
 * over the export file itself. Each template field becomes an expression
 * giving the same canonical text the in-process `MappedSource` makes of a
 * cell (engine/dataset/mapped-source.ts), which the compiled query then
 * types like any text column: trimmed (every Unicode space, as
 * `String.prototype.trim`), empty cells by the `missing` policy (`skip`
 * drops the record), owners found by name (`match`, a map literal of the
 * dataset's unique names), enum values through `values` (case-insensitive,
 * `*` for the rest), dates through `formats` (patterns as a regular
 * expression and `make_date`, `iso` date-times with offsets converted to the
 * mapping's time zone), numbers with currency symbols, parentheses, signs,
 * `%`, 万/亿 and the mapping's separators.
 *
 * The mapped cells are first read and checked by the in-process loader
 * (`kpi eval` loads the dataset before the queries run), so a cell the
 * mapping cannot read is the loader's located error (file, line, column)
 * and these expressions only ever see cells it accepted. What a mapping can
 * say that has no SQL form here is refused by name (`SqlUnsupported`):
 * encodings other than UTF-8, a detected (`auto`) encoding or delimiter,
 * workbooks and currency conversion (`currency`, `rates`). A report footer
 * the loader left out (totals, a copyright line) is left out here as the
 * rows not credited to an entity of the dataset: every row the loader
 * accepted as a record is credited to one.
 * User text (headers, values, names, the time zone) enters SQL only through
 * `dialect.text` / `dialect.ident`.
 * @module
 */
import { existsSync } from "node:fs";
import { join } from "node:path";
import type { CheckedSource } from "../check/checked-model.js";
import type { Entity, EntityTree } from "../dataset/types.js";
import type { Mapping, NumberFormat, SourceMapping } from "../../schemas/generated/mapping.js";
import type { Relation } from "./compile.js";
import { dialect } from "./dialect.js";
import { SqlUnsupported } from "./filter-sql.js";

const d = dialect("duckdb");
/** Every character `String.prototype.trim` removes, as an RE2 class. */
const SPACE = "[\\s\\x{0b}\\p{Zs}\\x{feff}\\x{2028}\\x{2029}]";
// The replacement runs only on a cell that starts or ends with a space (DuckDB's two-argument trim with these characters costs 5× more).
const trimmed = (c: string): string => `CASE WHEN regexp_matches(${c}, ${d.text(`^${SPACE}|${SPACE}$`)}) THEN regexp_replace(${c}, ${d.text(`^${SPACE}+|${SPACE}+$`)}, '', 'g') ELSE ${c} END`;
const NUMERIC = new Set(["money", "number", "integer", "percent"]);

/** What a mapped source's expressions need besides its mapping. */
export interface MappedRelationContext {
  /** The dataset's entities (for `match: name`). */
  entities: EntityTree;
  /** The template's entity kinds. */
  kinds: ReadonlySet<string>;
  /** Files the loader found a report footer in (their names in the folder). */
  footers: ReadonlySet<string>;
}

/** A regular expression for a date pattern (`M/D/YYYY`, `YYYY年M月D日`, `D.M.YYYY`), and the group of each part. */
function patternRegex(format: string): { re: string; y: number; m: number; day: number } {
  let re = "^";
  const groups: string[] = [];
  for (let i = 0; i < format.length; ) {
    const rest = format.slice(i);
    const take = (kind: string, digits: string, n: number) => {
      groups.push(kind);
      re += `(\\d${digits})`;
      i += n;
    };
    if (rest.startsWith("YYYY")) take("Y", "{4}", 4);
    else if (rest.startsWith("MM")) take("M", "{2}", 2);
    else if (rest.startsWith("M")) take("M", "{1,2}", 1);
    else if (rest.startsWith("DD")) take("D", "{2}", 2);
    else if (rest.startsWith("D")) take("D", "{1,2}", 1);
    else {
      re += format[i]!.replace(/[\\^$.|?*+()[\]{}]/g, "\\$&");
      i += 1;
    }
  }
  // Text after the date (a time of day after a space or T) is ignored, as in-process.
  re += "(?:[ T].*)?$";
  return { re, y: groups.indexOf("Y") + 1, m: groups.indexOf("M") + 1, day: groups.indexOf("D") + 1 };
}

const ISO_PREFIX = d.text("^\\d{4}-\\d{2}-\\d{2}(?:[ T].*)?$");
const ISO_OFFSET = d.text("^\\d{4}-\\d{2}-\\d{2}[T ]\\d{2}:\\d{2}.*(?:Z|z|[+-]\\d{2}(?::?\\d{2})?)$");

function dateSql(x: string, format: string | undefined, zone: string): string {
  const day = (s: string) => `strftime(${s}, '%Y-%m-%d')`;
  if (format === "iso") {
    // An offset moves the instant into the mapping's zone; without one the day is as written.
    return `CASE WHEN regexp_matches(${x}, ${ISO_OFFSET}) THEN ${day(`CAST(timezone(${d.text(zone)}, CAST(${x} AS TIMESTAMPTZ)) AS DATE)`)} ELSE substr(${x}, 1, 10) END`;
  }
  const p = patternRegex(format ?? "YYYY/M/D");
  const part = (g: number) => `CAST(regexp_extract(${x}, ${d.text(p.re)}, ${g}) AS INTEGER)`;
  return `CASE WHEN regexp_matches(${x}, ${ISO_PREFIX}) THEN substr(${x}, 1, 10) ELSE ${day(`make_date(${part(p.y)}, ${part(p.m)}, ${part(p.day)})`)} END`;
}

/**
 * A number cell's canonical decimal text. The loader accepted the cell, so any currency in it is the
 * template's own (a foreign one would need `rates`, refused here) and every character besides digits,
 * separators, signs, parentheses, `%`, 万 and 亿 belongs to a symbol or code and is dropped.
 */
function numberSql(x: string, type: string, fmt: NumberFormat | undefined): string {
  const decimal = fmt?.decimal ?? ".";
  const group = fmt ? (fmt.group ?? (fmt.decimal === "," ? "." : ",")) : ",";
  const kept = `regexp_replace(${x}, '[^0-9.,()%万亿+\\-−]', '', 'g')`;
  const neg = `((${x} LIKE '(%)') <> (regexp_matches(${kept}, '^\\(?[-−]|-\\)?$')))`;
  let digits = `regexp_replace(${kept}, '[()%万亿+\\-−]', '', 'g')`;
  if (group !== "" && group !== " ") digits = `replace(${digits}, ${d.text(group)}, '')`;
  if (decimal === ",") digits = `replace(${digits}, ',', '.')`;
  const signed = (s: string) => `CASE WHEN ${neg} THEN '-' || ${s} ELSE ${s} END`;
  // 万 and 亿 shift the point exactly (decimal arithmetic); % makes text the double cast reads as ×10⁻² (the nearest double, as in-process).
  const shifted = `CASE WHEN ${x} LIKE '%万%' THEN CAST(CAST(${digits} AS DECIMAL(38, 10)) * 10000 AS VARCHAR) WHEN ${x} LIKE '%亿%' THEN CAST(CAST(${digits} AS DECIMAL(38, 10)) * 100000000 AS VARCHAR) ${type === "percent" || type === "number" ? `WHEN ${x} LIKE '%\\%%' ESCAPE '\\' THEN ${digits} || 'e-2' ` : ""}ELSE ${digits} END`;
  // A plain number needs none of it (the common case costs one match).
  if (decimal !== ".") return signed(shifted);
  return `CASE WHEN regexp_matches(${x}, '^-?\\d+(?:\\.\\d+)?$') THEN ${x} ELSE ${signed(shifted)} END`;
}

function enumSql(x: string, declared: readonly string[], values: Record<string, string> | undefined): string {
  const map = new Map<string, string>();
  for (const v of declared) map.set(v.toLowerCase(), v);
  let fallback: string | undefined;
  for (const [from, to] of Object.entries(values ?? {})) {
    if (from === "*") fallback = to;
    else map.set(from.trim().toLowerCase(), to);
  }
  const arms = [...map].map(([from, to]) => `WHEN ${d.text(from)} THEN ${d.text(to)}`);
  return `CASE lower(${x}) ${arms.join(" ")} ELSE ${fallback === undefined ? "NULL" : d.text(fallback)} END`;
}

function nameSql(x: string, entities: readonly Entity[], kind: string): string {
  const byName = new Map<string, string[]>();
  for (const e of entities) if (e.kind === kind) byName.set(e.name.trim().toLowerCase(), [...(byName.get(e.name.trim().toLowerCase()) ?? []), e.id]);
  const pairs = [...byName].filter(([, ids]) => ids.length === 1).map(([name, ids]) => `${d.text(name)}: ${d.text(ids[0]!)}`);
  // A unique name gives its id; anything else the loader accepted is an id itself.
  return pairs.length === 0 ? x : `COALESCE(map_extract_value(MAP {${pairs.join(", ")}}, lower(${x})), ${x})`;
}

/**
 * The file of a mapped source in a folder and its reading options, or the refusal of what has no SQL form.
 * @example
 * mappedFrom("exports", deals, mapping.sources.deals, ctx); // { name: "Opportunities.csv", from: "read_csv('exports/Opportunities.csv', …)", ndjson: false }
 */
function mappedFrom(folder: string, src: CheckedSource, m: SourceMapping, ctx: MappedRelationContext): { name: string; from: string; ndjson: boolean } {
  const name = m.file ?? [".csv", ".ndjson", ".xlsx"].map((e) => src.name + e).find((f) => existsSync(join(folder, f))) ?? `${src.name}.csv`;
  const refuse = (what: string): never => {
    throw new SqlUnsupported(`--engine duckdb cannot read source ${src.name} (${name}) through the mapping yet: ${what}; use the in-process engine`);
  };
  if (name.endsWith(".xlsx")) refuse("it is a workbook");
  if (m.encoding !== undefined && !/^utf-?8$/i.test(m.encoding)) refuse(`its encoding is ${JSON.stringify(m.encoding)} (DuckDB reads UTF-8)`);
  if (m.delimiter === "auto") refuse('its delimiter is "auto"');
  if (m.currency !== undefined) refuse("its amounts are converted by a currency column");
  const path = d.text(join(folder, name));
  // Each record as one JSON value: a cell is its key's string unquoted, or a number as written, as in-process.
  if (name.endsWith(".ndjson")) return { name, ndjson: true, from: `read_ndjson_objects(${path})` };
  const delim = m.delimiter ?? ",";
  return { name, ndjson: false, from: `read_csv(${path}, header = true, all_varchar = true, delim = ${d.text(delim)}, quote = '"', escape = '"', skip = ${m.skipRows ?? 0}, null_padding = true)` };
}

/**
 * The relation of a source read through a mapping; `header` is the file's header as DuckDB reads it.
 * @example
 * const rel = mappedRelation("exports", deals, mapping, ctx, ["Opportunity Owner", "Amount", …]);
 */
export function mappedRelation(folder: string, src: CheckedSource, mapping: Mapping, ctx: MappedRelationContext, header: readonly string[]): Relation & { where?: string } {
  const m = mapping.sources?.[src.name] ?? {};
  const { from, ndjson, name } = mappedFrom(folder, src, m, ctx);
  const names = header.map((h) => h.trim());
  const zone = m.timezone ?? mapping.timezone ?? "UTC";
  const skips: string[] = [];
  // Each file column's trimmed cell is computed once, in a subquery (kpi_c<i>): the expressions below use it many times.
  const cells: string[] = [];
  const column = (field: string): string => {
    const f = src.fields.find((x) => x.name === field);
    const type = field === src.by ? "entity" : (f?.type ?? "text");
    const wanted = m.columns?.[field] ?? field;
    let pos = names.indexOf(wanted);
    if (pos === -1 && m.columns?.[field] === undefined) pos = names.findIndex((n) => n.toLowerCase() === field.toLowerCase());
    const raw = pos === -1 ? "''" : ndjson ? `json_extract_string(json, ${d.text(`/${header[pos]!.replace(/~/g, "~0").replace(/\//g, "~1")}`)})` : d.ident(header[pos]!);
    cells.push(`NULLIF(${trimmed(`COALESCE(${raw}, '')`)}, '') AS kpi_c${cells.length}`);
    const x = `kpi_cells.kpi_c${cells.length - 1}`;
    const policy = m.missing?.[field] ?? "null";
    if (policy === "skip") skips.push(`${x} IS NOT NULL`);
    let v: string;
    if (field === src.by || ctx.kinds.has(type)) v = m.match?.[field] === "name" ? nameSql(x, ctx.entities.list, field === src.by ? src.by : type) : x;
    else if (f?.type === "enum") v = enumSql(x, f.values ?? [], m.values?.[field]);
    else if (f?.type === "boolean") v = `CASE WHEN lower(${x}) IN ('true', '1', 'yes', 'y', 't', '是', '√', '✓', 'x') THEN 'true' WHEN lower(${x}) IN ('false', '0', 'no', 'n', 'f', '否') THEN 'false' END`;
    else if (f?.type === "date") {
      const fmt = m.formats?.[field];
      v = dateSql(x, typeof fmt === "string" ? fmt : undefined, zone);
    } else if (f && NUMERIC.has(f.type)) {
      const fmt = m.formats?.[field];
      v = numberSql(x, f.type, typeof fmt === "object" ? fmt : undefined);
    } else v = x;
    const empty = policy === "zero" && f && NUMERIC.has(f.type) ? "'0'" : "''";
    return `COALESCE(${v}, ${empty})`;
  };
  // Every field's expression is made once up front, so that the skip conditions are known.
  const exprs = new Map<string, string>();
  for (const field of [src.by, src.at, ...src.fields.map((f) => f.name)]) if (!exprs.has(field)) exprs.set(field, column(field));
  let source = `(SELECT ${cells.join(", ")} FROM ${from}) AS kpi_cells`;
  if (ctx.footers.has(name)) {
    const ids = ctx.entities.list.filter((e) => e.kind === src.by).map((e) => d.text(e.id));
    // Its cells need not parse: the mapped expressions are made with the footer's rows gone.
    source = `(SELECT * FROM ${source} WHERE ${exprs.get(src.by)!} IN (${ids.length ? ids.join(", ") : "NULL"})) AS kpi_cells`;
  }
  const columnOf = (field: string): string => {
    const e = exprs.get(field);
    if (e === undefined) throw new Error(`internal: no mapped expression for ${src.name}.${field}`);
    return e;
  };
  const rel: Relation & { where?: string } = { from: source, column: columnOf, text: true };
  if (skips.length) rel.where = skips.join(" AND ");
  return rel;
}

/**
 * The header DuckDB reads from a mapped source's file (the names its columns have in SQL).
 * @example
 * await mappedHeader(folder, deals, mapping, ctx, columnsOf, keysOf); // ["Opportunity Owner", "Account Name", …]
 */
export async function mappedHeader(folder: string, src: CheckedSource, mapping: Mapping, ctx: MappedRelationContext, columns: (sql: string) => Promise<string[]>, keys: (sql: string) => Promise<string[] | undefined>): Promise<string[]> {
  const { from, ndjson } = mappedFrom(folder, src, mapping.sources?.[src.name] ?? {}, ctx);
  if (!ndjson) return columns(`SELECT * FROM ${from} LIMIT 0`);
  // An NDJSON export's header is its first record's keys.
  return (await keys(`SELECT json_keys(json) AS k FROM ${from} LIMIT 1`)) ?? [];
}

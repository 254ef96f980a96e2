/**
 * The second query of `--explain` when the records stay in a database
 * (`--data postgres://…`, or `--engine duckdb` over Parquet): per source, the
 * records credited to the explained entity's subtree — the entity and every
 * descendant — with every declared field, typed by the same SQL the
 * aggregate query uses (`compile.ts` `typedField`: text tables parsed as
 * their cells are, typed tables read as they are, money as integer minor
 * units). The ids enter SQL as one bound array parameter, never as text.
 * The rows become the source's records through the in-process loader's
 * `SourceBuilder`, each with its origin (a label such as `schema.table`
 * and a row number), so that the evaluator explains them as it explains
 * a folder's records.
 * @module
 */
import type { CheckedSource, CheckedTemplate } from "../check/checked-model.js";
import { ErrorList, type DataError } from "../dataset/errors.js";
import { SourceBuilder } from "../dataset/source-builder.js";
import type { Dataset, DatasetSourceSpec, SourceData } from "../dataset/types.js";
import type { SqlColumns } from "./cells.js";
import { typedField, type Relation } from "./compile.js";
import { dialect, type DialectName } from "./dialect.js";

/**
 * The ids of an entity and all its descendants, the entity first, then in the tree's pre-order.
 * @example
 * subtreeIds(dataset.entities, "east"); // ["east", "r001", "r002", …]
 */
export function subtreeIds(entities: Dataset["entities"], id: string): string[] {
  const top = entities.byId.get(id);
  if (top === undefined) return [];
  const inside = new Uint8Array(entities.list.length);
  inside[top] = 1;
  const out = [id];
  // Pre-order puts every parent before its children, so one pass marks the subtree.
  for (const j of entities.order) {
    if (j === top) continue;
    const p = entities.list[j]!.parent;
    if (p >= 0 && inside[p]) {
      inside[j] = 1;
      out.push(entities.list[j]!.id);
    }
  }
  return out;
}

/**
 * One source's second query: its rows are `kpi_e` (the `by` id), `f0, f1, …` (the fields of
 * `fields`, in that order: the `at` date first) and `kpi_n` (the row number when the relation
 * has one), ordered so that the same table gives the same records in the same order.
 * @example
 * const q = recordsQuery(checked, deals, relation, "postgres", "2026-06-15");
 * await client.query({ text: q.sql, values: [subtreeIds(entities, "east")] });
 */
export interface RecordsQuery {
  source: string;
  sql: string;
  /** The fields of `f0, f1, …`: every declared field but the `by` one, the `at` date first. */
  fields: string[];
}

/**
 * The SQL of one source's second query. `$1` is the array of entity ids; `rowNumber` is an
 * expression over the relation giving each record's 1-based row (DuckDB's `file_row_number + 1`
 * over Parquet); without one, rows are numbered in the query's own order.
 * @example
 * recordsQuery(checked, deals, relation, "postgres", undefined).sql;
 * // SELECT NULLIF("rep", '') AS kpi_e, … FROM "saas"."deals" WHERE NULLIF("rep", '') = ANY(CAST($1 AS TEXT[])) ORDER BY 1, 2, …
 */
export function recordsQuery(t: CheckedTemplate, src: CheckedSource, rel: Relation, dialectName: Extract<DialectName, "postgres" | "duckdb">, cutoff: string | undefined, rowNumber?: string): RecordsQuery {
  const d = dialect(dialectName);
  // The date first, so that the query's own order (without a row number) is entity, date, then the rest.
  const fields = [...src.fields.filter((f) => f.name === src.at), ...src.fields.filter((f) => f.name !== src.by && f.name !== src.at)];
  // Doubles come back as numbers (their shortest exact text is made in JavaScript); everything else as text,
  // so money is the exact integer of minor units and dates are YYYY-MM-DD whatever the driver's time zone.
  const cols = fields.map((f, i) => {
    const e = typedField(f, rel.column(f.name), d, rel.text, t.settings.currencyDigits);
    return `${f.type === "number" || f.type === "percent" ? e : `CAST(${e} AS ${d.varchar})`} AS f${i}`;
  });
  const by = rel.text ? `NULLIF(${rel.column(src.by)}, '')` : `CAST(${rel.column(src.by)} AS ${d.varchar})`;
  const member = dialectName === "postgres" ? `${by} = ANY(CAST($1 AS TEXT[]))` : `list_contains(CAST($1 AS VARCHAR[]), ${by})`;
  const at = `CAST(${rel.text ? `NULLIF(TRIM(${rel.column(src.at)}), '')` : rel.column(src.at)} AS DATE)`;
  const conds = [member, ...(rel.where === undefined ? [] : [`(${rel.where})`]), ...(cutoff === undefined ? [] : [`${at} <= ${d.date(cutoff)}`])];
  const select = [`${by} AS kpi_e`, ...cols, `${rowNumber ?? "NULL"} AS kpi_n`];
  const order = rowNumber !== undefined ? "kpi_n" : select.slice(0, -1).map((_, i) => String(i + 1)).join(", ");
  return { source: src.name, sql: `SELECT ${select.join(", ")} FROM ${rel.from} WHERE ${conds.join(" AND ")} ORDER BY ${order}`, fields: fields.map((f) => f.name) };
}

/** Minor units (integer text) as the decimal text of the currency unit: `-1050` with 2 digits is `-10.50`. */
function minorText(v: string, digits: number): string {
  if (digits === 0) return v;
  const neg = v.startsWith("-");
  const abs = (neg ? v.slice(1) : v).padStart(digits + 1, "0");
  return `${neg ? "-" : ""}${abs.slice(0, -digits)}.${abs.slice(-digits)}`;
}

/**
 * The cell text the loader reads back to the very value the aggregate query used:
 * money from its minor units, doubles by their shortest exact text, the rest as given.
 */
function cellText(v: unknown, type: string, digits: number): string {
  if (v === null || v === undefined) return "";
  if (type === "money") return minorText(String(v), digits);
  if (typeof v === "number") return Number.isFinite(v) ? String(v) : "";
  return String(v);
}

/**
 * The records of one source from its second query's rows, through the loader's
 * `SourceBuilder` (its typed columns, date order and located errors); each
 * record's origin is `label` and its row number.
 * @example
 * const deals = recordsSource(spec.sources[0]!, q, rows, { digits: 2, entities }, kinds, errors, "saas.deals");
 */
export function recordsSource(spec: DatasetSourceSpec, q: RecordsQuery, rows: SqlColumns, ctx: { digits: number; entities: Dataset["entities"] }, kinds: ReadonlySet<string>, errors: ErrorList, label: string): SourceData {
  const b = new SourceBuilder(spec, ctx, kinds, errors, label);
  b.bindFieldOrder();
  const names = b.columnNames;
  const type = new Map(spec.fields.map((f) => [f.name, f.type]));
  const column = (name: string): ArrayLike<unknown> => rows.columns.get(name) ?? [];
  const byCol = column("kpi_e");
  const numbers = column("kpi_n");
  const fieldCols = new Map(q.fields.map((f, i) => [f, column(`f${i}`)]));
  for (let r = 0; r < rows.rows; r++) {
    const cells = names.map((name) => (name === spec.by ? String(byCol[r] ?? "") : cellText(fieldCols.get(name)?.[r], type.get(name) ?? "string", ctx.digits)));
    const n = numbers[r];
    b.addTextRow(cells, n === null || n === undefined ? r + 1 : Number(n));
  }
  return b.finish();
}

/**
 * Runs one source's second query with the subtree's ids as its one parameter.
 * @example
 * const run: RunRecords = (sql, ids) => pgQuery(client, sql, [ids]);
 */
export type RunRecords = (sql: string, ids: readonly string[]) => Promise<SqlColumns>;

/**
 * What `explainDataset` needs of where the records are.
 * @example
 * const where: RecordsPlace = { dialect: "postgres", relation, run, label: (s) => `saas.${s}` };
 */
export interface RecordsPlace {
  dialect: "postgres" | "duckdb";
  relation(source: CheckedSource): Relation;
  run: RunRecords;
  /** The origin records of a source show (`schema.table`, a file); for `""`, what an error about all of them names. */
  label(source: string): string;
  /** A row-number expression over the source's relation (1-based), when it has one. */
  rowNumber?(source: CheckedSource): string | undefined;
}

/**
 * The dataset to explain `entity` over: the loaded one (entities, targets, inputs and any
 * records it holds) with each of `sources` replaced by the records of the entity's subtree,
 * fetched by the second query.
 * @example
 * const r = await explainDataset(checked, loaded.dataset, "east", new Set(["deals"]), place, undefined);
 * if (r.ok) evaluate(checked, r.dataset, { period: "2026-06", explain: "east" });
 */
export async function explainDataset(
  t: CheckedTemplate,
  dataset: Dataset,
  entity: string,
  sources: ReadonlySet<string>,
  place: RecordsPlace,
  cutoff: string | undefined,
  spec: readonly DatasetSourceSpec[],
): Promise<{ ok: true; dataset: Dataset; records: number } | { ok: false; errors: DataError[]; total: number }> {
  const ids = subtreeIds(dataset.entities, entity);
  const kinds = new Set(t.entityKinds.map((k) => k.name));
  const errors = new ErrorList();
  const out = new Map(dataset.sources);
  let records = 0;
  for (const src of t.sources) {
    if (!sources.has(src.name)) continue;
    const q = recordsQuery(t, src, place.relation(src), place.dialect, cutoff, place.rowNumber?.(src));
    const rows = await place.run(q.sql, ids);
    const s = spec.find((x) => x.name === src.name);
    if (!s) throw new Error(`internal: no dataset spec for source ${src.name}`);
    const data = recordsSource(s, q, rows, { digits: t.settings.currencyDigits, entities: dataset.entities }, kinds, errors, place.label(src.name));
    records += data.length;
    out.set(src.name, data);
  }
  if (errors.count > 0) return errors.failure(place.label(""));
  return { ok: true, dataset: { ...dataset, sources: out }, records };
}

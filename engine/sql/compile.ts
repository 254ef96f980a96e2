/**
 * The SQL compiler: a checked template's aggregation plan (`evaluate/plan.ts`,
 * the accumulators the fused passes fill) as one query per source. Each
 * query returns one row per (credited entity, grain period) with one column
 * per numeric accumulator — records counted, sums (money in integer minor
 * units, summed as BIGINT/DECIMAL, never floating point), non-null counts,
 * minimums and maximums — and, for `distinct`, a second query with each
 * cell's distinct values, which the evaluator unions up the entity tree
 * and across periods as it does its own sets (a distinct count is never
 * summed). `rollupSql` renders the other form, counted in the database
 * through an entity-ancestry relation, for warehouses.
 *
 * Records: the `by` entity id, the `at` date cut at the as-of date, the
 * fields the filters and aggregates use (typed by the template: parsed
 * from text when the source is text, as CSV read by DuckDB is), the grain
 * period's first day (`dialect.ts`: months, ISO weeks, fiscal quarters and
 * years) and last day (for `days_to_period_end()`). User-written names are
 * never spliced in raw: source and column names go through `ident`, text
 * values through `text` (`dialect.ts`); internal columns are `kpi_*` and
 * fields are renamed `f0, f1, …`, so no field name can collide with them.
 * @module
 */
import type { CheckedField, CheckedSource, CheckedTemplate } from "../check/checked-model.js";
import { planTemplate, type Plan, type SourcePlan } from "../evaluate/plan.js";
import { monthFromName } from "../periods.js";
import { bucketEnd, bucketStart, dialect, type Dialect, type DialectName } from "./dialect.js";
import { truth, type FilterContext } from "./filter-sql.js";

/**
 * Where a source's records are and what their columns hold.
 * @example
 * const rel: Relation = { from: "read_csv('deals.csv', all_varchar = true)", column: (f) => `"${f}"`, text: true };
 */
export interface Relation {
  /** The FROM item: a quoted table name, `(query) AS q`, or a table function. */
  from: string;
  /** The column expression holding a template field (quoted by the caller). */
  column(field: string): string;
  /** True when every column is text to be parsed (CSV); false for typed tables. */
  text: boolean;
  /** A condition on the FROM item's rows that keeps a record (a mapping's `skip` policy); undefined keeps all. */
  where?: string;
}

/**
 * The queries of one source and how to read their rows back.
 * @example
 * q.sql; // "WITH r AS (…) SELECT kpi_e, kpi_g, … GROUP BY kpi_e, kpi_b"
 */
export interface SourceQuery {
  source: string;
  /** Rows `kpi_e` (entity id), `kpi_g` (epoch day of the grain period's first day), `a0…` per `accs`, `kpi_abs<i>` per `absAccs`. */
  sql: string;
  /** Global numeric accumulator index of column `a<i>`. */
  accs: number[];
  /** Rows `kpi_k` (global set accumulator), `kpi_e`, `kpi_g`, `kpi_v` (a distinct value as text); undefined without `distinct`. */
  distinctSql?: string;
  /**
   * Global numeric accumulator index of column `kpi_abs<i>`: the cell's Σ|amount| of that money sum's field
   * over all its records (minor units), added up by the caller for the exactness check. In the aggregate
   * query itself, not a query of its own: a second scan of the source cost as much as the first.
   */
  absAccs: number[];
}

/**
 * What a compilation needs besides the template.
 * @example
 * const o: CompileOptions = { dialect: "duckdb", relation: (s) => folderRelation(dir, s), cutoff: "2026-03-15" };
 */
export interface CompileOptions {
  dialect: DialectName;
  relation(source: CheckedSource): Relation;
  /** The as-of date (YYYY-MM-DD): records after it are left out; undefined for none. */
  cutoff?: string;
}

/**
 * Every source's queries for a template.
 * @example
 * const { plan, queries } = compileTemplate(checked, { dialect: "postgres", relation: tableRelation });
 */
export function compileTemplate(t: CheckedTemplate, o: CompileOptions): { plan: Plan; queries: SourceQuery[] } {
  const plan = planTemplate(t);
  const d = dialect(o.dialect);
  const queries = plan.sources.map((sp) => {
    const src = t.sources.find((s) => s.name === sp.name);
    if (!src) throw new Error(`internal: no source ${sp.name}`);
    return compileSource(t, plan, sp, src, d, o.relation(src), o.cutoff);
  });
  return { plan, queries };
}

/**
 * The SQL that makes a field's template type from its column: the one parsing of cells that the
 * aggregate queries and `--explain`'s second query (`explain-records.ts`) share.
 * @example
 * typedField(amount, '"amount"', dialect("postgres"), true, 2); // CAST(CAST(NULLIF(TRIM("amount"), '') AS DECIMAL(38, 2)) * 100 AS BIGINT)
 */
export function typedField(f: CheckedField, raw: string, d: Dialect, text: boolean, digits: number): string {
  const scale = 10 ** digits;
  const v = text ? `NULLIF(TRIM(${raw}), '')` : raw;
  switch (f.type) {
    case "money":
      return `CAST(CAST(${v} AS ${d.decimal(digits)}) * ${scale} AS ${d.bigint})`;
    case "integer":
      return `CAST(${v} AS ${d.bigint})`;
    case "number":
      return `CAST(${v} AS ${d.double})`;
    case "percent":
      // `12.3%` is read as the text `12.3e-2`, so the double is the one nearest 0.123, as the loader gives.
      return text ? `CAST(CASE WHEN ${v} LIKE '%\\%' ESCAPE '\\' THEN CONCAT(TRIM(SUBSTRING(${v}, 1, LENGTH(${v}) - 1)), 'e-2') ELSE ${v} END AS ${d.double})` : `CAST(${v} AS ${d.double})`;
    case "date":
      return `CAST(${v} AS DATE)`;
    case "boolean":
      return text ? `(CASE LOWER(${v}) WHEN 'true' THEN TRUE WHEN '1' THEN TRUE WHEN 'false' THEN FALSE WHEN '0' THEN FALSE END)` : raw;
    default:
      return text ? `NULLIF(${raw}, '')` : raw;
  }
}

/** The records CTEs `r` (typed, cut) and `t` (with grain period bounds), shared by a source's queries. */
function recordsCte(t: CheckedTemplate, src: CheckedSource, used: string[], d: Dialect, rel: Relation, cutoff: string | undefined): string {
  const s = t.settings;
  const fiscal = monthFromName(s.fiscalYearStarts) ?? 1;
  const fields = used.map((name, i) => {
    const f = src.fields.find((x) => x.name === name);
    if (!f) throw new Error(`internal: no field ${src.name}.${name}`);
    return `${typedField(f, rel.column(name), d, rel.text, s.currencyDigits)} AS f${i}`;
  });
  const by = rel.text ? `NULLIF(${rel.column(src.by)}, '')` : `CAST(${rel.column(src.by)} AS ${d.varchar})`;
  const at = `CAST(${rel.text ? `NULLIF(TRIM(${rel.column(src.at)}), '')` : rel.column(src.at)} AS DATE)`;
  const conds = [...(rel.where === undefined ? [] : [`(${rel.where})`]), ...(cutoff === undefined ? [] : [`${at} <= ${d.date(cutoff)}`])];
  const cut = conds.length ? ` WHERE ${conds.join(" AND ")}` : "";
  return [
    `WITH r AS (SELECT ${[`${by} AS kpi_e`, `${at} AS kpi_d`, ...fields].join(", ")} FROM ${rel.from}${cut}),`,
    `b AS (SELECT r.*, ${bucketStart(d, "r.kpi_d", s.grain, fiscal)} AS kpi_b FROM r),`,
    `t AS (SELECT b.*, ${bucketEnd(d, "b.kpi_b", s.grain)} AS kpi_end FROM b)`,
  ].join("\n");
}

function compileSource(t: CheckedTemplate, plan: Plan, sp: SourcePlan, src: CheckedSource, d: Dialect, rel: Relation, cutoff: string | undefined): SourceQuery {
  const used: string[] = [];
  const fieldIndex = (name: string): number => {
    let i = used.indexOf(name);
    if (i < 0) i = used.push(name) - 1;
    return i;
  };
  const cx: FilterContext = {
    d,
    digits: t.settings.currencyDigits,
    field: (name) => {
      const field = src.fields.find((f) => f.name === name);
      if (!field) throw new Error(`internal: no field ${src.name}.${name}`);
      return { sql: `t.f${fieldIndex(name)}`, field };
    },
    at: "t.kpi_d",
    periodEnd: "t.kpi_end",
  };
  const conds = sp.filters.map((w) => (w === undefined ? "TRUE" : truth(w, cx)));
  const fieldOf = (name: string): { sql: string; date: boolean } => {
    const f = cx.field(name);
    return { sql: f.field.type === "date" ? d.daysBetween(d.date("1970-01-01"), f.sql) : f.sql, date: f.field.type === "date" };
  };
  const when = (c: string, then: string) => (c === "TRUE" ? then : `CASE WHEN ${c} THEN ${then} END`);
  const aggs = sp.num.map((k, i) => {
    const acc = plan.num[k]!;
    const c = conds[acc.filter]!;
    let e: string;
    // Counts are COUNT, not SUM(CASE … 1 ELSE 0): every dialect has it, and it adds in a 64-bit integer
    // where DuckDB's SUM of integers adds in 128 bits (W1's visits query: ~15% of its time).
    if (acc.kind === "count") e = c === "TRUE" ? "COUNT(*)" : `COUNT(CASE WHEN ${c} THEN 1 END)`;
    else {
      const x = fieldOf(acc.field!).sql;
      if (acc.kind === "sum") e = `SUM(${when(c, x)})`;
      else if (acc.kind === "nn") e = `COUNT(${when(c, x)})`;
      else e = `${acc.kind.toUpperCase()}(${when(c, x)})`;
    }
    return `CAST(${e} AS ${d.double}) AS a${i}`;
  });
  const sets = sp.sets.map((k) => {
    const acc = plan.sets[k]!;
    const x = cx.field(acc.field).sql;
    const c = conds[acc.filter]!;
    return `SELECT ${k} AS kpi_k, t.kpi_e, ${d.daysBetween(d.date("1970-01-01"), "t.kpi_b")} AS kpi_g, CAST(${x} AS ${d.varchar}) AS kpi_v FROM t WHERE ${c === "TRUE" ? "" : `${c} AND `}${x} IS NOT NULL GROUP BY t.kpi_e, t.kpi_b, ${x}`;
  });
  const absAccs = sp.num.filter((k) => plan.num[k]!.kind === "sum" && src.fields.find((f) => f.name === plan.num[k]!.field)?.type === "money");
  const abs = absAccs.map((k, i) => `CAST(SUM(ABS(${cx.field(plan.num[k]!.field!).sql})) AS ${d.double}) AS kpi_abs${i}`);
  // The CTE is made last: every field the filters and aggregates use is known by now.
  const cte = recordsCte(t, src, used, d, rel, cutoff);
  const cols = [...aggs, ...abs];
  const sql = `${cte}\nSELECT t.kpi_e, ${d.daysBetween(d.date("1970-01-01"), "t.kpi_b")} AS kpi_g${cols.length ? ", " : ""}${cols.join(", ")}\nFROM t\nGROUP BY t.kpi_e, t.kpi_b`;
  const q: SourceQuery = { source: sp.name, sql, accs: [...sp.num], absAccs };
  if (sets.length) q.distinctSql = `${cte}\n${sets.join("\nUNION ALL\n")}`;
  return q;
}

/**
 * A source's distinct counts rolled up in the database: the entity-ancestry relation (every entity
 * with itself and each ancestor, up to the root `all`) is computed with a recursive CTE from the
 * entities table, and each ancestor's distinct values are counted over its descendants' records —
 * a union, never a sum of the children's counts. Rendered for warehouses (`kpi sql`).
 * @example
 * rollupSql(checked, plan.sources[0]!, { dialect: "postgres", relation }, '"entities"');
 */
export function rollupSql(t: CheckedTemplate, plan: Plan, sp: SourcePlan, o: CompileOptions, entities: string): string | undefined {
  if (sp.sets.length === 0) return undefined;
  const d = dialect(o.dialect);
  const src = t.sources.find((s) => s.name === sp.name)!;
  const q = compileSource(t, plan, sp, src, d, o.relation(src), o.cutoff);
  // Reuse the source's CTE; the distinct query's per-cell rows become counts per ancestor.
  const cte = q.distinctSql!.split("\nSELECT ")[0]!;
  const ancestry = [
    `ancestry(entity, ancestor) AS (`,
    `  SELECT e.${d.ident("id")}, e.${d.ident("id")} FROM ${entities} e`,
    `  UNION ALL SELECT e.${d.ident("id")}, ${d.text("all")} FROM ${entities} e`,
    `  UNION ALL SELECT a.entity, p.${d.ident("parent")} FROM ancestry a JOIN ${entities} p ON p.${d.ident("id")} = a.ancestor WHERE p.${d.ident("parent")} IS NOT NULL AND p.${d.ident("parent")} <> ''`,
    `)`,
  ].join("\n");
  const body = q.distinctSql!.slice(cte.length + 1);
  return `${cte.replace(/^WITH /, "WITH RECURSIVE ")},\n${ancestry},\nv AS (\n${body}\n)\nSELECT v.kpi_k, a.ancestor AS kpi_e, v.kpi_g, COUNT(DISTINCT v.kpi_v) AS kpi_n\nFROM v JOIN ancestry a ON a.entity = v.kpi_e\nGROUP BY v.kpi_k, a.ancestor, v.kpi_g`;
}

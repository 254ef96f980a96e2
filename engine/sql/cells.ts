/**
 * The rows the SQL queries return, held per source and filled into the
 * evaluator's windows (`evaluate/windows.ts` `AggregateFill`) as its own
 * passes would: each row is one (credited entity, grain period) cell;
 * a window's bucket is a run of whole grain periods, so a row adds into
 * the bucket holding its grain period's first day. Sums, counts and
 * non-null counts add, minimums and maximums compare, distinct values
 * join the cell's set (as dictionary codes, like the loader's). The
 * exactness check of money sums (`pass.ts` `checkExactSums`) runs here
 * on the database's Σ|amount|, with the same message.
 * @module
 */
import type { PassTarget } from "../evaluate/pass.js";
import type { Plan, SourcePlan } from "../evaluate/plan.js";
import type { AggregateFill } from "../evaluate/windows.js";
import type { SourceQuery } from "./compile.js";

/**
 * A result by columns (numbers, text, bigint or null), as DuckDB hands it over: reading its vectors
 * straight into arrays skips making an object per row (W1's 120,000 rows: ~25 ms against ~200).
 * @example
 * const t: SqlColumns = { rows: 1, columns: new Map([["kpi_e", ["r1"]]]) };
 */
export interface SqlColumns {
  rows: number;
  columns: ReadonlyMap<string, ArrayLike<unknown>>;
}

const column = (t: SqlColumns, name: string): ArrayLike<unknown> => {
  const c = t.columns.get(name);
  if (c === undefined) {
    if (t.rows === 0) return [];
    throw new Error(`internal: the SQL result has no column ${name}`);
  }
  return c;
};

interface SourceCells {
  entity: Int32Array;
  grain: Int32Array;
  /** Values by local accumulator (column `a<i>`), NaN for null. */
  values: Float64Array[];
  accs: number[];
  distinct: { k: number; entity: number; grain: number; code: number }[];
  absAccs: number[];
  abs: number[];
}

const num = (v: unknown): number => (v === null || v === undefined ? NaN : Number(v));

/**
 * Aggregates from SQL rows, ready to fill windows.
 * @example
 * const agg = new SqlAggregates(plan, dataset.entities.byId); agg.add(q, rows, distinctRows);
 * evaluate(checked, dataset, request, { aggregates: agg });
 */
export class SqlAggregates implements AggregateFill {
  private readonly sources = new Map<string, SourceCells>();
  private readonly dicts = new Map<number, Map<string, number>>();

  constructor(
    private readonly plan: Plan,
    private readonly entityIndex: ReadonlyMap<string, number>,
  ) {}

  /** Adds one source's rows (`SourceQuery.sql`, `.distinctSql`). */
  add(q: SourceQuery, rows: SqlColumns, distinctRows: SqlColumns): void {
    const n = rows.rows;
    const entity = new Int32Array(n);
    const grain = new Int32Array(n);
    const index = (id: unknown): number => {
      const e = typeof id === "string" ? this.entityIndex.get(id) : undefined;
      if (e === undefined) throw new RangeError(`${q.source}: the database returned records for ${JSON.stringify(id)}, which is not an entity of the dataset`);
      return e;
    };
    const ids = column(rows, "kpi_e");
    const grains = column(rows, "kpi_g");
    for (let i = 0; i < n; i++) {
      entity[i] = index(ids[i]);
      grain[i] = num(grains[i]);
    }
    const values = q.accs.map((_, a) => Float64Array.from(column(rows, `a${a}`), num));
    const abs = q.absAccs.map((_, a) => {
      let total = 0;
      for (const v of Array.from(column(rows, `kpi_abs${a}`), num)) if (v === v) total += v;
      return total;
    });
    const distinct: SourceCells["distinct"] = [];
    const [dk, de, dg, dv] = ["kpi_k", "kpi_e", "kpi_g", "kpi_v"].map((c) => column(distinctRows, c)) as [ArrayLike<unknown>, ArrayLike<unknown>, ArrayLike<unknown>, ArrayLike<unknown>];
    for (let i = 0; i < distinctRows.rows; i++) {
      const k = num(dk[i]);
      let dict = this.dicts.get(k);
      if (!dict) this.dicts.set(k, (dict = new Map()));
      const v = String(dv[i]);
      let code = dict.get(v);
      if (code === undefined) dict.set(v, (code = dict.size));
      distinct.push({ k, entity: index(de[i]), grain: num(dg[i]), code });
    }
    this.sources.set(q.source, { entity, grain, values, accs: q.accs, distinct, absAccs: q.absAccs, abs });
  }

  firstDay(): number | undefined {
    let first = Infinity;
    for (const c of this.sources.values()) for (let i = 0; i < c.grain.length; i++) if (c.grain[i]! < first) first = c.grain[i]!;
    return first === Infinity ? undefined : first;
  }

  fill(sp: SourcePlan, target: PassTarget): void {
    const c = this.sources.get(sp.name);
    if (!c) throw new Error(`internal: no SQL rows for source ${sp.name}`);
    c.absAccs.forEach((k, i) => {
      if (c.abs[i]! > Number.MAX_SAFE_INTEGER) {
        throw new RangeError(`the amounts of ${sp.name}.${this.plan.num[k]!.field} add up to more than can be summed exactly (about ${Number.MAX_SAFE_INTEGER} minor units)`);
      }
    });
    const n = this.entityIndex.size;
    const starts = target.buckets.map((b) => b.start);
    const bucketOf = (day: number): number => {
      let lo = 0;
      let hi = starts.length - 1;
      if (hi < 0 || day < starts[0]!) return -1;
      while (lo < hi) {
        const mid = (lo + hi + 1) >>> 1;
        if (starts[mid]! <= day) lo = mid;
        else hi = mid - 1;
      }
      return day <= target.buckets[lo]!.end ? lo : -1;
    };
    const rowBucket = Int32Array.from(c.grain, (g) => bucketOf(g));
    c.accs.forEach((k, a) => {
      const kind = this.plan.num[k]!.kind;
      const out = target.num[k]!;
      const vals = c.values[a]!;
      for (let i = 0; i < vals.length; i++) {
        const b = rowBucket[i]!;
        const v = vals[i]!;
        if (b < 0 || v !== v) continue;
        const x = b * n + c.entity[i]!;
        if (kind === "min") {
          if (v < out[x]!) out[x] = v;
        } else if (kind === "max") {
          if (v > out[x]!) out[x] = v;
        } else out[x]! += v;
      }
    });
    for (const d of c.distinct) {
      const b = bucketOf(d.grain);
      if (b < 0) continue;
      const cells = target.sets[d.k]!;
      const x = b * n + d.entity;
      let s = cells[x];
      if (s === undefined) cells[x] = s = new Set();
      s.add(d.code);
    }
  }
}

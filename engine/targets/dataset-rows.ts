/**
 * The dataset's `targets` rows, read once per evaluation: each row's period
 * text is parsed in the template's fiscal year (`2026` with
 * `fiscal_year_starts april` is April 2026..March 2027) and fitted to the
 * grain. A period finer than the grain (a month's row at a quarter grain)
 * cannot be a target and is a `TargetDataError` naming the row, raised
 * before anything is evaluated. Rows are grouped by metric and ordered so
 * that applying them in order lets the more specific row win: longer
 * periods first, then parents before children (pre-order), then file order.
 * @module
 */
import type { Dataset, TargetValue } from "../dataset/types.js";
import type { Period } from "../periods.js";
import { finer, type Calendar } from "./calendar.js";

/**
 * A dataset target that cannot be used; `row` says where it is (its line or record index).
 * @example
 * try { buildTargets(checked, dataset, history); } catch (e) { if (e instanceof TargetDataError) console.error(e.message); }
 */
export class TargetDataError extends Error {
  constructor(message: string, readonly row?: TargetValue) {
    super(message);
    this.name = "TargetDataError";
  }
}

/** A dataset row with its period parsed. @example rows[0]!.period.text; // "2026" */
export interface TargetRow {
  /** Position in `dataset.targets` (explanations cite `origin`). */
  index: number;
  entity: number;
  period: Period;
  base: number | null;
  challenge: number | null;
  origin: number;
  /** The row's period is exactly one grain period (its value is then taken as written, never prorated). */
  atGrain: boolean;
}

/**
 * Parses and groups the dataset's target rows by metric, in application order.
 * @example
 * groupRows(dataset, calendar).get("new_amount")?.length; // 10000 for W1
 */
export function groupRows(dataset: Dataset, calendar: Calendar): Map<string, TargetRow[]> {
  const out = new Map<string, TargetRow[]>();
  const pos = new Int32Array(dataset.entities.list.length);
  dataset.entities.order.forEach((e, i) => (pos[e] = i));
  // Quotas repeat a handful of period texts (10,000 rows of "2026"): each is parsed once.
  const parsed = new Map<string, ReturnType<Calendar["parse"]>>();
  // Consecutive rows mostly share their period and metric: the last ones are remembered.
  let lastText: string | undefined;
  let period: Period | undefined;
  let lastMetric: string | undefined;
  let list: TargetRow[] = [];
  const { targets } = dataset;
  for (let index = 0; index < targets.length; index++) {
    const t = targets[index]!;
    if (t.period !== lastText || period === undefined) {
      let p = parsed.get(t.period);
      if (p === undefined) parsed.set(t.period, (p = calendar.parse(t.period)));
      if (typeof p === "string") throw new TargetDataError(`${rowPlace(dataset, t)}: ${p}`, t);
      if (finer(p.unit, calendar.grain)) {
        throw new TargetDataError(`${rowPlace(dataset, t)}: a ${p.unit} is finer than the template's grain (${calendar.grain}); give the target for a ${calendar.grain} or a longer period`, t);
      }
      lastText = t.period;
      period = p;
    }
    if (t.metric !== lastMetric) {
      let l = out.get(t.metric);
      if (l === undefined) out.set(t.metric, (l = []));
      list = l;
      lastMetric = t.metric;
    }
    list.push({ index, entity: t.entity, period, base: t.base, challenge: t.challenge, origin: t.origin, atGrain: period.unit === calendar.grain });
  }
  for (const [metric, list] of out) out.set(metric, applicationOrder(list, pos));
  return out;
}

/**
 * Rows (in file order) ordered longer periods first, then by the entity's
 * pre-order position `pos`, then file order — by two stable counting sorts,
 * linear in rows and entities: a dataset carries thousands of quotas.
 */
function applicationOrder(rows: TargetRow[], pos: Int32Array): TargetRow[] {
  const byPos = countingSort(rows, (r) => pos[r.entity]!, pos.length);
  const distinct = new Set<number>();
  for (const r of rows) distinct.add(r.period.end - r.period.start);
  // All of one length (a year's quotas): already in order.
  if (distinct.size <= 1) return byPos;
  const lengths = [...distinct].sort((a, b) => b - a);
  const rank = new Map(lengths.map((len, i) => [len, i]));
  return countingSort(byPos, (r) => rank.get(r.period.end - r.period.start)!, lengths.length);
}

/** A stable sort of `items` by an integer key in `0 .. keys − 1`. */
function countingSort<T>(items: readonly T[], key: (item: T) => number, keys: number): T[] {
  const next = new Int32Array(keys + 1);
  for (const it of items) next[key(it) + 1]!++;
  for (let k = 1; k <= keys; k++) next[k]! += next[k - 1]!;
  const out = new Array<T>(items.length);
  for (const it of items) out[next[key(it)]!++] = it;
  return out;
}

/** Where a row is, for its error message (made only then: a dataset has thousands of rows). */
function rowPlace(dataset: Dataset, t: TargetValue): string {
  return `target for ${dataset.entities.list[t.entity]?.id ?? t.entity}, ${t.metric}, ${t.period} (row ${t.origin})`;
}

/**
 * The rows of one fiscal year (those overlapping the days its grain periods cover).
 * @example
 * rowsIn(rows, layout.first, layout.last);
 */
export function rowsIn(rows: readonly TargetRow[], first: number, last: number): readonly TargetRow[] {
  const inside = (r: TargetRow): boolean => r.period.end >= first && r.period.start <= last;
  // Usually every row is of the year: no copy then.
  return rows.every(inside) ? rows : rows.filter(inside);
}

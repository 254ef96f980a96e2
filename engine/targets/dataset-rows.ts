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
  readRows(dataset, calendar, out);
  for (const [metric, list] of out) out.set(metric, applicationOrder(list, pos));
  return out;
}

// The loops below are functions of their own, each a single loop with nothing after it but a
// return: V8 compiles a long loop on the fly, and code after it that had never run would throw
// that compiled code away at every evaluation (engine/evaluate/CONTEXT.md, "Hot loops").

/** Every row parsed, into `out` by metric, in file order. */
function readRows(dataset: Dataset, calendar: Calendar, out: Map<string, TargetRow[]>): void {
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
}

/**
 * Rows (in file order) ordered longer periods first, then by the entity's
 * pre-order position `pos`, then file order — by two stable counting sorts,
 * linear in rows and entities: a dataset carries thousands of quotas.
 */
function applicationOrder(rows: TargetRow[], pos: Int32Array): TargetRow[] {
  const byPos = countingSort(rows, positionKeys(rows, pos), pos.length);
  const lengths = [...periodLengths(rows)].sort((a, b) => b - a);
  // All of one length (a year's quotas): already in order.
  if (lengths.length <= 1) return byPos;
  return countingSort(byPos, lengthRanks(byPos, lengths), lengths.length);
}

function positionKeys(rows: readonly TargetRow[], pos: Int32Array): Int32Array {
  const keys = new Int32Array(rows.length);
  for (let k = 0; k < rows.length; k++) keys[k] = pos[rows[k]!.entity]!;
  return keys;
}

function periodLengths(rows: readonly TargetRow[]): Set<number> {
  const out = new Set<number>();
  for (let k = 0; k < rows.length; k++) out.add(rows[k]!.period.end - rows[k]!.period.start);
  return out;
}

/** Each row's rank among the period lengths, longest first. */
function lengthRanks(rows: readonly TargetRow[], lengths: readonly number[]): Int32Array {
  const rank = new Map(lengths.map((len, i) => [len, i]));
  const keys = new Int32Array(rows.length);
  for (let k = 0; k < rows.length; k++) keys[k] = rank.get(rows[k]!.period.end - rows[k]!.period.start)!;
  return keys;
}

/** A stable sort of `items` by their integer keys (`keys[k]` in `0 .. range − 1` for `items[k]`). */
function countingSort<T>(items: readonly T[], keys: Int32Array, range: number): T[] {
  const next = new Int32Array(range + 1);
  for (let k = 0; k < keys.length; k++) next[keys[k]! + 1]!++;
  for (let k = 1; k <= range; k++) next[k]! += next[k - 1]!;
  return placed(items, keys, next);
}

function placed<T>(items: readonly T[], keys: Int32Array, next: Int32Array): T[] {
  const out = new Array<T>(items.length);
  for (let k = 0; k < items.length; k++) out[next[keys[k]!]!++] = items[k]!;
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

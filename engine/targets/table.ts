/**
 * One additive metric's targets for one fiscal year, as typed arrays over
 * entity × grain period (`values[entity * columns + column]`, NaN = none).
 * Built in four passes:
 * 1. the template: `N per KIND per PERIOD` writes N for every PERIOD of the
 *    year into each entity of KIND, spread to the grain (`spread.ts`); a
 *    root total is split down the tree first (`tree-split.ts`) and each
 *    leaf's share is then spread over time (tree first, then time: every
 *    rep's year adds up exactly to their share of the year). A PERIOD finer
 *    than the grain (`per week` at a month grain) gives each grain period N
 *    × the number of PERIODs in it (weeks by their Thursday);
 * 2. dataset rows, longest period first so a month's row wins over the
 *    year's: a row's amount is spread to the grain like the template's (a
 *    rep's annual quota by the quarter/month weights), and in a split
 *    template a row for an entity with members is split among them;
 * 3. proration: a cell of an entity active for only part of a grain period
 *    is scaled by active days / days, rounded once by the template's mode —
 *    except a dataset row given for exactly that grain period and entity,
 *    which is taken as written (the admin already set that period's figure);
 *    an entity inactive all period gets 0 (in a split template, an entity
 *    inactive all year takes no share and has no target);
 * 4. parents: every cell not set for the entity itself is the sum of its
 *    children's (none when no child has a target).
 * `given` marks cells set for the entity itself; `source` says by what
 * (0 the template, k + 1 dataset row k) for explanations.
 * @module
 */
import { childrenFirst } from "../dataset/tree-order.js";
import type { Dataset } from "../dataset/types.js";
import type { Rounding } from "../money.js";
import { grainPeriodsIn, nextPeriod, periodOf, type Period } from "../periods.js";
import { finer, type YearLayout } from "./calendar.js";
import { rowsIn, type TargetRow } from "./dataset-rows.js";
import { mulDivRound, ratioOf } from "./fast-split.js";
import type { MetricRule, TemplateAmount } from "./rules.js";
import { buildPlan, leafColumns, spreadEach, spreadValues, type SpreadPlan } from "./spread.js";
import type { TreeShares } from "./tree-split.js";

/** One metric-year table. @example table.values[entity * table.columns + column]; // NaN when none */
export interface YearTable {
  layout: YearLayout;
  columns: number;
  values: Float64Array;
  given: Uint8Array;
  source: Int32Array;
  /** Challenge tables of a `challenge P%` target only: 1 where a dataset challenge lies in the entity's subtree. */
  explicit?: Uint8Array;
}

/** What a table is built from. @example const inputs: TableInputs = { dataset, rule, rows, rounding: "half_up", shares: () => shares }; */
export interface TableInputs {
  dataset: Dataset;
  rule: MetricRule;
  /** The metric's dataset rows, in application order. */
  rows: readonly TargetRow[];
  rounding: Rounding;
  /** The year's tree split (built on first use: `by history` asks for last year's actuals). */
  shares: () => TreeShares;
}

/**
 * Builds the base table, or the challenge table (`base` given: percent challenges derive from it).
 * @example
 * const base = buildTable(inputs, "base", layout);
 * const challenge = buildTable(inputs, "challenge", layout, base);
 */
export function buildTable(inputs: TableInputs, channel: "base" | "challenge", layout: YearLayout, base?: YearTable): YearTable {
  const { dataset, rule, rounding } = inputs;
  const list = dataset.entities.list;
  const n = layout.periods.length;
  const size = list.length * n;
  const t: YearTable = { layout, columns: n, values: new Float64Array(size).fill(NaN), given: new Uint8Array(size), source: new Int32Array(size).fill(-1) };
  // Entities active for only part of the year (NaN compares false: an open start or end).
  const { starts, ends } = dataset.entities;
  const partial = new Uint8Array(list.length);
  for (let e = 0; e < list.length; e++) partial[e] = starts[e]! > layout.first || ends[e]! < layout.last ? 1 : 0;
  const w: RowTarget = { t, partial, list, layout, rounding };
  const set = (e: number, col: number, v: number, source: number, prorate: boolean): void => setCell(w, e, col, v, source, prorate);
  const plans = new PlanCache(layout, rule.time);
  const template = channel === "base" ? rule.base : rule.challenge && !rule.challenge.percent ? rule.challenge.amount : undefined;
  const splitMode = rule.split !== undefined || (template !== undefined && template.perEntity === undefined);

  if (template) {
    const kindMembers = template.perEntity === undefined ? [] : list.filter((e) => e.kind === template.perEntity).map((e) => e.index);
    for (const [period, amount] of templateAmounts(template, layout)) {
      const plan = plans.get(period);
      if (template.perEntity !== undefined) {
        // Every member gets the same amount: split it once.
        const cols = leafColumns(plan);
        const shares = new Float64Array(cols.length);
        spreadValues(plan, amount, shares);
        for (const e of kindMembers) for (let k = 0; k < cols.length; k++) if (cols[k]! >= 0) set(e, cols[k]!, shares[k]!, 0, true);
      } else {
        inputs.shares().each(0, amount, (leaf, share) => spreadEach(plan, share, (col, v) => set(leaf, col, v, 0, true)));
      }
    }
  }
  if (channel === "challenge" && rule.challenge?.percent && base) {
    // Cells the dataset leaves alone keep P% of their base (the query recomputes it for sums).
    t.explicit = new Uint8Array(size);
    const { num, den } = ratioOf(rule.challenge.factor);
    for (let i = 0; i < size; i++) {
      if (base.given[i]) {
        t.values[i] = mulDivRound(base.values[i]!, num, den, rounding);
        t.given[i] = 1;
        t.source[i] = base.source[i]!;
      }
    }
  }
  const rows = rowsIn(inputs.rows, layout.first, layout.last);
  const amountOf = (r: TargetRow): number | null => (channel === "base" ? r.base : r.challenge);
  // A row split among the members of its entity (only in a split template; the shares are built on first need).
  const isSplit = (r: TargetRow): boolean => splitMode && amountOf(r) !== null && inputs.shares().splits(r.entity);
  for (let k = 0; k < rows.length; ) {
    const r = rows[k]!;
    if (isSplit(r)) {
      const amount = amountOf(r)!;
      const plan = plans.get(r.period);
      const mark = (e: number) => (col: number, v: number): void => {
        set(e, col, v, r.index + 1, !(r.atGrain && e === r.entity));
        if (t.explicit) t.explicit[e * n + col] = 1;
      };
      inputs.shares().each(r.entity, amount, (leaf, share) => spreadEach(plan, share, mark(leaf)));
      k++;
      continue;
    }
    // A run of the common rows (reps' quotas), in application order.
    let end = k + 1;
    while (end < rows.length && !isSplit(rows[end]!)) end++;
    writeRows(w, rows, k, end, channel, plans);
    k = end;
  }
  sumUp(t, dataset);
  return t;
}

/** Split plans by period object (rows with the same period text share one parsed Period, Calendar.parse). */
class PlanCache {
  private readonly plans = new Map<Period, SpreadPlan>();
  private last: Period | undefined;
  private lastPlan: SpreadPlan | undefined;
  constructor(private readonly layout: YearLayout, private readonly time: MetricRule["time"]) {}

  get(p: Period): SpreadPlan {
    // Quotas come in runs of one period (thousands of rows of "2026").
    if (p === this.last) return this.lastPlan!;
    let plan = this.plans.get(p);
    if (plan === undefined) this.plans.set(p, (plan = buildPlan(p, this.layout, this.time)));
    this.last = p;
    return (this.lastPlan = plan);
  }
}

/** What `writeRows` writes into. */
interface RowTarget {
  t: YearTable;
  partial: Uint8Array;
  list: Dataset["entities"]["list"];
  layout: YearLayout;
  rounding: Rounding;
}

/**
 * Rows `from .. to` (none split among members): each row's amount spread
 * to the grain and written at its entity, prorated when the entity is
 * active for part of the year and the row is not for exactly one grain
 * period. A function of its own, free of per-table closures, so that V8
 * compiles its loop once for every table (see engine/evaluate/CONTEXT.md, "Hot loops").
 */
function writeRows(w: RowTarget, rows: readonly TargetRow[], from: number, to: number, channel: "base" | "challenge", plans: PlanCache): void {
  const { explicit } = w.t;
  const n = w.t.columns;
  let shares = new Float64Array(0);
  let cols: Int32Array = new Int32Array(0);
  let colsOf: SpreadPlan | undefined;
  for (let k = from; k < to; k++) {
    const r = rows[k]!;
    const amount = channel === "base" ? r.base : r.challenge;
    if (amount === null) continue;
    const plan = plans.get(r.period);
    if (plan !== colsOf) {
      cols = leafColumns(plan);
      colsOf = plan;
      if (shares.length < cols.length) shares = new Float64Array(cols.length);
    }
    spreadValues(plan, amount, shares);
    const e = r.entity;
    for (let c = 0; c < cols.length; c++) {
      const col = cols[c]!;
      if (col < 0) continue;
      setCell(w, e, col, shares[c]!, r.index + 1, !r.atGrain);
      if (explicit) explicit[e * n + col] = 1;
    }
  }
}

/** Sets a cell the entity's own: prorated (when asked and the entity is active for part of the year), marked given, with its source. */
function setCell(w: RowTarget, e: number, col: number, v: number, source: number, prorate: boolean): void {
  const { t } = w;
  const i = e * t.columns + col;
  t.values[i] = prorate && w.partial[e] ? prorated(w.list[e]!, w.layout.periods[col]!, v, w.rounding) : v;
  t.given[i] = 1;
  t.source[i] = source;
}

/** The PERIODs of the year with the template amount of each (× the count of PERIODs in a grain period when PERIOD is finer). */
function templateAmounts(a: TemplateAmount, layout: YearLayout): [Period, number][] {
  const grain = layout.periods[0]!.unit;
  if (finer(a.per, grain)) {
    return layout.periods.map((g) => {
      const v = a.amount * grainPeriodsIn(g, a.per).length;
      if (!Number.isSafeInteger(v)) throw new RangeError(`target ${a.text} per ${a.per} leaves the exact range`);
      return [g, v];
    });
  }
  const out: [Period, number][] = [];
  // From the period holding the year's first covered day through the last: the year's own
  // PERIODs, plus (weeks at a day grain) the weeks across its edges, whose days outside are skipped.
  for (let p = periodOf(layout.first, a.per, layout.period.fiscalStart); p.start <= layout.last; p = nextPeriod(p)) out.push([p, a.amount]);
  return out;
}

/**
 * A grain cell's target scaled by the entity's active days in the period, rounded once.
 * @example
 * prorated({ start: day("2026-03-22"), end: null }, march, 8_000_000, "half_up"); // 2580645 (10/31)
 */
export function prorated(e: { start: number | null; end: number | null }, p: Period, v: number, rounding: Rounding): number {
  const from = e.start === null ? p.start : Math.max(e.start, p.start);
  const to = e.end === null ? p.end : Math.min(e.end, p.end);
  const active = Math.max(0, to - from + 1);
  const days = p.end - p.start + 1;
  return active === days ? v : mulDivRound(v, active, days, rounding);
}

/** Pass 4: children before parents (`childrenFirst`); a parent's own cells are left alone. */
function sumUp(t: YearTable, dataset: Dataset): void {
  const { kid, par } = childrenFirst(dataset.entities.parents, dataset.entities.order);
  sumChildren(t.values, t.given, t.explicit, kid, par, t.columns);
}

function sumChildren(values: Float64Array, given: Uint8Array, explicit: Uint8Array | undefined, kid: Int32Array, par: Int32Array, n: number): void {
  for (let k = 0; k < kid.length; k++) {
    const eo = kid[k]! * n;
    const po = par[k]! * n;
    for (let c = 0; c < n; c++) {
      const v = values[eo + c]!;
      if (given[po + c] || v !== v) continue;
      const pv = values[po + c]!;
      values[po + c] = pv === pv ? pv + v : v;
      if (explicit && explicit[eo + c]) explicit[po + c] = 1;
    }
  }
}

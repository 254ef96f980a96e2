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
  const { values, given, source: sources } = t;
  // Entities active for only part of the year (NaN compares false: an open start or end).
  const { starts, ends } = dataset.entities;
  const partial = new Uint8Array(list.length);
  for (let e = 0; e < list.length; e++) partial[e] = starts[e]! > layout.first || ends[e]! < layout.last ? 1 : 0;
  const set = (e: number, col: number, v: number, source: number, prorate: boolean): void => {
    const i = e * n + col;
    t.values[i] = prorate && partial[e] ? prorated(list[e]!, layout.periods[col]!, v, rounding) : v;
    t.given[i] = 1;
    t.source[i] = source;
  };
  // Keyed by the period object: rows with the same period text share one parsed Period (Calendar.parse).
  const plans = new Map<Period, SpreadPlan>();
  let lastPeriod: Period | undefined;
  let lastPlan: SpreadPlan | undefined;
  const planFor = (p: Period): SpreadPlan => {
    // Quotas come in runs of one period (thousands of rows of "2026").
    if (p === lastPeriod) return lastPlan!;
    let plan = plans.get(p);
    if (plan === undefined) plans.set(p, (plan = buildPlan(p, layout, rule.time)));
    lastPeriod = p;
    return (lastPlan = plan);
  };
  const template = channel === "base" ? rule.base : rule.challenge && !rule.challenge.percent ? rule.challenge.amount : undefined;
  const splitMode = rule.split !== undefined || (template !== undefined && template.perEntity === undefined);

  if (template) {
    const kindMembers = template.perEntity === undefined ? [] : list.filter((e) => e.kind === template.perEntity).map((e) => e.index);
    for (const [period, amount] of templateAmounts(template, layout)) {
      const plan = planFor(period);
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
  let shares = new Float64Array(0);
  let cols: Int32Array = new Int32Array(0);
  let colsOf: SpreadPlan | undefined;
  for (const r of rowsIn(inputs.rows, layout.first, layout.last)) {
    const amount = channel === "base" ? r.base : r.challenge;
    if (amount === null) continue;
    const plan = planFor(r.period);
    if (splitMode && inputs.shares().splits(r.entity)) {
      const mark = (e: number) => (col: number, v: number): void => {
        set(e, col, v, r.index + 1, !(r.atGrain && e === r.entity));
        if (t.explicit) t.explicit[e * n + col] = 1;
      };
      inputs.shares().each(r.entity, amount, (leaf, share) => spreadEach(plan, share, mark(leaf)));
      continue;
    }
    // The common row (a rep's quota): no callback per row, which thousands of rows would pay for.
    if (plan !== colsOf) {
      cols = leafColumns(plan);
      colsOf = plan;
      if (shares.length < cols.length) shares = new Float64Array(cols.length);
    }
    spreadValues(plan, amount, shares);
    const e = r.entity;
    const row = e * n;
    const source = r.index + 1;
    if (!r.atGrain && partial[e] === 1) {
      for (let k = 0; k < cols.length; k++) if (cols[k]! >= 0) set(e, cols[k]!, shares[k]!, source, true);
    } else {
      for (let k = 0; k < cols.length; k++) {
        const col = cols[k]!;
        if (col < 0) continue;
        values[row + col] = shares[k]!;
        given[row + col] = 1;
        sources[row + col] = source;
      }
    }
    if (t.explicit) for (let k = 0; k < cols.length; k++) if (cols[k]! >= 0) t.explicit[row + cols[k]!] = 1;
  }
  sumUp(t, dataset);
  return t;
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
  const { list, order } = dataset.entities;
  const parent = new Int32Array(list.length);
  for (let e = 0; e < list.length; e++) parent[e] = list[e]!.parent;
  const { kid, par } = childrenFirst(parent, order);
  const n = t.columns;
  const { values, given, explicit } = t;
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

/**
 * Targets (DESIGN.md, "Targets"): the `TargetProvider` the evaluator asks for
 * every metric's base and challenge target at an entity and period, and
 * explanations of each. `buildTargets` reads the template's target rules and
 * the dataset's target rows once (bad rows throw `TargetDataError` here,
 * before anything is evaluated); each additive (money, count) metric's
 * fiscal year is tabulated on first use (`table.ts`: typed arrays of entity ×
 * grain period), so a grain cell is one array read and a quarter, year or
 * range is a sum over its grain cells. Flat metrics (percent, number, and
 * money or count metrics with a `flat` target) are answered directly (`flat.ts`). `challenge P%` is P% of the base *at each
 * cell*, rounded once there (money to the minor unit, counts to whole units)
 * — so a quarter's challenge is P% of the quarter's base, not the sum of
 * three rounded monthly challenges; where the dataset gives challenges, the
 * challenge is tabulated and summed like the base. Sits between the checked
 * template + dataset and the evaluator core (`engine/evaluate/`).
 * @module
 */
import type { CheckedTemplate } from "../check/checked-model.js";
import type { Dataset } from "../dataset/types.js";
import type { Cell, TargetColumns, TargetPair, TargetProvider, TargetTrace, Value } from "../evaluate/contract.js";
import type { FiscalStart, Period } from "../periods.js";
import { Calendar, type YearSlice } from "./calendar.js";
import { groupRows, type TargetRow } from "./dataset-rows.js";
import { explainTarget } from "./explain.js";
import { mulDivRound, ratioOf, type Ratio } from "./fast-split.js";
import { FlatRows, flatTarget } from "./flat.js";
import { formatterFor } from "./format.js";
import { resolveRules, type MetricRule } from "./rules.js";
import { buildTable, type YearTable } from "./table.js";
import { attrWeight, buildTreeShares, type TreeShares } from "./tree-split.js";

export { attainmentColumn, attainmentOf, paceIsAttainment, paceOf } from "./attainment.js";
export { TargetDataError } from "./dataset-rows.js";

/** Last year's actual value of a metric for an entity (the evaluator's), for `split by history`. @example const h: HistoryFn = (m, e, year) => env.metric(m, { entity: e, period: year }); */
export type HistoryFn = (metric: string, entity: number, year: Period) => Value;

/** One metric's rule, rows and tables (internal, shared with `explain.ts`). @example book.metrics.get("new_amount")?.rule.additive; // true */
export interface MetricTargets {
  rule: MetricRule;
  rows: readonly TargetRow[];
  flat: FlatRows | null;
  /** The `challenge P%` factor as an integer ratio. */
  ratio: Ratio | null;
  hasBase: boolean;
  /** A challenge table is needed: `challenge N`, or challenges in the dataset. */
  challengeTable: boolean;
  years: Map<number, { base: YearTable | null; challenge: YearTable | null; shares: TreeShares | null }>;
}

const nullIfNaN = (v: number): number | null => (v === v ? v : null);

/**
 * Builds the targets of every metric for one evaluation.
 * @example
 * const targets = buildTargets(checked, dataset, (m, e, year) => env.metric(m, { entity: e, period: year }));
 * targets.target("new_amount", { entity: 1, period: march }); // { base: 8000000, challenge: 9600000 }
 */
export function buildTargets(checked: CheckedTemplate, dataset: Dataset, history: HistoryFn): TargetProvider {
  return new TargetBook(checked, dataset, history);
}

/**
 * The provider; `explain.ts` reads its tables.
 * @example
 * const book = new TargetBook(checked, dataset, history);
 * book.target("new_amount", { entity: 1, period: q1 }).base; // the sum of the rep's three months
 */
export class TargetBook implements TargetProvider {
  readonly calendar: Calendar;
  readonly metrics = new Map<string, MetricTargets>();
  private lastPeriod: Period | null = null;
  private lastSlices: readonly YearSlice[] = [];

  constructor(readonly checked: CheckedTemplate, readonly dataset: Dataset, private readonly history: HistoryFn) {
    const { grain, fiscalYearStarts } = checked.settings;
    this.calendar = new Calendar(grain, fiscalYearStarts.toLowerCase() as FiscalStart);
    const rows = groupRows(dataset, this.calendar);
    for (const [name, rule] of resolveRules(checked)) {
      const mine = rows.get(name) ?? [];
      const hasBase = rule.base !== undefined || mine.some((r) => r.base !== null);
      const dataChallenge = mine.some((r) => r.challenge !== null);
      if (!hasBase && rule.challenge === undefined && !dataChallenge) continue;
      if (rule.split?.by === "attr") for (const e of dataset.entities.list) attrWeight(dataset, e.index, rule.split.attr ?? "");
      this.metrics.set(name, {
        rule, rows: mine, hasBase,
        flat: rule.additive ? null : new FlatRows(mine, this.calendar),
        ratio: rule.challenge?.percent ? ratioOf(rule.challenge.factor) : null,
        challengeTable: dataChallenge || (rule.challenge !== undefined && !rule.challenge.percent),
        years: new Map(),
      });
    }
  }

  target(metric: string, cell: Cell): TargetPair {
    const m = this.metrics.get(metric);
    if (m === undefined || !(cell.entity >= 0 && cell.entity < this.dataset.entities.list.length)) return { base: null, challenge: null };
    if (m.flat) {
      const f = flatTarget(m.rule, m.flat, cell.entity, cell.period, this.checked.settings.rounding);
      return { base: f.base, challenge: f.challenge };
    }
    const slices = this.slices(cell.period);
    const base = this.sum(m, slices, cell.entity, "base");
    return { base, challenge: this.challengeOf(m, slices, cell.entity, base) };
  }

  columns(metric: string, period: Period): TargetColumns {
    const n = this.dataset.entities.list.length;
    const m = this.metrics.get(metric);
    if (m === undefined) return { base: this.noTargets(), challenge: this.noTargets() };
    const slices = m.flat ? [] : this.slices(period);
    if (!m.flat && m.ratio === null && !m.challengeTable && slices.length === 1) {
      // The common case (one fiscal year, no challenge): the base column read straight from the year's table.
      const s = slices[0]!;
      const t = this.year(m, s.year).base;
      const challenge = this.noTargets();
      if (t === null) return { base: this.noTargets(), challenge };
      const base = new Float64Array(n);
      const cols = s.columns;
      for (let e = 0; e < n; e++) {
        const row = e * t.columns;
        let total = NaN;
        for (let k = 0; k < cols.length; k++) {
          const v = t.values[row + cols[k]!]!;
          if (v === v) total = total === total ? total + v : v;
        }
        base[e] = total;
      }
      return { base, challenge };
    }
    const base = new Float64Array(n);
    const challenge = new Float64Array(n);
    for (let e = 0; e < n; e++) {
      // The same computation as `target`, without a pair per entity.
      let b: number | null, c: number | null;
      if (m.flat) ({ base: b, challenge: c } = flatTarget(m.rule, m.flat, e, period, this.checked.settings.rounding));
      else (b = this.sum(m, slices, e, "base")), (c = this.challengeOf(m, slices, e, b));
      base[e] = b ?? NaN;
      challenge[e] = c ?? NaN;
    }
    return { base, challenge };
  }

  private none: Float64Array | undefined;
  /** A column of no targets (all NaN), shared by every caller: result columns are read, never written. */
  private noTargets(): Float64Array {
    return (this.none ??= new Float64Array(this.dataset.entities.list.length).fill(NaN));
  }

  explain(metric: string, cell: Cell): TargetTrace {
    return explainTarget(this, metric, cell);
  }

  /** The grain cells of a period (the evaluator asks about one period many times in a row). */
  slices(period: Period): readonly YearSlice[] {
    if (period !== this.lastPeriod) {
      this.lastSlices = this.calendar.slices(period);
      this.lastPeriod = period;
    }
    return this.lastSlices;
  }

  /** A metric's tables for a fiscal year, built on first use. */
  year(m: MetricTargets, fy: number): { base: YearTable | null; challenge: YearTable | null; shares: TreeShares | null } {
    let y = m.years.get(fy);
    if (y !== undefined) return y;
    const layout = this.calendar.layout(fy);
    const entry: { base: YearTable | null; challenge: YearTable | null; shares: TreeShares | null } = { base: null, challenge: null, shares: null };
    const shares = (): TreeShares => {
      if (entry.shares === null) {
        const last = this.calendar.yearPeriod(fy - 1);
        const fmt = formatterFor(m.rule.type, this.checked.settings.currencyDigits);
        entry.shares = buildTreeShares(this.dataset, m.rule.split ?? { by: "even" }, layout,
          (e) => this.history(m.rule.metric, e, last), (v) => fmt(v.toNumber()));
      }
      return entry.shares;
    };
    const inputs = { dataset: this.dataset, rule: m.rule, rows: m.rows, rounding: this.checked.settings.rounding, shares };
    if (m.hasBase) entry.base = buildTable(inputs, "base", layout);
    if (m.challengeTable) entry.challenge = buildTable(inputs, "challenge", layout, entry.base ?? undefined);
    m.years.set(fy, (y = entry));
    return y;
  }

  /** The sum of a table's cells over the slices: null when no cell has a target. */
  sum(m: MetricTargets, slices: readonly YearSlice[], entity: number, which: "base" | "challenge"): number | null {
    let total = NaN;
    for (const s of slices) {
      const t = this.year(m, s.year)[which];
      if (t === null) continue;
      const row = entity * t.columns;
      for (const c of s.columns) {
        const v = t.values[row + c]!;
        if (v === v) total = total === total ? total + v : v;
      }
    }
    return nullIfNaN(total);
  }

  /** True when a dataset challenge lies in the cells (so the challenge table, not P% of the base, applies). */
  explicitIn(m: MetricTargets, slices: readonly YearSlice[], entity: number): boolean {
    for (const s of slices) {
      const t = this.year(m, s.year).challenge;
      if (t?.explicit) for (const c of s.columns) if (t.explicit[entity * t.columns + c]) return true;
    }
    return false;
  }

  private challengeOf(m: MetricTargets, slices: readonly YearSlice[], entity: number, base: number | null): number | null {
    if (m.ratio === null) return m.challengeTable ? this.sum(m, slices, entity, "challenge") : null;
    if (m.challengeTable && this.explicitIn(m, slices, entity)) return this.sum(m, slices, entity, "challenge");
    return base === null ? null : mulDivRound(base, m.ratio.num, m.ratio.den, this.checked.settings.rounding);
  }
}

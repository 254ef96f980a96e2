/**
 * Targets of flat metrics (percent, number, and money or count metrics whose
 * target is written `flat`): "targets of other metrics apply unchanged at
 * every entity and period" — no split, no sum, no proration. A
 * dataset row overrides the template's value for its own entity (not its
 * children) at every cell the row's period covers, i.e. the row's grain
 * periods include all of the cell's; the most specific covering row wins
 * (decision: a month's row does not make a quarter's target, since a rate
 * cannot be summed; the quarter keeps the template's value). A null base in a
 * row leaves the template's base (the row may carry only a challenge).
 * `challenge P%` is P% of the cell's base, exact for percent and number
 * metrics; for a flat money or count target it is rounded once, by the
 * template's mode, to the minor unit or the whole count (a result holds money
 * as whole minor units). `challenge N` is N.
 * @module
 */
import { roundToMinor, type Rounding } from "../money.js";
import { grainPeriodsIn, type Period } from "../periods.js";
import type { Calendar } from "./calendar.js";
import type { TargetRow } from "./dataset-rows.js";
import type { MetricRule } from "./rules.js";

/** A flat target with where each half came from. @example const f: FlatTarget = { base: 0.85, challenge: null, baseRow: null, challengeRow: null }; */
export interface FlatTarget {
  base: number | null;
  challenge: number | null;
  baseRow: TargetRow | null;
  challengeRow: TargetRow | null;
}

/**
 * A flat metric's dataset rows by entity, with each row's span of grain periods (first and last start day).
 * @example
 * new FlatRows(rows, calendar).covering(3, march, "base")?.base; // 0.95 for a row `r1, rate, 2026-03, 95%`
 */
export class FlatRows {
  private readonly byEntity = new Map<number, { row: TargetRow; first: number; last: number }[]>();

  constructor(rows: readonly TargetRow[], private readonly calendar: Calendar) {
    for (const row of rows) {
      const g = grainPeriodsIn(row.period, calendar.grain);
      if (g.length === 0) continue;
      const entry = { row, first: g[0]!.start, last: g.at(-1)!.start };
      const list = this.byEntity.get(row.entity);
      if (list) list.push(entry);
      else this.byEntity.set(row.entity, [entry]);
    }
  }

  /** The most specific row for the entity covering the period with a non-null value in `field`. */
  covering(entity: number, period: Period, field: "base" | "challenge"): TargetRow | null {
    const list = this.byEntity.get(entity);
    if (list === undefined) return null;
    const g = grainPeriodsIn(period, this.calendar.grain);
    if (g.length === 0) return null;
    const [first, last] = [g[0]!.start, g.at(-1)!.start];
    let found: TargetRow | null = null;
    // Rows are ordered longest first, so the last covering one is the most specific.
    for (const r of list) if (r.first <= first && last <= r.last && r.row[field] !== null) found = r.row;
    return found;
  }
}

/**
 * The target of a flat metric at one entity and period.
 * @example
 * flatTarget(rule, rows, 3, period, "half_up"); // { base: 0.85, challenge: null, … } for `target renewal_rate { base 85% }`
 * flatTarget(aovRule, rows, 3, period, "half_up"); // { base: 55000, challenge: 66000, … } for `target aov { base 550 flat  challenge 120% }`
 */
export function flatTarget(rule: MetricRule, rows: FlatRows, entity: number, period: Period, rounding: Rounding): FlatTarget {
  const baseRow = rows.covering(entity, period, "base");
  const challengeRow = rows.covering(entity, period, "challenge");
  const base = baseRow?.base ?? rule.base?.amount ?? null;
  let challenge: number | null = challengeRow?.challenge ?? null;
  if (challengeRow === null && rule.challenge) {
    if (!rule.challenge.percent) challenge = rule.challenge.amount.amount;
    else if (base !== null) {
      const exact = rule.challenge.factor.times(base);
      challenge = wholeUnits(rule) ? roundToMinor(exact, 0, rounding) : exact.toNumber();
    }
  }
  return { base, challenge, baseRow, challengeRow };
}

/**
 * True when a flat target is held in whole units (money in minor units, counts), so a share of it is rounded.
 * @example
 * wholeUnits({ metric: "aov", type: "money", additive: false, time: {} }); // true
 */
export const wholeUnits = (rule: MetricRule): boolean => rule.type === "money" || rule.type === "integer";

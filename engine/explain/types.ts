/**
 * The shape of an explanation: everything behind one entity's numbers in one
 * period, as plain JSON (it goes into the result's `explanations`, keyed by
 * entity id, and `renderExplanation` turns it into a worksheet). Values
 * follow the result's conventions: money is a decimal string with the
 * currency's digits (`"1234.50"`), percents are fractions, dates are
 * `YYYY-MM-DD`, missing values are null; each value carries its type so a
 * reader can show it.
 * @module
 */
import type { MetricType, ValueType } from "../check/checked-model.js";
import type { IncentiveTrace } from "../evaluate/contract.js";

/** A value in an explanation. @example const v: JsonValue = "104000.00"; */
export type JsonValue = string | number | boolean | null;

/**
 * One aggregate of a metric's formula: its value and the records it counted.
 * @example
 * const a: AggregateExplanation = { text: "count(visits)", type: "integer", value: 12, records: 12, origins: [{ file: "visits.csv", line: 2 }] };
 */
export interface AggregateExplanation {
  text: string;
  type: ValueType;
  value: JsonValue;
  records: number;
  /** Up to five records: file and line (CSV/NDJSON) or record index (JSON). */
  origins: { file: string; line: number }[];
}

/**
 * A metric's target side: target, challenge, attainment, pace, and how the target was found.
 * @example
 * const t: TargetExplanation = { base: "100000.00", challenge: "120000.00", attainment: 1.04, pace: 1.04, source: "template", steps: [] };
 */
export interface TargetExplanation {
  base: JsonValue;
  challenge: JsonValue;
  attainment: number | null;
  pace: number | null;
  /** `template`, `dataset`, `sum of children`, `unchanged` or `none`. */
  source: string;
  steps: string[];
}

/**
 * One metric: formula, value, the metrics it reads, its aggregates and its target.
 * @example
 * const m: MetricExplanation = { metric: "visit_count", type: "integer", formula: "count(visits)", value: 12, reads: [], aggregates: [] };
 */
export interface MetricExplanation {
  metric: string;
  label?: string;
  type: MetricType;
  /** The formula as canonical text; absent for `= input` metrics. */
  formula?: string;
  /** True for `= input`: the value comes from the dataset. */
  input?: boolean;
  lowerBetter?: boolean;
  value: JsonValue;
  /** The metrics the formula reads, with their values at the same entity and period. */
  reads: { metric: string; type: MetricType; value: JsonValue }[];
  aggregates: AggregateExplanation[];
  target?: TargetExplanation;
}

/**
 * One scorecard with its items (fractions: 0.5 is 50%).
 * @example
 * const s: ScoreExplanation = { scorecard: "monthly", score: 0.97, items: [] };
 */
export interface ScoreExplanation {
  scorecard: string;
  label?: string;
  score: number;
  items: { metric: string; weight: number; attainment: number | null; cap: number | null; points: number }[];
}

/**
 * One incentive: its amount and its calculation in words.
 * @example
 * const i: IncentiveExplanation = { incentive: "commission", value: "5200.00", trace: { form: "tiers", steps: [] } };
 */
export interface IncentiveExplanation {
  incentive: string;
  label?: string;
  value: string;
  trace: IncentiveTrace;
}

/**
 * One alert: its condition, whether it fired, and its message when it did.
 * @example
 * const a: AlertExplanation = { alert: "behind_pace", severity: "warning", when: "pace(new_amount) < 80%", fired: false, message: null };
 */
export interface AlertExplanation {
  alert: string;
  label?: string;
  severity: "info" | "warning" | "critical";
  when: string;
  fired: boolean;
  message: string | null;
}

/**
 * Everything behind one entity's numbers in one period.
 * @example
 * const e: EntityExplanation = explainEntity(env, cell, "张伟");
 */
export interface EntityExplanation {
  entity: { id: string; kind: string; name: string; parent: string | null };
  template: string | null;
  currency: string;
  period: string;
  asOf: string;
  rounding: "half_up" | "half_even";
  metrics: MetricExplanation[];
  scores: ScoreExplanation[];
  incentives: IncentiveExplanation[];
  /** The sum of the incentives, when any applies to the entity's kind. */
  payout?: string;
  alerts: AlertExplanation[];
}

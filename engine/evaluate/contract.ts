/**
 * The contract between the parts of evaluation: the evaluator core
 * (`engine/evaluate/`: aggregation passes, formulas, the result), targets
 * (`engine/targets/`) and incentives, scorecards, alerts and explanations
 * (`engine/incentives/`, `engine/scorecards/`, `engine/alerts/`). Each part
 * codes against these types only.
 *
 * Runtime values (`Value`), by the checker's type:
 * - money: integer minor units (JS number, exact below 2^53) — or, inside a
 *   formula after multiplying or dividing by a non-integer, an exact `Big` in
 *   minor units. A money value is rounded ONCE, by the template's rounding
 *   mode, when a metric or incentive value is produced (`finishMoney`).
 * - number, integer, percent: JS numbers (a percent is a fraction: 0.85).
 * - date: epoch days (JS number). string and enum: JS strings. boolean: JS booleans.
 * - null: missing (division by zero, no data, no target). Null propagates
 *   through arithmetic and functions except `coalesce` and `is null`; a
 *   comparison with null is false; `not null` is null; `and` is false if
 *   either side is false, else null if either is null; `or` is true if either
 *   side is true, else null if either is null; a condition (`if`, `where`,
 *   `gate`, `when`) treats null as false.
 * @module
 */
import type Big from "big.js";
import type { CheckedExpr, CheckedTemplate } from "../check/checked-model.js";
import type { Dataset } from "../dataset/types.js";
import type { EpochDay, Period } from "../periods.js";

export type Value = number | Big | string | boolean | null;

/** One entity in one period (or custom range, for `ytd`). */
export interface Cell {
  /** Index into `dataset.entities.list` (0 is the root `all`). */
  entity: number;
  period: Period;
}

/** A target for one metric and cell: money in integer minor units, other metrics as plain numbers. */
export interface TargetPair {
  base: number | null;
  challenge: number | null;
}

/** A period's targets of one metric, by entity index; NaN where `TargetPair` has null. */
export interface TargetColumns {
  base: Float64Array;
  challenge: Float64Array;
}

/** How a target was obtained, for explanations. */
export interface TargetTrace {
  /** `template`, `dataset`, `sum of children`, `unchanged` (non-additive), or `none`. */
  source: string;
  /** Readable steps: "annual 1,200,000.00 × Q1 20% = 240,000.00", "× 10/31 active days (prorated)", … */
  steps: string[];
}

/** Targets for every metric, entity and period; built once per evaluation by `engine/targets/`. */
export interface TargetProvider {
  /** The target of `metric` at `cell`; both null when the metric has no target there. */
  target(metric: string, cell: Cell): TargetPair;
  /**
   * Optional: `target(metric, cell)` for every entity of a period at once (index = entity,
   * NaN = null), so the evaluator reads targets from arrays instead of allocating a cell
   * and a pair per entity. Must agree with `target` cell by cell.
   */
  columns?(metric: string, period: Period): TargetColumns;
  explain(metric: string, cell: Cell): TargetTrace;
}

/** What the evaluator core offers the other parts, for one evaluation. */
export interface EvalEnv {
  readonly checked: CheckedTemplate;
  readonly dataset: Dataset;
  /** The as-of date of the evaluation (the period's last day when none was given). */
  readonly asOf: EpochDay;
  readonly targets: TargetProvider;
  /** A metric's final value at a cell (money already rounded to integer minor units). Memoized. */
  metric(name: string, cell: Cell): Value;
  /** Any checked expression at a cell (money may come back as an unrounded `Big`). */
  evaluate(expr: CheckedExpr, cell: Cell): Value;
  /**
   * `evaluate` bound to one expression and period, for a loop over entities:
   * the lookups are done once. Optional: a caller falls back to `evaluate`.
   */
  evaluator?(expr: CheckedExpr, period: Period): (entity: number) => Value;
  /**
   * An expression for every entity of a period at once, when its shape allows:
   * numbers in a Float64Array (NaN is null; money in minor units), true/false in
   * a Uint8Array (1 true, 0 false; never null). Optional; undefined otherwise.
   */
  column?(expr: CheckedExpr, period: Period): Float64Array | Uint8Array | undefined;
  /** actual / target (target / actual when lower_better); null when the target is null or 0. */
  attainment(metric: string, cell: Cell): number | null;
  /** actual / (target × elapsed days / days in period) as of `asOf`; attainment at or after the period's end. */
  pace(metric: string, cell: Cell): number | null;
  /**
   * For explanations: each aggregate in a metric's formula at a cell, with
   * the number of records it counted and where the first few came from. May
   * re-scan the records of that one cell (it is not on the hot path).
   */
  aggregates(metric: string, cell: Cell): AggregateTrace[];
}

export interface AggregateTrace {
  /** The aggregate as written: `sum(deals.amount where status == "won")`. */
  text: string;
  value: Value;
  /** Records that passed the filter (and the as-of cut-off) for the cell's entity and its descendants. */
  records: number;
  /** Up to five of them: file and line (CSV/NDJSON) or record index (JSON). */
  origins: { file: string; line: number }[];
}

/** One step of an incentive's calculation, in words an admin reads. */
export interface IncentiveTrace {
  /** `formula` or `tiers`. */
  form: "formula" | "tiers";
  steps: string[];
  /** The tier taken (index into the steps of `tiers`), when tiers apply. */
  tier?: number;
  gate?: { passed: boolean; text: string };
  /** Before rounding, after rounding, and after cap/floor, in minor units. */
  unrounded?: string;
  rounded?: number;
  capped?: "cap" | "floor";
}

export interface IncentiveOutcome {
  /** The payout in integer minor units, rounded once and bounded by cap/floor. */
  value: number;
  trace: IncentiveTrace;
}

export interface ScorecardOutcome {
  /** Σ weight × min(attainment, cap); null attainment scores 0. */
  score: number;
  items: { metric: string; weight: number; attainment: number | null; cap: number | null; points: number }[];
}

export interface AlertOutcome {
  alert: string;
  severity: "info" | "warning" | "critical";
  message: string;
}

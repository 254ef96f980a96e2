/**
 * A frame is one period's worth of everything: the rolled-up accumulators of
 * every entity for that period's days, and — filled lazily, a whole column
 * at a time — each metric's final value for every entity. Cells (entity,
 * period) are read from frames; a frame is made once per period and reused
 * by everything that asks for that period (`prev` of March is February's
 * frame). A year-to-date frame is a custom range (`2026-01..2026-03`) whose
 * aggregates are recomputed over the range and whose formulas are
 * recomputed from them; its `anchor` is the period it is the year-to-date of.
 * @module
 */
import { grainPeriodsIn, yearToDate, type EpochDay, type Period, type PeriodUnit } from "../periods.js";
import type { RV } from "./ops.js";
import type { Span } from "./windows.js";

/**
 * A metric column: final values per entity. Numeric metrics use a Float64Array
 * with NaN for null (money as integer minor units); others an array of values.
 * @example
 * const col: MetricColumn = new Float64Array(3).fill(NaN);
 */
export type MetricColumn = Float64Array | RV[];

/**
 * One period's accumulators and metric columns.
 * @example
 * const f = core.frame(period); f.num[0]![entity]; // an aggregate's accumulator
 */
export class Frame {
  /** Metric columns by metric index, filled on first use. */
  readonly cols: (MetricColumn | undefined)[];
  /** attainment(m) and pace(m) of every entity by metric index, made on first use (`core.ts`). */
  readonly attainment: (Float64Array | undefined)[];
  readonly pace: (Float64Array | undefined)[];
  /** Marks columns being computed, to catch a dependency loop instead of overflowing the stack. */
  readonly busy: Uint8Array;
  /** Frames of `prev`, `last_year` and `ytd`, once looked up (null: before the data's horizon). */
  readonly shifted = new Map<string, Frame | null>();

  constructor(
    /** The period cells of this frame carry (for a year to date, the custom range). */
    readonly period: Period,
    /** The named period (for a year to date, the period it leads up to). */
    readonly anchor: Period,
    readonly ytd: boolean,
    /** The days whose records count (the grain periods' days). */
    readonly span: Span,
    /** The as-of date of values in this frame: the evaluation's, or the period's last day. */
    readonly asOf: EpochDay,
    readonly num: Float64Array[],
    readonly sets: (Set<number> | undefined)[][],
    metrics: number,
  ) {
    this.cols = new Array<MetricColumn | undefined>(metrics);
    this.attainment = new Array<Float64Array | undefined>(metrics);
    this.pace = new Array<Float64Array | undefined>(metrics);
    this.busy = new Uint8Array(metrics);
  }
}

/**
 * The days of a period at the template's grain: from its first grain period's first day to its last's last day
 * (the same as the period's own days except for months, quarters and years at a week grain).
 * @example
 * grainSpan(parsePeriod("2026-03").period, "month"); // { start: 20513, end: 20543 }
 */
export function grainSpan(p: Period, grain: PeriodUnit): Span {
  const g = grainPeriodsIn(p, grain);
  return { start: g[0]!.start, end: g[g.length - 1]!.end };
}

/**
 * The year to date of a period: its own period when it is the first of its fiscal year,
 * else a custom range period `FIRST..P`. Decision: the range's `unit` is `year`
 * (a part of one fiscal year), so that `grainPeriodsIn` — and so the target
 * provider, which sums a money or count target over the grain periods in a
 * period — walks every grain period of the range; with the anchor's unit, a
 * range of months at a month grain would read as its first month alone.
 * @example
 * ytdPeriod(parsePeriod("2026-03").period).text; // "2026-01..2026-03"
 */
export function ytdPeriod(p: Period): Period {
  const periods = yearToDate(p);
  if (periods.length <= 1) return p;
  const first = periods[0]!;
  return { unit: "year", text: `${first.text}..${p.text}`, start: first.start, end: p.end, fiscalStart: p.fiscalStart };
}

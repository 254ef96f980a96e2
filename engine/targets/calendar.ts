/**
 * The time axis of target tables. Targets are tabulated per fiscal year: a
 * `YearLayout` lists the year's grain periods (the 12 months of a month
 * grain; at a week grain the ISO weeks whose Thursday lies in the year, as
 * `periods.ts` assigns weeks) so a table is a `Float64Array` of
 * entity × grain-period cells. `Calendar` builds layouts lazily and caches
 * them, parses period text in the template's fiscal year, and maps any
 * period (a grain period, a quarter, a year, a `ytd` range) to the grain
 * cells it is made of — cached, so a repeated query costs one Map lookup.
 * @module
 */
import {
  grainPeriodsIn, parsePeriod, periodOf,
  type EpochDay, type FiscalStart, type Period, type PeriodUnit,
} from "../periods.js";

/** One fiscal year's grain periods. @example calendar.layout(2026).periods.length; // 12 at a month grain */
export interface YearLayout {
  /** The fiscal year's number (the calendar year it starts in). */
  readonly year: number;
  readonly period: Period;
  /** The grain periods of the year, in order; a cell's column is its index here. */
  readonly periods: readonly Period[];
  /** First and last day the grain periods cover (a week grain may reach past the year's edges). */
  readonly first: EpochDay;
  readonly last: EpochDay;
  /** A grain period's column by its first day. */
  readonly column: ReadonlyMap<EpochDay, number>;
}

/** The grain cells of a period that fall in one fiscal year. @example const s: YearSlice = { year: 2026, columns: [0, 1, 2] }; */
export interface YearSlice {
  readonly year: number;
  readonly columns: readonly number[];
}

const RANK: Record<PeriodUnit, number> = { day: 0, week: 1, month: 2, quarter: 3, year: 4 };

/** A number key (no string building on the hot path) while start and length fit; text otherwise. */
function sliceKey(p: Period): number | string {
  const length = p.end - p.start;
  if (p.start >= 0 && p.start < 2 ** 24 && length >= 0 && length < 2 ** 20) return (p.start * 2 ** 20 + length) * 8 + RANK[p.unit];
  return `${p.unit}|${p.start}|${p.end}`;
}

/**
 * True when `unit` is strictly finer than `than`.
 * @example
 * finer("week", "month"); // true
 */
export const finer = (unit: PeriodUnit, than: PeriodUnit): boolean => RANK[unit] < RANK[than];

/**
 * Grain, fiscal start and the caches built on them.
 * @example
 * const cal = new Calendar("month", "april");
 * cal.slices(cal.parse("2026-Q1")!); // [{ year: 2026, columns: [0, 1, 2] }]  (April..June)
 */
export class Calendar {
  private readonly layouts = new Map<number, YearLayout>();
  private readonly sliceCache = new Map<number | string, readonly YearSlice[]>();
  private readonly parsed = new Map<string, Period | string>();

  constructor(readonly grain: PeriodUnit, readonly fiscalStart: FiscalStart) {}

  /** The fiscal year a grain period belongs to (a week's is the one holding its Thursday). */
  yearOf(grainPeriod: Period): number {
    const day = grainPeriod.unit === "week" ? grainPeriod.start + 3 : grainPeriod.start;
    return Number(periodOf(day, "year", this.fiscalStart).text);
  }

  /** The fiscal year period `fy`. */
  yearPeriod(fy: number): Period {
    const p = parsePeriod(String(fy).padStart(4, "0"), { fiscalStart: this.fiscalStart });
    if (!p.ok) throw new RangeError(`year ${fy}: ${p.reason}`);
    return p.period;
  }

  layout(fy: number): YearLayout {
    let l = this.layouts.get(fy);
    if (l === undefined) {
      const period = this.yearPeriod(fy);
      const periods = grainPeriodsIn(period, this.grain);
      const column = new Map<EpochDay, number>();
      periods.forEach((p, i) => column.set(p.start, i));
      l = { year: fy, period, periods, first: periods[0]!.start, last: periods.at(-1)!.end, column };
      this.layouts.set(fy, l);
    }
    return l;
  }

  /** Period text read in the template's fiscal year, cached; a string is the reason it is not a period. */
  parse(text: string): Period | string {
    let p = this.parsed.get(text);
    if (p === undefined) {
      const r = parsePeriod(text, { fiscalStart: this.fiscalStart });
      p = r.ok ? r.period : r.reason;
      this.parsed.set(text, p);
    }
    return p;
  }

  /**
   * The grain cells that make up `period`, grouped by fiscal year; empty when
   * the period is finer than the grain (it has no grain periods of its own).
   */
  slices(period: Period): readonly YearSlice[] {
    const key = sliceKey(period);
    let s = this.sliceCache.get(key);
    if (s === undefined) {
      s = finer(period.unit, this.grain) ? [] : this.computeSlices(grainPeriodsIn(period, this.grain));
      this.sliceCache.set(key, s);
    }
    return s;
  }

  private computeSlices(grains: readonly Period[]): YearSlice[] {
    const out: { year: number; columns: number[] }[] = [];
    for (const g of grains) {
      const fy = this.yearOf(g);
      const col = this.layout(fy).column.get(g.start);
      if (col === undefined) throw new Error(`internal: ${g.text} is not a grain period of ${fy}`);
      const last = out.at(-1);
      if (last?.year === fy) last.columns.push(col);
      else out.push({ year: fy, columns: [col] });
    }
    return out;
  }
}

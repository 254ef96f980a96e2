/**
 * Where frames come from: the windows of filled accumulators and the frames
 * made from them, one per period asked for, plus the time shifts between
 * frames. The first window covers the requested periods (from the fiscal
 * year's start when the template uses `ytd`); a frame outside every window
 * gets a new one, stretched towards the first so that its siblings come from
 * the same pass (`windows.ts`). Decision: `prev` and `last_year` of a period
 * that ends before the dataset's horizon — its earliest record or input
 * period — are null, since the dataset says nothing about that period; this
 * also ends chains such as `m = coalesce(prev(m), 0) + …`.
 * @module
 */
import type { Dataset } from "../dataset/types.js";
import { NO_DATE } from "../dataset/types.js";
import { nextPeriod, parsePeriod, previousPeriod, sameLastYear, yearToDate, type EpochDay, type Period, type PeriodUnit } from "../periods.js";
import { Frame, grainSpan, ytdPeriod } from "./frames.js";
import { Window, type Span, type WindowContext } from "./windows.js";

/**
 * Frames of one evaluation.
 * @example
 * const store = new FrameStore(ctx, periods, "month", false, null, 5); store.frame(march).num;
 */
export class FrameStore {
  private readonly windows: Window[] = [];
  private readonly byText = new Map<string, Frame>();
  private readonly byObject = new WeakMap<Period, Frame>();
  private horizonDay: number | undefined;
  /** Time spent in fused passes and rollups so far, in ms (for the benchmark's split). */
  passMs = 0;

  constructor(
    private readonly ctx: WindowContext & { dataset: Dataset },
    periods: readonly Period[],
    private readonly grain: PeriodUnit,
    usesYtd: boolean,
    private readonly cutoff: EpochDay | null,
    private readonly metrics: number,
  ) {
    const last = periods[periods.length - 1]!;
    let p = usesYtd ? yearToDate(periods[0]!)[0]! : periods[0]!;
    const buckets: Span[] = [];
    for (; p.start <= last.start; p = nextPeriod(p)) buckets.push(grainSpan(p, grain));
    this.windows.push(this.fill(buckets));
  }

  /** Fills a window, adding its time to `passMs`. */
  private fill(buckets: Span[]): Window {
    const t0 = performance.now();
    const w = Window.fill(buckets, this.ctx);
    this.passMs += performance.now() - t0;
    return w;
  }

  /** A window of `first`'s unit from `first` over `span`, stretched towards the first window (at most as long). */
  private extraWindow(first: Period, span: Span): Window {
    const main = this.windows[0]!.buckets;
    const mainLo = main[0]!.start;
    const buckets: Span[] = [];
    for (let p = first; ; p = nextPeriod(p)) {
      const s = grainSpan(p, this.grain);
      buckets.push(s);
      if (s.end < span.end) continue;
      if (s.end + 1 >= mainLo || span.start >= mainLo || buckets.length >= main.length) break;
    }
    return this.fill(buckets);
  }

  /** The accumulators of a frame's days, from a window that covers them or a new one. */
  private cells(first: Period, span: Span): { num: Float64Array[]; sets: (Set<number> | undefined)[][] } {
    for (const w of this.windows) {
      const r = w.find(span.start, span.end);
      if (r) return w.cells(r[0], r[1]);
    }
    const w = this.extraWindow(first, span);
    this.windows.push(w);
    const r = w.find(span.start, span.end);
    if (!r) throw new Error(`internal: a new window does not cover ${first.text}`);
    return w.cells(r[0], r[1]);
  }

  private make(period: Period, anchor: Period, ytd: boolean): Frame {
    const first = ytd ? yearToDate(anchor)[0]! : period;
    const span = ytd ? { start: grainSpan(first, this.grain).start, end: grainSpan(anchor, this.grain).end } : grainSpan(period, this.grain);
    const { num, sets } = this.cells(first, span);
    return new Frame(period, anchor, ytd, span, this.cutoff ?? period.end, num, sets, this.metrics);
  }

  /**
   * The frame of a period (made on first use).
   * @example
   * store.frame(parsePeriod("2026-03").period).num;
   */
  frame(p: Period): Frame {
    let f = this.byObject.get(p);
    if (f) return f; // the usual case: the same Period object asked again
    f = this.byText.get(p.text);
    if (!f) {
      if (p.text.includes("..")) throw new Error(`internal: unknown range period ${p.text}`);
      f = this.make(p, p, false);
      this.byText.set(p.text, f);
    }
    this.byObject.set(p, f);
    return f;
  }

  /** The year-to-date frame of a period. */
  ytdFrame(anchor: Period): Frame {
    const yp = ytdPeriod(anchor);
    if (yp === anchor) return this.frame(anchor);
    let f = this.byText.get(yp.text);
    if (!f) this.byText.set(yp.text, (f = this.make(yp, anchor, true)));
    return f;
  }

  /** The frame `prev`, `last_year` or `ytd` reads from; null before the data's horizon. */
  shift(f: Frame, fn: "prev" | "last_year" | "ytd"): Frame | null {
    let g = f.shifted.get(fn);
    if (g !== undefined) return g;
    if (fn === "ytd") g = f.ytd ? f : this.ytdFrame(f.anchor);
    else {
      const p = fn === "prev" ? previousPeriod(f.anchor) : sameLastYear(f.anchor);
      g = this.beforeHorizon(p) ? null : f.ytd ? this.ytdFrame(p) : this.frame(p);
    }
    f.shifted.set(fn, g);
    return g;
  }

  /** True when a period ends before the dataset's earliest record or input period. */
  beforeHorizon(p: Period): boolean {
    return grainSpan(p, this.grain).end < this.horizon(p.fiscalStart);
  }

  private horizon(fiscalStart: number): number {
    if (this.horizonDay !== undefined) return this.horizonDay;
    let h = Infinity;
    for (const src of this.ctx.dataset.sources.values()) for (const d of src.at) if (d !== NO_DATE && d < h) h = d;
    // Records aggregated by a database are not in the dataset: their earliest grain period starts the horizon instead. For the
    // grain-aligned periods compared with it, "ends before that period's first day" and "ends before the earliest record" agree.
    const agg = this.ctx.aggregates?.firstDay?.();
    if (agg !== undefined && agg < h) h = agg;
    for (const row of this.ctx.dataset.inputs) {
      const p = parsePeriod(row.period, { fiscalStart });
      if (p.ok && p.period.start < h) h = p.period.start;
    }
    return (this.horizonDay = h);
  }
}

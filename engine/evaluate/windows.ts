/**
 * Windows: a run of consecutive buckets (periods of one unit, each spanning
 * its grain periods' days) filled by one fused pass per source and rolled up
 * the entity tree. The first window covers the requested periods (from the
 * fiscal year's start when the template uses `ytd`); a frame outside every
 * window — `prev` of the first month, `last_year`, a history year for
 * targets — gets a new window, stretched towards the first one so that its
 * siblings (last year's other months) come from the same pass.
 * @module
 */
import type { Dataset } from "../dataset/types.js";
import type { Rounding } from "../money.js";
import { checkExactSums, runPass, type PassTarget } from "./pass.js";
import type { Plan, SourcePlan } from "./plan.js";
import { combineBuckets, emptyValue, rollupTree, type TreeShape } from "./rollup.js";

/** A bucket's days, inclusive. @example const b: Span = { start: 20454, end: 20484 }; */
export interface Span {
  start: number;
  end: number;
}

/**
 * What a window needs to fill itself.
 * @example
 * const ctx: WindowContext = { plan, dataset, tree, cutoff: null, digits: 2, rounding: "half_up" };
 */
export interface WindowContext {
  plan: Plan;
  dataset: Dataset;
  tree: TreeShape;
  /** Records dated after it are left out (the as-of date), or null. */
  cutoff: number | null;
  digits: number;
  rounding: Rounding;
  /** The last day of the grain period containing a day, for `days_to_period_end()`. */
  periodEnd: (day: number) => number;
  interpret?: boolean;
  /** Fills a source's accumulators instead of its pass (aggregates computed elsewhere: `engine/sql`). */
  aggregates?: AggregateFill;
}

/**
 * Aggregates computed outside the fused passes (in a database), filled into a
 * window's cells exactly as `runPass` would fill them: same accumulators, same
 * empty values, records cut at `target.hi`.
 * @example
 * const fill: AggregateFill = { fill(sp, target) { … } };
 */
export interface AggregateFill {
  fill(sp: SourcePlan, target: PassTarget): void;
  /**
   * The first day of the earliest grain period holding a record, over every
   * source the aggregates cover (undefined: none). The records stay where
   * they are, so the data's horizon (`frame-store.ts`) comes from here.
   */
  firstDay?(): number | undefined;
}

/**
 * Filled and rolled-up accumulators for consecutive buckets.
 * @example
 * const w = Window.fill([{ start: a, end: b }], ctx); w.find(a, b); // [0, 0]
 */
export class Window {
  private constructor(
    readonly buckets: readonly Span[],
    readonly num: Float64Array[],
    readonly sets: (Set<number> | undefined)[][],
    private readonly kinds: Plan["num"][number]["kind"][],
    private readonly n: number,
  ) {}

  /** Runs every source's pass over the buckets and rolls the cells up the tree. */
  static fill(buckets: readonly Span[], ctx: WindowContext): Window {
    const n = ctx.tree.parent.length;
    const nb = buckets.length;
    const kinds = ctx.plan.num.map((a) => a.kind);
    const num = kinds.map((k) => {
      const a = new Float64Array(nb * n);
      const empty = emptyValue(k);
      return empty === 0 ? a : a.fill(empty);
    });
    const sets = ctx.plan.sets.map(() => new Array<Set<number> | undefined>(nb * n));
    const hi = ctx.cutoff ?? Infinity;
    const options = { entities: ctx.dataset.entities, digits: ctx.digits, rounding: ctx.rounding, periodEnd: ctx.periodEnd, ...(ctx.interpret ? { interpret: true } : {}) };
    for (const sp of ctx.plan.sources) {
      if (ctx.aggregates) {
        ctx.aggregates.fill(sp, { buckets, hi, num, sets });
        continue;
      }
      const src = ctx.dataset.sources.get(sp.name);
      if (!src) throw new Error(`internal: the dataset has no source ${sp.name}`);
      checkExactSums(ctx.plan, sp, src);
      runPass(ctx.plan, sp, src, { buckets, hi, num, sets }, options);
    }
    rollupTree(num, kinds, sets, nb, ctx.tree);
    return new Window(buckets, num, sets, kinds, n);
  }

  /** The buckets that exactly cover `start..end`, or undefined. */
  find(start: number, end: number): [number, number] | undefined {
    const b0 = this.buckets.findIndex((b) => b.start === start);
    if (b0 < 0) return undefined;
    for (let b = b0; b < this.buckets.length; b++) {
      if (b > b0 && this.buckets[b]!.start !== this.buckets[b - 1]!.end + 1) return undefined;
      if (this.buckets[b]!.end === end) return [b0, b];
      if (this.buckets[b]!.end > end) return undefined;
    }
    return undefined;
  }

  /** One cell per entity for buckets `b0..b1` (views when it is one bucket). */
  cells(b0: number, b1: number): { num: Float64Array[]; sets: (Set<number> | undefined)[][] } {
    return combineBuckets(this.num, this.kinds, this.sets, b0, b1, this.n);
  }
}

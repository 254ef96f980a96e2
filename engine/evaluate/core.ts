/**
 * The evaluator core of one evaluation: owns the plan, the frames (through
 * `frame-store.ts`: windows of filled accumulators, time shifts), the metric
 * columns, the target provider and the inputs. Metric formulas are compiled
 * once (`hooks.ts` + `formulas.ts`) and evaluated a whole column (every
 * entity of one frame) at a time, in dependency order as columns are first
 * read, so each (metric, entity, period) is computed once. `EvalEnv`
 * (`env.ts`) is the face other modules see.
 * @module
 */
import type { CheckedExpr, CheckedMetric, CheckedTemplate } from "../check/checked-model.js";
import type { Dataset } from "../dataset/types.js";
import { monthFromName, periodEndOf, type EpochDay, type Period } from "../periods.js";
import type { TargetColumns, TargetPair, TargetProvider, Value } from "./contract.js";
import type { Ctx, Fn } from "./formulas.js";
import { compile } from "./formulas.js";
import { FrameStore } from "./frame-store.js";
import type { Frame, MetricColumn } from "./frames.js";
import { compileCondition, compileVector, type ConditionFn, type VectorFn, type VectorHooks } from "./vector.js";
import { cellHooks } from "./hooks.js";
import { InputTable } from "./inputs.js";
import { planTemplate, type Plan } from "./plan.js";
import { finishRat, type Rat } from "./rational.js";
import type { TreeShape } from "./rollup.js";
import { toValue } from "./values.js";
import type { RV } from "./ops.js";
import { Window, type AggregateFill, type WindowContext } from "./windows.js";

/**
 * The target functions the core needs from `engine/targets/`.
 * @example
 * const parts: TargetParts = { buildTargets, attainmentOf, paceOf };
 */
export interface TargetParts {
  buildTargets(checked: CheckedTemplate, dataset: Dataset, history: (metric: string, entity: number, year: Period) => Value): TargetProvider;
  attainmentOf(actual: number | null, target: number | null, lowerBetter: boolean): number | null;
  paceOf(actual: number | null, target: number | null, period: Period, asOf: EpochDay, lowerBetter: boolean, options?: { cumulative?: boolean }): number | null;
  /** Optional: `attainmentOf` of whole columns (NaN is null), into `out`. */
  attainmentColumn?(actual: Float64Array, target: Float64Array, lowerBetter: boolean, out: Float64Array): void;
  /** Optional: when `paceOf` is exactly `attainmentOf` for a whole period, so that the pace column is the attainment column. */
  paceIsAttainment?(period: Period, asOf: EpochDay, options?: { cumulative?: boolean }): boolean;
}

/**
 * Options of the core: the requested periods (one unit), the as-of cut-off, the target functions.
 * @example
 * new EvalCore(checked, dataset, { periods, cutoff: null, parts });
 */
export interface CoreOptions {
  periods: readonly Period[];
  cutoff: EpochDay | null;
  parts: TargetParts;
  /** Run every filter through closures (the reference path, for tests). */
  interpret?: boolean;
  /** Aggregates computed in a database instead of the passes (`engine/sql`). */
  aggregates?: AggregateFill;
}

const NUMERIC = new Set(["money", "number", "integer", "percent"]);

/**
 * The core of one evaluation.
 * @example
 * const core = new EvalCore(checked, dataset, { periods, cutoff: null, parts: ENGINE_PARTS });
 * core.value(core.metricIndex.get("new_amount")!, core.frame(periods[0]!), 3); // 10400000
 */
export class EvalCore {
  readonly plan: Plan;
  readonly metrics: readonly CheckedMetric[];
  readonly metricIndex = new Map<string, number>();
  readonly targets: TargetProvider;
  readonly n: number;
  private readonly fns: (Fn | undefined)[];
  /** Per metric: its formula a column at a time (`vector.ts`), when its shape allows. */
  private readonly vectors: (VectorFn | undefined)[];
  /** What `vector.ts` reads (also for conditions and amounts evaluated a column at a time, see `env.ts`). */
  readonly vectorHooks: VectorHooks;
  private readonly numeric: boolean[];
  /** Per metric: whether it accumulates over a period (money, counts without a `flat` target), for `paceOf`. */
  private readonly paceOptions: { cumulative: boolean }[];
  private readonly store: FrameStore;
  private readonly exprs = new WeakMap<CheckedExpr, Fn>();
  private readonly vectorFns = new WeakMap<CheckedExpr, VectorFn | ConditionFn | null>();
  private readonly targetCols = new WeakMap<Frame, Map<string, TargetColumns>>();
  private readonly inputs: InputTable;
  private readonly wctx: WindowContext;
  /** The last day of the grain period containing a day (for `days_to_period_end()`). */
  readonly periodEnd: (day: EpochDay) => EpochDay;

  constructor(
    readonly checked: CheckedTemplate,
    readonly dataset: Dataset,
    readonly options: CoreOptions,
  ) {
    const list = dataset.entities.list;
    this.n = list.length;
    this.plan = planTemplate(checked);
    this.metrics = checked.metrics;
    this.metrics.forEach((m, i) => this.metricIndex.set(m.name, i));
    this.numeric = this.metrics.map((m) => NUMERIC.has(m.inferredType));
    // A `flat` target (an average order value) is a level, not a total: its pace is the attainment so far.
    const flat = new Set(checked.targets.filter((t) => t.base?.flat).map((t) => t.metric));
    this.paceOptions = this.metrics.map((m) => ({ cumulative: (m.inferredType === "money" || m.inferredType === "integer") && !flat.has(m.name) }));
    this.inputs = new InputTable(dataset.inputs);
    const tree: TreeShape = { parent: dataset.entities.parents, order: dataset.entities.order };
    const s = checked.settings;
    this.periodEnd = periodEndOf(s.grain, monthFromName(s.fiscalYearStarts) ?? 1);
    const periodEnd = this.periodEnd;
    this.wctx = { plan: this.plan, dataset, tree, cutoff: options.cutoff, digits: s.currencyDigits, rounding: s.rounding, periodEnd, ...(options.interpret ? { interpret: true } : {}), ...(options.aggregates ? { aggregates: options.aggregates } : {}) };
    const hooks = cellHooks(this);
    this.fns = this.metrics.map((m) => (m.formula && !m.input ? compile(m.formula, hooks) : undefined));
    const vectorHooks: VectorHooks = (this.vectorHooks = {
      plan: this.plan,
      n: this.n,
      digits: s.currencyDigits,
      metric: (name, f) => {
        const col = this.column(f, this.metricIndex.get(name)!);
        return col instanceof Float64Array ? col : undefined;
      },
    });
    this.vectors = this.metrics.map((m, mi) => (m.formula && !m.input && this.numeric[mi] && !options.interpret ? compileVector(m.formula, vectorHooks) : undefined));
    this.store = new FrameStore(this.wctx, options.periods, s.grain, this.plan.metricFns.has("ytd"), options.cutoff, this.metrics.length);
    this.targets = options.parts.buildTargets(checked, dataset, (metric, entity, year) => this.history(metric, entity, year));
  }

  /**
   * The frame of a period (made on first use).
   * @example
   * core.frame(parsePeriod("2026-03").period).num;
   */
  frame(p: Period): Frame {
    return this.store.frame(p);
  }

  /** The frame `prev`, `last_year` or `ytd` reads from; null before the data's horizon. */
  shift(f: Frame, fn: "prev" | "last_year" | "ytd"): Frame | null {
    return this.store.shift(f, fn);
  }

  /** Time spent in fused passes and rollups so far, in ms. */
  get passMs(): number {
    return this.store.passMs;
  }

  /** `history` for `buildTargets`: a metric's value in a (fiscal) year, null before the data's horizon. */
  private history(metric: string, entity: number, year: Period): Value {
    const mi = this.metricIndex.get(metric);
    if (mi === undefined) throw new Error(`internal: history of unknown metric ${metric}`);
    if (this.store.beforeHorizon(year)) return null;
    return toValue(this.value(mi, this.frame(year), entity));
  }

  /**
   * A metric's column in a frame, computed for every entity on first use.
   * @example
   * const col = core.column(frame, core.metricIndex.get("new_amount")!);
   */
  column(f: Frame, mi: number): MetricColumn {
    const done = f.cols[mi];
    if (done) return done;
    const m = this.metrics[mi]!;
    if (f.busy[mi]) throw new Error(`internal: ${m.name} depends on itself in ${f.period.text}`);
    f.busy[mi] = 1;
    try {
      const fn = this.fns[mi];
      const ctx: Ctx = { frame: f, e: 0, rec: -1 };
      let col: MetricColumn;
      let vec: Float64Array | undefined;
      if (this.numeric[mi] && !m.input && this.vectors[mi] && (vec = this.vectors[mi]!(f))) {
        // The vector path's values are already final (safe-integer money, finite numbers). The column may be
        // an accumulator or another metric's column itself: columns are never written once made.
        col = vec;
      } else if (this.numeric[mi]) {
        const out = new Float64Array(this.n).fill(NaN);
        if (m.input) {
          if (!f.ytd) this.inputs.fill(out, m.name, f.period.text);
        } else if (fn) {
          const money = m.inferredType === "money";
          const rounding = this.checked.settings.rounding;
          for (let e = 0; e < this.n; e++) {
            ctx.e = e;
            const v = fn(ctx);
            if (money) out[e] = v === null ? NaN : finishRat(v as number | Rat, rounding);
            else out[e] = typeof v === "number" && Number.isFinite(v) ? v : NaN;
          }
        }
        col = out;
      } else {
        // Not money: a true/false, text or date metric never holds a fraction of a minor unit.
        const out = new Array<RV>(this.n).fill(null);
        if (fn && !m.input) for (let e = 0; e < this.n; e++) (ctx.e = e), (out[e] = fn(ctx));
        col = out;
      }
      f.cols[mi] = col;
      return col;
    } finally {
      f.busy[mi] = 0;
    }
  }

  /** A metric's final value at a cell (money in integer minor units). */
  value(mi: number, f: Frame, e: number): RV {
    const col = f.cols[mi] ?? this.column(f, mi);
    const v = col[e]!;
    return typeof v === "number" && v !== v ? null : v;
  }

  /** The target pair of a metric at a cell. */
  target(metric: string, f: Frame, e: number): TargetPair {
    const cols = this.targetColumns(metric, f);
    if (!cols || !(e >= 0 && e < this.n)) return this.targets.target(metric, { entity: e, period: f.period });
    const b = cols.base[e]!;
    const c = cols.challenge[e]!;
    return { base: b === b ? b : null, challenge: c === c ? c : null };
  }

  /** A metric's targets in a frame for every entity, when the provider offers columns (made once per frame). */
  targetColumns(metric: string, f: Frame): TargetColumns | undefined {
    if (!this.targets.columns) return undefined;
    let byMetric = this.targetCols.get(f);
    if (!byMetric) this.targetCols.set(f, (byMetric = new Map()));
    let cols = byMetric.get(metric);
    if (!cols) byMetric.set(metric, (cols = this.targets.columns(metric, f.period)));
    return cols;
  }

  /** The base target of a metric at a cell (an array read when the provider offers columns). */
  baseOf(metric: string, f: Frame, e: number): number | null {
    const cols = this.targetColumns(metric, f);
    if (!cols) return this.targets.target(metric, { entity: e, period: f.period }).base;
    const v = e >= 0 && e < this.n ? cols.base[e]! : NaN;
    return v === v ? v : null;
  }

  /** attainment(m) at a cell (from the frame's attainment column). */
  attainment(mi: number, f: Frame, e: number): number | null {
    if (!(e >= 0 && e < this.n)) return this.attainmentWith(mi, f, e, this.baseOf(this.metrics[mi]!.name, f, e));
    const v = this.attainmentColumn(mi, f)[e]!;
    return v === v ? v : null;
  }

  /**
   * attainment(m) of every entity in a frame (NaN is null), made once: the
   * result, tier measures and formulas all read it.
   * @example
   * core.attainmentColumn(mi, frame)[entity];
   */
  attainmentColumn(mi: number, f: Frame): Float64Array {
    const done = f.attainment[mi];
    if (done) return done;
    const { attainmentOf, attainmentColumn } = this.options.parts;
    const lowerBetter = this.metrics[mi]!.lowerBetter;
    const values = this.column(f, mi);
    if (attainmentColumn && values instanceof Float64Array) {
      const col = new Float64Array(this.n);
      attainmentColumn(values, this.baseColumn(this.metrics[mi]!.name, f), lowerBetter, col);
      return (f.attainment[mi] = col);
    }
    return this.ratioColumn(mi, f, f.attainment, (v, b) => attainmentOf(v, b, lowerBetter));
  }

  /**
   * pace(m) of every entity in a frame (NaN is null), made once; the
   * attainment column itself when pace is the attainment (a period over by
   * its as-of date, a metric that does not accumulate).
   * @example
   * core.paceColumn(mi, frame)[entity];
   */
  paceColumn(mi: number, f: Frame): Float64Array {
    const done = f.pace[mi];
    if (done) return done;
    const { paceOf, paceIsAttainment } = this.options.parts;
    const lowerBetter = this.metrics[mi]!.lowerBetter;
    const options = this.paceOptions[mi];
    if (paceIsAttainment?.(f.period, f.asOf, options)) return (f.pace[mi] = this.attainmentColumn(mi, f));
    return this.ratioColumn(mi, f, f.pace, (v, b) => paceOf(v, b, f.period, f.asOf, lowerBetter, options));
  }

  /** A column of `ratio(value, base target)` for every entity, kept in `store` (the frame's attainment or pace). */
  private ratioColumn(mi: number, f: Frame, store: (Float64Array | undefined)[], ratio: (value: number | null, base: number | null) => number | null): Float64Array {
    let col = store[mi];
    if (col) return col;
    col = new Float64Array(this.n).fill(NaN);
    const base = this.baseColumn(this.metrics[mi]!.name, f);
    const values = this.column(f, mi);
    for (let e = 0; e < this.n; e++) {
      const b = base[e]!;
      const v = values[e];
      const r = ratio(typeof v === "number" && v === v ? v : null, b === b ? b : null);
      if (r !== null) col[e] = r;
    }
    return (store[mi] = col);
  }

  /** The base targets of every entity (NaN is null): the provider's columns, else one look-up per entity. */
  private baseColumn(metric: string, f: Frame): Float64Array {
    const cols = this.targetColumns(metric, f);
    if (cols) return cols.base;
    const out = new Float64Array(this.n).fill(NaN);
    for (let e = 0; e < this.n; e++) {
      const b = this.targets.target(metric, { entity: e, period: f.period }).base;
      if (b !== null) out[e] = b;
    }
    return out;
  }

  /** attainment(m) at a cell against a target already looked up. */
  attainmentWith(mi: number, f: Frame, e: number, target: number | null): number | null {
    const v = this.value(mi, f, e);
    return this.options.parts.attainmentOf(typeof v === "number" ? v : null, target, this.metrics[mi]!.lowerBetter);
  }

  /**
   * pace(m) at a cell, as of the frame's as-of date. Money and integer (count) metrics
   * accumulate over a period and are prorated; a rate or average (percent, number)
   * is compared with its target as it stands (`cumulative: false`, see attainment.ts).
   */
  pace(mi: number, f: Frame, e: number): number | null {
    if (!(e >= 0 && e < this.n)) return this.paceWith(mi, f, e, this.baseOf(this.metrics[mi]!.name, f, e));
    const v = this.paceColumn(mi, f)[e]!;
    return v === v ? v : null;
  }

  /** pace(m) at a cell against a target already looked up. */
  paceWith(mi: number, f: Frame, e: number, target: number | null): number | null {
    const m = this.metrics[mi]!;
    const v = this.value(mi, f, e);
    return this.options.parts.paceOf(typeof v === "number" ? v : null, target, f.period, f.asOf, m.lowerBetter, this.paceOptions[mi]);
  }

  /**
   * An expression's column function (`vector.ts`), compiled once per
   * expression, so that V8 optimises it over the periods; undefined when its
   * shape has none.
   * @example
   * core.vectorOf(incentive.gate!)?.(frame); // Uint8Array: 1 where the gate passes
   */
  vectorOf(e: CheckedExpr): VectorFn | ConditionFn | undefined {
    let fn = this.vectorFns.get(e);
    if (fn === undefined) {
      const numeric = e.type === "money" || e.type === "number" || e.type === "integer" || e.type === "percent";
      fn = (e.type === "boolean" ? compileCondition(e, this.vectorHooks) : numeric ? compileVector(e, this.vectorHooks) : undefined) ?? null;
      this.vectorFns.set(e, fn);
    }
    return fn ?? undefined;
  }

  /** Any checked expression, compiled once per expression object. */
  exprFn(e: CheckedExpr): Fn {
    let fn = this.exprs.get(e);
    if (!fn) this.exprs.set(e, (fn = compile(e, cellHooks(this))));
    return fn;
  }

  /** A window over exactly one frame's days for an ad-hoc plan (an aggregate the template's plan lacks). */
  adhocCells(plan: Plan, f: Frame): { num: Float64Array[]; sets: (Set<number> | undefined)[][] } {
    return Window.fill([f.span], { ...this.wctx, plan }).cells(0, 0);
  }
}


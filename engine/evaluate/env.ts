/**
 * `EvalEnv`, the face of the evaluator core that targets, incentives,
 * scorecards, alerts and explanations use (contract.ts). One env per
 * requested period, because each period has its own as-of date (its last day
 * unless the request gives one); all envs of an evaluation share one core,
 * so every metric value is computed once whichever env asks.
 * @module
 */
import type { CheckedExpr, CheckedTemplate } from "../check/checked-model.js";
import type { Dataset } from "../dataset/types.js";
import type { EpochDay, Period } from "../periods.js";
import type { AggregateTrace, Cell, EvalEnv, TargetProvider, Value } from "./contract.js";
import type { EvalCore } from "./core.js";
import type { Frame } from "./frames.js";
import { aggregateTraces } from "./trace.js";
import { toValue } from "./values.js";

/**
 * The env of one requested period.
 * @example
 * const env = new PeriodEnv(core, asOf);
 * env.metric("new_amount", { entity: 3, period }); // 10400000
 */
export class PeriodEnv implements EvalEnv {
  readonly checked: CheckedTemplate;
  readonly dataset: Dataset;
  readonly targets: TargetProvider;

  constructor(
    readonly core: EvalCore,
    readonly asOf: EpochDay,
  ) {
    this.checked = core.checked;
    this.dataset = core.dataset;
    this.targets = core.targets;
  }

  private index(name: string): number {
    const mi = this.core.metricIndex.get(name);
    if (mi === undefined) throw new Error(`internal: unknown metric ${name}`);
    return mi;
  }

  metric(name: string, cell: Cell): Value {
    return toValue(this.core.value(this.index(name), this.core.frame(cell.period), cell.entity));
  }

  evaluate(expr: CheckedExpr, cell: Cell): Value {
    const fn = this.core.exprFn(expr);
    return toValue(fn({ frame: this.core.frame(cell.period), e: cell.entity, rec: -1 }));
  }

  evaluator(expr: CheckedExpr, period: Period): (entity: number) => Value {
    const frame = this.core.frame(period);
    const col = this.column(expr, period);
    if (col instanceof Float64Array) return (entity) => {
      const v = col[entity]!;
      return v === v ? v : null;
    };
    if (col) return (entity) => col[entity] === 1;
    const fn = this.core.exprFn(expr);
    const ctx = { frame, e: 0, rec: -1 };
    return (entity) => {
      ctx.e = entity;
      return toValue(fn(ctx));
    };
  }

  column(expr: CheckedExpr, period: Period): Float64Array | Uint8Array | undefined {
    const frame = this.core.frame(period);
    // A metric, its attainment or its pace: the frame's own column (made once per frame anyway).
    const col = this.columnOf(expr, frame);
    if (col || this.core.options.interpret) return col;
    // A condition (an incentive's gate) or an amount of the common shapes: one loop for every entity.
    return this.core.vectorOf(expr)?.(frame);
  }

  /** The numeric column an expression reads as a whole, when it is a metric, `attainment(m)` or `pace(m)`. */
  private columnOf(expr: CheckedExpr, frame: Frame): Float64Array | undefined {
    if (expr.node === "metric") {
      const col = this.core.column(frame, this.index(expr.name));
      return col instanceof Float64Array ? col : undefined;
    }
    if (expr.node === "metricFn" && (expr.fn === "attainment" || expr.fn === "pace")) {
      const mi = this.index(expr.metric);
      return expr.fn === "attainment" ? this.core.attainmentColumn(mi, frame) : this.core.paceColumn(mi, frame);
    }
    return undefined;
  }

  attainment(metric: string, cell: Cell): number | null {
    return this.core.attainment(this.index(metric), this.core.frame(cell.period), cell.entity);
  }

  pace(metric: string, cell: Cell): number | null {
    return this.core.pace(this.index(metric), this.core.frame(cell.period), cell.entity);
  }

  aggregates(metric: string, cell: Cell): AggregateTrace[] {
    const m = this.core.metrics[this.index(metric)]!;
    return aggregateTraces(this.core, m.formula, this.core.frame(cell.period), cell.entity);
  }
}

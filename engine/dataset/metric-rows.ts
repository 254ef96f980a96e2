/**
 * The dataset's per-metric rows: `inputs` (values of `= input` metrics) and
 * `targets` (base and challenge targets that override the template's), each
 * keyed by entity, metric and period. Values are read in the metric's type:
 * money exactly into minor units (a decimal string; never a JSON number),
 * percents as `85%` or `0.85`. Periods are checked for spelling only; fitting
 * them to the grain is the evaluator's job. A key given twice is an error.
 * @module
 */
import { suggest } from "../../dsl/suggest.js";
import { parseMoney } from "../money-parse.js";
import { jsonPointer, quote, type DataError, type ErrorList } from "./errors.js";
import { isPeriodName, parseDecimal, parsePercent } from "./values.js";
import type { DatasetSpec, EntityTree, InputValue, MetricValueType, TargetValue } from "./types.js";

/**
 * One row as written: cells are text (CSV; "" is empty) or JSON values (null or absent is empty).
 * @example
 * const row: MetricRow = { entity: "zhang", metric: "satisfaction", period: "2026-03", value: "4.5" };
 */
export interface MetricRow {
  entity: unknown;
  metric: unknown;
  period: unknown;
  value?: unknown;
  base?: unknown;
  challenge?: unknown;
}

/**
 * Where a row is: a CSV line, or an index (and JSON path) in the JSON form.
 * @example
 * const w: RowWhere = { index: 0, path: ["targets", 0] };
 */
export interface RowWhere {
  line?: number;
  index: number;
  path?: readonly (string | number)[];
}

type Parsed = { ok: true; value: number | null } | { ok: false; reason: string };

/**
 * Reads one metric value in the metric's type; null for an empty cell.
 * @example
 * parseMetricValue("1200.50", "money", 2); // { ok: true, value: 120050 }
 * parseMetricValue(1200.5, "money", 2);    // { ok: false, reason: "money must be a decimal string …" }
 */
export function parseMetricValue(raw: unknown, type: MetricValueType, digits: number): Parsed {
  if (raw === undefined || raw === null || raw === "") return { ok: true, value: null };
  if (typeof raw === "number") {
    if (type === "money") return { ok: false, reason: `money must be a decimal string such as "12.50", not the JSON number ${raw}: JSON numbers are read as binary floating point` };
    if (type === "integer" && !Number.isSafeInteger(raw)) return { ok: false, reason: `${raw} is not a whole number` };
    return { ok: true, value: raw };
  }
  if (typeof raw !== "string") return { ok: false, reason: `expected ${type === "money" ? "an amount" : "a number"}, not ${JSON.stringify(raw)}` };
  if (type === "money") {
    const m = parseMoney(raw, digits);
    return m.ok ? { ok: true, value: m.minor } : { ok: false, reason: m.reason };
  }
  const v = type === "percent" ? parsePercent(raw) : parseDecimal(raw);
  if (v !== v) return { ok: false, reason: `${quote(raw)} is not ${type === "percent" ? "a percent (write 85% or 0.85)" : "a number"}` };
  if (type === "integer" && !Number.isSafeInteger(v)) return { ok: false, reason: `${quote(raw)} is not a whole number` };
  return { ok: true, value: v };
}

const text = (v: unknown): string => (typeof v === "string" ? v : v === undefined || v === null ? "" : String(v));

/**
 * Collects the rows of `inputs` or `targets`.
 * @example
 * const b = new MetricRowsBuilder("inputs", spec, tree, "inputs.csv", errors);
 * b.add({ entity: "zhang", metric: "satisfaction", period: "2026-03", value: "4.5" }, { line: 2, index: 0 });
 * b.inputs; // [{ entity: 3, metric: "satisfaction", period: "2026-03", value: 4.5, origin: 2 }]
 */
export class MetricRowsBuilder {
  readonly inputs: InputValue[] = [];
  readonly targets: TargetValue[] = [];
  private readonly seen = new Map<string, RowWhere>();

  constructor(
    private readonly form: "inputs" | "targets",
    private readonly spec: DatasetSpec,
    private readonly entities: EntityTree,
    private readonly file: string,
    private readonly errors: ErrorList,
  ) {}

  add(row: MetricRow, where: RowWhere): void {
    const entityId = text(row.entity);
    const metric = text(row.metric);
    const period = text(row.period);
    let good = true;
    const entity = this.entities.byId.get(entityId);
    if (entityId === "") good = this.report(where, "entity", "missing; every row needs an entity id");
    else if (entity === undefined) good = this.report(where, "entity", `no entity has the id ${quote(entityId)}`);
    const m = this.spec.metrics.get(metric);
    if (metric === "") good = this.report(where, "metric", "missing; every row needs a metric name");
    else if (m === undefined) {
      const hint = suggest(metric, this.spec.metrics.keys());
      good = this.report(where, "metric", `unknown metric ${quote(metric)}${hint ? `; did you mean ${hint}?` : ""}`);
    } else if (this.form === "inputs" && !m.input) {
      good = this.report(where, "metric", `${metric} is computed by its formula; only metrics declared \`= input\` take values from inputs`);
    }
    if (period === "") good = this.report(where, "period", "missing; every row needs a period");
    else if (!isPeriodName(period)) good = this.report(where, "period", `${quote(period)} is not a period (write 2026, 2026-Q1, 2026-03, 2026-W05 or 2026-03-15)`);
    if (!good || m === undefined || entity === undefined) return;

    const read = (field: "value" | "base" | "challenge"): number | null | undefined => {
      const p = parseMetricValue(row[field], m.type, this.spec.currencyDigits);
      if (p.ok) return p.value;
      this.report(where, field, p.reason);
      return undefined;
    };
    const key = `${entity}\u0000${metric}\u0000${period}`;
    const first = this.seen.get(key);
    if (first !== undefined) {
      const at = first.line !== undefined ? `line ${first.line}` : first.path ? jsonPointer(first.path) : `record ${first.index}`;
      this.report(where, undefined, `a second ${this.form === "inputs" ? "value" : "target"} for ${entityId}, ${metric}, ${period} (the first is at ${at})`);
      return;
    }
    this.seen.set(key, where);
    const origin = where.line ?? where.index;
    if (this.form === "inputs") {
      const value = read("value");
      if (value !== undefined) this.inputs.push({ entity, metric, period, value, origin });
      return;
    }
    const base = read("base");
    const challenge = read("challenge");
    if (base === undefined || challenge === undefined) return;
    if (base === null && challenge === null) {
      this.report(where, undefined, "a target row needs a base or a challenge");
      return;
    }
    this.targets.push({ entity, metric, period, base, challenge, origin });
  }

  private report(where: RowWhere, field: string | undefined, message: string): false {
    const e: DataError = { file: this.file, message };
    if (where.line !== undefined) e.line = where.line;
    else e.record = where.index;
    if (field !== undefined) e.field = field;
    if (where.path !== undefined && where.line === undefined) e.path = jsonPointer(field === undefined ? where.path : [...where.path, field]);
    this.errors.add(e);
    return false;
  }
}

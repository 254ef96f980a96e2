/**
 * The result as the nested objects of schemas/result.schema.json, made from
 * the columns (`result-columns.ts`): for each period, every entity in the
 * tree's pre-order (root `all` first, parents before children, siblings in
 * dataset order) with every metric's value — and its target, challenge,
 * attainment and pace where the metric has a target in the template or the
 * dataset — every scorecard's score, the incentives of the entity's kind with
 * their payout, and the alerts that fire. Money is a decimal string with the
 * currency's digits; other numbers are JSON numbers; missing values are null.
 * Decisions: a true/false metric is a JSON boolean, a date metric
 * `YYYY-MM-DD`, a text metric its text. Keys are user names: objects keyed by
 * them come from `object-factory.ts` (one fixed-shape literal per key set;
 * `__proto__` is an own key).
 * @module
 */
import type { AlertResult, EntityResult, MetricResult, PeriodResult, Result } from "../../schemas/generated/result.js";
import { formatDate } from "../periods.js";
import { moneyFormatter } from "./money-text.js";
import { objectMaker } from "./object-factory.js";
import type { RV } from "./ops.js";
import type { MetricForm, PeriodColumns, ResultColumns, ResultLayout } from "./result-columns.js";

/**
 * Reads values out of columns in their JSON form; shared by the objects and the JSON text.
 * @example
 * const r = new CellReader(layout); r.number(col[3]!, true); // "1234.50"
 */
export class CellReader {
  readonly money: (minor: number) => string;

  constructor(layout: ResultLayout) {
    this.money = moneyFormatter(layout.digits);
  }

  /** A numeric value (NaN is null) in the metric's JSON form. */
  number(x: number, money: boolean): string | number | null {
    if (x !== x) return null;
    return money ? this.money(x) : x;
  }

  /** A value of a non-numeric metric: true/false and text as they are, a date as `YYYY-MM-DD`. */
  other(v: RV, form: MetricForm): MetricResult["value"] {
    if (v === null) return null;
    return (form === "date" ? formatDate(v as number) : v) as MetricResult["value"];
  }
}

/**
 * One entity's result, keys in the order DESIGN.md shows (alerts last). One literal per
 * combination of optional parts: each object is allocated whole, with its final shape.
 */
function entityResult(
  id: string, kind: string, name: string, parent: string | null, metrics: Record<string, MetricResult>,
  scores: Record<string, number | null> | undefined, incentives: Record<string, string | null> | undefined, payout: string | null, alerts: AlertResult[],
): EntityResult {
  if (scores === undefined) {
    if (incentives === undefined) return { id, kind, name, parent, metrics, alerts };
    return { id, kind, name, parent, metrics, incentives, payout, alerts };
  }
  if (incentives === undefined) return { id, kind, name, parent, metrics, scores, alerts };
  return { id, kind, name, parent, metrics, scores, incentives, payout, alerts };
}

/**
 * The result objects of an evaluation's columns.
 * @example
 * const result = resultObjects(outcome.columns); result.periods[0]!.entities[0]!.id; // "all"
 */
export function resultObjects(cols: ResultColumns): Result {
  const { layout } = cols;
  const reader = new CellReader(layout);
  const makeMetrics = objectMaker<MetricResult>(layout.metrics.map((m) => m.name));
  const makeScores = objectMaker<number | null>(layout.scorecards);
  const makers = new Map<string, (v: readonly (string | null)[]) => Record<string, string | null>>();
  const makeIncentives = layout.incentivesOf.map((incs) => {
    const key = incs.join(",");
    let make = makers.get(key);
    if (!make) makers.set(key, (make = objectMaker(incs.map((i) => layout.incentives[i]!.name))));
    return make;
  });
  return { template: layout.template, currency: layout.currency, periods: cols.periods.map((p) => periodObjects(p, layout, reader, makeMetrics, makeScores, makeIncentives)) };
}

function periodObjects(
  p: PeriodColumns, layout: ResultLayout, reader: CellReader,
  makeMetrics: (v: readonly MetricResult[]) => Record<string, MetricResult>,
  makeScores: (v: readonly (number | null)[]) => Record<string, number | null>,
  makeIncentives: ((v: readonly (string | null)[]) => Record<string, string | null>)[],
): PeriodResult {
  const forms = layout.metrics;
  const values: MetricResult[] = new Array(forms.length);
  const scores: (number | null)[] = new Array(layout.scorecards.length);
  const amounts: (string | null)[] = [];
  const entities: EntityResult[] = [];
  for (let k = 0; k < layout.order.length; k++) {
    const e = layout.order[k]!;
    const ent = layout.entities[e]!;
    for (let j = 0; j < forms.length; j++) {
      const { form } = forms[j]!;
      const mc = p.metrics[j]!;
      if (form !== "money" && form !== "number") {
        values[j] = { value: reader.other((mc.values as readonly RV[])[e]!, form) };
        continue;
      }
      const money = form === "money";
      const value = reader.number((mc.values as Float64Array)[e]!, money);
      const t = mc.targets;
      if (!t) {
        values[j] = { value };
        continue;
      }
      const attainment = t.attainment[e]!;
      const pace = t.pace[e]!;
      values[j] = {
        value,
        target: reader.number(t.base[e]!, money),
        challenge: reader.number(t.challenge[e]!, money),
        attainment: attainment === attainment ? attainment : null,
        pace: pace === pace ? pace : null,
      };
    }
    let scoresOut: Record<string, number | null> | undefined;
    if (layout.scorecards.length) {
      for (let j = 0; j < scores.length; j++) {
        const s = p.scores[j]![e]!;
        scores[j] = s === s ? s : null;
      }
      scoresOut = makeScores(scores);
    }
    const incs = layout.incentivesOf[e]!;
    let incentivesOut: Record<string, string | null> | undefined;
    let payout: string | null = null;
    if (incs.length) {
      amounts.length = incs.length;
      for (let j = 0; j < incs.length; j++) amounts[j] = reader.money(p.incentives[incs[j]!]![e]!);
      incentivesOut = makeIncentives[e]!(amounts);
      payout = incs.length === 1 ? amounts[0]! : reader.money(p.payout[e]!);
    }
    const parent = ent.parent < 0 ? null : layout.entities[ent.parent]!.id;
    entities.push(entityResult(ent.id, ent.kind, ent.name, parent, makeMetrics(values), scoresOut, incentivesOut, payout, p.alerts[e]?.slice() ?? []));
  }
  return { period: p.period.text, asOf: p.asOf, entities };
}

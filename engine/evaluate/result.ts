/**
 * Result assembly (schemas/result.schema.json): for each requested period,
 * every entity in the tree's pre-order (root `all` first, parents before
 * children, siblings in dataset order) with every metric's value — and its
 * target, challenge, attainment and pace where the metric has a target in the
 * template or the dataset — every scorecard's score, the incentives of the
 * entity's kind with their payout, and the alerts that fire. Money is a
 * decimal string with the currency's digits; other numbers are JSON numbers;
 * missing values are null. Decisions: a true/false metric is a JSON boolean,
 * a date metric `YYYY-MM-DD`, a text metric its text (the schema has no
 * place for them yet). Keys are user names: objects keyed by them come from
 * `object-factory.ts` (one fixed-shape literal per key set; `__proto__` is an
 * own key). Metric columns are read straight from the frame; this loop is
 * most of the time spent after the passes, so it allocates only the objects
 * it returns.
 * @module
 */
import type { CheckedAlert, CheckedIncentive, CheckedScorecard } from "../check/checked-model.js";
import { formatMoney } from "../money.js";
import { formatDate, type Period } from "../periods.js";
import type { AlertResult, EntityResult, MetricResult, PeriodResult } from "../../schemas/generated/result.js";
import type { AlertOutcome, Cell, EvalEnv, IncentiveOutcome, ScorecardOutcome } from "./contract.js";
import type { EvalCore } from "./core.js";
import { objectMaker } from "./object-factory.js";
import type { RV } from "./ops.js";

/**
 * The incentive, scorecard and alert functions the result needs.
 * @example
 * const parts: ResultParts = { evaluateIncentive, evaluateScorecard, evaluateAlert };
 */
export interface ResultParts {
  evaluateIncentive(inc: CheckedIncentive, env: EvalEnv, cell: Cell): IncentiveOutcome;
  evaluateScorecard(sc: CheckedScorecard, env: EvalEnv, cell: Cell): ScorecardOutcome;
  evaluateAlert(alert: CheckedAlert, env: EvalEnv, cell: Cell, entityName: string): AlertOutcome | null;
}

interface MetricPlan {
  name: string;
  mi: number;
  form: "money" | "number" | "boolean" | "date" | "string";
  targeted: boolean;
}

const FAST_LIMIT = 2 ** 50;

/** `.00` … `.99` (for 2 digits): the fractional parts, made once per digit count up to 3. */
const fractions = new Map<number, string[]>();

function fractionsOf(digits: number): string[] | undefined {
  if (digits < 1 || digits > 3) return undefined;
  let f = fractions.get(digits);
  if (!f) fractions.set(digits, (f = Array.from({ length: 10 ** digits }, (_, r) => `.${String(r).padStart(digits, "0")}`)));
  return f;
}

/**
 * Minor units as the result's decimal string. Below 2^50 the integer and fractional parts
 * come from one exact division (the quotient's error is far below the gap to the next
 * integer); anything else goes through `formatMoney`. `fracs` (from `fractionsOf`) saves
 * building the fractional part's text for every amount.
 */
function moneyText(minor: number, digits: number, unit: number, fracs?: string[]): string {
  if (minor >= 0 && minor < FAST_LIMIT && digits > 0 && Number.isInteger(minor)) {
    const q = Math.floor(minor / unit);
    const r = minor - q * unit;
    if (r >= 0 && r < unit) {
      if (fracs) return q + fracs[r]!;
      const frac = String(r);
      return frac.length === digits ? `${q}.${frac}` : `${q}.${"0".repeat(digits - frac.length)}${frac}`;
    }
  }
  return formatMoney(minor, digits);
}

/**
 * One entity's result, keys in the order DESIGN.md shows (alerts last). One literal per
 * combination of optional parts: each object is allocated whole, with its final shape,
 * instead of growing a property store as keys are added.
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

type IncentiveGroup = { list: CheckedIncentive[]; make: (v: readonly (string | null)[]) => Record<string, string | null> };

/**
 * Builds the results of one evaluation's periods.
 * @example
 * const b = new ResultBuilder(core, parts); const pr = b.period(period, env);
 */
export class ResultBuilder {
  private readonly metrics: MetricPlan[];
  private readonly makeMetrics: (v: readonly MetricResult[]) => Record<string, MetricResult>;
  private readonly makeScores: (v: readonly (number | null)[]) => Record<string, number | null>;
  /** Per entity index: its parent's id, and the incentives of its kind. */
  private readonly parentIds: (string | null)[];
  private readonly incentivesOf: (IncentiveGroup | undefined)[];
  private readonly digits: number;
  private readonly unit: number;
  private readonly fracs: string[] | undefined;

  constructor(
    private readonly core: EvalCore,
    private readonly parts: ResultParts,
  ) {
    const t = core.checked;
    const targeted = new Set([...t.targets.map((x) => x.metric), ...core.dataset.targets.map((x) => x.metric)]);
    this.metrics = t.metrics.map((m, mi) => {
      const ty = m.inferredType;
      const form = ty === "money" ? "money" : ty === "boolean" || ty === "date" || ty === "string" ? ty : "number";
      return { name: m.name, mi, form, targeted: targeted.has(m.name) && (form === "money" || form === "number") };
    });
    this.makeMetrics = objectMaker(this.metrics.map((m) => m.name));
    this.makeScores = objectMaker(t.scorecards.map((sc) => sc.name));
    const byKind = new Map<string, IncentiveGroup>();
    for (const inc of t.incentives) {
      const group = byKind.get(inc.for);
      if (group) group.list.push(inc);
      else byKind.set(inc.for, { list: [inc], make: objectMaker([]) });
    }
    for (const group of byKind.values()) group.make = objectMaker(group.list.map((i) => i.name));
    const list = core.dataset.entities.list;
    this.parentIds = list.map((e) => (e.parent >= 0 ? list[e.parent]!.id : null));
    this.incentivesOf = list.map((e) => byKind.get(e.kind));
    this.digits = t.settings.currencyDigits;
    this.unit = 10 ** this.digits;
    this.fracs = fractionsOf(this.digits);
  }

  /** A value of a non-numeric metric: true/false and text as they are, a date as `YYYY-MM-DD`. */
  private other(v: RV, form: MetricPlan["form"]): MetricResult["value"] {
    if (v === null) return null;
    return (form === "date" ? formatDate(v as number) : v) as MetricResult["value"];
  }

  /** A numeric value (NaN is null) in the metric's JSON form. */
  private num(x: number | null, money: boolean): MetricResult["value"] {
    if (x === null || x !== x) return null;
    return money ? moneyText(x, this.digits, this.unit, this.fracs) : x;
  }

  /**
   * The result of one period.
   * @example
   * builder.period(march, env).entities[0]!.id; // "all"
   */
  period(period: Period, env: EvalEnv): PeriodResult {
    const { core, parts, metrics, parentIds, incentivesOf } = this;
    const frame = core.frame(period);
    // Numeric columns (Float64Array, NaN is null) and the others apart, so each read is monomorphic.
    const numCols = metrics.map((m) => (m.form === "money" || m.form === "number" ? (core.column(frame, m.mi) as Float64Array) : null));
    const otherCols = metrics.map((m) => (m.form === "money" || m.form === "number" ? null : (core.column(frame, m.mi) as RV[])));
    // Targets as arrays (NaN is null) when the provider offers them: no pair per entity.
    const targetCols = metrics.map((m) => (m.targeted ? (core.targetColumns(m.name, frame) ?? null) : null));
    const { list, order } = core.dataset.entities;
    const t = core.checked;
    const entities: EntityResult[] = [];
    const values: MetricResult[] = new Array(metrics.length);
    const scores: (number | null)[] = new Array(t.scorecards.length);
    const amounts: (string | null)[] = [];
    for (let k = 0; k < order.length; k++) {
      const e = order[k]!;
      const ent = list[e]!;
      for (let j = 0; j < metrics.length; j++) {
        const m = metrics[j]!;
        const col = numCols[j];
        if (!col) {
          values[j] = { value: this.other(otherCols[j]![e]!, m.form) };
          continue;
        }
        const x = col[e]!;
        const money = m.form === "money";
        if (!m.targeted) {
          values[j] = { value: this.num(x, money) };
          continue;
        }
        const tc = targetCols[j];
        let base: number | null, challenge: number | null;
        if (tc) (base = tc.base[e]!), (challenge = tc.challenge[e]!);
        else ({ base, challenge } = core.target(m.name, frame, e));
        if (base !== base) base = null;
        const attainment = core.attainmentWith(m.mi, frame, e, base);
        const pace = core.paceWith(m.mi, frame, e, base);
        values[j] = { value: this.num(x, money), target: this.num(base, money), challenge: this.num(challenge, money), attainment, pace: pace === attainment ? attainment : pace };
      }
      const metricsOut = this.makeMetrics(values);
      const incs = incentivesOf[e];
      // Only the parts that take a cell get one (no allocation for an entity that needs none).
      const cell: Cell | undefined = t.scorecards.length || incs || t.alerts.length ? { entity: e, period: frame.period } : undefined;
      let scoresOut: Record<string, number | null> | undefined;
      if (cell && t.scorecards.length) {
        for (let j = 0; j < t.scorecards.length; j++) scores[j] = parts.evaluateScorecard(t.scorecards[j]!, env, cell).score;
        scoresOut = this.makeScores(scores);
      }
      let incentivesOut: Record<string, string | null> | undefined;
      let payout: string | null = null;
      if (cell && incs) {
        let total = 0;
        for (let j = 0; j < incs.list.length; j++) {
          const v = parts.evaluateIncentive(incs.list[j]!, env, cell).value;
          total += v;
          amounts[j] = moneyText(v, this.digits, this.unit, this.fracs);
        }
        incentivesOut = incs.make(amounts);
        // One incentive: its amount is the payout (the same string). formatMoney refuses a total beyond the exact range.
        payout = incs.list.length === 1 ? amounts[0]! : moneyText(total, this.digits, this.unit, this.fracs);
      }
      const alerts: AlertResult[] = [];
      if (cell) for (const al of t.alerts) {
        const a = parts.evaluateAlert(al, env, cell, ent.name);
        if (a) alerts.push({ alert: a.alert, severity: a.severity, message: a.message });
      }
      entities.push(entityResult(ent.id, ent.kind, ent.name, parentIds[e]!, metricsOut, scoresOut, incentivesOut, payout, alerts));
    }
    return { period: period.text, asOf: formatDate(frame.asOf), entities };
  }
}

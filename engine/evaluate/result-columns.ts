/**
 * The evaluation's result as columns: for each period, each metric's values
 * (and targets, challenges, attainments, paces where it has a target), each
 * scorecard's scores and each incentive's payouts as typed arrays indexed by
 * entity, plus the alerts that fired. This is what `evaluate()` computes;
 * the nested objects of schemas/result.schema.json (`result-objects.ts`) and
 * their JSON text (`result-json.ts`) are views of it, made only when a caller
 * asks. A run over 10,000 reps × 12 months holds ~1.2 million metric results:
 * as objects they cost several times the evaluation itself in allocation and
 * garbage collection, as columns they are mostly the arrays the formulas
 * already filled.
 *
 * Conventions: money in integer minor units; NaN is null in a Float64Array;
 * metric columns that are not numbers (true/false, dates, text) are arrays of
 * values. Every money number is checked here to be a safe integer, so that a
 * total beyond the exact range is an evaluation error, never a view's.
 * @module
 */
import type { CheckedIncentive } from "../check/checked-model.js";
import type { AlertResult } from "../../schemas/generated/result.js";
import type { Frame } from "./frames.js";
import type { EvalCore } from "./core.js";
import type { AlertOutcome, Cell, EvalEnv, IncentiveOutcome, ScorecardOutcome } from "./contract.js";
import type { CheckedAlert, CheckedScorecard } from "../check/checked-model.js";
import type { RV } from "./ops.js";
import { formatDate, type Period } from "../periods.js";

/**
 * The incentive, scorecard and alert functions the result needs.
 * @example
 * const parts: ResultParts = { evaluateIncentive, evaluateScorecard, evaluateAlert };
 */
export interface ResultParts {
  evaluateIncentive(inc: CheckedIncentive, env: EvalEnv, cell: Cell): IncentiveOutcome;
  /** Optional: the amounts of many entities at once (each what `evaluateIncentive` gives), into `out[entity]`. */
  evaluateIncentiveColumn?(inc: CheckedIncentive, env: EvalEnv, period: Period, entities: ArrayLike<number>, out: Float64Array): void;
  evaluateScorecard(sc: CheckedScorecard, env: EvalEnv, cell: Cell): ScorecardOutcome;
  evaluateAlert(alert: CheckedAlert, env: EvalEnv, cell: Cell, entityName: string): AlertOutcome | null;
}

/** How a metric's values appear in results. */
export type MetricForm = "money" | "number" | "boolean" | "date" | "string";

/** One metric in one period, for every entity. */
export interface MetricColumns {
  /** Every entity's value: numbers (NaN is null), or values for non-numeric metrics (dates as epoch days). */
  values: Float64Array | readonly RV[];
  /** Present when the metric has a target (in the template or the dataset) and is numeric. */
  targets?: { base: Float64Array; challenge: Float64Array; attainment: Float64Array; pace: Float64Array };
}

/** One period's columns. */
export interface PeriodColumns {
  period: Period;
  /** The as-of date, `YYYY-MM-DD`. */
  asOf: string;
  /** By metric, in template order. */
  metrics: MetricColumns[];
  /** By scorecard, every entity's score (NaN is null); empty without scorecards. */
  scores: Float64Array[];
  /** By incentive (template order), every entity's amount in minor units; NaN where the incentive does not apply. */
  incentives: Float64Array[];
  /** Every entity's payout in minor units; NaN where no incentive applies. With a single incentive, its very column. */
  payout: Float64Array;
  /** The alerts that fired, by entity index (absent: none). */
  alerts: (AlertResult[] | undefined)[];
}

/** The shape shared by every period: names, forms and who gets what. */
export interface ResultLayout {
  template: string;
  currency: string;
  digits: number;
  metrics: { name: string; form: MetricForm; targeted: boolean }[];
  scorecards: string[];
  incentives: { name: string; for: string }[];
  /** The entity indexes in result order (pre-order: root first, parents before children). */
  order: Int32Array;
  /** By entity index (the dataset's own list): `parent` is an index, −1 for the root. */
  entities: readonly { id: string; kind: string; name: string; parent: number }[];
  /** Per entity: the indexes (into `incentives`) of the incentives of its kind; empty when none applies. */
  incentivesOf: number[][];
  /** Per incentive: the entities of its kind, in index order (the columns' memory order: they are computed in it). */
  entitiesOf: Int32Array[];
}

/**
 * A whole evaluation as columns.
 * @example
 * const cols = outcome.columns; cols.periods[0]!.metrics[0]!.values[3]; // zhang's first metric in the first period
 */
export interface ResultColumns {
  layout: ResultLayout;
  periods: PeriodColumns[];
}

/**
 * The layout of an evaluation's results.
 * @example
 * const layout = resultLayout(core);
 */
export function resultLayout(core: EvalCore): ResultLayout {
  const t = core.checked;
  const targeted = new Set(t.targets.map((x) => x.metric));
  const rows = core.dataset.targets;
  // Rows come in runs of one metric (10,000 quotas of new_amount): a Set look-up per run, not per row.
  let last: string | undefined;
  for (let i = 0; i < rows.length; i++) {
    const m = rows[i]!.metric;
    if (m !== last) targeted.add((last = m));
  }
  const metrics = t.metrics.map((m) => {
    const ty = m.inferredType;
    const form: MetricForm = ty === "money" ? "money" : ty === "boolean" || ty === "date" || ty === "string" ? ty : "number";
    return { name: m.name, form, targeted: targeted.has(m.name) && (form === "money" || form === "number") };
  });
  const list = core.dataset.entities.list;
  const order = core.dataset.entities.order;
  const incentives = t.incentives.map((i) => ({ name: i.name, for: i.for }));
  // One list of incentives per kind, shared by the kind's entities (10,000 reps need no 10,000 arrays).
  const byKind = new Map<string, number[]>();
  incentives.forEach((inc, i) => {
    const l = byKind.get(inc.for);
    if (l) l.push(i);
    else byKind.set(inc.for, [i]);
  });
  const none: number[] = [];
  const incentivesOf = new Array<number[]>(list.length);
  let kind: string | undefined;
  let ofKind = none;
  for (let e = 0; e < list.length; e++) {
    const k = list[e]!.kind;
    if (k !== kind) ofKind = byKind.get((kind = k)) ?? none;
    incentivesOf[e] = ofKind;
  }
  const entitiesOf = incentives.map((inc) => {
    let count = 0;
    for (let e = 0; e < list.length; e++) if (list[e]!.kind === inc.for) count++;
    const out = new Int32Array(count);
    let j = 0;
    for (let e = 0; e < list.length; e++) if (list[e]!.kind === inc.for) out[j++] = e;
    return out;
  });
  return {
    template: t.name ?? "",
    currency: t.settings.currency,
    digits: t.settings.currencyDigits,
    metrics,
    scorecards: t.scorecards.map((s) => s.name),
    incentives,
    order,
    entities: list,
    incentivesOf,
    entitiesOf,
  };
}

const nan = (n: number): Float64Array => new Float64Array(n).fill(NaN);

/** Columns already checked: a column is never written once made, and some are shared (no targets, a payout). */
const minorColumns = new WeakSet<Float64Array>();

function assertMinorColumn(col: Float64Array, what: string): void {
  if (minorColumns.has(col)) return;
  const bad = notWholeAt(col);
  if (bad >= 0) throw new RangeError(`${what}: ${col[bad]} is not a whole number of minor units`);
  minorColumns.add(col);
}

/**
 * The first entity whose value is not a safe integer (NaN is null, fine), or −1.
 * The loop is a function of its own: V8 compiles a long loop on the fly (on-stack
 * replacement), and code after the loop that had never run would throw that
 * compiled code away at every call (see engine/evaluate/CONTEXT.md, "Hot loops").
 */
function notWholeAt(col: Float64Array): number {
  for (let e = 0; e < col.length; e++) {
    const v = col[e]!;
    if (v === v && !Number.isSafeInteger(v)) return e;
  }
  return -1;
}

/**
 * Computes one period's columns: every metric column of the frame, targets
 * and their attainment and pace, scores, incentives and payouts, alerts.
 * @example
 * const pc = periodColumns(core, parts, layout, period, env);
 */
export function periodColumns(core: EvalCore, parts: ResultParts, layout: ResultLayout, period: Period, env: EvalEnv): PeriodColumns {
  const frame: Frame = core.frame(period);
  const n = core.n;
  const t = core.checked;
  const metrics: MetricColumns[] = layout.metrics.map((m, mi) => {
    const values = core.column(frame, mi);
    if (m.form === "money") assertMinorColumn(values as Float64Array, m.name);
    if (!m.targeted) return { values };
    const tc = core.targetColumns(m.name, frame);
    let base: Float64Array, challenge: Float64Array;
    if (tc) ({ base, challenge } = tc);
    else {
      (base = nan(n)), (challenge = nan(n));
      for (let e = 0; e < n; e++) {
        const p = core.target(m.name, frame, e);
        if (p.base !== null) base[e] = p.base;
        if (p.challenge !== null) challenge[e] = p.challenge;
      }
    }
    if (m.form === "money") {
      assertMinorColumn(base, `target(${m.name})`);
      assertMinorColumn(challenge, `challenge(${m.name})`);
    }
    return { values, targets: { base, challenge, attainment: core.attainmentColumn(mi, frame), pace: core.paceColumn(mi, frame) } };
  });

  const scores = t.scorecards.map(() => nan(n));
  const incentives = t.incentives.map(() => nan(n));
  // With one incentive the payout is its column (NaN where it does not apply): the same array, not a copy.
  const single = incentives.length === 1;
  const payout = single ? incentives[0]! : nan(n);
  // Sparse: read by entity index, `undefined` when none fired (no template alerts: nothing to hold).
  const alerts: (AlertResult[] | undefined)[] = t.alerts.length ? new Array(n) : [];
  const { list } = core.dataset.entities;
  for (let j = 0; j < t.incentives.length; j++) {
    const inc = t.incentives[j]!;
    const col = incentives[j]!;
    const who = layout.entitiesOf[j]!;
    if (parts.evaluateIncentiveColumn) parts.evaluateIncentiveColumn(inc, env, frame.period, who, col);
    else for (let k = 0; k < who.length; k++) col[who[k]!] = parts.evaluateIncentive(inc, env, { entity: who[k]!, period: frame.period }).value;
    if (single) continue;
    for (let k = 0; k < who.length; k++) {
      const e = who[k]!;
      const p = payout[e]!;
      payout[e] = p === p ? p + col[e]! : col[e]!;
    }
  }
  if (t.scorecards.length || t.alerts.length) {
    for (let e = 0; e < n; e++) {
      const cell: Cell = { entity: e, period: frame.period };
      for (let j = 0; j < t.scorecards.length; j++) {
        const s = parts.evaluateScorecard(t.scorecards[j]!, env, cell).score;
        if (s !== null) scores[j]![e] = s;
      }
      for (const al of t.alerts) {
        const a = parts.evaluateAlert(al, env, cell, list[e]!.name);
        if (a) (alerts[e] ??= []).push({ alert: a.alert, severity: a.severity, message: a.message });
      }
    }
  }
  incentives.forEach((col, j) => assertMinorColumn(col, t.incentives[j]!.name));
  assertMinorColumn(payout, "payout");
  return { period, asOf: formatDate(frame.asOf), metrics, scores, incentives, payout, alerts };
}

/**
 * One incentive for one entity and period (DESIGN.md "Incentives"), called by
 * the evaluator core for every entity of the incentive's `for` kind.
 *
 * - Formula form (`= if(…, 5_000, 0)`): the formula's money value, rounded
 *   once; a count or number (`= new_customers * 300`) counts as currency
 *   units, as a block's basis does.
 * - Block form: `basis` (money; a plain number counts as currency units),
 *   `tiers` (see `tiers.ts`; without tiers the basis itself is paid), `gate`,
 *   `cap`, `floor`. The amount is an exact decimal product (or sum of slice
 *   products) rounded ONCE to the minor unit by the template's rounding mode;
 *   then `cap` and `floor` bound it.
 * - A failed gate (false or null) pays 0; the floor does not apply then (it
 *   guarantees a minimum to those who qualify). A formula or basis with no
 *   value (null) pays 0, raised to the floor if there is one.
 * - An entity not employed on any day of the period (its `start` after the
 *   period's last day, or its `end` before its first) is paid nothing for
 *   it: 0, no floor, nothing else evaluated — compensation practice pays no
 *   one for a period they did not work, and without this a floor (or a
 *   formula such as `m >= challenge(m)`, true at 0 ≥ 0) would pay a rep not
 *   yet hired or already gone. One active day is enough: a partial period is
 *   paid as usual (its targets are prorated already).
 *
 * The trace's numbers are computed with the payout; its words (`steps`) only
 * when someone reads them — the calculation runs again then, narrated —
 * because incentives run for every entity and period, explanations for few.
 * The hot path allocates no named closures: under tsx (the CLI, the server)
 * each one costs a `defineProperty` for its name.
 * @module
 */
import type { CheckedExpr, CheckedIncentive } from "../check/checked-model.js";
import type { Cell, EvalEnv, IncentiveOutcome, IncentiveTrace, Value } from "../evaluate/contract.js";
import { exprText, metricsIn } from "../explain/expr-text.js";
import { formatAmount, formatValue, NULL_TEXT } from "../explain/format.js";
import Big from "big.js";
import { exact, literal, moneyNumber, QUIET, ratio, ratioText, ratioValue, roundRatio, times, ZERO, type Ratio, type Say } from "./amounts.js";
import type { Entity } from "../dataset/types.js";
import type { Rounding } from "../money.js";
import { formatDate, type Period } from "../periods.js";
import { planOf, reachedFast, roundDiv, type FastPlan } from "./fast.js";
import { showAmount, tierMeasure } from "./measure.js";
import { payTiers } from "./tiers.js";

/**
 * The exact amount of a numeric value in minor units: money already is; any
 * other number counts as currency units.
 * @example
 * amountOf(520000, "money", 2); // 520000 / 1
 * amountOf(5, "integer", 2);    // 500 / 1
 */
export function amountOf(v: Value, type: string, digits: number): Ratio | null {
  const x = exact(v);
  if (x === null) return null;
  return type === "money" ? x : times(x, `1e${digits}`);
}

/**
 * True when the entity is employed on at least one day of the period
 * (open `start`/`end` dates count as always). An incentive pays an inactive
 * entity nothing.
 * @example
 * activeIn({ start: day("2026-04-01"), end: null }, march); // false: not yet hired
 * activeIn({ start: day("2026-03-31"), end: null }, march); // true: one day is enough
 */
export function activeIn(e: Pick<Entity, "start" | "end">, period: Period): boolean {
  return (e.start === null || e.start <= period.end) && (e.end === null || e.end >= period.start);
}

/** Why an inactive entity is paid nothing, for the trace. */
function inactiveText(e: Entity, period: Period): string {
  const dates = [e.start === null ? "" : `start ${formatDate(e.start)}`, e.end === null ? "" : `end ${formatDate(e.end)}`].filter(Boolean).join(", ");
  return `${e.id} is not employed on any day of ${period.text} (${dates}): no pay for the period, the floor does not apply`;
}

/**
 * An incentive's trace. The numbers are fields; the words (`steps`) and the
 * unrounded amount's text are computed when first read — the calculation
 * runs again then, narrated. `toJSON` gives the plain data.
 * @example
 * const trace = evaluateIncentive(inc, env, cell).trace; trace.steps; // ["basis new_amount = 104,000.00", …]
 */
export class Trace implements IncentiveTrace {
  tier?: number;
  gate?: { passed: boolean; text: string };
  rounded?: number;
  capped?: "cap" | "floor";
  #steps: string[] | undefined;
  #unrounded: string | undefined;
  #amount: Ratio = ZERO;
  /** The fast path's amount, basis × rate (no rate: the basis), made into a `Ratio` only when read. */
  #basis: number | undefined;
  #rate: string | undefined;
  readonly #replay: () => string[];

  constructor(
    readonly form: "formula" | "tiers",
    replay: () => string[],
  ) {
    this.#replay = replay;
  }

  get steps(): string[] {
    return (this.#steps ??= this.#replay());
  }

  get unrounded(): string {
    return (this.#unrounded ??= ratioText(this.#exactAmount()));
  }

  setAmount(amount: Ratio): void {
    this.#amount = amount;
    this.#basis = undefined;
  }

  /** The amount as basis (minor units) × rate literal, computed exactly when first read. */
  setProduct(basis: number, rate: string | undefined): void {
    this.#basis = basis;
    this.#rate = rate;
  }

  #exactAmount(): Ratio {
    if (this.#basis === undefined) return this.#amount;
    const b = ratio(new Big(this.#basis));
    return this.#rate === undefined ? b : times(b, literal(this.#rate));
  }

  /** The trace as plain data, for explanations and JSON. */
  toJSON(): IncentiveTrace {
    const out: IncentiveTrace = { form: this.form, steps: this.steps };
    if (this.tier !== undefined) out.tier = this.tier;
    if (this.gate !== undefined) out.gate = this.gate;
    out.unrounded = this.unrounded;
    if (this.rounded !== undefined) out.rounded = this.rounded;
    if (this.capped !== undefined) out.capped = this.capped;
    return out;
  }
}

/**
 * Evaluates an incentive at a cell: the payout in minor units and its trace.
 * @example
 * const { value, trace } = evaluateIncentive(checked.incentives[0]!, env, { entity: 3, period });
 * value;       // 520000 (5,200.00)
 * trace.steps; // ["basis new_amount = 104,000.00", "measure attainment(new_amount) = 104%", …]
 */
export function evaluateIncentive(inc: CheckedIncentive, env: EvalEnv, cell: Cell): IncentiveOutcome {
  return run(inc, env, cell, QUIET);
}

/** The steps of the calculation in words: the same calculation, narrated. */
function narrate(inc: CheckedIncentive, env: EvalEnv, cell: Cell): string[] {
  const said: string[] = [];
  run(inc, env, cell, (text) => said.push(text()));
  return said;
}

function run(inc: CheckedIncentive, env: EvalEnv, cell: Cell, say: Say): IncentiveOutcome {
  const { currencyDigits: digits, rounding } = env.checked.settings;
  const trace = new Trace(inc.formula ? "formula" : "tiers", () => narrate(inc, env, cell));

  const entity = env.dataset.entities.list[cell.entity];
  if (entity !== undefined && !activeIn(entity, cell.period)) {
    say(() => inactiveText(entity, cell.period));
    trace.rounded = 0;
    return { value: 0, trace };
  }

  let gatePassed = true;
  if (inc.gate) {
    const gate = inc.gate;
    const g = env.evaluate(gate, cell);
    gatePassed = g === true;
    trace.gate = { passed: gatePassed, text: gateText(gate) };
    say(() => `gate ${exprText(gate)}${readValues(gate, env, cell)}: ${g === null ? "null" : String(g)} → ${gatePassed ? "passed" : "failed, the incentive pays 0"}`);
  }

  // Unheard (no explanation asked): the integer fast path when the incentive and the values allow it.
  const plan = say === QUIET ? planOf(inc, digits) : null;
  const fast = plan === null ? undefined : fastAmount(inc, plan, env, cell, trace, rounding);
  if (fast !== undefined) {
    trace.rounded = fast;
    return { value: gatePassed ? fastBound(plan!, fast, trace) : 0, trace };
  }

  let amount: Ratio;
  if (inc.formula) {
    const formula = inc.formula;
    const v = amountOf(env.evaluate(formula, cell), formula.type, digits);
    // A count or number pays in currency units (`new_customers * 300`); say so, since the formula names no money.
    const units = formula.type === "money" ? "" : " (a number, paid in currency units)";
    say(() => `formula ${exprText(formula)} = ${v === null ? `${NULL_TEXT}: no value, pays 0` : `${showAmount(v, digits)}${units}`}`);
    amount = v ?? ZERO;
  } else {
    amount = blockAmount(inc, env, cell, trace, say);
  }

  const rounded = roundRatio(amount, rounding);
  trace.setAmount(amount);
  trace.rounded = rounded;
  say(() => {
    const shown = ratioValue(amount);
    if (shown.exact && shown.value.eq(rounded)) return `amount ${formatAmount(rounded, digits)} (no rounding needed)`;
    return `rounded ${rounding} to the minor unit: ${showAmount(amount, digits)} → ${formatAmount(rounded, digits)}`;
  });

  if (!gatePassed) {
    say(() => `pays 0: the gate failed${rounded === 0 ? "" : ` (the incentive would pay ${formatAmount(rounded, digits)})`}`);
    return { value: 0, trace };
  }
  return { value: bound(inc, rounded, digits, trace, say), trace };
}

/** Gate texts, made once per expression (a trace per entity and period carries one). */
const gateTexts = new WeakMap<CheckedExpr, string>();

function gateText(e: CheckedExpr): string {
  let t = gateTexts.get(e);
  if (t === undefined) gateTexts.set(e, (t = exprText(e)));
  return t;
}

/**
 * The rounded block amount through `fast.ts`, with the trace's tier and
 * (lazy) unrounded amount set as the exact path sets them; undefined when a
 * value does not qualify (then nothing was recorded and the exact path runs).
 */
function fastAmount(inc: CheckedIncentive, plan: FastPlan, env: EvalEnv, cell: Cell, trace: Trace, rounding: Rounding): number | undefined {
  const b = env.evaluate(inc.basis!, cell);
  // -0 and non-integers (a Big, an ExactQuotient) keep the exact path.
  if (b !== null && !(typeof b === "number" && Number.isSafeInteger(b) && !Object.is(b, -0))) return undefined;
  if (!plan.tiered) {
    if (b === null) return 0;
    trace.setProduct(b, undefined);
    return b;
  }
  const m = env.evaluate(inc.tiers!.on!, cell);
  if (m !== null && typeof m !== "number") return undefined;
  const idx = m === null || !Number.isFinite(m) ? -1 : reachedFast(plan.bounds, m);
  if (idx < 0) return 0;
  if (b === null) {
    trace.tier = idx;
    return 0;
  }
  const r = plan.rates[idx]!;
  const n = b * r.p;
  if (!Number.isSafeInteger(n)) return undefined;
  trace.tier = idx;
  trace.setProduct(b, inc.tiers!.steps[idx]!.rate);
  return roundDiv(n, r.d, rounding);
}

/** `bound` with the plan's parsed cap and floor (nothing to say). */
function fastBound(plan: FastPlan, rounded: number, trace: Trace): number {
  let value = rounded;
  if (plan.cap !== undefined && value > plan.cap) {
    value = plan.cap;
    trace.capped = "cap";
  }
  if (plan.floor !== undefined && value < plan.floor) {
    value = plan.floor;
    trace.capped = "floor";
  }
  return value;
}

/** The unrounded amount of the block form, in minor units. */
function blockAmount(inc: CheckedIncentive, env: EvalEnv, cell: Cell, trace: Trace, say: Say): Ratio {
  const digits = env.checked.settings.currencyDigits;
  let basis: Ratio | null = null;
  if (inc.basis) {
    const expr = inc.basis;
    const b = amountOf(env.evaluate(expr, cell), expr.type, digits);
    say(() => `basis ${exprText(expr)} = ${b === null ? NULL_TEXT : showAmount(b, digits)}`);
    basis = b;
  }
  const tiers = inc.tiers;
  if (!tiers) {
    say(() => (basis === null ? "the basis has no value (null): pays 0" : "no tiers: pays the basis"));
    return basis ?? ZERO;
  }
  say(() => `tiers ${tiers.mode}`);
  const setup = tierMeasure(inc, env, cell, basis, say);
  const r = payTiers({
    mode: tiers.mode,
    steps: tiers.steps,
    basis,
    measure: setup.measure,
    slicing: setup.slicing,
    digits,
    say,
  });
  if (r.tier >= 0) trace.tier = r.tier;
  return r.amount;
}

/** Applies `cap` then `floor` to the rounded amount. */
function bound(inc: CheckedIncentive, rounded: number, digits: number, trace: Trace, say: Say): number {
  let value = rounded;
  if (inc.cap !== undefined) {
    const cap = moneyNumber(inc.cap, digits);
    const before = value;
    if (value > cap) {
      value = cap;
      trace.capped = "cap";
      say(() => `cap ${formatAmount(cap, digits)} applied: ${formatAmount(before, digits)} → ${formatAmount(cap, digits)}`);
    } else say(() => `cap ${formatAmount(cap, digits)}: not reached`);
  }
  if (inc.floor !== undefined) {
    const floor = moneyNumber(inc.floor, digits);
    const before = value;
    if (value < floor) {
      value = floor;
      trace.capped = "floor";
      say(() => `floor ${formatAmount(floor, digits)} applied: ${formatAmount(before, digits)} → ${formatAmount(floor, digits)}`);
    } else say(() => `floor ${formatAmount(floor, digits)}: already above`);
  }
  return value;
}

/** ` (renewal_rate = 65%)`: the metrics a condition reads, for the trace. */
function readValues(e: CheckedExpr, env: EvalEnv, cell: Cell): string {
  const digits = env.checked.settings.currencyDigits;
  const parts = metricsIn(e).map((name) => {
    const m = env.checked.metrics.find((x) => x.name === name);
    return `${name} = ${formatValue(env.metric(name, cell), m?.inferredType ?? "number", digits)}`;
  });
  return parts.length ? ` (${parts.join(", ")})` : "";
}

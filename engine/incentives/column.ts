/**
 * Incentives for many entities of one period at once — the result's path,
 * where no one reads a trace. Each entity's amount is exactly what
 * `evaluateIncentive` gives (test/engine/incentives/column.test.ts): the
 * integer fast path of `fast.ts` over whole columns when the env offers them
 * (`EvalEnv.column`), else with the expressions bound once; an entity whose
 * values leave the fast path goes through `evaluateIncentive` itself.
 * @module
 */
import type { CheckedExpr, CheckedIncentive } from "../check/checked-model.js";
import type { EvalEnv, Value } from "../evaluate/contract.js";
import type { Rounding } from "../money.js";
import type { Period } from "../periods.js";
import { planOf, reachedFast, roundDiv, type FastPlan } from "./fast.js";
import { activeIn, evaluateIncentive } from "./index.js";

/**
 * An incentive for many entities of one period at once, into `out[entity]`
 * (minor units) — the result's path, where no one reads a trace. Each
 * entity's amount is what `evaluateIncentive` gives: the integer fast path
 * of `fast.ts` with the expressions bound once, and for an entity whose
 * values do not qualify, `evaluateIncentive` itself.
 * @example
 * evaluateIncentiveColumn(inc, env, period, [3, 4, 5], payouts);
 */
export function evaluateIncentiveColumn(inc: CheckedIncentive, env: EvalEnv, period: Period, entities: ArrayLike<number>, out: Float64Array): void {
  const { currencyDigits: digits, rounding } = env.checked.settings;
  const plan = planOf(inc, digits);
  const bind = (e: CheckedExpr): ((entity: number) => Value) => (env.evaluator ? env.evaluator(e, period) : (entity) => env.evaluate(e, { entity, period }));
  const list = env.dataset.entities.list;
  if (plan === null) {
    for (let k = 0; k < entities.length; k++) out[entities[k]!] = evaluateIncentive(inc, env, { entity: entities[k]!, period }).value;
    return;
  }
  if (columnAmounts(inc, plan, env, period, entities, out)) return;
  const gate = inc.gate ? bind(inc.gate) : undefined;
  const basis = bind(inc.basis!);
  const measure = plan.tiered ? bind(inc.tiers!.on!) : undefined;
  for (let k = 0; k < entities.length; k++) {
    const e = entities[k]!;
    // As in `evaluateIncentive`: nothing for a period the entity was not employed in.
    const ent = list[e];
    if (ent !== undefined && !activeIn(ent, period)) {
      out[e] = 0;
      continue;
    }
    const amount = fastColumnAmount(plan, basis(e), measure?.(e), rounding);
    if (amount === undefined) {
      out[e] = evaluateIncentive(inc, env, { entity: e, period }).value;
      continue;
    }
    if (gate && gate(e) !== true) {
      out[e] = 0;
      continue;
    }
    let value = amount;
    if (plan.cap !== undefined && value > plan.cap) value = plan.cap;
    if (plan.floor !== undefined && value < plan.floor) value = plan.floor;
    out[e] = value;
  }
}

/**
 * The fast plan over whole columns (basis, measure and gate each one array),
 * when the env offers them: the loop of `evaluateIncentiveColumn` without a
 * call per value. An entity whose values leave the fast path is evaluated by
 * `evaluateIncentive`, as there. False when a column is not available (nothing was written).
 */
function columnAmounts(inc: CheckedIncentive, plan: FastPlan, env: EvalEnv, period: Period, entities: ArrayLike<number>, out: Float64Array): boolean {
  if (!env.column) return false;
  const basis = env.column(inc.basis!, period);
  const measure = plan.tiered ? env.column(inc.tiers!.on!, period) : undefined;
  const gate = inc.gate ? env.column(inc.gate, period) : undefined;
  if (!(basis instanceof Float64Array) || (plan.tiered && !(measure instanceof Float64Array)) || (inc.gate && !(gate instanceof Uint8Array))) return false;
  const rounding = env.checked.settings.rounding;
  // `activeIn` over the tree's typed arrays (NaN: open): no entity object is read in the loop.
  const { starts, ends } = env.dataset.entities;
  const first = period.start;
  const last = period.end;
  // `fastColumnAmount` and `bound`, inlined with the plan's numbers hoisted: this loop runs for every entity and period.
  const { bounds, rates, tiered } = plan;
  const cap = plan.cap ?? Infinity;
  const floor = plan.floor ?? -Infinity;
  for (let k = 0; k < entities.length; k++) {
    const e = entities[k]!;
    if (starts[e]! > last || ends[e]! < first) {
      out[e] = 0;
      continue;
    }
    const b = basis[e]!;
    let amount = 0;
    if (b === b) {
      // -0 and fractions (never in a money column, but a plain number basis may have them) take the exact path.
      if (!Number.isSafeInteger(b) || (b === 0 && 1 / b < 0)) {
        out[e] = evaluateIncentive(inc, env, { entity: e, period }).value;
        continue;
      }
      if (!tiered) amount = b;
      else {
        const m = measure![e]!;
        let idx = -1;
        if (m - m === 0) for (let i = 0; i < bounds.length; i++) if (m >= bounds[i]!) idx = i;
        if (idx >= 0) {
          const r = rates[idx]!;
          const n = b * r.p;
          if (!Number.isSafeInteger(n)) {
            out[e] = evaluateIncentive(inc, env, { entity: e, period }).value;
            continue;
          }
          amount = roundDiv(n, r.d, rounding);
        }
      }
    }
    if (gate !== undefined && gate[e] !== 1) {
      out[e] = 0;
      continue;
    }
    // Cap, then floor, as `bound` applies them.
    const capped = amount > cap ? cap : amount;
    out[e] = capped < floor ? floor : capped;
  }
  return true;
}

/** `fastAmount` without a trace: the rounded amount, or undefined when the exact path must decide. */
function fastColumnAmount(plan: FastPlan, b: Value, m: Value | undefined, rounding: Rounding): number | undefined {
  if (b !== null && !(typeof b === "number" && Number.isSafeInteger(b) && !Object.is(b, -0))) return undefined;
  if (!plan.tiered) return b === null ? 0 : b;
  if (m !== null && typeof m !== "number") return undefined;
  const idx = m === null || !Number.isFinite(m) ? -1 : reachedFast(plan.bounds, m);
  if (idx < 0 || b === null) return 0;
  const r = plan.rates[idx]!;
  const n = b * r.p;
  if (!Number.isSafeInteger(n)) return undefined;
  return roundDiv(n, r.d, rounding);
}


/**
 * One scorecard for one entity and period (DESIGN.md "Scorecard"), called by
 * the evaluator core for every entity: Score = Σ weight × min(attainment, cap).
 * An item whose attainment is null (no target, or a target of 0) scores 0; an
 * item without a cap is not capped. Weights and caps are read exactly from
 * their text (`50%` is 0.5) and every product and the sum are exact decimals
 * of the attainments as JS numbers, so 50% × 104% + 30% × 90% + 20% × 110% is
 * 1.01, not 1.0100000000000002; the result is one JS number.
 * @module
 */
import Big from "big.js";
import type { CheckedScorecard } from "../check/checked-model.js";
import type { Cell, EvalEnv, ScorecardOutcome } from "../evaluate/contract.js";
import { parseDecimal } from "../money.js";

/** A weight or cap as written (`50%`, `1.2`); the checker validated it. */
function decimal(text: string): Big {
  const p = parseDecimal(text);
  if (!p.ok) throw new Error(`internal: bad number in a checked scorecard: ${p.reason}`);
  return p.value;
}

/**
 * Scores an entity at a cell.
 * @example
 * const { score, items } = evaluateScorecard(checked.scorecards[0]!, env, cell);
 * score;           // 0.97
 * items[0];        // { metric: "new_amount", weight: 0.5, attainment: 1.04, cap: 1.5, points: 0.52 }
 */
export function evaluateScorecard(sc: CheckedScorecard, env: EvalEnv, cell: Cell): ScorecardOutcome {
  let total = new Big(0);
  const items = sc.items.map((it) => {
    const weight = decimal(it.weight);
    const cap = it.cap === undefined ? null : decimal(it.cap);
    const raw = env.attainment(it.metric, cell);
    const attainment = raw !== null && Number.isFinite(raw) ? raw : null;
    let points = new Big(0);
    if (attainment !== null) {
      const a = new Big(attainment);
      points = weight.times(cap !== null && a.gt(cap) ? cap : a);
    }
    total = total.plus(points);
    return { metric: it.metric, weight: weight.toNumber(), attainment, cap: cap === null ? null : cap.toNumber(), points: points.toNumber() };
  });
  return { score: total.toNumber(), items };
}

/**
 * The largest-remainder split that target decomposition uses so that children
 * always sum exactly to their parent (DESIGN.md, "Targets"): a year into
 * quarters and months, a root's total down the entity tree. Each share is the
 * exact rational total × weight / Σ weights, floored; the units left over go
 * one each to the shares with the largest fractional parts, ties to the
 * earlier share. Weights are exact decimals (`"20%"`, big.js values, or
 * numbers read through their shortest decimal text) and all arithmetic is on
 * BigInt, so 20/25/25/30 or an even three-way split never meets a float.
 * Decisions: when every weight is zero (or the history behind `split by
 * history` is empty) the total is split evenly; negative weights are a
 * programming error (the checker rejects them) and throw; a negative total
 * is floored toward −∞ like any other, so every share still lies within one
 * unit of its exact value and the extra units still go to the largest
 * fractional parts. The targets module and the evaluator sit above this.
 * @module
 */
import Big from "big.js";
import { parseDecimal, toScaled, type ScaledDecimal } from "./money.js";

/** A split weight: an exact decimal, a decimal literal (`"25%"`), or a JS number read through its shortest text. @example const w: Weight[] = ["20%", 0.25, new Big("0.55")]; */
export type Weight = number | Big | string;

function weightToScaled(w: Weight, index: number): ScaledDecimal {
  let scaled: ScaledDecimal;
  if (typeof w === "string") {
    const parsed = parseDecimal(w);
    if (!parsed.ok) throw new RangeError(`weight ${index + 1}: ${parsed.reason}`);
    scaled = toScaled(parsed.value);
  } else if (typeof w === "number") {
    if (!Number.isFinite(w)) throw new RangeError(`weight ${index + 1} is not finite`);
    // big.js reads a number through String(n), the shortest decimal that reads back as n: 0.1 stays 0.1.
    scaled = toScaled(new Big(w));
  } else {
    scaled = toScaled(w);
  }
  if (scaled.coefficient < 0n) throw new RangeError(`weight ${index + 1} is negative`);
  return scaled;
}

/** Floor division for BigInt (which itself truncates toward zero); the divisor is positive here. */
function floorDiv(a: bigint, b: bigint): bigint {
  const q = a / b;
  return a % b !== 0n && a < 0n ? q - 1n : q;
}

/**
 * Splits an integer total into integer shares proportional to the weights, summing exactly to the total.
 * @example
 * splitLargestRemainder(100, [1, 1, 1]);                    // [34, 33, 33]
 * splitLargestRemainder(60_039_595, ["20%", "25%", "25%", "30%"]); // [12007919, 15009899, 15009899, 18011878]
 * splitLargestRemainder(10, [0, 0]);                        // [5, 5] (all-zero weights split evenly)
 */
export function splitLargestRemainder(total: number, weights: readonly Weight[]): number[] {
  if (!Number.isSafeInteger(total)) throw new RangeError(`split: total ${total} is not a safe integer`);
  if (weights.length === 0) {
    if (total === 0) return [];
    throw new RangeError(`split: cannot split ${total} into no shares`);
  }
  const scaled = weights.map(weightToScaled);
  // Bring every weight to one scale so that they are plain integers with the same ratios.
  const scale = Math.max(...scaled.map((s) => s.scale));
  let ints = scaled.map((s) => s.coefficient * 10n ** BigInt(scale - s.scale));
  let sum = ints.reduce((a, b) => a + b, 0n);
  if (sum === 0n) {
    ints = ints.map(() => 1n);
    sum = BigInt(ints.length);
  }
  const t = BigInt(total);
  const floors: bigint[] = [];
  const remainders: bigint[] = [];
  let left = t;
  for (const w of ints) {
    // share = t × w / sum; the remainder (in units of 1/sum) is its fractional part, kept exact for the ranking.
    const f = floorDiv(t * w, sum);
    floors.push(f);
    remainders.push(t * w - f * sum);
    left -= f;
  }
  // Σ remainders = left × sum with every remainder < sum, so 0 ≤ left < number of shares.
  const order = floors.map((_, i) => i).sort((a, b) => {
    const ra = remainders[a] ?? 0n;
    const rb = remainders[b] ?? 0n;
    return ra === rb ? a - b : ra > rb ? -1 : 1;
  });
  for (let k = 0; k < Number(left); k++) {
    const i = order[k] ?? 0;
    floors[i] = (floors[i] ?? 0n) + 1n;
  }
  return floors.map(Number);
}

const EVEN_QUARTERS: readonly Weight[] = [1, 1, 1, 1];
const EVEN_MONTHS: readonly Weight[] = [1, 1, 1];

/**
 * Splits an annual target into 12 monthly targets, in fiscal-year order (the first
 * is the fiscal start month): year → quarters by `quarterWeights` (default even),
 * then each quarter → its 3 months evenly, largest remainder at each level; or
 * year → months directly when 12 `monthWeights` are given (they win over quarters).
 * @example
 * splitYearTarget(60_007_919, ["20%", "25%", "25%", "30%"]);
 * // [4000528, 4000528, 4000528, 5000660, 5000660, 5000660, 5000660, 5000660, 5000660, 6000792, 6000792, 6000791]
 */
export function splitYearTarget(
  annualMinor: number,
  quarterWeights?: readonly Weight[],
  monthWeights?: readonly Weight[],
): number[] {
  if (monthWeights !== undefined) {
    if (monthWeights.length !== 12) throw new RangeError(`split: ${monthWeights.length} month weights; a year needs 12`);
    return splitLargestRemainder(annualMinor, monthWeights);
  }
  const qw = quarterWeights ?? EVEN_QUARTERS;
  if (qw.length !== 4) throw new RangeError(`split: ${qw.length} quarter weights; a year needs 4`);
  return splitLargestRemainder(annualMinor, qw).flatMap((quarter) => splitLargestRemainder(quarter, EVEN_MONTHS));
}

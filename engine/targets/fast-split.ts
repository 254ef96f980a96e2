/**
 * Fast, exact integer arithmetic for target tables: a reusable largest-remainder
 * splitter and a rounded `a × num / den`. Both give exactly what
 * `engine/split.ts` (`splitLargestRemainder`) and `engine/money.ts`
 * (`moneyMulDiv`) give — same floors, same ties to the earlier share, same
 * rounding modes — but in plain JS numbers while every intermediate product
 * stays below 2^53, falling back to those BigInt implementations otherwise.
 * Why: the W1 table splits 10,000 annual quotas five times each, and parsing
 * the weights and running BigInt per split would cost most of the 100 ms budget.
 * Weights are parsed and scaled to integers once per splitter.
 * @module
 */
import Big from "big.js";
import { moneyMulDiv, parseDecimal, toScaled, type Rounding, type ScaledDecimal } from "../money.js";
import { splitLargestRemainder, type Weight } from "../split.js";

const SAFE = Number.MAX_SAFE_INTEGER;

/** A largest-remainder split over fixed weights. @example makeSplitter(["20%", "80%"]).split(101); // [20, 81] */
export interface Splitter {
  /** Number of shares. */
  readonly parts: number;
  /** Splits an integer total into `parts` integer shares summing exactly to it. */
  split(total: number): number[];
  /** The same shares written into `out[at .. at + parts)`, allocating nothing (thousands of quotas are split per table). */
  splitInto(total: number, out: Float64Array, at: number): void;
}

/** A splitter made from a `split` function alone (the reference implementation). */
function bySplit(parts: number, split: (total: number) => number[]): Splitter {
  return {
    parts,
    split,
    splitInto(total, out, at) {
      out.set(split(total), at);
    },
  };
}

function toScaledWeight(w: Weight, i: number): ScaledDecimal {
  if (typeof w !== "string") return toScaled(typeof w === "number" ? new Big(w) : w);
  const p = parseDecimal(w);
  if (!p.ok) throw new RangeError(`weight ${i + 1}: ${p.reason}`);
  return toScaled(p.value);
}

/**
 * Builds a splitter for fixed weights (exact decimals; all zero means even, as in split.ts).
 * @example
 * const q = makeSplitter(["20%", "25%", "25%", "30%"]);
 * q.split(60_007_919); // [12001584, 15001980, 15001980, 18002375]
 */
export function makeSplitter(weights: readonly Weight[]): Splitter {
  const n = weights.length;
  let scaled: ScaledDecimal[];
  try {
    scaled = weights.map(toScaledWeight);
  } catch {
    // Anything unusual (exponent notation, bad text) goes through the reference implementation, which reports it.
    return bySplit(n, (total) => splitLargestRemainder(total, weights));
  }
  const scale = Math.max(0, ...scaled.map((s) => s.scale));
  let ints = scaled.map((s) => s.coefficient * 10n ** BigInt(scale - s.scale));
  if (ints.some((w) => w < 0n)) return bySplit(n, (total) => splitLargestRemainder(total, weights));
  let sumBig = ints.reduce((a, b) => a + b, 0n);
  if (sumBig === 0n) {
    ints = ints.map(() => 1n);
    sumBig = BigInt(n);
  }
  if (n === 0 || sumBig > BigInt(SAFE)) return bySplit(n, (total) => splitLargestRemainder(total, weights));
  const w = ints.map(Number);
  const sum = Number(sumBig);
  const even = w.every((x) => x === w[0]);
  // Products total × w_i and the floor check f × sum must stay exact: |total| × sum + sum ≤ 2^53 − 1.
  const limit = Math.floor((SAFE - sum) / sum);
  const rems = new Float64Array(n);
  const splitInto = (total: number, out: Float64Array, at: number): void => {
    if (!Number.isSafeInteger(total)) throw new RangeError(`split: total ${total} is not a safe integer`);
    if (Math.abs(total) > limit) return void out.set(splitLargestRemainder(total, weights), at);
    if (even) return splitEven(total, n, out, at);
    let left = total;
    for (let i = 0; i < n; i++) {
      const prod = total * w[i]!;
      let f = Math.floor(prod / sum);
      let r = prod - f * sum;
      // Float division can land one off the true floor; fix it with the exact remainder.
      if (r < 0) { f -= 1; r += sum; } else if (r >= sum) { f += 1; r -= sum; }
      out[at + i] = f + 0; // never −0 (a zero weight of a negative total)
      rems[i] = r;
      left -= f;
    }
    for (let k = 0; k < left; k++) {
      let best = -1;
      for (let i = 0; i < n; i++) if (rems[i]! >= 0 && (best < 0 || rems[i]! > rems[best]!)) best = i;
      out[at + best]!++;
      rems[best] = -1; // taken
    }
  };
  return {
    parts: n,
    splitInto,
    split(total: number): number[] {
      const out = new Float64Array(n);
      splitInto(total, out, 0);
      return Array.from(out);
    },
  };
}

/** Equal weights: every remainder ties, so the first `total mod n` shares get the extra unit. */
function splitEven(total: number, n: number, out: Float64Array, at: number): void {
  const q = Math.floor(total / n) + 0;
  const extra = total - q * n;
  for (let i = 0; i < n; i++) out[at + i] = i < extra ? q + 1 : q;
}

/**
 * The integer `a × num / den`, rounded once by the template's mode (den > 0). Exact, like `moneyMulDiv`.
 * @example
 * mulDivRound(8_000_000, 10, 31, "half_up"); // 2580645  (80,000.00 × 10/31 = 25,806.4516…)
 * mulDivRound(5, 1, 2, "half_even");         // 2
 */
export function mulDivRound(a: number, num: number, den: number, rounding: Rounding): number {
  const n = a * num + 0; // never −0
  if (!Number.isSafeInteger(n) || !Number.isSafeInteger(den) || den <= 0) {
    const r = moneyMulDiv(a, num, den, rounding);
    if (r === null) throw new RangeError("mulDivRound: zero denominator");
    return r;
  }
  let f = Math.floor(n / den);
  let r = n - f * den;
  if (r < 0) { f -= 1; r += den; } else if (r >= den) { f += 1; r -= den; }
  const twice = 2 * r;
  if (twice < den) return f;
  if (twice > den) return f + 1;
  // An exact half: f + ½. half_up goes away from zero; half_even to the even neighbour.
  if (rounding === "half_up") return n >= 0 ? f + 1 : f;
  return f % 2 === 0 ? f : f + 1;
}

/** An exact decimal factor as the integer ratio num / den (den a power of ten). @example const r: Ratio = { num: 12, den: 10 }; */
export interface Ratio {
  num: number;
  den: number;
}

/**
 * Turns an exact factor such as 1.2 (`120%`) into an integer ratio for `mulDivRound`.
 * @example
 * ratioOf(new Big("1.2")); // { num: 12, den: 10 }
 */
export function ratioOf(f: Big): Ratio {
  const s = toScaled(f);
  return { num: Number(s.coefficient), den: 10 ** s.scale };
}

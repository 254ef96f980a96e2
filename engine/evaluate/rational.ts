/**
 * Exact money inside formulas. A money value is integer minor units (a JS
 * number) until a product with a non-integer or a quotient makes it
 * fractional; from then on it is a `Rat`, an exact rational of BigInts, and
 * it is rounded to the minor unit exactly once — by `finishRat`, when the
 * metric value is produced. Rationals (not big.js decimals) because a
 * quotient such as 1000 / 3 has no finite decimal: `(x / 3) * 1.5` must round
 * as the exact value does, and a truncated decimal would turn an exact tie
 * into a near-tie. At the `EvalEnv` boundary a `Rat` becomes a big.js value
 * (`ratToBig` in `values.ts`). The formula compiler (`formulas.ts`) sits on this.
 * @module
 */
import Big from "big.js";
import { roundRational, toScaled, type Rounding } from "../money.js";

/**
 * An exact rational `n / d` in minor units; `d` is positive, not necessarily reduced.
 * @example
 * const third = new Rat(1000n, 3n); // 333.33… minor units
 */
export class Rat {
  constructor(
    readonly n: bigint,
    readonly d: bigint,
  ) {}
}

const MAX = Number.MAX_SAFE_INTEGER;
const TEN = 10n;

/** An integer or a rational as a rational. */
const asRat = (v: number | Rat): Rat => (typeof v === "number" ? new Rat(BigInt(v), 1n) : v);

/**
 * A rational back to a JS integer when it is one and safe, else itself.
 * @example
 * normalizeRat(new Rat(10n, 2n)); // 5
 */
export function normalizeRat(r: Rat): number | Rat {
  if (r.n % r.d !== 0n) return r;
  const q = r.n / r.d;
  return q <= BigInt(MAX) && q >= -BigInt(MAX) ? Number(q) : new Rat(q, 1n);
}

/**
 * A plain JS number (a rate, a weight, a ratio) as the exact decimal it prints as:
 * 0.03 is exactly 3/100 (big.js reads a number through its shortest text).
 * @example
 * ratOfNumber(0.03); // Rat(3n, 100n)
 */
export function ratOfNumber(x: number): Rat {
  if (Number.isSafeInteger(x)) return new Rat(BigInt(x), 1n);
  const s = toScaled(new Big(x));
  return new Rat(s.coefficient, TEN ** BigInt(s.scale));
}

/**
 * A big.js decimal as a rational.
 * @example
 * ratOfBig(new Big("52.5")); // Rat(525n, 10n)
 */
export function ratOfBig(x: Big): Rat {
  const s = toScaled(x);
  return new Rat(s.coefficient, TEN ** BigInt(s.scale));
}

/**
 * Money + money, exact. Integers stay integers while the sum is safe.
 * @example
 * addMoney(150, 250); // 400
 */
export function addMoney(a: number | Rat, b: number | Rat): number | Rat {
  if (typeof a === "number" && typeof b === "number") {
    const s = a + b;
    if (s <= MAX && s >= -MAX) return s;
  }
  const x = asRat(a);
  const y = asRat(b);
  return normalizeRat(x.d === y.d ? new Rat(x.n + y.n, x.d) : new Rat(x.n * y.d + y.n * x.d, x.d * y.d));
}

/**
 * −money.
 * @example
 * negMoney(5); // -5
 */
export const negMoney = (a: number | Rat): number | Rat => (typeof a === "number" ? -a : new Rat(-a.n, a.d));

/**
 * Money × a plain number (a rate, a count), exact: 1050 × 0.05 = 105/2 minor units.
 * @example
 * mulMoney(1050, 0.05); // Rat(5250n, 100n)
 */
export function mulMoney(m: number | Rat, f: number): number | Rat {
  if (typeof m === "number" && Number.isSafeInteger(f)) {
    const p = m * f;
    if (p <= MAX && p >= -MAX) return p === 0 ? 0 : p;
  }
  const x = asRat(m);
  const y = ratOfNumber(f);
  return normalizeRat(new Rat(x.n * y.n, x.d * y.d));
}

/**
 * Money ÷ a plain number, exact; null when dividing by zero.
 * @example
 * divMoney(1000, 3); // Rat(1000n, 3n)
 */
export function divMoney(m: number | Rat, f: number): number | Rat | null {
  if (f === 0) return null;
  if (typeof m === "number" && Number.isSafeInteger(f) && m % f === 0) return m / f === 0 ? 0 : m / f;
  const x = asRat(m);
  const y = ratOfNumber(f);
  const sign = y.n < 0n ? -1n : 1n;
  return normalizeRat(new Rat(sign * x.n * y.d, sign * x.d * y.n));
}

/**
 * The product or quotient of two money-typed values that are both currency-unit
 * literals (`5_000 * 2` adapted to money): (a/unit) op (b/unit) currency units, in minor
 * units — a × b / unit, or a × unit / b (null when b is 0). Exact.
 * @example
 * moneyOfUnits("*", 500000, 200, 100); // 1000000 (5,000 × 2 = 10,000.00)
 */
export function moneyOfUnits(op: "*" | "/", a: number | Rat, b: number | Rat, unit: number): number | Rat | null {
  const x = asRat(a);
  const y = asRat(b);
  const u = BigInt(unit);
  if (op === "*") return normalizeRat(new Rat(x.n * y.n, x.d * y.d * u));
  if (y.n === 0n) return null;
  const sign = y.n < 0n ? -1n : 1n;
  return normalizeRat(new Rat(sign * x.n * y.d * u, sign * x.d * y.n));
}

/**
 * Money ÷ money: a plain number (a ratio); null when dividing by zero.
 * @example
 * moneyRatio(104, 100); // 1.04
 */
export function moneyRatio(a: number | Rat, b: number | Rat): number | null {
  if (typeof a === "number" && typeof b === "number") return b === 0 ? null : a / b;
  const x = asRat(a);
  const y = asRat(b);
  if (y.n === 0n) return null;
  return ratToNumber(new Rat(x.n * y.d * (y.n < 0n ? -1n : 1n), x.d * (y.n < 0n ? -y.n : y.n)));
}

/**
 * Orders two money values exactly: negative, zero or positive.
 * @example
 * cmpMoney(new Rat(1n, 3n), 0); // 1
 */
export function cmpMoney(a: number | Rat, b: number | Rat): number {
  if (typeof a === "number" && typeof b === "number") return a < b ? -1 : a > b ? 1 : 0;
  const x = asRat(a);
  const y = asRat(b);
  const l = x.n * y.d;
  const r = y.n * x.d;
  return l < r ? -1 : l > r ? 1 : 0;
}

/**
 * A rational as the nearest JS number (for ratios and display; never for money results).
 * @example
 * ratToNumber(new Rat(1n, 4n)); // 0.25
 */
export function ratToNumber(r: Rat): number {
  const q = r.n / r.d;
  const rem = r.n - q * r.d;
  // Integer part exactly, then the fraction as a quotient of two doubles of similar size.
  return Number(q) + Number(rem * 1_000_000_000_000_000n / r.d) / 1e18;
}

/**
 * Rounds money to integer minor units once, by the template's mode; a RangeError beyond the exact range.
 * @example
 * finishRat(new Rat(105n, 2n), "half_even"); // 52
 */
export function finishRat(v: number | Rat, rounding: Rounding): number {
  if (typeof v === "number") return v;
  const q = roundRational(v.n, v.d, rounding);
  if (q > BigInt(MAX) || q < -BigInt(MAX)) throw new RangeError(`a money value of ${q} minor units exceeds the exact range`);
  return Number(q) === 0 ? 0 : Number(q);
}

/**
 * `round(x, d)` on money: to a multiple of 10^(currencyDigits − d) minor units, by the mode.
 * @example
 * roundMoney(123456, 0, 2, "half_up"); // 123500 (1234.56 → 1235)
 */
export function roundMoney(v: number | Rat, d: number, digits: number, rounding: Rounding): number | Rat {
  const shift = digits - d;
  const r = asRat(v);
  if (shift >= 0) {
    const unit = TEN ** BigInt(shift);
    return normalizeRat(new Rat(roundRational(r.n, r.d * unit, rounding) * unit, 1n));
  }
  const scale = TEN ** BigInt(-shift);
  return normalizeRat(new Rat(roundRational(r.n * scale, r.d, rounding), scale));
}

/**
 * The four W1 checksums (shared/bench/W1.md) and the one way every W1
 * implementation computes and prints them: the typed-array baseline and the
 * engine each reduce their results to `RepMonthColumns` (one entry per rep
 * and month, money in integer cents) and call `computeChecksums`, so both
 * sides print the same figures the same way.
 * @module
 */

/**
 * Per rep-month results, column by column; entry `k` is one rep in one month.
 * Money is integer cents; a missing target is `NaN`.
 * @example
 * const cols = allocRepMonths(10_000 * 12);
 * cols.month[0] = 1; cols.newAmount[0] = 9_020_982; cols.target[0] = 4_000_528; cols.payout[0] = 0;
 */
export interface RepMonthColumns {
  length: number;
  /** Month number 1..12. */
  month: Uint8Array;
  newAmount: Float64Array;
  target: Float64Array;
  payout: Float64Array;
}

/**
 * Zeroed columns for `n` rep-months.
 * @example
 * const cols = allocRepMonths(120_000);
 */
export function allocRepMonths(n: number): RepMonthColumns {
  return { length: n, month: new Uint8Array(n), newAmount: new Float64Array(n), target: new Float64Array(n), payout: new Float64Array(n) };
}

/**
 * The figures W1.md's table fixes, all in cents except the count.
 * @example
 * const c: W1Checksums = W1_EXPECTED;
 */
export interface W1Checksums {
  /** Σ payout, cents. */
  totalPayout: number;
  /** Rep-months with payout > 0. */
  payingRepMonths: number;
  /** Σ new_amount, cents. */
  newAmountSum: number;
  /** Σ monthly target × month number (guards the target split). */
  targetByMonth: number;
}

/**
 * W1.md's table.
 * @example
 * sameChecksums(computeChecksums(cols), W1_EXPECTED);
 */
export const W1_EXPECTED: Readonly<W1Checksums> = Object.freeze({
  totalPayout: 137_702_614_375,
  payingRepMonths: 69_124,
  newAmountSum: 2_415_601_411_020,
  targetByMonth: 5_546_033_282_999,
});

/** Rounding half-up instead of half-even pays this many cents more in total (W1.md). */
export const W1_HALF_UP_EXTRA = 61;

/**
 * Reduces per rep-month results to the checksums. Sums stay exact integers:
 * every addend is an integer number of cents and every partial sum is checked
 * to stay below 2^53.
 * @example
 * computeChecksums(cols).totalPayout; // 137702614375 for the full W1 run
 */
export function computeChecksums(cols: RepMonthColumns): W1Checksums {
  const { length, month, newAmount, target, payout } = cols;
  let totalPayout = 0;
  let payingRepMonths = 0;
  let newAmountSum = 0;
  let targetByMonth = 0;
  for (let k = 0; k < length; k++) {
    const p = payout[k]!;
    totalPayout += p;
    if (p > 0) payingRepMonths++;
    newAmountSum += newAmount[k]!;
    const t = target[k]!;
    if (t === t) targetByMonth += t * month[k]!;
  }
  const c = { totalPayout, payingRepMonths, newAmountSum, targetByMonth };
  for (const [name, v] of Object.entries(c)) {
    if (!Number.isSafeInteger(v)) throw new RangeError(`checksum ${name} = ${v} is not an exact integer`);
  }
  return c;
}

/**
 * Whether two sets of checksums are equal.
 * @example
 * if (!sameChecksums(c, W1_EXPECTED)) process.exitCode = 1;
 */
export function sameChecksums(a: W1Checksums, b: W1Checksums): boolean {
  return a.totalPayout === b.totalPayout && a.payingRepMonths === b.payingRepMonths && a.newAmountSum === b.newAmountSum && a.targetByMonth === b.targetByMonth;
}

/**
 * An integer with `,` between thousands, as W1.md writes them.
 * @example
 * groupThousands(137702614375); // "137,702,614,375"
 */
export function groupThousands(n: number): string {
  const s = String(Math.abs(n));
  const head = s.length % 3 || 3;
  let out = s.slice(0, head);
  for (let i = head; i < s.length; i += 3) out += `,${s.slice(i, i + 3)}`;
  return n < 0 ? `-${out}` : out;
}

/**
 * The checksum rows, one `[label, value]` per figure, in W1.md's order and wording.
 * @example
 * for (const [label, value] of checksumRows(c)) console.log(label.padEnd(40), value);
 */
export function checksumRows(c: W1Checksums): [string, string][] {
  return [
    ["total payout cents", groupThousands(c.totalPayout)],
    ["rep-months with payout > 0", groupThousands(c.payingRepMonths)],
    ["sum of new_amount cents", groupThousands(c.newAmountSum)],
    ["Σ monthly target × month number", groupThousands(c.targetByMonth)],
  ];
}

/**
 * Exchange rates for a mapping's currency conversion: a `currency,period,rate`
 * table (one unit of `currency` is `rate` units of the template's currency in
 * `period`). A record takes the rate of the smallest period that contains its
 * date (a day's rate over the month's, the month's over the year's). Rates are
 * exact decimals (big.js); the converted amount is rounded once per record to
 * the template's minor unit, half to even (banker's rounding, so that many
 * conversions carry no upward drift), never through binary floating point.
 * @module
 */
import { Big } from "big.js";
import { parsePeriod } from "../periods.js";
import { quote } from "./errors.js";
import { currencyOfSymbol } from "./number-text.js";

interface Rate {
  start: number;
  end: number;
  rate: Big;
  line: number;
}

/**
 * Rates by currency, as read from the rates file.
 * @example
 * const t = new RateTable("CNY"); t.add("USD", "2026-03", "7.1234", 2); t.convert("100.00", "USD", day, 2); // { ok: true, text: "712.34" }
 */
export class RateTable {
  private readonly rates = new Map<string, Rate[]>();
  constructor(readonly home: string, readonly file = "rates") {}

  /** Adds one row; returns an error message for a bad one. */
  add(currencyText: string, period: string, rate: string, line: number): string | undefined {
    const code = currencyOfSymbol(currencyText, this.home);
    if (!code) return `${quote(currencyText)} is not a currency (write an ISO code such as USD)`;
    const p = parsePeriod(period.trim());
    if (!p.ok) return p.reason;
    let r: Big;
    try {
      r = new Big(rate.trim());
    } catch {
      return `${quote(rate)} is not a rate (a decimal number such as 7.1234)`;
    }
    if (r.lte(0)) return `${quote(rate)}: a rate must be above zero`;
    const list = this.rates.get(code) ?? [];
    const same = list.find((x) => x.start === p.period.start && x.end === p.period.end);
    if (same) return `a second rate for ${code} in ${period.trim()} (the first is on line ${same.line})`;
    list.push({ start: p.period.start, end: p.period.end, rate: r, line });
    this.rates.set(code, list);
    return undefined;
  }

  /** Whether any rate for `code` was given. */
  has(code: string): boolean {
    return this.rates.has(code);
  }

  /**
   * Converts a plain decimal amount in `code` on `day` to the home currency, rounded half-even to `digits`.
   * @example
   * t.convert("10.005", "USD", day, 2);
   */
  convert(amount: string, code: string, day: number, digits: number): { ok: true; text: string } | { ok: false; reason: string } {
    let best: Rate | undefined;
    for (const r of this.rates.get(code) ?? []) {
      if (day >= r.start && day <= r.end && (!best || r.end - r.start < best.end - best.start)) best = r;
    }
    if (!best) return { ok: false, reason: `no rate for ${code} on this record's date in ${this.file}; add a row ${code},PERIOD,RATE` };
    return { ok: true, text: new Big(amount).times(best.rate).round(digits, Big.roundHalfEven).toFixed(digits) };
  }
}

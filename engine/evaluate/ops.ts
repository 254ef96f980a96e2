/**
 * The language's operators on runtime values, exactly as the contract's
 * header states them: null propagates through arithmetic; division by zero
 * is null; a comparison with null is false; `and`/`or`/`not` are
 * three-valued. Money goes through `rational.ts` (exact); other numbers are
 * JS doubles, and a result that is not finite (an overflow) is null. These
 * are the only definitions of the operators: the formula closures
 * (`formulas.ts`) call them, and the generated filter code
 * (`filter-code.ts`) is a specialisation that tests hold equal to them.
 * @module
 */
import { cmpMoney, Rat } from "./rational.js";

/**
 * A value inside the evaluator: the contract's `Value`, with fractional money as an exact `Rat`.
 * @example
 * const v: RV = new Rat(105n, 2n);
 */
export type RV = number | Rat | string | boolean | null;

/**
 * How two operands compare: exact money, doubles, or plain equality of other values
 * (strings, booleans, dates as epoch days).
 * @example
 * const d: CompareDomain = "money";
 */
export type CompareDomain = "money" | "number" | "other";

/**
 * `a op b` for plain numbers (not money); null in, null out; a non-finite result is null.
 * @example
 * numberOp("/", 1, 0); // null
 */
export function numberOp(op: "+" | "-" | "*" | "/", a: RV, b: RV): number | null {
  if (typeof a !== "number" || typeof b !== "number") return null;
  let r: number;
  switch (op) {
    case "+":
      r = a + b;
      break;
    case "-":
      r = a - b;
      break;
    case "*":
      r = a * b;
      break;
    case "/":
      if (b === 0) return null;
      r = a / b;
      break;
  }
  return Number.isFinite(r) ? r : null;
}

/** The order of two non-null values of one domain. */
function order(a: RV, b: RV, domain: CompareDomain): number {
  if (domain === "money") return cmpMoney(a as number | Rat, b as number | Rat);
  if (typeof a === "number" && typeof b === "number") return a < b ? -1 : a > b ? 1 : a === b ? 0 : NaN;
  if (typeof a === "string" && typeof b === "string") return a < b ? -1 : a > b ? 1 : 0;
  return a === b ? 0 : NaN;
}

/**
 * A comparison; false whenever either side is null. Strings order by UTF-16 code units.
 * @example
 * compare(">=", 0.8, 0.8, "number"); // true
 * compare("!=", null, 1, "number");  // false
 */
export function compare(op: string, a: RV, b: RV, domain: CompareDomain): boolean {
  if (a === null || b === null) return false;
  const c = order(a, b, domain);
  switch (op) {
    case "==":
      return c === 0;
    case "!=":
      return c !== 0;
    case "<":
      return c < 0;
    case "<=":
      return c <= 0;
    case ">":
      return c > 0;
    case ">=":
      return c >= 0;
    default:
      throw new Error(`internal: comparison ${op}`);
  }
}

/**
 * `x in (…)` is true when x equals an item; `x not in (…)` when x differs from every
 * item — each a comparison, so a null x (or a null item) never matches either way.
 * @example
 * inList("won", ["won", "lost"], false, "other"); // true
 * inList(null, ["won"], true, "other");           // false
 */
export function inList(x: RV, items: readonly RV[], negated: boolean, domain: CompareDomain): boolean {
  if (negated) return items.every((it) => compare("!=", x, it, domain));
  return items.some((it) => compare("==", x, it, domain));
}

/**
 * Three-valued `and`: false if either side is false, else null if either is null.
 * @example
 * and3(null, false); // false
 */
export const and3 = (a: RV, b: RV): boolean | null => (a === false || b === false ? false : a === null || b === null ? null : true);

/**
 * Three-valued `or`: true if either side is true, else null if either is null.
 * @example
 * or3(null, true); // true
 */
export const or3 = (a: RV, b: RV): boolean | null => (a === true || b === true ? true : a === null || b === null ? null : false);

/**
 * Three-valued `not`: `not null` is null.
 * @example
 * not3(null); // null
 */
export const not3 = (a: RV): boolean | null => (a === null ? null : !a);

/**
 * The checker's types and the unit rules between them. Besides the language's
 * types there are three internal ones: `literal`, an untyped number literal
 * that adapts to the other operand (`amount + 5` is money, `if(c, 5_000, 0)`
 * pays money); `null`, the type of the `null` literal; and `error`, the type
 * of anything that already failed, which is silently compatible with
 * everything so one mistake gives one diagnostic. The rule functions return
 * a type or a `Clash` describing the mistake; `expressions.ts` reports it.
 * @module
 */
import type { DiagnosticParams } from "../../dsl/diagnostics.js";
import type { MetricType, ValueType } from "./checked-model.js";

/**
 * A type while checking.
 * @example
 * const status: Ty = { k: "enum", values: ["open", "won"], field: "status" };
 */
export type Ty =
  | { k: "number" }
  | { k: "integer" }
  | { k: "percent" }
  | { k: "money" }
  | { k: "string" }
  | { k: "date" }
  | { k: "boolean" }
  /** A field of enumerated strings. */
  | { k: "enum"; values: readonly string[]; field: string }
  /** A field that holds an entity id of the kind. */
  | { k: "entity"; kind: string }
  | { k: "literal"; integral: boolean }
  | { k: "null" }
  | { k: "error" };

/**
 * The plain types, shared.
 * @example
 * arithmetic("/", T.money, T.money); // T.number
 */
export const T = {
  number: { k: "number" },
  integer: { k: "integer" },
  percent: { k: "percent" },
  money: { k: "money" },
  string: { k: "string" },
  date: { k: "date" },
  boolean: { k: "boolean" },
  null: { k: "null" },
  error: { k: "error" },
} as const satisfies Record<string, Ty>;

/**
 * A mistake found by a rule: the diagnostic to report (`type-not-numeric` names the bad side).
 * @example
 * arithmetic("+", T.money, T.percent); // { code: "type-unit-mismatch", params: { action: "add", left: "money", right: "percent" } }
 */
export type Clash =
  | { code: "type-unit-mismatch"; params: DiagnosticParams<"type-unit-mismatch"> }
  | { code: "type-incompatible"; params: DiagnosticParams<"type-incompatible"> }
  | { code: "type-not-numeric"; side: "left" | "right" };

/**
 * Whether values of a type are numbers (untyped literals included).
 * @example
 * isNumeric(T.money); // true
 */
export const isNumeric = (t: Ty): boolean => t.k === "number" || t.k === "integer" || t.k === "percent" || t.k === "money" || t.k === "literal";
const isText = (t: Ty): boolean => t.k === "string" || t.k === "enum" || t.k === "entity";
/**
 * Types that never produce a diagnostic of their own: `error` (already reported) and `null`.
 * @example
 * isLenient(T.error); // true
 */
export const isLenient = (t: Ty): boolean => t.k === "error" || t.k === "null";

/**
 * A type in the user's words.
 * @example
 * describeType({ k: "literal", integral: true }); // "a number"
 */
export function describeType(t: Ty): string {
  switch (t.k) {
    case "literal":
    case "number":
      return "a number";
    case "integer":
      return "an integer";
    case "percent":
      return "a percent";
    case "money":
      return "money";
    case "string":
    case "enum":
      return "text";
    case "entity":
      return `a ${t.kind} id`;
    case "date":
      return "a date";
    case "boolean":
      return "true/false";
    case "null":
      return "null";
    case "error":
      return "unknown";
  }
}

/**
 * The unit's bare name in "cannot add money and percent".
 * @example
 * unitName({ k: "literal", integral: true }); // "number"
 */
export const unitName = (t: Ty): string => (t.k === "literal" ? "number" : t.k === "enum" || t.k === "entity" ? "string" : t.k);

/**
 * The run-time type of a value of type `t` (a leftover literal is a number).
 * @example
 * valueType({ k: "enum", values: ["a"], field: "s" }); // "string"
 */
export function valueType(t: Ty): ValueType {
  switch (t.k) {
    case "literal":
    case "error":
      return "number";
    case "enum":
    case "entity":
      return "string";
    default:
      return t.k;
  }
}

/**
 * The metric type a formula of type `t` gives.
 * @example
 * metricType({ k: "literal", integral: true }); // "integer"
 */
export function metricType(t: Ty): MetricType {
  if (t.k === "literal") return t.integral ? "integer" : "number";
  const v = valueType(t);
  return v === "null" ? "number" : v;
}

/**
 * Metric types that can be declared, as a Ty (look up with `Object.hasOwn`).
 * @example
 * METRIC_TYPES.percent; // { k: "percent" }
 */
export const METRIC_TYPES: Record<string, Ty> = { number: T.number, integer: T.integer, percent: T.percent, money: T.money, boolean: T.boolean };
/**
 * Field types other than enumerations and entity kinds (look up with `Object.hasOwn`).
 * @example
 * FIELD_TYPES.date; // { k: "date" }
 */
export const FIELD_TYPES: Record<string, Ty> = { ...METRIC_TYPES, string: T.string, date: T.date };

/**
 * The type of `left op right` for `+ - * /`, or the mistake. `integer` and
 * `percent` survive only when both sides have them (or a literal adapts).
 * @example
 * arithmetic("+", T.money, { k: "literal", integral: true }); // { k: "money" }
 */
export function arithmetic(op: "+" | "-" | "*" | "/", l: Ty, r: Ty): Ty | Clash {
  if (l.k === "error" || r.k === "error") return T.error;
  if (!isNumeric(l) && l.k !== "null") return { code: "type-not-numeric", side: "left" };
  if (!isNumeric(r) && r.k !== "null") return { code: "type-not-numeric", side: "right" };
  if (l.k === "null") return r;
  if (r.k === "null") return l;
  const mismatch = (action: "add" | "subtract" | "multiply" | "divide"): Clash => ({ code: "type-unit-mismatch", params: { action, left: unitName(l), right: unitName(r) } });
  if (op === "+" || op === "-") {
    if (l.k === "money" || r.k === "money") {
      return l.k === r.k || l.k === "literal" || r.k === "literal" ? T.money : mismatch(op === "+" ? "add" : "subtract");
    }
    return sameOrAdapted(l, r);
  }
  if (op === "*") {
    if (l.k === "money" && r.k === "money") return mismatch("multiply");
    if (l.k === "money" || r.k === "money") return T.money;
    if (l.k === "literal" && r.k === "literal") return { k: "literal", integral: l.integral && r.integral };
    return intOr(l, r, T.number);
  }
  if (l.k === "money") return r.k === "money" ? T.number : T.money;
  if (r.k === "money") return mismatch("divide");
  if (l.k === "literal" && r.k === "literal") return { k: "literal", integral: false };
  return T.number;
}

/** For `+`/`-`: equal types stay, a literal takes the other side's type, anything else is a number. */
function sameOrAdapted(l: Ty, r: Ty): Ty {
  if (l.k === "literal" && r.k === "literal") return { k: "literal", integral: l.integral && r.integral };
  if (l.k === "literal") return l.integral || r.k !== "integer" ? r : T.number;
  if (r.k === "literal") return r.integral || l.k !== "integer" ? l : T.number;
  return l.k === r.k ? l : T.number;
}

/** integer × integer (or an integral literal) is an integer. */
function intOr(l: Ty, r: Ty, otherwise: Ty): Ty {
  const int = (t: Ty) => t.k === "integer" || (t.k === "literal" && t.integral);
  return int(l) && int(r) ? T.integer : otherwise;
}

/**
 * Whether two values can be compared with `op`; undefined when they can.
 * Money meets only money or a literal; text meets text (an ISO date string
 * may meet a date); only `==`/`!=` apply to true/false, enumerations and ids.
 * @example
 * comparable("<", T.money, T.percent); // a type-unit-mismatch clash
 */
export function comparable(op: string, l: Ty, r: Ty, rightLiteral?: string): Clash | undefined {
  if (isLenient(l) || isLenient(r)) return undefined;
  const incompatible: Clash = { code: "type-incompatible", params: { op, verb: "compare", left: describeType(l), right: describeType(r) } };
  const ordering = op !== "==" && op !== "!=" && op !== "in";
  if (isNumeric(l) && isNumeric(r)) {
    if ((l.k === "money") !== (r.k === "money") && l.k !== "literal" && r.k !== "literal") {
      return { code: "type-unit-mismatch", params: { action: "compare", left: unitName(l), right: unitName(r) } };
    }
    return undefined;
  }
  if (isText(l) && isText(r)) return ordering && (l.k !== "string" || r.k !== "string") ? incompatible : undefined;
  if (l.k === "date" && (r.k === "date" || (rightLiteral !== undefined && /^\d{4}-\d{2}-\d{2}$/.test(rightLiteral)))) return undefined;
  if (l.k === "boolean" && r.k === "boolean") return ordering ? incompatible : undefined;
  return incompatible;
}

/**
 * The common type of values that can each be the result (`if` branches,
 * `coalesce`, `min`, `max`, `clamp`), or the mistake.
 * @example
 * unify("if", T.money, { k: "literal", integral: true }); // { k: "money" }
 */
export function unify(fn: string, l: Ty, r: Ty): Ty | Clash {
  if (l.k === "error" || r.k === "error") return T.error;
  if (l.k === "null") return r;
  if (r.k === "null") return l;
  if (isNumeric(l) && isNumeric(r)) {
    if (l.k === "money" || r.k === "money") {
      return l.k === r.k || l.k === "literal" || r.k === "literal" ? T.money : { code: "type-unit-mismatch", params: { action: "combine", left: unitName(l), right: unitName(r) } };
    }
    return sameOrAdapted(l, r);
  }
  if (isText(l) && isText(r)) return l.k === "entity" && r.k === "entity" && l.kind === r.kind ? l : T.string;
  if (l.k === r.k && (l.k === "date" || l.k === "boolean")) return l;
  return { code: "type-incompatible", params: { op: fn, verb: "combine", left: describeType(l), right: describeType(r) } };
}

/**
 * Whether a formula of type `got` may have the declared metric type.
 * @example
 * acceptsDeclared("percent", T.number); // true
 */
export function acceptsDeclared(declared: string, got: Ty): boolean {
  if (isLenient(got)) return true;
  switch (declared) {
    case "number":
    case "percent":
      return got.k === "number" || got.k === "integer" || got.k === "percent" || got.k === "literal";
    case "integer":
      return got.k === "integer" || (got.k === "literal" && got.integral);
    case "money":
      return got.k === "money" || got.k === "literal";
    case "boolean":
      return got.k === "boolean";
    default:
      return true;
  }
}

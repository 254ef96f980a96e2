/**
 * Compiles a checked expression into a closure, once: the checker's type
 * annotations pick each node's specialised evaluator (exact money through
 * `rational.ts`, doubles for other numbers, three-valued logic, typed
 * comparisons), literals are parsed from their text at compile time (`80%`
 * is exactly 0.8; a number adapted to money is currency units, so `5_000` is
 * 500000 minor units in CNY), and everything that reads data — metrics,
 * aggregates, functions of a metric, record fields — is asked of the
 * `FormulaHooks` the caller supplies (`core.ts` for cells, `filter-code.ts`
 * for records). No user text is ever turned into code here: closures only.
 * @module
 */
import Big from "big.js";
import type { CheckedExpr, ValueType } from "../check/checked-model.js";
import { literalToMinor, parseDecimal, type Rounding } from "../money.js";
import { parseDate } from "../periods.js";
import type { Frame } from "./frames.js";
import { and3, compare, inList, not3, numberOp, or3, type CompareDomain, type RV } from "./ops.js";
import { addMoney, cmpMoney, divMoney, moneyOfUnits, moneyRatio, mulMoney, negMoney, roundMoney, type Rat } from "./rational.js";

/**
 * Where a closure runs: a cell (frame and entity) or, inside an aggregate's `where`, a record.
 * @example
 * const ctx: Ctx = { frame, e: 0, rec: -1 };
 */
export interface Ctx {
  frame: Frame;
  e: number;
  rec: number;
}

/** A compiled expression. @example const f: Fn = () => 1; */
export type Fn = (c: Ctx) => RV;

type Node<K extends CheckedExpr["node"]> = Extract<CheckedExpr, { node: K }>;

/**
 * What compiled code reads its data through; each returns a closure, resolved once at compile time.
 * @example
 * const hooks: FormulaHooks = { digits: 2, rounding: "half_up", metric: (n) => () => null, aggregate: () => () => 0, metricFn: () => () => null, field: () => () => null };
 */
export interface FormulaHooks {
  digits: number;
  rounding: Rounding;
  metric(name: string): Fn;
  aggregate(node: Node<"aggregate">): Fn;
  metricFn(node: Node<"metricFn">): Fn;
  field(node: Node<"field">): Fn;
  /** Functions of the record being aggregated; only the hooks of a `where` filter have them. */
  recordFn?(node: Node<"recordFn">): Fn;
}

/**
 * A number literal's value in its adapted type: money in minor units, anything else a double read from exact decimal text.
 * @example
 * literalValue({ node: "number", text: "5_000", type: "money" }, 2); // 500000
 * literalValue({ node: "number", text: "80%", type: "percent" }, 2); // 0.8
 */
export function literalValue(node: Node<"number">, digits: number): number {
  if (node.type === "money") {
    const m = literalToMinor(node.text, digits);
    if (!m.ok) throw new Error(`internal: money literal ${node.text}: ${m.reason}`);
    return m.minor;
  }
  const p = parseDecimal(node.text);
  if (!p.ok) throw new Error(`internal: number literal ${node.text}: ${p.reason}`);
  return p.value.toNumber();
}

const isNumericType = (t: ValueType): boolean => t === "number" || t === "integer" || t === "percent";

/**
 * The domain two operands are compared in, from their checked types.
 * @example
 * compareDomain("money", "number"); // "money" (a literal adapted to money)
 */
export function compareDomain(l: ValueType, r: ValueType): CompareDomain {
  if (l === "money" || r === "money") return "money";
  if ((isNumericType(l) || l === "null") && (isNumericType(r) || r === "null")) return "number";
  return "other";
}

/**
 * Compiles an operand, turning an ISO date string literal into an epoch day when it meets a date.
 * An impossible date (2026-02-30) never compares true: it is null.
 */
function operand(e: CheckedExpr, other: ValueType, h: FormulaHooks): Fn {
  if (e.node === "string" && other === "date") {
    const d = parseDate(e.value);
    const v = d.ok ? d.day : null;
    return () => v;
  }
  return compile(e, h);
}

/**
 * Compiles an expression into a closure.
 * @example
 * const f = compile(checked.metrics[0]!.formula!, hooks);
 * f({ frame, e: 3, rec: -1 }); // 104000
 */
export function compile(e: CheckedExpr, h: FormulaHooks): Fn {
  switch (e.node) {
    case "number": {
      const v = literalValue(e, h.digits);
      return () => v;
    }
    case "string": {
      const v = e.value;
      return () => v;
    }
    case "bool": {
      const v = e.value;
      return () => v;
    }
    case "null":
      return () => null;
    case "metric":
      return h.metric(e.name);
    case "field":
      return h.field(e);
    case "aggregate":
      return h.aggregate(e);
    case "metricFn":
      return h.metricFn(e);
    case "recordFn":
      if (!h.recordFn) throw new Error(`internal: ${e.fn}() outside a where filter`);
      return h.recordFn(e);
    case "unary":
      return unary(e, h);
    case "binary":
      return binary(e, h);
    case "call":
      return call(e, h);
    case "in": {
      const x = compile(e.arg, h);
      const domain = compareDomain(e.arg.type, e.list.some((it) => it.type === "money") ? "money" : (e.list[0]?.type ?? "null"));
      const items = e.list.map((it) => operand(it, e.arg.type, h));
      const negated = e.negated;
      return (c) => inList(x(c), items.map((f) => f(c)), negated, domain);
    }
    case "isNull": {
      const x = compile(e.arg, h);
      return e.negated ? (c) => x(c) !== null : (c) => x(c) === null;
    }
  }
}

function unary(e: Node<"unary">, h: FormulaHooks): Fn {
  const x = compile(e.arg, h);
  if (e.op === "not") return (c) => not3(x(c));
  if (e.type === "money") return (c) => {
    const v = x(c);
    return v === null ? null : negMoney(v as number | Rat);
  };
  return (c) => {
    const v = x(c);
    return typeof v === "number" ? -v : null;
  };
}

function binary(e: Node<"binary">, h: FormulaHooks): Fn {
  const { op } = e;
  if (op === "and" || op === "or") {
    const l = compile(e.left, h);
    const r = compile(e.right, h);
    // Short-circuiting changes nothing: evaluation has no side effects.
    return op === "and" ? (c) => { const a = l(c); return a === false ? false : and3(a, r(c)); } : (c) => { const a = l(c); return a === true ? true : or3(a, r(c)); };
  }
  if (op === "+" || op === "-" || op === "*" || op === "/") return arithmetic(e, op, h);
  const l = operand(e.left, e.right.type, h);
  const r = operand(e.right, e.left.type, h);
  const domain = compareDomain(e.left.type, e.right.type);
  return (c) => compare(op, l(c), r(c), domain);
}

function arithmetic(e: Node<"binary">, op: "+" | "-" | "*" | "/", h: FormulaHooks): Fn {
  const l = compile(e.left, h);
  const r = compile(e.right, h);
  const lm = e.left.type === "money";
  const rm = e.right.type === "money";
  if (e.type === "money" && (op === "+" || op === "-")) {
    return (c) => {
      const a = l(c);
      const b = a === null ? null : r(c);
      if (a === null || b === null) return null;
      return addMoney(a as number | Rat, op === "+" ? (b as number | Rat) : negMoney(b as number | Rat));
    };
  }
  if (e.type === "money" && lm && rm && (op === "*" || op === "/")) {
    // Only literals adapted to money meet here (the checker refuses money × money): both are currency units.
    const unit = 10 ** h.digits;
    return (c) => {
      const a = l(c);
      const b = a === null ? null : r(c);
      return a === null || b === null ? null : moneyOfUnits(op, a as number | Rat, b as number | Rat, unit);
    };
  }
  if (e.type === "money" && op === "*") {
    const [m, f] = lm ? [l, r] : [r, l];
    return (c) => {
      const a = m(c);
      const b = a === null ? null : f(c);
      return a === null || typeof b !== "number" ? null : mulMoney(a as number | Rat, b);
    };
  }
  if (e.type === "money" && op === "/") {
    return (c) => {
      const a = l(c);
      const b = a === null ? null : r(c);
      return a === null || typeof b !== "number" ? null : divMoney(a as number | Rat, b);
    };
  }
  if (lm && rm && op === "/") {
    return (c) => {
      const a = l(c);
      const b = a === null ? null : r(c);
      return a === null || b === null ? null : moneyRatio(a as number | Rat, b as number | Rat);
    };
  }
  return (c) => numberOp(op, l(c), r(c));
}

const BIG_MODE = { half_up: Big.roundHalfUp, half_even: Big.roundHalfEven } as const;

/** The digits argument of `round`: a whole-number literal, possibly negative (the checker insists). */
function roundDigits(e: CheckedExpr): number {
  if (e.node === "number") return Number(e.text.replace(/_/g, ""));
  if (e.node === "unary" && e.op === "-" && e.arg.node === "number") return -Number(e.arg.text.replace(/_/g, ""));
  throw new Error("internal: round digits are not a literal");
}

function call(e: Node<"call">, h: FormulaHooks): Fn {
  const args = e.args.map((a) => compile(a, h));
  const money = e.type === "money";
  switch (e.fn) {
    case "if": {
      const [cond, a, b] = args as [Fn, Fn, Fn];
      return (c) => (cond(c) === true ? a(c) : b(c));
    }
    case "coalesce":
      return (c) => {
        for (const f of args) {
          const v = f(c);
          if (v !== null) return v;
        }
        return null;
      };
    case "min":
    case "max": {
      const sign = e.fn === "min" ? -1 : 1;
      return (c) => {
        let best: RV = null;
        for (const f of args) {
          const v = f(c);
          if (v === null) return null;
          if (best === null || (money ? cmpMoney(v as number | Rat, best as number | Rat) : (v as number) - (best as number)) * sign > 0) best = v;
        }
        return best;
      };
    }
    case "abs": {
      const x = args[0]!;
      return (c) => {
        const v = x(c);
        if (v === null) return null;
        return money ? (cmpMoney(v as number | Rat, 0) < 0 ? negMoney(v as number | Rat) : v) : Math.abs(v as number);
      };
    }
    case "round": {
      const x = args[0]!;
      const d = roundDigits(e.args[1]!);
      const { digits, rounding } = h;
      if (money) return (c) => {
        const v = x(c);
        return v === null ? null : roundMoney(v as number | Rat, d, digits, rounding);
      };
      return (c) => {
        const v = x(c);
        return typeof v === "number" ? new Big(v).round(d, BIG_MODE[rounding]).toNumber() : null;
      };
    }
    case "clamp": {
      const [x, lo, hi] = args as [Fn, Fn, Fn];
      const cmp = (a: RV, b: RV): number => (money ? cmpMoney(a as number | Rat, b as number | Rat) : (a as number) - (b as number));
      return (c) => {
        const v = x(c);
        const a = lo(c);
        const b = hi(c);
        if (v === null || a === null || b === null) return null;
        const low = cmp(v, a) < 0 ? a : v;
        return cmp(low, b) > 0 ? b : low;
      };
    }
  }
}

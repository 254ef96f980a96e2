/**
 * Formulas evaluated a whole column at a time: the common metric shapes — a
 * `sum` or `count`, another numeric metric, number literals, and `+ - * /`
 * over non-money numbers, or `+ -` over money — become loops over
 * Float64Arrays (NaN is null) instead of one closure call per entity. The
 * results are exactly those of `formulas.ts` (the same double operations in
 * the same order, null for a division by zero or a non-finite result, money
 * sums as safe integers); anything else, or money leaving the exact range,
 * returns undefined and the closure path runs. test/engine/evaluate/vector.test.ts
 * holds the two paths together.
 * @module
 */
import type { CheckedExpr } from "../check/checked-model.js";
import type { Frame } from "./frames.js";
import { literalValue } from "./formulas.js";
import { aggregateKey, type Plan } from "./plan.js";

/** A column of a frame, or undefined when this frame cannot take the vector path. */
export type VectorFn = (f: Frame) => Float64Array | undefined;

/** What vector formulas read: accumulators by plan index, and other metrics' numeric columns. */
export interface VectorHooks {
  plan: Plan;
  n: number;
  digits: number;
  /** A numeric metric's column (NaN is null), or undefined when the metric is not numeric. */
  metric(name: string, f: Frame): Float64Array | undefined;
}

const MAX = Number.MAX_SAFE_INTEGER;

/**
 * Compiles a formula to a column function, or undefined when its shape has no vector form.
 * @example
 * const v = compileVector(metric.formula!, hooks); const col = v?.(frame);
 */
export function compileVector(e: CheckedExpr, h: VectorHooks): VectorFn | undefined {
  switch (e.node) {
    case "aggregate": {
      if (e.fn !== "sum" && e.fn !== "count") return undefined;
      const read = h.plan.reads.get(aggregateKey(e));
      // Sums and counts are 0 over no records, never null: the accumulator is the value.
      return read ? (f) => f.num[read.a] : undefined;
    }
    case "metric":
      return e.type === "money" || e.type === "number" || e.type === "integer" || e.type === "percent" ? (f) => h.metric(e.name, f) : undefined;
    case "number": {
      const v = literalValue(e, h.digits);
      let col: Float64Array | undefined;
      return () => (col ??= new Float64Array(h.n).fill(v));
    }
    case "unary": {
      if (e.op !== "-") return undefined;
      const x = compileVector(e.arg, h);
      if (!x) return undefined;
      return (f) => {
        const a = x(f);
        if (!a) return undefined;
        const out = new Float64Array(h.n);
        for (let i = 0; i < out.length; i++) out[i] = -a[i]!;
        return out;
      };
    }
    case "binary":
      return binary(e, h);
    default:
      return undefined;
  }
}

function binary(e: Extract<CheckedExpr, { node: "binary" }>, h: VectorHooks): VectorFn | undefined {
  const { op } = e;
  if (op !== "+" && op !== "-" && op !== "*" && op !== "/") return undefined;
  const money = e.type === "money";
  const lm = e.left.type === "money";
  const rm = e.right.type === "money";
  // Money: only sums and differences of money (products and quotients round or make ratios).
  if (money ? !(lm && rm && (op === "+" || op === "-")) : lm || rm) return undefined;
  const l = compileVector(e.left, h);
  const r = compileVector(e.right, h);
  if (!l || !r) return undefined;
  const n = h.n;
  const loop = money ? (op === "+" ? moneyAdd : moneySub) : NUMBER_OPS[op];
  return (f) => {
    const a = l(f);
    const b = a && r(f);
    if (!a || !b) return undefined;
    const out = new Float64Array(n);
    return loop(a, b, out) ? out : undefined;
  };
}

// One loop per operator, so that no loop tests its operator per element.
// Each fills `out` and returns false when the vector path must give way.
type ColumnOp = (a: Float64Array, b: Float64Array, out: Float64Array) => boolean;

// Money: beyond the exact range the closure path keeps the exact value (and refuses it when it is produced).
const moneyAdd: ColumnOp = (a, b, out) => {
  for (let i = 0; i < out.length; i++) {
    const s = a[i]! + b[i]!;
    if (s > MAX || s < -MAX) return false;
    out[i] = s;
  }
  return true;
};
const moneySub: ColumnOp = (a, b, out) => {
  for (let i = 0; i < out.length; i++) {
    const s = a[i]! - b[i]!;
    if (s > MAX || s < -MAX) return false;
    out[i] = s;
  }
  return true;
};

// Numbers, as numberOp: a non-finite result is null (NaN already is); division by zero is null.
// `v - (v - v)` is v when v is finite (−0 included) and NaN otherwise, without a branch.
const NUMBER_OPS: Record<"+" | "-" | "*" | "/", ColumnOp> = {
  "+": (a, b, out) => {
    for (let i = 0; i < out.length; i++) {
      const v = a[i]! + b[i]!;
      out[i] = v - (v - v);
    }
    return true;
  },
  "-": (a, b, out) => {
    for (let i = 0; i < out.length; i++) {
      const v = a[i]! - b[i]!;
      out[i] = v - (v - v);
    }
    return true;
  },
  "*": (a, b, out) => {
    for (let i = 0; i < out.length; i++) {
      const v = a[i]! * b[i]!;
      out[i] = v - (v - v);
    }
    return true;
  },
  "/": (a, b, out) => {
    for (let i = 0; i < out.length; i++) {
      // x / 0 is ±Infinity or NaN: null like every non-finite result.
      const v = a[i]! / b[i]!;
      out[i] = v - (v - v);
    }
    return true;
  },
};

/** A true/false column of a frame (1 true, 0 false), or undefined when this frame cannot take the vector path. */
export type ConditionFn = (f: Frame) => Uint8Array | undefined;

const NUMERIC_TYPES = new Set(["money", "number", "integer", "percent"]);

/**
 * Compiles a condition — comparisons of numeric columns, `is null`, `and`,
 * `or`, `not`, true and false — to a column function, or undefined. Within
 * this subset no value is null (a comparison with null is false), so the
 * three-valued logic of `formulas.ts` reduces to the two-valued one.
 * @example
 * const gate = compileCondition(incentive.gate!, hooks)?.(frame); gate?.[entity] === 1;
 */
export function compileCondition(e: CheckedExpr, h: VectorHooks): ConditionFn | undefined {
  const n = h.n;
  switch (e.node) {
    case "bool": {
      let col: Uint8Array | undefined;
      return () => (col ??= new Uint8Array(n).fill(e.value ? 1 : 0));
    }
    case "unary": {
      if (e.op !== "not") return undefined;
      const x = compileCondition(e.arg, h);
      if (!x) return undefined;
      return (f) => {
        const a = x(f);
        if (!a) return undefined;
        const out = new Uint8Array(n);
        for (let i = 0; i < n; i++) out[i] = 1 - a[i]!;
        return out;
      };
    }
    case "isNull": {
      if (!NUMERIC_TYPES.has(e.arg.type)) return undefined;
      const x = compileVector(e.arg, h);
      if (!x) return undefined;
      const negated = e.negated;
      return (f) => {
        const a = x(f);
        if (!a) return undefined;
        const out = new Uint8Array(n);
        const flip = negated ? 1 : 0;
        for (let i = 0; i < n; i++) out[i] = +(a[i]! !== a[i]!) ^ flip;
        return out;
      };
    }
    case "binary": {
      const { op } = e;
      if (op === "and" || op === "or") {
        const l = compileCondition(e.left, h);
        const r = compileCondition(e.right, h);
        if (!l || !r) return undefined;
        return (f) => {
          const a = l(f);
          const b = a && r(f);
          if (!a || !b) return undefined;
          const out = new Uint8Array(n);
          if (op === "and") for (let i = 0; i < n; i++) out[i] = a[i]! & b[i]!;
          else for (let i = 0; i < n; i++) out[i] = a[i]! | b[i]!;
          return out;
        };
      }
      if (op !== "==" && op !== "!=" && op !== "<" && op !== "<=" && op !== ">" && op !== ">=") return undefined;
      const lt = e.left.type;
      const rt = e.right.type;
      // Numbers with numbers, or money with money (a literal met by money is money): the same doubles, the same order.
      if (!NUMERIC_TYPES.has(lt) || !NUMERIC_TYPES.has(rt) || (lt === "money") !== (rt === "money")) return undefined;
      const l = compileVector(e.left, h);
      const r = compileVector(e.right, h);
      if (!l || !r) return undefined;
      const compare = COMPARISONS[op];
      return (f) => {
        const a = l(f);
        const b = a && r(f);
        if (!a || !b) return undefined;
        const out = new Uint8Array(n);
        compare(a, b, out);
        return out;
      };
    }
    default:
      return undefined;
  }
}

// One loop per comparison. A comparison with null (NaN) is false, whatever the operator (also !=):
// every operator below is false on NaN except !=, which tests for it. `+(…)` turns the comparison
// into 0 or 1 without a branch (a ternary here is a hard-to-predict branch per entity).
type Comparison = (a: Float64Array, b: Float64Array, out: Uint8Array) => void;
const COMPARISONS: Record<"==" | "!=" | "<" | "<=" | ">" | ">=", Comparison> = {
  "==": (a, b, out) => {
    for (let i = 0; i < out.length; i++) out[i] = +(a[i]! === b[i]!);
  },
  "!=": (a, b, out) => {
    for (let i = 0; i < out.length; i++) {
      const x = a[i]!;
      const y = b[i]!;
      out[i] = +(x === x) & +(y === y) & +(x !== y);
    }
  },
  "<": (a, b, out) => {
    for (let i = 0; i < out.length; i++) out[i] = +(a[i]! < b[i]!);
  },
  "<=": (a, b, out) => {
    for (let i = 0; i < out.length; i++) out[i] = +(a[i]! <= b[i]!);
  },
  ">": (a, b, out) => {
    for (let i = 0; i < out.length; i++) out[i] = +(a[i]! > b[i]!);
  },
  ">=": (a, b, out) => {
    for (let i = 0; i < out.length; i++) out[i] = +(a[i]! >= b[i]!);
  },
};

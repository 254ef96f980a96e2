/**
 * Turns an aggregate's `where` into a JavaScript condition for the generated
 * pass (`pass.ts`). Safety: the code is built only from fixed snippets and
 * integers this module makes — column, constant and closure *indexes*
 * (`c3[i]`, `k0`, `r1(i)`) and missing-value markers. User text never enters
 * it: an enum or string literal becomes the dictionary code decided here
 * (`status == "won"` → `v0 === 1`, where `v0` is column 0's value for the
 * record; a value the data never has → `false`),
 * an entity id its index, a number a slot in the constants array. Anything
 * outside the fast forms (arithmetic, functions, string ordering, fields of
 * different dictionaries) runs as a closure from `formulas.ts` over the
 * record, called through its index. Three-valued logic without null values
 * at run time: `truth(e)` is true exactly when e is TRUE and `falsity(e)`
 * exactly when e is FALSE, so `not`, `and`, `or` and `if` compose and a null
 * filter counts no record.
 * @module
 */
import type { CheckedExpr, ValueType } from "../check/checked-model.js";
import { NO_BOOLEAN, NO_CODE, NO_DATE, type Column, type EntityTree, type SourceData } from "../dataset/types.js";
import { parseDate } from "../periods.js";
import { compile, compareDomain, literalValue, type Ctx, type FormulaHooks } from "./formulas.js";
import { compare, type RV } from "./ops.js";
import { columnReader } from "./records.js";

/**
 * The arrays the generated code reaches by index: columns `cK`, constants `kK`, closures `rK`.
 * @example
 * const reg = new CodeRegistry(src, tree, 2, "half_up", periodEndOf("month"));
 */
export class CodeRegistry {
  readonly cols: Column[] = [];
  readonly consts: number[] = [];
  readonly closures: ((i: number) => RV)[] = [];
  private readonly colIds = new Map<string, number>();

  constructor(
    readonly src: SourceData,
    readonly entities: EntityTree,
    readonly digits: number,
    readonly rounding: FormulaHooks["rounding"],
    /** The last day of the grain period containing a day, for `days_to_period_end()`. */
    readonly periodEnd: (day: number) => number,
  ) {}

  /** The identifier of a field's column (`c0`). */
  col(field: string): { id: string; col: Column } {
    const col = this.src.fields.get(field);
    if (!col) throw new Error(`internal: source ${this.src.name} has no column ${field}`);
    let k = this.colIds.get(field);
    if (k === undefined) {
      k = this.cols.push(col) - 1;
      this.colIds.set(field, k);
    }
    return { id: `c${k}`, col };
  }

  /** The identifier of a numeric constant (`k0`). */
  konst(v: number): string {
    return `k${this.consts.push(v) - 1}`;
  }

  /** A sub-expression evaluated by closure over record `i`; returns the call's code (`r0(i)`). */
  closure(e: CheckedExpr): string {
    const fn = compile(e, recordHooks(this));
    const ctx = { rec: 0 } as Ctx;
    return `r${this.closures.push((i) => ((ctx.rec = i), fn(ctx))) - 1}(i)`;
  }
}

/**
 * Hooks that compile a record-level expression: fields read the record, nothing else is reachable in a `where`.
 * @example
 * const keep = compile(where, recordHooks(reg));
 */
export function recordHooks(reg: Pick<CodeRegistry, "src" | "entities" | "digits" | "rounding" | "periodEnd">): FormulaHooks {
  const no = (what: string) => (): never => {
    throw new Error(`internal: ${what} inside a where filter`);
  };
  return {
    digits: reg.digits,
    rounding: reg.rounding,
    metric: no("a metric"),
    aggregate: no("an aggregate"),
    metricFn: no("a function of a metric"),
    field: (node) => {
      const col = reg.src.fields.get(node.field);
      if (!col) throw new Error(`internal: source ${reg.src.name} has no column ${node.field}`);
      const read = columnReader(col, reg.entities);
      return (c) => read(c.rec);
    },
    recordFn: () => {
      // days_to_period_end(): every record has its `at` date (the loader rejects a record without one).
      const { at } = reg.src;
      const end = reg.periodEnd;
      return (c) => end(at[c.rec]!) - at[c.rec]!;
    },
  };
}

type Simple = { kind: "col"; id: string; col: Column } | { kind: "const"; value: RV; type: ValueType };

const CALLS_CLOSURE = /\br\d+\(i\)/;

/**
 * Joins conditions with `&&` / `||` — or, when none calls a closure, with the bitwise
 * `&` / `|`: every operand is then a side-effect-free comparison of locals, and
 * evaluating both sides costs less than a hard-to-predict branch per operand.
 * Each operand of `&` / `|` is made a number first (`+(…)`): V8 optimises the
 * bitwise operators on numbers, while on booleans they stay a generic
 * operation (about 40% slower over W1's deals).
 */
function join(op: "and" | "or", parts: string[]): string {
  const bitwise = !parts.some((p) => CALLS_CLOSURE.test(p));
  if (bitwise) return `(${parts.map((p) => `+${p}`).join(op === "and" ? " & " : " | ")})`;
  return `(${parts.join(op === "and" ? " && " : " || ")})`;
}

const FLIP: Record<string, string> = { "==": "==", "!=": "!=", "<": ">", "<=": ">=", ">": "<", ">=": "<=" };
const JS_OP: Record<string, string> = { "==": "===", "!=": "!==", "<": "<", "<=": "<=", ">": ">", ">=": ">=" };

function simple(e: CheckedExpr, reg: CodeRegistry): Simple | undefined {
  switch (e.node) {
    case "field": {
      // `vK` is column K's value for the record, loaded once at the top of the loop body.
      const { id, col } = reg.col(e.field);
      return { kind: "col", id: `v${id.slice(1)}`, col };
    }
    case "number":
      return { kind: "const", value: literalValue(e, reg.digits), type: e.type };
    case "string":
      return { kind: "const", value: e.value, type: e.type };
    case "bool":
      return { kind: "const", value: e.value, type: e.type };
    case "null":
      return { kind: "const", value: null, type: e.type };
    case "unary":
      if (e.op === "-" && e.arg.node === "number") return { kind: "const", value: -literalValue(e.arg, reg.digits), type: e.type };
      return undefined;
    default:
      return undefined;
  }
}

const isFloat = (c: Column): boolean => c.type === "money" || c.type === "integer" || c.type === "number" || c.type === "percent";

/** The code of `field op constant`, or undefined when it is not a fast form. */
function colConst(op: string, a: Extract<Simple, { kind: "col" }>, value: RV, reg: CodeRegistry): string | undefined {
  const v = a.id;
  const js = JS_OP[op]!;
  const col = a.col;
  if (isFloat(col) && typeof value === "number") {
    // NaN (missing) fails every comparison except !==, which needs the explicit check.
    return op === "!=" ? join("and", [`${v} === ${v}`, `${v} !== ${reg.konst(value)}`]) : `(${v} ${js} ${reg.konst(value)})`;
  }
  if (col.type === "date" && typeof value === "string") {
    const d = parseDate(value);
    return d.ok ? join("and", [`${v} !== ${NO_DATE}`, `${v} ${js} ${reg.konst(d.day)}`]) : "false";
  }
  if (col.type === "date" && typeof value === "number") return join("and", [`${v} !== ${NO_DATE}`, `${v} ${js} ${reg.konst(value)}`]);
  if ((col.type === "enum" || col.type === "string" || col.type === "entity") && typeof value === "string" && (op === "==" || op === "!=")) {
    const code = col.type === "entity" ? (reg.entities.byId.get(value) ?? -1) : col.dict.indexOf(value);
    if (code < 0) return op === "==" ? "false" : `(${v} !== ${NO_CODE})`;
    return op === "==" ? `(${v} === ${code})` : join("and", [`${v} !== ${NO_CODE}`, `${v} !== ${code}`]);
  }
  if (col.type === "boolean" && typeof value === "boolean" && (op === "==" || op === "!=")) {
    return `(${v} === ${(op === "==") === value ? 1 : 0})`;
  }
  return undefined;
}

/** The code of `field op field`, or undefined when it is not a fast form. */
function colCol(op: string, a: Extract<Simple, { kind: "col" }>, b: Extract<Simple, { kind: "col" }>): string | undefined {
  const [x, y, js] = [a.id, b.id, JS_OP[op]!];
  if (isFloat(a.col) && isFloat(b.col) && (a.col.type === "money") === (b.col.type === "money")) {
    return op === "!=" ? join("and", [`${x} === ${x}`, `${y} === ${y}`, `${x} !== ${y}`]) : `(${x} ${js} ${y})`;
  }
  if (a.col.type === "date" && b.col.type === "date") return join("and", [`${x} !== ${NO_DATE}`, `${y} !== ${NO_DATE}`, `${x} ${js} ${y}`]);
  const sameDict = "dict" in a.col && "dict" in b.col && a.col.dict === b.col.dict;
  const sameKind = a.col.type === "entity" && b.col.type === "entity";
  if ((sameDict || sameKind) && (op === "==" || op === "!=")) return join("and", [`${x} !== ${NO_CODE}`, `${y} !== ${NO_CODE}`, `${x} ${js} ${y}`]);
  if (a.col.type === "boolean" && b.col.type === "boolean" && (op === "==" || op === "!=")) {
    return join("and", [`${x} !== ${NO_BOOLEAN}`, `${y} !== ${NO_BOOLEAN}`, `${x} ${js} ${y}`]);
  }
  return undefined;
}

/** The code of a comparison, or undefined for the closure path. */
function comparison(op: string, l: CheckedExpr, r: CheckedExpr, reg: CodeRegistry): string | undefined {
  let a = simple(l, reg);
  let b = simple(r, reg);
  if (!a || !b) return undefined;
  if (a.kind === "const" && b.kind === "const") {
    // Both literals: decided now, by the interpreter's own rule.
    return compare(op, a.value, b.value, compareDomain(a.type, b.type)) ? "true" : "false";
  }
  if ((a.kind === "const" && a.value === null) || (b.kind === "const" && b.value === null)) return "false";
  if (a.kind === "const") {
    [a, b] = [b, a];
    op = FLIP[op]!;
  }
  if (a.kind !== "col") return undefined;
  return b.kind === "const" ? colConst(op, a, b.value, reg) : colCol(op, a, b);
}

function nullTest(e: CheckedExpr, reg: CodeRegistry): string | undefined {
  const s = simple(e, reg);
  if (!s) return undefined;
  if (s.kind === "const") return s.value === null ? "true" : "false";
  const v = s.id;
  if (isFloat(s.col)) return `(${v} !== ${v})`;
  if (s.col.type === "date") return `(${v} === ${NO_DATE})`;
  if (s.col.type === "boolean") return `(${v} === ${NO_BOOLEAN})`;
  return `(${v} === ${NO_CODE})`;
}

/**
 * Code that is true exactly when `e` is TRUE for record `i`.
 * @example
 * truth(where, reg); // "(+(v1 === 1) & +(v2 === 0))" for status == "won" and kind == "new"
 */
export function truth(e: CheckedExpr, reg: CodeRegistry): string {
  switch (e.node) {
    case "bool":
      return e.value ? "true" : "false";
    case "null":
      return "false";
    case "field": {
      const s = reg.col(e.field);
      if (s.col.type === "boolean") return `(v${s.id.slice(1)} === 1)`;
      break;
    }
    case "unary":
      if (e.op === "not") return falsity(e.arg, reg);
      break;
    case "binary":
      if (e.op === "and") return join("and", [truth(e.left, reg), truth(e.right, reg)]);
      if (e.op === "or") return join("or", [truth(e.left, reg), truth(e.right, reg)]);
      if (Object.hasOwn(FLIP, e.op)) {
        const code = comparison(e.op, e.left, e.right, reg);
        if (code !== undefined) return code;
      }
      break;
    case "in": {
      const parts = e.list.map((it) => comparison(e.negated ? "!=" : "==", e.arg, it, reg));
      if (parts.every((p) => p !== undefined)) return join(e.negated ? "and" : "or", parts as string[]);
      break;
    }
    case "isNull": {
      const t = nullTest(e.arg, reg);
      if (t !== undefined) return e.negated ? `(!${t})` : t;
      break;
    }
    case "call":
      if (e.fn === "if") return `(${truth(e.args[0]!, reg)} ? ${truth(e.args[1]!, reg)} : ${truth(e.args[2]!, reg)})`;
      break;
    default:
      break;
  }
  return `(${reg.closure(e)} === true)`;
}

/**
 * Code that is true exactly when `e` is FALSE for record `i` (null is neither).
 * @example
 * falsity(quotedField, reg); // "(v4 === 0)"
 */
export function falsity(e: CheckedExpr, reg: CodeRegistry): string {
  switch (e.node) {
    case "bool":
      return e.value ? "false" : "true";
    case "null":
      return "false";
    case "field": {
      const s = reg.col(e.field);
      if (s.col.type === "boolean") return `(v${s.id.slice(1)} === 0)`;
      break;
    }
    case "unary":
      if (e.op === "not") return truth(e.arg, reg);
      break;
    case "binary":
      if (e.op === "and") return join("or", [falsity(e.left, reg), falsity(e.right, reg)]);
      if (e.op === "or") return join("and", [falsity(e.left, reg), falsity(e.right, reg)]);
      // A comparison is never null: it is false exactly when it is not true.
      if (Object.hasOwn(FLIP, e.op)) return `(!${truth(e, reg)})`;
      break;
    case "in":
    case "isNull":
      return `(!${truth(e, reg)})`;
    case "call":
      if (e.fn === "if") return `(${truth(e.args[0]!, reg)} ? ${falsity(e.args[1]!, reg)} : ${falsity(e.args[2]!, reg)})`;
      break;
    default:
      break;
  }
  return `(${reg.closure(e)} === false)`;
}

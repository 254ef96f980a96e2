/**
 * An aggregate's `where` as a SQL condition, with the evaluator's meaning
 * (`evaluate/filter-code.ts`): a comparison is never null (false when an
 * operand is missing), so `not (status == "won")` holds for a record
 * without a status; a true/false field that is missing is neither true nor
 * false. `truth(e)` is TRUE exactly when e is true and `falsity(e)` exactly
 * when it is false, both two-valued (COALESCE), so NOT, AND and OR compose
 * as in the evaluator. Values: money in integer minor units (BIGINT), dates
 * as DATE, numbers as DOUBLE — the column types of the records CTE
 * (`compile.ts`). Text literals and entity ids go through the dialect's
 * quoting; numbers are the evaluator's own parsed values; anything the
 * compiler cannot render exactly (division, rounding, ordering of text)
 * is refused with a `SqlUnsupported` naming it, never approximated.
 * @module
 */
import type { CheckedExpr, CheckedField } from "../check/checked-model.js";
import { literalValue } from "../evaluate/formulas.js";
import { formatDate, parseDate } from "../periods.js";
import type { Dialect } from "./dialect.js";

/**
 * A construct that has no exact SQL form here.
 * @example
 * throw new SqlUnsupported("division inside a where");
 */
export class SqlUnsupported extends Error {
  constructor(what: string) {
    super(`cannot compile to SQL: ${what}`);
    this.name = "SqlUnsupported";
  }
}

/**
 * What a filter can refer to in the records CTE.
 * @example
 * const ctx: FilterContext = { d: dialect("duckdb"), digits: 2, field: (n) => ({ sql: "r.f0", field }), periodEnd: "r.kpi_end", at: "r.kpi_d" };
 */
export interface FilterContext {
  d: Dialect;
  digits: number;
  field(name: string): { sql: string; field: CheckedField };
  /** The record's date and its grain period's last day. */
  at: string;
  periodEnd: string;
}

type Kind = "num" | "money" | "date" | "text" | "bool";

const OPS: Record<string, string> = { "==": "=", "!=": "<>", "<": "<", "<=": "<=", ">": ">", ">=": ">=" };

function kindOfField(f: CheckedField): Kind {
  switch (f.type) {
    case "money":
      return "money";
    case "date":
      return "date";
    case "boolean":
      return "bool";
    case "string":
    case "enum":
    case "entity":
      return "text";
    default:
      return "num";
  }
}

/** A number in SQL: the double the evaluator uses, written so that every dialect reads it back exactly. */
function numberSql(v: number): string {
  if (!Number.isFinite(v)) throw new SqlUnsupported(`the number ${v}`);
  return Number.isInteger(v) && Math.abs(v) <= Number.MAX_SAFE_INTEGER ? String(v) : v.toExponential();
}

/** A value expression and its kind. */
function value(e: CheckedExpr, cx: FilterContext, want?: Kind): { sql: string; kind: Kind } {
  switch (e.node) {
    case "field": {
      const { sql, field } = cx.field(e.field);
      return { sql, kind: kindOfField(field) };
    }
    case "number": {
      const v = literalValue(e as Extract<CheckedExpr, { node: "number" }>, cx.digits);
      return { sql: numberSql(v), kind: e.type === "money" ? "money" : "num" };
    }
    case "string": {
      if (want === "date") {
        const p = parseDate(e.value);
        if (!p.ok) return { sql: "NULL", kind: "date" };
        return { sql: cx.d.date(formatDate(p.day)), kind: "date" };
      }
      return { sql: cx.d.text(e.value), kind: "text" };
    }
    case "bool":
      return { sql: e.value ? "TRUE" : "FALSE", kind: "bool" };
    case "null":
      return { sql: "NULL", kind: want ?? "num" };
    case "recordFn":
      return { sql: cx.d.daysBetween(cx.at, cx.periodEnd), kind: "num" };
    case "unary":
      if (e.op === "-") {
        const a = value(e.arg, cx, want);
        return { sql: `(-${a.sql})`, kind: a.kind };
      }
      break;
    case "binary":
      if (e.op === "+" || e.op === "-" || e.op === "*") {
        const l = value(e.left, cx);
        const r = value(e.right, cx);
        if ((l.kind === "num" || l.kind === "money") && (r.kind === "num" || r.kind === "money")) {
          // Money × number would leave whole minor units; only sums and differences of money are exact here.
          if (e.op === "*" && (l.kind === "money" || r.kind === "money")) throw new SqlUnsupported("a product with money inside a where");
          return { sql: `(${l.sql} ${e.op} ${r.sql})`, kind: l.kind === "money" || r.kind === "money" ? "money" : "num" };
        }
      }
      break;
    default:
      break;
  }
  throw new SqlUnsupported(`${describe(e)} inside a where`);
}

function describe(e: CheckedExpr): string {
  switch (e.node) {
    case "binary":
    case "unary":
      return `the operator ${e.op}`;
    case "call":
      return `${e.fn}()`;
    case "metric":
      return "a metric";
    default:
      return `a ${e.node}`;
  }
}

/** A comparison, TRUE exactly when it holds (both operands present). */
function comparison(op: string, l: CheckedExpr, r: CheckedExpr, cx: FilterContext): string {
  const guess = l.node === "field" ? value(l, cx).kind : r.node === "field" ? value(r, cx).kind : undefined;
  const a = value(l, cx, guess);
  const b = value(r, cx, guess ?? a.kind);
  if (a.sql === "NULL" || b.sql === "NULL") return "FALSE";
  if ((a.kind === "text" || b.kind === "text" || a.kind === "bool") && op !== "==" && op !== "!=") throw new SqlUnsupported(`ordering (${op}) of text or true/false values`);
  return `COALESCE(${a.sql} ${OPS[op]!} ${b.sql}, FALSE)`;
}

const join = (op: "AND" | "OR", parts: string[]): string => (parts.length === 1 ? parts[0]! : `(${parts.join(` ${op} `)})`);

/**
 * SQL that is TRUE exactly when `e` is true for the record (and FALSE otherwise, never NULL).
 * @example
 * truth(where, cx); // "COALESCE(r.f2 = 'won', FALSE)" for status == "won"
 */
export function truth(e: CheckedExpr, cx: FilterContext): string {
  switch (e.node) {
    case "bool":
      return e.value ? "TRUE" : "FALSE";
    case "null":
      return "FALSE";
    case "field": {
      const v = value(e, cx);
      if (v.kind === "bool") return `COALESCE(${v.sql}, FALSE)`;
      break;
    }
    case "unary":
      if (e.op === "not") return falsity(e.arg, cx);
      break;
    case "binary":
      if (e.op === "and") return join("AND", [truth(e.left, cx), truth(e.right, cx)]);
      if (e.op === "or") return join("OR", [truth(e.left, cx), truth(e.right, cx)]);
      if (Object.hasOwn(OPS, e.op)) return comparison(e.op, e.left, e.right, cx);
      break;
    case "in": {
      const parts = e.list.map((it) => comparison(e.negated ? "!=" : "==", e.arg, it, cx));
      return join(e.negated ? "AND" : "OR", parts);
    }
    case "isNull": {
      const v = value(e.arg, cx);
      return v.sql === "NULL" ? (e.negated ? "FALSE" : "TRUE") : `(${v.sql} IS ${e.negated ? "NOT " : ""}NULL)`;
    }
    case "call":
      if (e.fn === "if") return `(CASE WHEN ${truth(e.args[0]!, cx)} THEN ${truth(e.args[1]!, cx)} ELSE ${truth(e.args[2]!, cx)} END)`;
      break;
    default:
      break;
  }
  throw new SqlUnsupported(`${describe(e)} as a condition`);
}

/**
 * SQL that is TRUE exactly when `e` is false for the record (a missing true/false value is neither).
 * @example
 * falsity(quotedField, cx); // "COALESCE(NOT r.f4, FALSE)"
 */
export function falsity(e: CheckedExpr, cx: FilterContext): string {
  switch (e.node) {
    case "bool":
      return e.value ? "FALSE" : "TRUE";
    case "null":
      return "FALSE";
    case "field": {
      const v = value(e, cx);
      if (v.kind === "bool") return `COALESCE(NOT ${v.sql}, FALSE)`;
      break;
    }
    case "unary":
      if (e.op === "not") return truth(e.arg, cx);
      break;
    case "binary":
      if (e.op === "and") return join("OR", [falsity(e.left, cx), falsity(e.right, cx)]);
      if (e.op === "or") return join("AND", [falsity(e.left, cx), falsity(e.right, cx)]);
      if (Object.hasOwn(OPS, e.op)) return `(NOT ${truth(e, cx)})`;
      break;
    case "in":
    case "isNull":
      return `(NOT ${truth(e, cx)})`;
    case "call":
      if (e.fn === "if") return `(CASE WHEN ${truth(e.args[0]!, cx)} THEN ${falsity(e.args[1]!, cx)} ELSE ${falsity(e.args[2]!, cx)} END)`;
      break;
    default:
      break;
  }
  throw new SqlUnsupported(`${describe(e)} as a condition`);
}

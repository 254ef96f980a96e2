/**
 * What every check phase shares: the parsed files ("units": the template
 * being checked and the bases it extends), references to declarations that
 * remember which unit and JSON pointer they came from, and the reporter.
 * Checks report against a unit + JSON pointer (+ an expression span when they
 * have one); `span-resolver.ts` turns that into a located diagnostic later,
 * so no check ever deals with line numbers or with which file a declaration
 * was inherited from.
 * @module
 */
import type { Expr, Span } from "../../dsl/ast.js";
import { makeDiagnostic, type DiagnosticCode, type DiagnosticParams, type RawDiagnostic } from "../../dsl/diagnostics.js";
import type { LineIndex } from "../../dsl/span.js";
import type { Declaration, Template } from "../../schemas/generated/template.js";

/**
 * One parsed template file. In source mode `spans`/`exprs` use file offsets
 * and `lines` is set; in model mode (a model without text) expressions are
 * parsed from their own text and spans are relative to that text.
 */
export interface Unit {
  /** The file name; undefined for the template being checked. */
  file?: string;
  model: Template;
  text?: string;
  spans: Map<string, Span>;
  exprs: Map<string, Expr>;
  broken: Set<string>;
  lines?: LineIndex;
}

/**
 * A declaration in the merged template and where it was written.
 * @example
 * const ref: DeclRef = { decl, unit, pointer: "/declarations/3", broken: false };
 */
export interface DeclRef<D extends Declaration = Declaration> {
  decl: D;
  unit: Unit;
  pointer: string;
  broken: boolean;
}

/** Where a diagnostic points: a model node, and optionally an exact span in the unit's coordinates. */
export interface At {
  unit: Unit;
  pointer: string;
  span?: Span;
  /** Model mode: the text `span` is relative to (for line and column). */
  text?: string;
}

/** A diagnostic before its span is resolved. */
export interface Issue {
  raw: RawDiagnostic;
  at: At;
}

/**
 * Collects issues in the order checks find them.
 * @example
 * const rep = new Reporter();
 * rep.report("resolve-unknown-metric", { name: "x" }, { unit, pointer: "/declarations/0/formula" });
 */
export class Reporter {
  readonly issues: Issue[] = [];

  report<C extends DiagnosticCode>(code: C, params: DiagnosticParams<C>, at: At): void {
    this.issues.push({ raw: makeDiagnostic(code, params, at.span ?? { start: 0, end: 0 }), at });
  }
}

/**
 * A place where expressions are checked: reports at an expression node of
 * one model property. `shift` moves spans of an expression parsed from a
 * piece of a string (an alert message placeholder) into the unit's offsets;
 * when `exact` is false every report points at the property itself.
 * @example
 * const site = siteFor(rep, ref, "/formula");
 * site.report("resolve-unknown-metric", { name: "x" }, node.span);
 */
export interface Site {
  report<C extends DiagnosticCode>(code: C, params: DiagnosticParams<C>, span: Span): void;
  /** The expression tree of the property, if it parsed. */
  expr?: Expr;
  pointer: string;
  unit: Unit;
}

export interface SiteOptions {
  shift?: number;
  exact?: boolean;
  text?: string;
}

/**
 * A site for the property `sub` of a declaration.
 * @example
 * siteFor(rep, ref, "/tiers/on").expr; // the parsed `on` expression
 */
export function siteFor(rep: Reporter, ref: DeclRef, sub: string, options: SiteOptions = {}): Site {
  const pointer = ref.pointer + sub;
  const { shift = 0, exact = true, text } = options;
  return {
    pointer,
    unit: ref.unit,
    expr: ref.unit.exprs.get(pointer),
    report(code, params, span) {
      const at: At = exact ? { unit: ref.unit, pointer, span: { start: span.start + shift, end: span.end + shift }, text } : { unit: ref.unit, pointer };
      rep.report(code, params, at);
    },
  };
}

/**
 * Reports against a declaration's property, located by its span in the source.
 * @example
 * reportAt(rep, ref, "/metric", "resolve-unknown-metric", { name: "x" });
 */
export function reportAt<C extends DiagnosticCode>(rep: Reporter, ref: DeclRef, sub: string, code: C, params: DiagnosticParams<C>): void {
  rep.report(code, params, { unit: ref.unit, pointer: ref.pointer + sub });
}

/**
 * Words for where an earlier declaration is: `on line 3` (with source) or
 * `at /declarations/2`, naming its file when it is not the one reported in.
 * @example
 * firstAt(ref.unit, ref.pointer, other.unit); // "on line 12"
 */
export function firstAt(unit: Unit, pointer: string, from: Unit): string {
  const span = unit.spans.get(pointer);
  const where = span && unit.lines ? `on line ${unit.lines.locate(span).line}` : `at ${pointer}`;
  if (unit === from) return where;
  return `${where} of ${unit.file ?? "this template"}`;
}

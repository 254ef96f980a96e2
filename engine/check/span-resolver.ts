/**
 * Turns the checker's issues (a unit + JSON pointer, and maybe an exact
 * expression span) into located diagnostics. A pointer without a recorded
 * span falls back to its nearest parent (`/declarations/3/tiers/steps/1/from`
 * → `/declarations/3/tiers/steps/1` → …). Without source text (model mode)
 * spans are relative to the expression they came from, on line 1. Every
 * diagnostic carries its `path`, and `file` when it is in an inherited base.
 * @module
 */
import type { Span } from "../../dsl/ast.js";
import type { Diagnostic } from "../../dsl/diagnostics.js";
import { LineIndex } from "../../dsl/span.js";
import type { Issue, Unit } from "./context.js";

/**
 * The span recorded for a pointer, or for its nearest parent that has one.
 * @example
 * spanOf(unit, "/declarations/3/tiers/steps/1/from"); // { start: 120, end: 124 }
 */
export function spanOf(unit: Unit, pointer: string): Span | undefined {
  let p = pointer;
  for (;;) {
    const s = unit.spans.get(p);
    if (s) return s;
    const cut = p.lastIndexOf("/");
    if (cut <= 0) return undefined;
    p = p.slice(0, cut);
  }
}

/**
 * Locates every issue.
 * @example
 * const diagnostics = resolveIssues(reporter.issues);
 */
export function resolveIssues(issues: readonly Issue[]): Diagnostic[] {
  return issues.map(({ raw, at }) => {
    const span = at.span ?? spanOf(at.unit, at.pointer) ?? { start: 0, end: 0 };
    const lines = at.unit.lines ?? new LineIndex(at.text ?? "");
    const d: Diagnostic = { ...raw, span: lines.locate(span), path: at.pointer };
    if (at.unit.file !== undefined) d.file = at.unit.file;
    return d;
  });
}

/**
 * Sorts diagnostics by file (the checked file first), then position, then
 * code. Without source text (`byPath`) positions are relative to each
 * expression, so the model path (compared segment by segment) comes first.
 * @example
 * sortDiagnostics([...syntax, ...semantic]);
 */
export function sortDiagnostics(ds: Diagnostic[], byPath = false): Diagnostic[] {
  return ds.sort((a, b) => {
    if (a.file !== b.file) {
      if (a.file === undefined) return -1;
      if (b.file === undefined) return 1;
      return a.file < b.file ? -1 : 1;
    }
    if (byPath) {
      const c = comparePaths(a.path ?? "", b.path ?? "");
      if (c) return c;
    }
    return a.span.start - b.span.start || a.span.end - b.span.end || (a.code < b.code ? -1 : a.code > b.code ? 1 : 0);
  });
}

/** JSON pointers in document order: `/declarations/2` before `/declarations/10`. */
function comparePaths(a: string, b: string): number {
  const x = a.split("/");
  const y = b.split("/");
  for (let i = 0; i < Math.min(x.length, y.length); i++) {
    const p = x[i]!;
    const q = y[i]!;
    if (p === q) continue;
    const np = Number(p);
    const nq = Number(q);
    if (p !== "" && q !== "" && Number.isInteger(np) && Number.isInteger(nq)) return np - nq;
    return p < q ? -1 : 1;
  }
  return x.length - y.length;
}

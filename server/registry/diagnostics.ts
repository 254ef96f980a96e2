/**
 * The checker's diagnostics in the API's form (schemas/api.schema.json
 * `ApiDiagnostic`): flat line, column and offsets instead of a span object.
 * @module
 */
import type { Diagnostic } from "../../dsl/diagnostics.js";
import type { ApiDiagnostic } from "../../schemas/generated/api.js";

/**
 * One diagnostic for the API.
 * @example
 * toApiDiagnostic(checkSource("metric a = b").diagnostics[0]!);
 * // { code: "resolve-unknown-metric", severity: "error", message: "unknown metric `b`", line: 1, column: 12, start: 11, end: 12 }
 */
export function toApiDiagnostic(d: Diagnostic): ApiDiagnostic {
  const out: ApiDiagnostic = { code: d.code, severity: d.severity, message: d.message, line: d.span.line, column: d.span.column, start: d.span.start, end: d.span.end };
  if (d.file !== undefined) out.file = d.file;
  if (d.path !== undefined) out.path = d.path;
  return out;
}

/**
 * Every diagnostic for the API.
 * @example
 * toApiDiagnostics(result.diagnostics);
 */
export const toApiDiagnostics = (ds: readonly Diagnostic[]): ApiDiagnostic[] => ds.map(toApiDiagnostic);

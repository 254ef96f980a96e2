/**
 * The diagnostic catalogue: every code the language front end and the checker
 * can report, with its severity, its message template and a line of
 * documentation. Codes are stable kebab-case strings grouped by phase
 * (`syntax-*` lexing and parsing, `resolve-*` names, `type-*` types and units,
 * `rule-*` template rules). `makeDiagnostic` type-checks each code's
 * parameters, so a message can never be built with the wrong data.
 * docs/language.md lists every code; a test keeps the two in step.
 * @module
 */
import type { Span } from "./ast.js";
import type { Location } from "./span.js";

export type Severity = "error" | "warning" | "info";

interface Entry<P> {
  severity: Severity;
  /** One sentence for docs/language.md. */
  doc: string;
  message: (p: P) => string;
}

const entry = <P>(severity: Severity, doc: string, message: (p: P) => string): Entry<P> => ({ severity, doc, message });

/** `; did you mean `x`?` when a suggestion exists. */
export const didYouMean = (s: string | undefined, quote = "`"): string => (s ? `; did you mean ${quote}${s}${quote}?` : "");

export const catalogue = {
  // ── syntax: lexing and parsing ──────────────────────────────────────────
  "syntax-unexpected-character": entry<{ char: string }>(
    "error", "A character that cannot start any token.",
    (p) => `unexpected character ${JSON.stringify(p.char)}`),
  "syntax-unterminated-string": entry<Record<string, never>>(
    "error", "A string literal without its closing double quote on the same line.",
    () => "unterminated string: add the closing \""),
  "syntax-unterminated-comment": entry<Record<string, never>>(
    "error", "A `/*` comment without its closing `*/`.",
    () => "unterminated comment: add the closing */"),
  "syntax-bad-escape": entry<{ escape: string }>(
    "error", "A backslash escape in a string other than \\\" \\\\ \\n \\t \\r \\uXXXX.",
    (p) => `unknown escape ${p.escape} in string`),
  "syntax-unexpected-token": entry<{ expected: string; found: string }>(
    "error", "The parser found a token where the grammar expects something else.",
    (p) => `expected ${p.expected} but found ${p.found}`),
  "syntax-unexpected-end": entry<{ expected: string }>(
    "error", "The text ends in the middle of a declaration.",
    (p) => `unexpected end of text; expected ${p.expected}`),
  "syntax-expected-declaration": entry<{ found: string }>(
    "error", "Something other than a declaration keyword at the top level of a template.",
    (p) => `expected a declaration (template, entity, source, metric, target, scorecard, incentive, alert, funnel or drop) but found ${p.found}`),
  "syntax-too-large": entry<{ size: number; limit: number }>(
    "error", "The template text is larger than the limit (2 MiB); nothing is parsed.",
    (p) => `template is too large: ${p.size} bytes, the limit is ${p.limit}`),
  "syntax-too-deep": entry<{ limit: number }>(
    "error", "Parentheses or calls nested deeper than the limit (100 levels).",
    (p) => `expression nested too deeply: more than ${p.limit} levels of parentheses`),
  "syntax-too-many-errors": entry<{ limit: number }>(
    "error", "Parsing stopped after this many syntax errors.",
    (p) => `too many syntax errors; stopped after ${p.limit}`),
  "syntax-number-too-long": entry<{ limit: number }>(
    "error", "A number literal with more digits than the limit (30).",
    (p) => `number has more than ${p.limit} digits`),
  "syntax-duplicate-setting": entry<{ setting: string }>(
    "error", "A header setting or block line written twice.",
    (p) => `\`${p.setting}\` is given twice`),
  "syntax-unknown-setting": entry<{ setting: string; suggestion?: string; allowed: string }>(
    "error", "A header line that is not one of industry, stage, grain, currency, rounding, fiscal_year_starts.",
    (p) => `unknown setting \`${p.setting}\`${didYouMean(p.suggestion)} (settings: ${p.allowed})`),
  "syntax-bad-setting-value": entry<{ setting: string; value: string; allowed: string; suggestion?: string }>(
    "error", "A header setting whose value is not allowed, such as `grain fortnight`.",
    (p) => `\`${p.value}\` is not a valid ${p.setting}${didYouMean(p.suggestion)} (allowed: ${p.allowed})`),
  "syntax-bad-value": entry<{ what: string; value: string; allowed: string; suggestion?: string }>(
    "error", "A word in a block that is not one of its allowed values, such as `tiers stepped` or `alert x urgent`.",
    (p) => `\`${p.value}\` is not a valid ${p.what}${didYouMean(p.suggestion)} (allowed: ${p.allowed})`),
  "syntax-misplaced-header": entry<Record<string, never>>(
    "error", "A `template` header that is not the first declaration, or a second one.",
    () => "the `template` header must come first, once per file"),
} as const satisfies Record<string, Entry<never>>;

export type DiagnosticCode = keyof typeof catalogue;
export type DiagnosticParams<C extends DiagnosticCode> = Parameters<(typeof catalogue)[C]["message"]>[0];

/**
 * One problem found in a template. `span` locates it in the file that was
 * checked; `file` names that file when it is not the one given (an inherited base).
 */
export interface Diagnostic {
  code: DiagnosticCode;
  severity: Severity;
  message: string;
  span: Location;
  file?: string;
  /** Where the model node sits, as a JSON pointer into the template model, when known. */
  path?: string;
  data?: unknown;
  related?: Diagnostic[];
}

/** A diagnostic before its line and column are known. */
export type RawDiagnostic = Omit<Diagnostic, "span"> & { span: Span };

/**
 * Builds a diagnostic from its code and typed parameters.
 * @example
 * makeDiagnostic("syntax-unexpected-character", { char: "$" }, { start: 4, end: 5 });
 */
export function makeDiagnostic<C extends DiagnosticCode>(code: C, params: DiagnosticParams<C>, span: Span, extra?: Partial<RawDiagnostic>): RawDiagnostic {
  const e = catalogue[code] as Entry<DiagnosticParams<C>>;
  return { code, severity: e.severity, message: e.message(params), span: { start: span.start, end: span.end }, data: params, ...extra };
}

/** True when any diagnostic is an error. */
export const hasErrors = (ds: readonly { severity: Severity }[]): boolean => ds.some((d) => d.severity === "error");

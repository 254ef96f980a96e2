/**
 * The diagnostic catalogue: every code the language front end and the checker
 * can report, with its severity, its message template and a line of
 * documentation. Codes are stable kebab-case strings grouped by phase
 * (`schema-*` models given as JSON, `syntax-*` lexing and parsing, `resolve-*` names, `type-*` types and units,
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
  // ── schema: a model given as JSON rather than text ──────────────────────
  "schema-invalid": entry<{ path: string; message: string }>(
    "error", "A template model (from the HTTP API or the designer) that does not match schemas/template.schema.json; nothing else is checked.",
    (p) => `the template model is invalid at ${p.path}: ${p.message}`),
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
    "error", "A backslash escape in a string other than JSON's: \\\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX.",
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
    "error", "The template text is larger than the limit (2 MiB of UTF-8); nothing is parsed.",
    (p) => `template is too large: ${p.size} bytes, the limit is ${p.limit}`),
  "syntax-too-deep": entry<{ limit: number }>(
    "error", "Parentheses or calls nested deeper than the limit (100 levels).",
    (p) => `expression nested too deeply: more than ${p.limit} levels of parentheses`),
  "syntax-too-complex": entry<{ limit: number }>(
    "error", "A formula whose operators nest deeper than the limit (500); split it into several metrics.",
    (p) => `formula is too complex: operators nested more than ${p.limit} deep; split it into several metrics`),
  "syntax-too-many-errors": entry<{ limit: number }>(
    "error", "Parsing stopped after this many syntax errors.",
    (p) => `too many syntax errors; stopped after ${p.limit}`),
  "syntax-number-too-long": entry<{ limit: number }>(
    "error", "A number literal with more digits than the limit (30).",
    (p) => `number has more than ${p.limit} digits`),
  "syntax-name-too-long": entry<{ length: number; limit: number }>(
    "error", "A name longer than the limit (200 characters); a template's name is its id in the registry.",
    (p) => `name is ${p.length.toLocaleString("en-US")} characters long; the limit is ${p.limit}`),
  "syntax-label-too-long": entry<{ length: number; limit: number }>(
    "error", "A label longer than the limit (500 characters).",
    (p) => `label is ${p.length.toLocaleString("en-US")} characters long; the limit is ${p.limit}`),
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

  // ── resolve: names, inheritance, cycles ─────────────────────────────────
  "resolve-missing-base": entry<{ name: string }>(
    "error", "A template `extends` a base template that cannot be found.",
    (p) => `cannot find the base template \`${p.name}\``),
  "resolve-extends-cycle": entry<{ cycle: string }>(
    "error", "Templates that extend each other in a circle.",
    (p) => `templates extend each other in a cycle: ${p.cycle}`),
  "resolve-drop-without-extends": entry<{ what: string; name: string }>(
    "error", "A `drop` in a template that extends no base, so there is nothing to remove.",
    (p) => `\`drop ${p.what} ${p.name}\` removes an inherited declaration, but this template extends no base`),
  "resolve-unknown-drop": entry<{ what: string; name: string; suggestion?: string }>(
    "error", "A `drop` naming a declaration the base template does not have.",
    (p) => `the base template has no ${p.what} \`${p.name}\` to drop${didYouMean(p.suggestion)}`),
  "resolve-duplicate": entry<{ what: string; name: string; first: string }>(
    "error", "Two declarations (or block items) of the same kind and name; the second is ignored.",
    (p) => `${p.what} \`${p.name}\` is already defined ${p.first}`),
  "resolve-unknown-entity-kind": entry<{ name: string; suggestion?: string }>(
    "error", "An entity kind (in `entity … in`, `source … by`, `incentive … for`, `base … per`) that no `entity` declares.",
    (p) => `unknown entity kind \`${p.name}\`${didYouMean(p.suggestion)}`),
  "resolve-entity-cycle": entry<{ cycle: string }>(
    "error", "Entity kinds whose `in` parents form a circle instead of a tree.",
    (p) => `entity kinds roll up into each other in a cycle: ${p.cycle}`),
  "resolve-unknown-metric": entry<{ name: string; suggestion?: string }>(
    "error", "A name in a formula, target, scorecard or message that is not a metric (or a funnel's metric).",
    (p) => `unknown metric \`${p.name}\`${didYouMean(p.suggestion)}`),
  "resolve-unknown-source": entry<{ name: string; suggestion?: string }>(
    "error", "An aggregate over a source that no `source` declares.",
    (p) => `unknown source \`${p.name}\`${didYouMean(p.suggestion)}`),
  "resolve-unknown-field": entry<{ source: string; name: string; suggestion?: string }>(
    "error", "A field that the source does not have (in an aggregate, a `where` filter or `at`).",
    (p) => `source \`${p.source}\` has no field \`${p.name}\`${didYouMean(p.suggestion)}`),
  "resolve-unknown-function": entry<{ name: string; suggestion?: string }>(
    "error", "A call of a function the language does not have.",
    (p) => `unknown function \`${p.name}\`${didYouMean(p.suggestion)}`),
  "resolve-field-outside-aggregate": entry<{ what: "field" | "source"; name: string; example: string }>(
    "error", "A source or one of its fields used in a formula outside an aggregate such as `sum` or `count`.",
    (p) => `${p.what} \`${p.name}\` can only be used inside an aggregate such as ${p.example}`),
  "resolve-where-scope": entry<{ source: string; name: string; what: string }>(
    "error", "A `where` filter that uses something other than its own source's fields and literals.",
    (p) => `a \`where\` filter on \`${p.source}\` can use only fields of \`${p.source}\` and literals; \`${p.name}\` is ${p.what}`),
  "resolve-cycle": entry<{ cycle: string }>(
    "error", "Metrics whose formulas depend on each other in a circle (`prev` and `last_year` read earlier periods and do not count).",
    (p) => `metrics depend on each other in a cycle: ${p.cycle}`),

  // ── type: types and units ───────────────────────────────────────────────
  "type-unknown-type": entry<{ name: string; suggestion?: string; allowed: string }>(
    "error", "A field or metric type that is neither a type nor (for fields) an entity kind.",
    (p) => `unknown type \`${p.name}\`${didYouMean(p.suggestion)} (types: ${p.allowed})`),
  "type-at-not-date": entry<{ source: string; field: string; got: string }>(
    "error", "A source's `at` field that is not of type date.",
    (p) => `\`at\` must name a date field of \`${p.source}\`, but \`${p.field}\` is ${p.got}`),
  "type-unit-mismatch": entry<{ action: "add" | "subtract" | "multiply" | "divide" | "compare" | "combine"; left: string; right: string }>(
    "error", "Money mixed with a number or percent where the units do not work out, such as money + percent or money × money.",
    (p) => unitMessage(p.action, p.left, p.right)),
  "type-incompatible": entry<{ op: string; verb: "compare" | "combine"; left: string; right: string }>(
    "error", "Values of kinds that cannot meet in a comparison or in the results of `if`, `coalesce`, `min`, `max`, such as text and a number.",
    (p) => `\`${p.op}\` cannot ${p.verb} ${p.left} with ${p.right}`),
  "type-not-numeric": entry<{ what: string; expr: string; got: string }>(
    "error", "Text, a date or a true/false value where a number is needed.",
    (p) => `${p.what} needs a number, but \`${p.expr}\` is ${p.got}`),
  "type-not-boolean": entry<{ what: string; expr: string; got: string }>(
    "error", "A condition (`and`, `or`, `not`, `if`, `where`, `gate`, an alert's `when`) that is not true/false.",
    (p) => `${p.what} must be true or false, but \`${p.expr}\` is ${p.got}`),
  "type-unknown-enum-value": entry<{ value: string; field: string; suggestion?: string; allowed: string }>(
    "error", "A string compared with an enumeration field that is not one of its values.",
    (p) => `${JSON.stringify(p.value)} is not a value of \`${p.field}\`${didYouMean(p.suggestion && JSON.stringify(p.suggestion), "")} (values: ${p.allowed})`),
  "type-wrong-arity": entry<{ fn: string; expected: string; got: number }>(
    "error", "A function called with the wrong number of arguments.",
    (p) => `\`${p.fn}\` takes ${p.expected}, not ${p.got}`),
  "type-expects-metric": entry<{ fn: string }>(
    "error", "A target or time function (`target`, `attainment`, `prev` …) whose argument is not a metric name.",
    (p) => `\`${p.fn}\` needs a metric name, such as ${p.fn}(new_amount)`),
  "type-bad-aggregate-arg": entry<{ fn: string; example: string }>(
    "error", "An aggregate whose argument is not a source (`count`) or a source field (`sum`, `avg`, `min`, `max`, `distinct`).",
    (p) => `\`${p.fn}\` needs ${p.fn === "count" ? "a source" : "a source field"}, such as ${p.example}`),
  "type-nested-aggregate": entry<{ fn: string }>(
    "error", "An aggregate inside another aggregate's argument or `where` filter.",
    (p) => `aggregates cannot be nested: \`${p.fn}\` is inside another aggregate`),
  "type-unexpected-where": entry<{ fn: string }>(
    "error", "A `where` filter in a call that is not an aggregate.",
    (p) => `only aggregates take \`where\`; \`${p.fn}\` is not one`),
  "type-record-fn-outside-where": entry<{ fn: string; example: string }>(
    "error", "A function of the record being aggregated, such as `days_to_period_end()`, used outside an aggregate's `where` filter.",
    (p) => `\`${p.fn}()\` reads the record being aggregated, so it can only be used inside an aggregate's \`where\`, as in ${p.example}`),
  "type-round-digits": entry<{ expr: string }>(
    "error", "The digits argument of `round` that is not a whole number written out.",
    (p) => `the digits of \`round\` must be a whole number such as 2, not \`${p.expr}\``),
  "type-declared-mismatch": entry<{ metric: string; declared: string; got: string }>(
    "error", "A metric whose formula gives a different type than the one declared.",
    (p) => `metric \`${p.metric}\` is declared ${p.declared} but its formula gives ${p.got}`),
  "type-not-money": entry<{ incentive: string; got: string }>(
    "error", "An incentive formula that does not give an amount: money, or a number counted in currency units (a percent is a share, not an amount).",
    (p) => `incentive \`${p.incentive}\` must pay an amount (money, or a number of currency units), but its formula gives ${p.got}${p.got === "a percent" ? "; a percent is a share of something: multiply it by an amount, such as \`attainment(m) * target(m)\`" : ""}`),

  // ── rule: targets, scorecards, incentives, alerts, funnels ──────────────
  "rule-no-target": entry<{ metric: string; use: string }>(
    "warning", "A metric used with attainment, pace, target, challenge, a scorecard or tiers that has no `target` in the template; the dataset must supply one.",
    (p) => `metric \`${p.metric}\` has no target in this template; ${p.use} needs one from the dataset`),
  "rule-target-not-numeric": entry<{ metric: string; got: string }>(
    "error", "A target, attainment, pace or scorecard item for a metric that is not a number.",
    (p) => `metric \`${p.metric}\` is ${p.got}; only numeric metrics have targets, attainment and scores`),
  "rule-target-percent-money": entry<{ metric: string; value: string }>(
    "error", "A money metric's target written as a percentage.",
    (p) => `metric \`${p.metric}\` is money, so its target must be an amount, not ${p.value}`),
  "rule-split-needs-total": entry<Record<string, never>>(
    "error", "A `split` in a target whose base is given per entity kind; split divides a root total (`base N per year`).",
    () => "`split` divides a total for the whole organisation: write the base without `per KIND`"),
  "rule-flat-divided": entry<{ metric: string; what: string }>(
    "error", "A `flat` target that also has `per`, `split`, `quarters` or `months`: a flat base applies unchanged at every entity and period, so nothing divides it.",
    (p) => `the target of \`${p.metric}\` is \`flat\` (the same value at every entity and period), so ${p.what} cannot divide it; remove ${p.what} or \`flat\``),
  "rule-weights-count": entry<{ what: string; expected: number; got: number }>(
    "error", "`quarters` with other than 4 weights, or `months` with other than 12.",
    (p) => `\`${p.what}\` needs ${p.expected} weights, not ${p.got}`),
  "rule-weights-sum": entry<{ what: string; sum: string }>(
    "error", "Scorecard, quarter or month weights that do not add up to exactly 100%.",
    (p) => `${p.what} weights add up to ${p.sum}, not 100%`),
  "rule-quarters-and-months": entry<Record<string, never>>(
    "error", "A target with both `quarters` and `months`.",
    () => "give either `quarters` or `months`, not both"),
  "rule-negative": entry<{ what: string; value: string }>(
    "error", "A weight, cap, floor, challenge, tier bound, rate or amount that is negative.",
    (p) => `${p.what} cannot be negative (${p.value})`),
  "rule-money-digits": entry<{ value: string; currency: string; digits: number }>(
    "error", "A money amount with more decimals than the template's currency has.",
    (p) => `${p.value} has more decimals than ${p.currency} allows (${p.digits})`),
  "rule-incentive-shape": entry<{ incentive: string; problem: string }>(
    "error", "An incentive that is neither a formula nor a block with `tiers` or `basis` (or is both).",
    (p) => `incentive \`${p.incentive}\` ${p.problem}`),
  "rule-tiers-empty": entry<Record<string, never>>(
    "error", "A `tiers` block without any `from` step.",
    () => "`tiers` needs at least one `from` step"),
  "rule-tiers-need-basis": entry<{ reason: string }>(
    "error", "Tiers that pay a `rate`, or that have no `on` measure, in an incentive without `basis`.",
    (p) => `${p.reason}: add \`basis …\` to the incentive`),
  "rule-tiers-order": entry<{ bound: string; previous: string }>(
    "error", "Tier bounds that do not go strictly up.",
    (p) => `tier bound ${p.bound} must be above the previous bound ${p.previous}`),
  "rule-floor-above-cap": entry<{ floor: string; cap: string }>(
    "error", "An incentive whose floor is above its cap.",
    (p) => `the floor ${p.floor} is above the cap ${p.cap}`),
  "rule-no-leaf-kind": entry<{ incentive: string; detail: string }>(
    "error", "An incentive without `for` when the entity kinds do not have exactly one leaf kind.",
    (p) => `incentive \`${p.incentive}\` needs \`for KIND\`: ${p.detail}`),
  "rule-funnel-too-short": entry<{ funnel: string }>(
    "error", "A funnel with fewer than two steps.",
    (p) => `funnel \`${p.funnel}\` needs at least two steps`),
  "rule-bad-placeholder": entry<{ problem: string }>(
    "error", "An alert message with a `{…}` placeholder that is unclosed, empty or not an expression (write `{{` and `}}` for literal braces).",
    (p) => `alert message: ${p.problem}`),
} as const satisfies Record<string, Entry<never>>;

/** "cannot add money and percent": the words for a unit mismatch. */
function unitMessage(action: string, left: string, right: string): string {
  switch (action) {
    case "subtract":
      return `cannot subtract ${right} from ${left}`;
    case "multiply":
      return `cannot multiply ${left} by ${right}`;
    case "divide":
      return `cannot divide ${left} by ${right}`;
    case "compare":
      return `cannot compare ${left} with ${right}`;
    case "combine":
      return `cannot mix ${left} and ${right} in one result`;
    default:
      return `cannot ${action} ${left} and ${right}`;
  }
}

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

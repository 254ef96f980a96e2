/**
 * A grammar-aware generator of templates that should check clean: it keeps
 * a symbol table as it goes (entity kinds, sources and their typed fields,
 * metrics and their units, which metrics have targets) and only writes
 * what the language allows there: aggregates over declared fields with
 * type-correct filters, formulas that respect money rules, targets whose
 * weights add up, scorecards summing to 100%, tiers with rising bounds,
 * alerts with placeholders, funnels. The text is deliberately not canonical
 * (extra parentheses, odd spacing, comments, CRLF) so that printing has work
 * to do. `describe` returns what the dataset generator needs.
 *
 * `module(c, suffix)` writes the metric-level declarations once per suffix,
 * so the linear-time check can double a template with the same shape.
 * @module
 */
import { chance, distinct, pick, type Choice } from "./choice.js";

/** Units the generator tracks for expressions. */
export type Unit = "money" | "int" | "num" | "pct" | "bool" | "date";

export type FieldType = "money" | "integer" | "number" | "percent" | "string" | "boolean" | "date" | "enum" | "ref";

export interface FieldInfo {
  name: string;
  type: FieldType;
  /** Enum values, or the entity kind of a `ref`. */
  values?: string[];
  kind?: string;
}

export interface SourceInfo {
  name: string;
  by: string;
  at: string;
  fields: FieldInfo[];
}

export interface MetricInfo {
  name: string;
  unit: Unit;
  input: boolean;
  targeted: boolean;
}

/** What a generated template declares, for the dataset generator. */
export interface TemplateInfo {
  grain: "day" | "week" | "month" | "quarter" | "year";
  digits: number;
  fiscalStart: number;
  /** Kinds from the leaf up; each is `in` the next. */
  kinds: string[];
  sources: SourceInfo[];
  metrics: MetricInfo[];
  /** Attribute names used by `split by attr`. */
  attrs: string[];
}

export interface GeneratedTemplate {
  text: string;
  info: TemplateInfo;
}

const KIND_NAMES = [["rep", "seller", "代表", "Ümsatz_rep"], ["team", "squad", "团队"], ["region", "area", "大区"]] as const;
const SOURCE_NAMES = ["deals", "visits", "orders", "surveys", "合同", "leads"];
const FIELD_NAMES = ["amount", "status", "kind", "customer", "score", "days", "quoted", "rate", "base", "weight", "from", "cap", "tiers", "price", "qty", "渠道", "_x", "a1"];
const DATE_NAMES = ["closed_on", "at_day", "visited_on", "日期"];
const METRIC_NAMES = ["new_amount", "won", "visits_n", "conv", "nps", "avg_deal", "cycle", "share", "新签合同额", "m", "x_1", "score", "growth", "gap", "flag", "rate", "base"];
const LABELS = ['"销售代表"', '"Label"', '""', '"with \\"quote\\""', '"back\\\\slash"', '"\\u4e2d\\t文"', '"emoji 🎯"', '"{entity}"'];
const ENUMS = [["open", "won", "lost"], ["new", "renewal"], ["a"], ["", " ", "x y"], ["是", "否"]];
const MONTHS = ["january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december"];

/** A word separator: usually one space, sometimes more, a tab, or a line break. */
function sp(c: Choice): string {
  return chance(c, 8) ? pick(c, ["  ", "\t", "\n    ", " /* c */ "]) : " ";
}

/** Block lines with comments: some on lines of their own, some at line ends. */
function decorate(c: Choice, lines: string[], indent = "  "): string[] {
  const out: string[] = [];
  for (const l of lines) {
    if (chance(c, 8)) out.push(`${indent}${pick(c, ["// own line", "/* own */", "// 行"])}`);
    out.push(chance(c, 8) ? `${l} ${pick(c, ["// end", "/* end */", "//"])}` : l);
  }
  if (chance(c, 5)) out.push(`${indent}// last`);
  return out;
}

function label(c: Choice): string {
  return chance(c, 30) ? ` ${pick(c, LABELS)}` : "";
}

/** Shared state of one template being written. */
class Writer {
  readonly info: TemplateInfo;
  readonly lines: string[] = [];
  funnels = 0;
  constructor(info: TemplateInfo) {
    this.info = info;
  }
  emit(text: string, c: Choice): void {
    if (chance(c, 10)) this.lines.push(pick(c, ["// a comment", "/* block\n comment */", "", "// 注释 ✓"]));
    this.lines.push(text);
  }
  metrics(unit: Unit): MetricInfo[] {
    return this.info.metrics.filter((m) => m.unit === unit);
  }
}

// ── expressions ──────────────────────────────────────────────────────────

/** A decimal literal with at most `digits` decimals, `_` separators sometimes. */
function numberLit(c: Choice, digits: number, max = 100_000): string {
  const whole = c.int(0, max);
  const w = chance(c, 20) && whole >= 1000 ? whole.toLocaleString("en-US").replace(/,/g, "_") : String(whole);
  if (digits === 0 || !chance(c, 30)) return w;
  return `${w}.${String(c.int(0, 10 ** digits - 1)).padStart(digits, "0")}`;
}

/**
 * An operand: compound text is always parenthesised (so the generator never
 * depends on precedence to mean what it typed), an atom sometimes is.
 */
const paren = (c: Choice, s: string): string => (!isAtom(s) || chance(c, 25) ? `(${s})` : s);

/** A name, number, string or call whose first `(` closes at the very end. */
function isAtom(s: string): boolean {
  if (/^-?[\p{L}\p{N}_.%"]+$/u.test(s) && !s.startsWith("-")) return true;
  const open = s.indexOf("(");
  if (open <= 0 || !s.endsWith(")") || !/^[\p{L}\p{N}_]+$/u.test(s.slice(0, open))) return false;
  let depth = 0;
  for (let i = open; i < s.length; i++) {
    if (s[i] === "(") depth++;
    else if (s[i] === ")" && --depth === 0) return i === s.length - 1;
  }
  return false;
}

/** A filter over one source's fields (only they and literals may appear in `where`). */
function filter(c: Choice, w: Writer, s: SourceInfo, depth: number): string {
  const r = c.int(0, depth > 0 ? 9 : 6);
  if (r >= 7) {
    const op = pick(c, ["and", "or"]);
    return `${paren(c, filter(c, w, s, depth - 1))}${sp(c)}${op}${sp(c)}${paren(c, filter(c, w, s, depth - 1))}`;
  }
  const usable = s.fields.filter((f) => f.type !== "ref");
  if (usable.length === 0 || r === 0) return pick(c, ["true", "days_to_period_end() < 3", `not ${pick(c, ["false", "true"])}`]);
  const f = pick(c, usable);
  const ref = chance(c, 30) ? `${s.name}.${f.name}` : f.name;
  if (r === 6) return `${ref} is${chance(c, 50) ? " not" : ""} null`;
  switch (f.type) {
    case "enum": {
      const vals = f.values!.map((v) => JSON.stringify(v));
      if (chance(c, 30)) return `${ref}${chance(c, 30) ? " not" : ""} in (${distinct(c, c.int(1, vals.length), vals).join(", ")})`;
      return `${ref} ${pick(c, ["==", "!="])} ${pick(c, vals)}`;
    }
    case "string":
      return `${ref} ${pick(c, ["==", "!=", "<", ">="])} ${pick(c, ['"c1"', '""', '"客户"', '"\\"q"'])}`;
    case "boolean":
      return chance(c, 40) ? ref : `${ref} ${pick(c, ["==", "!="])} ${pick(c, ["true", "false"])}`;
    case "date":
      return `${ref} ${pick(c, ["<", "<=", ">", ">=", "==", "!="])} "2026-0${c.int(1, 9)}-1${c.int(0, 9)}"`;
    case "money":
      return `${ref} ${pick(c, ["<", "<=", ">", ">=", "==", "!="])} ${numberLit(c, w.info.digits, 2000)}`;
    case "percent":
      return `${ref} ${pick(c, ["<", ">="])} ${pick(c, ["50%", "0.5", "12.5%"])}`;
    default:
      return chance(c, 20)
        ? `${ref} in (${c.int(0, 9)}, ${c.int(10, 20)})`
        : `${paren(c, `${ref} ${pick(c, ["+", "-", "*"])} ${c.int(0, 9)}`)} ${pick(c, ["<", "<=", ">", ">=", "==", "!="])} ${numberLit(c, 2, 50)}`;
  }
}

/** An aggregate over a source: `count(src where …)`, `sum(src.f)`, … with its unit. */
function aggregate(c: Choice, w: Writer): { text: string; unit: Unit } | undefined {
  const s = pick(c, w.info.sources);
  const where = chance(c, 50) ? ` where ${filter(c, w, s, 2)}` : "";
  const numeric = s.fields.filter((f) => f.type === "money" || f.type === "integer" || f.type === "number" || f.type === "percent");
  const r = c.int(0, 5);
  if (r <= 1 || (r <= 4 && numeric.length === 0)) return { text: `count(${s.name}${where})`, unit: "int" };
  if (r === 5) {
    const f = pick(c, s.fields);
    // The first or last day of something: a date metric (printed YYYY-MM-DD).
    if (f.type === "date" && chance(c, 40)) return { text: `${pick(c, ["min", "max"])}(${s.name}.${f.name}${where})`, unit: "date" };
    return { text: `distinct(${s.name}.${f.name}${where})`, unit: "int" };
  }
  const f = pick(c, numeric);
  const fn = pick(c, ["sum", "sum", "avg", "min", "max"]);
  const base: Unit = f.type === "money" ? "money" : f.type === "integer" ? "int" : f.type === "percent" ? "pct" : "num";
  const unit: Unit = fn === "avg" && base !== "money" ? "num" : base;
  return { text: `${fn}(${s.name}.${f.name}${where})`, unit };
}

/** A numeric expression (int, num or pct) over earlier metrics. */
function numExpr(c: Choice, w: Writer, depth: number): string {
  const nums = [...w.metrics("int"), ...w.metrics("num"), ...w.metrics("pct")];
  const targeted = w.info.metrics.filter((m) => m.targeted);
  const r = c.int(0, depth > 0 ? 13 : 4);
  switch (r) {
    case 0:
      return pick(c, ["1", "100", "0.5", "80%", "12.5%", "0", "1_000", "3.25"]);
    case 1:
    case 2:
    case 3:
    case 4:
      if (nums.length) return pick(c, nums).name;
      return pick(c, ["2", "7%"]);
    case 5:
      return `${paren(c, numExpr(c, w, depth - 1))}${sp(c)}${pick(c, ["+", "-", "*", "/"])}${sp(c)}${paren(c, numExpr(c, w, depth - 1))}`;
    case 6: {
      const ms = w.metrics("money");
      if (ms.length) return `${pick(c, ms).name} / ${paren(c, moneyExpr(c, w, depth - 1))}`;
      return `-${paren(c, numExpr(c, w, depth - 1))}`;
    }
    case 7:
      if (targeted.length) return `${pick(c, ["attainment", "pace"])}(${pick(c, targeted).name})`;
      return `abs(${numExpr(c, w, depth - 1)})`;
    case 8:
      return `${pick(c, ["min", "max", "coalesce"])}(${numExpr(c, w, depth - 1)}, ${numExpr(c, w, depth - 1)})`;
    case 9:
      return `round(${numExpr(c, w, depth - 1)}, ${c.int(-2, 3)})`;
    case 10:
      return `clamp(${numExpr(c, w, depth - 1)}, 0, 150%)`;
    case 11:
      return `if(${boolExpr(c, w, depth - 1)}, ${numExpr(c, w, depth - 1)}, ${numExpr(c, w, depth - 1)})`;
    case 12:
      if (nums.length) return `${pick(c, ["prev", "last_year", "ytd"])}(${pick(c, nums).name})`;
      return "1";
    default: {
      const t = targeted.filter((m) => m.unit !== "money");
      if (t.length) return `${pick(c, ["target", "challenge"])}(${pick(c, t).name})`;
      return `abs(-${numberLit(c, 2, 9)})`;
    }
  }
}

/** A money expression over earlier money metrics. */
function moneyExpr(c: Choice, w: Writer, depth: number): string {
  const ms = w.metrics("money");
  if (ms.length === 0) return `(${numberLit(c, w.info.digits, 9000)} * 0 + sum(${moneySource(w)}))`;
  const r = c.int(0, depth > 0 ? 10 : 2);
  switch (r) {
    case 0:
    case 1:
    case 2:
      return pick(c, ms).name;
    case 3:
      return `${paren(c, moneyExpr(c, w, depth - 1))} ${pick(c, ["+", "-"])} ${paren(c, moneyExpr(c, w, depth - 1))}`;
    case 4:
      return `${paren(c, moneyExpr(c, w, depth - 1))} ${pick(c, ["*", "/"])} ${paren(c, numExpr(c, w, depth - 1))}`;
    case 5:
      return `if(${boolExpr(c, w, depth - 1)}, ${moneyExpr(c, w, depth - 1)}, ${moneyExpr(c, w, depth - 1)})`;
    case 6:
      return `${pick(c, ["min", "max", "coalesce"])}(${moneyExpr(c, w, depth - 1)}, ${moneyExpr(c, w, depth - 1)})`;
    case 7:
      return `${pick(c, ["prev", "last_year", "ytd"])}(${pick(c, ms).name})`;
    case 8: {
      const t = ms.filter((m) => m.targeted);
      if (t.length) return `${pick(c, ["target", "challenge"])}(${pick(c, t).name})`;
      return `abs(${moneyExpr(c, w, depth - 1)})`;
    }
    case 9:
      return `round(${moneyExpr(c, w, depth - 1)}, ${c.int(-1, w.info.digits)})`;
    default:
      return `-${paren(c, moneyExpr(c, w, depth - 1))}`;
  }
}

/** `deals.amount` of a source with a money field (the caller knows one exists). */
function moneySource(w: Writer): string {
  for (const s of w.info.sources) for (const f of s.fields) if (f.type === "money") return `${s.name}.${f.name}`;
  return "nothing.here";
}

/** A condition over metrics. */
function boolExpr(c: Choice, w: Writer, depth: number): string {
  const r = c.int(0, depth > 0 ? 7 : 3);
  const bools = w.metrics("bool");
  switch (r) {
    case 0:
    case 1:
      return `${paren(c, numExpr(c, w, depth - 1))} ${pick(c, ["<", "<=", ">", ">=", "==", "!="])} ${paren(c, numExpr(c, w, depth - 1))}`;
    case 2:
      if (w.metrics("money").length) return `${moneyExpr(c, w, depth - 1)} ${pick(c, ["<", ">=", "!="])} ${pick(c, [numberLit(c, w.info.digits, 5000), moneyExpr(c, w, depth - 1)])}`;
      return pick(c, ["true", "false"]);
    case 3:
      if (bools.length) return pick(c, bools).name;
      return `${numExpr(c, w, 0)} is${chance(c, 50) ? " not" : ""} null`;
    case 4:
      return `${paren(c, boolExpr(c, w, depth - 1))}${sp(c)}${pick(c, ["and", "or"])}${sp(c)}${paren(c, boolExpr(c, w, depth - 1))}`;
    case 5:
      return `not ${paren(c, boolExpr(c, w, depth - 1))}`;
    case 6:
      return `${numExpr(c, w, depth - 1)} ${chance(c, 30) ? "not in" : "in"} (${numExpr(c, w, 0)}, ${c.int(0, 5)})`;
    default:
      return `${pick(c, [...w.info.metrics.filter((m) => m.unit !== "bool"), { name: "1" }]).name} is${chance(c, 50) ? " not" : ""} null`;
  }
}

function expr(c: Choice, w: Writer, unit: Unit, depth: number): string {
  if (unit === "money") return moneyExpr(c, w, depth);
  if (unit === "bool") return boolExpr(c, w, depth);
  return numExpr(c, w, depth);
}

// ── declarations ─────────────────────────────────────────────────────────

function header(c: Choice, info: TemplateInfo, currency: string): string {
  const settings: string[] = [];
  if (chance(c, 30)) settings.push(`industry ${pick(c, ["saas", "fmcg", "零售"])}`);
  if (chance(c, 30)) settings.push(`stage ${pick(c, ["growth", "startup"])}`);
  if (info.grain !== "month" || chance(c, 60)) settings.push(`grain ${info.grain}`);
  if (currency !== "CNY" || chance(c, 50)) settings.push(`currency ${currency}`);
  if (chance(c, 40)) settings.push(`rounding ${pick(c, ["half_up", "half_even"])}`);
  if (info.fiscalStart !== 1 || chance(c, 10)) settings.push(`fiscal_year_starts ${MONTHS[info.fiscalStart - 1]}`);
  return `template ${pick(c, ["t", "saas_growth", "模板", "_fz"])}${label(c)} {\n${decorate(c, settings.map((s) => `  ${s}`)).map((l) => `${l}\n`).join("")}}`;
}

function source(c: Choice, w: Writer, name: string): string {
  const kinds = w.info.kinds;
  const by = chance(c, 80) ? kinds[0]! : pick(c, kinds);
  const at = pick(c, DATE_NAMES);
  const fields: FieldInfo[] = [];
  const names = distinct(c, c.int(0, 6), FIELD_NAMES.filter((f) => f !== by));
  for (const f of names) {
    const type = pick(c, ["money", "money", "integer", "number", "percent", "string", "boolean", "date", "enum", "enum", "ref"] as const);
    const fi: FieldInfo = { name: f, type };
    if (type === "enum") fi.values = [...pick(c, ENUMS)];
    if (type === "ref") fi.kind = pick(c, kinds);
    fields.push(fi);
  }
  // The `at` field is a date field like the others (filters and aggregates may read it).
  w.info.sources.push({ name, by, at, fields: [...fields, { name: at, type: "date" }] });
  const typeText = (f: FieldInfo): string => (f.type === "enum" ? f.values!.map((v) => JSON.stringify(v)).join(" | ") : f.type === "ref" ? f.kind! : f.type);
  const all = [...fields.map((f) => `  ${f.name}${label(c)}: ${typeText(f)}`), `  ${at}: date`];
  // The `at` field may come anywhere in the block.
  const at0 = all.pop()!;
  all.splice(c.int(0, all.length), 0, at0);
  return `source ${name}${label(c)} by ${by} at ${at} {\n${decorate(c, all).join("\n")}\n}`;
}

function metricDecl(c: Choice, w: Writer, name: string): void {
  const r = c.int(0, 9);
  let text: string;
  let unit: Unit;
  let input = false;
  if (r === 0) {
    input = true;
    unit = "num";
    text = "input";
  } else if (r <= 4 || w.info.metrics.length === 0) {
    const a = aggregate(c, w)!;
    text = a.text;
    unit = a.unit;
  } else {
    unit = pick(c, ["money", "num", "num", "bool", "pct"] as const);
    if (unit === "money" && w.metrics("money").length === 0) unit = "num";
    text = expr(c, w, unit, 3);
    if (unit === "pct") unit = "num";
    // A metric may read its own previous period.
    if (unit === "num" && chance(c, 10)) text = `coalesce(${pick(c, ["prev", "last_year"])}(${name}), 0) + ${paren(c, text)}`;
  }
  // A declared type the formula can have.
  let declared = "";
  if (chance(c, 40)) {
    if (unit === "money") declared = ": money";
    else if (unit === "num" || unit === "pct") declared = chance(c, 50) ? ": percent" : ": number";
    else if (unit === "int") declared = pick(c, [": integer", ": number"]);
    else if (unit === "bool") declared = ": boolean";
    else if (unit === "date") declared = "";
  }
  if (declared === ": percent") unit = "pct";
  const lower = unit !== "bool" && unit !== "date" && chance(c, 15) ? " lower_better" : "";
  w.emit(`metric ${name}${label(c)}${declared}${lower}${sp(c)}=${sp(c)}${text}`, c);
  w.info.metrics.push({ name, unit, input, targeted: false });
}

function weights(c: Choice, n: number): string[] {
  const table: Record<number, string[][]> = {
    1: [["100%"], ["1"]],
    2: [["50%", "50%"], ["60%", "40%"], ["0.25", "75%"]],
    3: [["50%", "30%", "20%"], ["33.4%", "33.3%", "33.3%"]],
    4: [["25%", "25%", "25%", "25%"], ["20%", "25%", "25%", "30%"], ["10%", "20%", "30%", "40%"]],
  };
  return pick(c, table[n]!);
}

function targetDecl(c: Choice, w: Writer, m: MetricInfo): void {
  const total = m.unit === "money" || m.unit === "int";
  const lines: string[] = [];
  const value = m.unit === "pct" ? pick(c, ["85%", "0.6", "100%"]) : total ? numberLit(c, m.unit === "money" ? w.info.digits : 0, 1_000_000) : numberLit(c, 2, 100);
  let flat = false;
  if (total) {
    const shape = c.int(0, 5);
    if (shape === 0) lines.push(`base ${value} per ${w.info.kinds[0]} per year`);
    else if (shape === 1) {
      lines.push(`base ${value} per year`);
      const split = pick(c, ["split even", "split by history", "split by attr size"]);
      if (split.endsWith("size") && !w.info.attrs.includes("size")) w.info.attrs.push("size");
      lines.push(split);
    } else if (shape === 2) lines.push(`base ${value} per ${pick(c, w.info.kinds)} per ${pick(c, ["month", "quarter", "year"].filter((p) => grainRank(p) >= grainRank(w.info.grain)))}`);
    else if (shape === 3) {
      lines.push(`base ${value} flat`);
      flat = true;
    } else if (shape === 4) lines.push(`base ${value}`);
    if (!flat && shape !== 4 && chance(c, 40)) lines.push(chance(c, 70) ? `quarters ${weights(c, 4).join(" ")}` : `months ${[...Array(11).fill("8%"), "12%"].join(" ")}`);
  } else if (chance(c, 90)) lines.push(`base ${value}${chance(c, 20) ? " flat" : ""}`);
  if (chance(c, 50)) lines.push(`challenge ${chance(c, 70) ? pick(c, ["120%", "150%", "110%"]) : value}`);
  if (lines.length === 0) lines.push(`base ${value}`);
  const body = chance(c, 20) && lines.length === 1 ? `{ ${lines[0]} }` : `{\n${decorate(c, lines.map((l) => `  ${l}`)).join("\n")}\n}`;
  w.emit(`target ${m.name} ${body}`, c);
  m.targeted = true;
}

function grainRank(p: string): number {
  return ["day", "week", "month", "quarter", "year"].indexOf(p);
}

function scorecardDecl(c: Choice, w: Writer, name: string): void {
  const t = w.info.metrics.filter((m) => m.targeted);
  if (t.length === 0) return;
  const items = distinct(c, c.int(1, Math.min(3, t.length)), t);
  const ws = weights(c, items.length);
  const lines = items.map((m, i) => `  ${m.name} weight ${ws[i]}${chance(c, 50) ? ` cap ${pick(c, ["150%", "120%", "1.5"])}` : ""}`);
  w.emit(`scorecard ${name}${label(c)} {\n${decorate(c, lines).join("\n")}\n}`, c);
}

function incentiveDecl(c: Choice, w: Writer, name: string): void {
  const leaf = w.info.kinds[0]!;
  const head = `incentive ${name}${label(c)}${chance(c, 60) ? ` for ${leaf}` : ""}`;
  const ms = w.metrics("money");
  const counts = w.metrics("int");
  const r = c.int(0, 3);
  if (r === 0 || (ms.length === 0 && counts.length === 0)) {
    const f = ms.length && chance(c, 50) ? `${pick(c, ms).name} * ${pick(c, ["3%", "0.05", "1%"])}` : counts.length && chance(c, 50) ? `${pick(c, counts).name} * 300` : `if(${boolExpr(c, w, 1)}, 5_000, 0)`;
    w.emit(`${head} = ${f}`, c);
    return;
  }
  const lines: string[] = [];
  const basis = ms.length ? (chance(c, 70) ? pick(c, ms).name : moneyExpr(c, w, 1)) : undefined;
  if (basis) lines.push(`basis ${basis}`);
  const targetedMoney = ms.filter((m) => m.targeted);
  const onChoice = c.int(0, 2);
  let on = "";
  let bounds: string[];
  if (onChoice === 0 && targetedMoney.length) {
    on = ` on attainment(${pick(c, targetedMoney).name})`;
    bounds = ["80%", "100%", "120%"];
  } else if (onChoice === 1 && counts.length) {
    on = ` on ${pick(c, counts).name}`;
    bounds = ["1", "5", "10"];
  } else if (basis) bounds = ["1000", "5000", "20000"];
  else {
    on = ` on ${pick(c, counts).name}`;
    bounds = ["0", "2", "4"];
  }
  const steps = bounds.slice(0, c.int(1, 3)).map((b) => (basis && chance(c, 70) ? `    from ${b} rate ${pick(c, ["3%", "5%", "0.08"])}` : `    from ${b} pay ${numberLit(c, w.info.digits, 3000)}`));
  lines.push(`tiers ${pick(c, ["retroactive", "marginal"])}${on} {\n${decorate(c, steps, "    ").join("\n")}\n  }`);
  if (chance(c, 40)) lines.push(`gate ${boolExpr(c, w, 1)}`);
  if (chance(c, 30)) lines.push(`cap ${numberLit(c, w.info.digits, 50_000)}`);
  if (chance(c, 15)) lines.push(`floor 0`);
  w.emit(`${head} {\n${decorate(c, lines.map((l) => `  ${l}`)).join("\n")}\n}`, c);
}

function alertDecl(c: Choice, w: Writer, name: string): void {
  const sev = pick(c, ["info", "warning", "critical"]);
  let msg = "";
  if (chance(c, 50)) {
    const m = w.info.metrics.length ? pick(c, w.info.metrics).name : "1";
    msg = `\n  message "${pick(c, ["{entity} ", "", "{{x}} "])}${pick(c, [`{${m}}`, "{1 + 1}", "done", `{entity} 进度 {${m}}`])}"`;
  }
  w.emit(`alert ${name}${label(c)} ${sev} when ${boolExpr(c, w, 2)}${msg}`, c);
}

function funnelDecl(c: Choice, w: Writer, name: string): void {
  const steps = distinct(c, c.int(2, 4), ["leads", "opps", "quotes", "signed", "签约"]);
  const lines = steps.map((st) => `  ${st}${label(c)} = count(${pick(c, w.info.sources).name}${chance(c, 50) ? ` where ${filter(c, w, pick(c, w.info.sources), 0)}` : ""})`);
  // Filters must read the step's own source: write each step over one source.
  const fixed = steps.map((st, i) => {
    const s = pick(c, w.info.sources);
    return chance(c, 50) ? `  ${st} = count(${s.name} where ${filter(c, w, s, 1)})` : lines[i]!.replace(/ where .*\)$/, ")");
  });
  w.emit(`funnel ${name}${label(c)} {\n${decorate(c, fixed).join("\n")}\n}`, c);
  for (const st of steps) w.info.metrics.push({ name: `${name}.${st}`, unit: "int", input: false, targeted: false });
  for (const st of steps.slice(1)) w.info.metrics.push({ name: `${name}.${st}_rate`, unit: "num", input: false, targeted: false });
  w.info.metrics.push({ name: `${name}.conversion`, unit: "num", input: false, targeted: false });
}

/**
 * The metric-level declarations (metrics, funnels, targets, scorecards,
 * incentives, alerts), every name ending in `suffix`.
 */
function module(c: Choice, w: Writer, suffix: string): void {
  const names = distinct(c, c.int(1, 7), METRIC_NAMES).map((n) => n + suffix);
  for (const n of names) {
    if (chance(c, 10)) funnelDecl(c, w, `pipe${w.funnels++}${suffix}`);
    metricDecl(c, w, n);
  }
  const mine = w.info.metrics.filter((m) => m.name.endsWith(suffix) && m.unit !== "bool" && m.unit !== "date");
  for (const m of distinct(c, c.int(0, Math.min(3, mine.length)), mine)) targetDecl(c, w, m);
  if (chance(c, 50)) scorecardDecl(c, w, `card${suffix}`);
  for (let i = c.int(0, 2); i > 0; i--) incentiveDecl(c, w, `pay${i}${suffix}`);
  for (let i = c.int(0, 2); i > 0; i--) alertDecl(c, w, `alert${i}${suffix}`);
}

export interface TemplateOptions {
  /** How many times the metric-level declarations are written (with distinct names). */
  copies?: number;
  /** Makes one copy's Choice; by default every copy reads from `c` (different shapes). */
  copyChoice?: (copy: number) => Choice;
}

/**
 * A template that should check clean, with what it declares.
 * @example
 * const { text, info } = generateTemplate(seeded(1));
 */
export function generateTemplate(c: Choice, options: TemplateOptions = {}): GeneratedTemplate {
  const grain = pick(c, ["month", "month", "month", "day", "week", "quarter", "year"] as const);
  const currency = pick(c, ["CNY", "CNY", "USD", "EUR", "JPY"]);
  const info: TemplateInfo = { grain, digits: currency === "JPY" ? 0 : 2, fiscalStart: chance(c, 15) ? pick(c, [4, 7, 10]) : 1, kinds: [], sources: [], metrics: [], attrs: [] };
  const w = new Writer(info);
  const depth = c.int(1, 3);
  for (let i = 0; i < depth; i++) info.kinds.push(pick(c, KIND_NAMES[i]!));
  const parts: string[] = [];
  const withHeader = info.grain !== "month" || currency !== "CNY" || info.fiscalStart !== 1 || chance(c, 70);
  if (withHeader) w.emit(header(c, info, currency), c);
  // Entity kinds in any order (declarations may come in any order).
  const kindDecls = info.kinds.map((k, i) => `entity ${k}${label(c)}${i + 1 < info.kinds.length ? ` in ${info.kinds[i + 1]}` : ""}`);
  for (const d of distinct(c, kindDecls.length, kindDecls)) w.emit(d, c);
  for (const s of distinct(c, c.int(1, 3), SOURCE_NAMES)) w.emit(source(c, w, s), c);
  // Make sure money exists somewhere half of the time: most real templates have it.
  const copies = options.copies ?? 1;
  for (let k = 0; k < copies; k++) module(options.copyChoice?.(k) ?? c, w, copies === 1 ? "" : `_${k}`);
  parts.push(...w.lines);
  const eol = chance(c, 10) ? "\r\n" : "\n";
  const text = parts.join(chance(c, 20) ? `${eol}${eol}` : eol).replace(/\r?\n/g, eol) + (chance(c, 80) ? eol : "");
  return { text, info };
}

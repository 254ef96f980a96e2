/**
 * Model → canonical template text, comments kept. The layout is fixed so that
 * formatting is idempotent and `parseTemplate(printTemplate(m)).model` equals
 * `m`:
 * - two-space indentation; one declaration per line, blocks closed on their own line;
 * - a blank line after the header and wherever the kind of declaration changes;
 * - header settings and target lines in a fixed order (industry, stage, grain,
 *   currency, rounding, fiscal_year_starts; base, quarters, months, challenge,
 *   split); incentive lines as basis, tiers, gate, cap, floor;
 * - a header or target block with a single line and no comments stays on one
 *   line (`target nps { base 40 }`);
 * - a metric or incentive formula that would make its line longer than 120
 *   characters moves to the next line, indented;
 * - an alert's message goes on its own indented line;
 * - comments before an item stay on the lines above it, a comment after it
 *   stays at the end of its last line.
 * @module
 */
import type * as M from "../schemas/generated/template.js";
import { quote } from "./strings.js";

/** Lines longer than this put a formula on its own line. */
export const MAX_LINE = 120;
const IND = "  ";

const SETTING_ORDER = ["industry", "stage", "grain", "currency", "rounding", "fiscal_year_starts"] as const;
const TARGET_LINES = ["base", "quarters", "months", "challenge", "split"] as const;
const INCENTIVE_LINES = ["basis", "tiers", "gate", "cap", "floor"] as const;

/**
 * Canonical text of a template model.
 * @example
 * printTemplate({ declarations: [{ kind: "metric", name: "visits", formula: "count(visits)" }] });
 * // "metric visits = count(visits)\n"
 */
export function printTemplate(model: M.Template): string {
  const out: string[] = [];
  if (model.header) out.push(...header(model.header));
  let prevKind: string | undefined = model.header ? "template" : undefined;
  for (const d of model.declarations) {
    if (prevKind !== undefined && prevKind !== d.kind) out.push("");
    out.push(...declaration(d));
    prevKind = d.kind;
  }
  if (model.endComments?.length) {
    if (out.length) out.push("");
    out.push(...model.endComments);
  }
  return out.length ? `${out.join("\n")}\n` : "";
}

/** Lines of one item: its leading comments, its text, its trailing comment on the last line. */
function item(node: { comments?: string[]; trailingComment?: string }, body: string[], indent = ""): string[] {
  const lines = (node.comments ?? []).map((c) => indent + c);
  body.forEach((b, i) => {
    const last = i === body.length - 1;
    lines.push(indent + b + (last && node.trailingComment ? ` ${node.trailingComment}` : ""));
  });
  return lines;
}

const named = (kw: string, name: string, label?: string): string => `${kw} ${name}${label !== undefined ? ` ${quote(label)}` : ""}`;

/** A block `head {` … `}` of inner lines, or `head { line }` when it may stay on one line. */
function block(head: string, inner: string[], endComments: string[] | undefined, inline: boolean): string[] {
  const end = (endComments ?? []).map((c) => IND + c);
  if (inline && inner.length === 1 && end.length === 0) return [`${head} { ${inner[0]!.trim()} }`];
  if (inner.length === 0 && end.length === 0) return [`${head} {}`];
  return [`${head} {`, ...inner, ...end, "}"];
}

function header(h: M.Header): string[] {
  let head = named("template", h.name, h.label);
  if (h.extends !== undefined) head += ` extends ${h.extends}`;
  const settings = h.settings ?? {};
  const inner = SETTING_ORDER.filter((k) => settings[k] !== undefined).map((k) => `${IND}${k} ${settings[k]}`);
  const body = inner.length || h.endComments?.length ? block(head, inner, h.endComments, true) : [head];
  return item(h, body);
}

/** `head = formula`, or the formula on the next line when the line would be too long. */
function withFormula(head: string, formula: string): string[] {
  const one = `${head} = ${formula}`;
  return one.length <= MAX_LINE ? [one] : [`${head} =`, `${IND}${formula}`];
}

function declaration(d: M.Declaration): string[] {
  switch (d.kind) {
    case "entity":
      return item(d, [named("entity", d.name, d.label) + (d.parent !== undefined ? ` in ${d.parent}` : "")]);
    case "source": {
      const head = `${named("source", d.name, d.label)} by ${d.by} at ${d.at}`;
      const inner = d.fields.flatMap((f) => item(f, [`${named("", f.name, f.label).trimStart()}: ${typeText(f)}`], IND));
      return item(d, block(head, inner, d.endComments, false));
    }
    case "metric": {
      let head = named("metric", d.name, d.label);
      if (d.type !== undefined) head += `: ${d.type}`;
      if (d.lowerBetter) head += " lower_better";
      return item(d, d.input || d.formula === undefined ? [`${head} = input`] : withFormula(head, d.formula));
    }
    case "target":
      return item(d, block(`target ${d.metric}`, targetLines(d), d.endComments, !d.lineComments));
    case "scorecard": {
      const inner = d.items.flatMap((it) =>
        item(it, [`${it.metric} weight ${it.weight}${it.cap !== undefined ? ` cap ${it.cap}` : ""}`], IND),
      );
      return item(d, block(named("scorecard", d.name, d.label), inner, d.endComments, false));
    }
    case "incentive": {
      let head = named("incentive", d.name, d.label);
      if (d.for !== undefined) head += ` for ${d.for}`;
      if (d.formula !== undefined) return item(d, withFormula(head, d.formula));
      return item(d, block(head, incentiveLines(d), d.endComments, false));
    }
    case "alert": {
      const line = `${named("alert", d.name, d.label)} ${d.severity} when ${d.when}`;
      return item(d, d.message !== undefined ? [line, `${IND}message ${quote(d.message)}`] : [line]);
    }
    case "funnel": {
      const inner = d.steps.flatMap((s) => item(s, [`${named("", s.name, s.label).trimStart()} = ${s.formula}`], IND));
      return item(d, block(named("funnel", d.name, d.label), inner, d.endComments, false));
    }
    case "drop":
      return item(d, [`drop ${d.what} ${d.name}`]);
  }
}

function typeText(f: M.Field): string {
  return f.type === "enum" && f.values ? f.values.map(quote).join(" | ") : f.type;
}

function targetLines(d: M.TargetDecl): string[] {
  const out: string[] = [];
  for (const key of TARGET_LINES) {
    let text: string | undefined;
    if (key === "base" && d.base) {
      text = `base ${d.base.value}`;
      if (d.base.perEntity !== undefined) text += ` per ${d.base.perEntity}`;
      if (d.base.per !== undefined) text += ` per ${d.base.per}`;
      if (d.base.flat) text += " flat";
    } else if ((key === "quarters" || key === "months") && d[key]) text = `${key} ${d[key]!.join(" ")}`;
    else if (key === "challenge" && d.challenge !== undefined) text = `challenge ${d.challenge}`;
    else if (key === "split" && d.split) {
      text = d.split.by === "even" ? "split even" : d.split.by === "history" ? "split by history" : `split by attr ${d.split.attr ?? ""}`;
    }
    if (text !== undefined) out.push(...item(d.lineComments?.[key] ?? {}, [text], IND));
  }
  return out;
}

function incentiveLines(d: M.IncentiveDecl): string[] {
  const out: string[] = [];
  for (const key of INCENTIVE_LINES) {
    const trivia = d.lineComments?.[key] ?? {};
    if (key === "tiers" && d.tiers) {
      const t = d.tiers;
      const head = `tiers ${t.mode}${t.on !== undefined ? ` on ${t.on}` : ""}`;
      const steps = t.steps.flatMap((s) => item(s, [`from ${s.from} ${s.rate !== undefined ? `rate ${s.rate}` : `pay ${s.pay ?? "0"}`}`], IND));
      const end = (t.endComments ?? []).map((c) => IND + c);
      const body = steps.length || end.length ? [`${head} {`, ...steps, ...end, "}"] : [`${head} {}`];
      out.push(...item(trivia, body, IND));
    } else if (key !== "tiers" && d[key] !== undefined) {
      out.push(...item(trivia, [`${key} ${d[key]}`], IND));
    }
  }
  return out;
}

/**
 * An explanation as text that reads like an admin's worksheet: the entity
 * and period, then each metric (value, formula, the metrics it reads, its
 * aggregates and the records they counted, target, challenge, attainment and
 * pace), each score item by item, each incentive step by step, the payout,
 * and each alert. Money has its digits and thousands separators, percents
 * are `104%`, missing values `—`. Characters that would act on a terminal
 * (controls, bidi overrides) in names and data are replaced with `�`.
 * @module
 */
import { formatNumber, formatPercent, groupThousands, NULL_TEXT } from "./format.js";
import type { EntityExplanation, JsonValue, MetricExplanation } from "./types.js";

// C0 and C1 controls (tabs and newlines too: one value stays on one line) and bidi controls.
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;
const clean = (s: string): string => s.replace(UNSAFE, "\ufffd");

/**
 * A JSON value of an explanation for people, by its type.
 * @example
 * showJson("104000.00", "money"); // "104,000.00"
 * showJson(1.04, "percent");      // "104%"
 */
export function showJson(v: JsonValue, type: string): string {
  if (v === null) return NULL_TEXT;
  if (typeof v === "number") return type === "percent" ? formatPercent(v) : formatNumber(v);
  if (type === "money") return groupThousands(v as string);
  return clean(String(v));
}

const pct = (v: number | null): string => (v === null ? NULL_TEXT : formatPercent(v));
const named = (name: string, label: string | undefined): string => clean(label === undefined ? name : `${name} ${label}`);

/**
 * Renders an explanation as worksheet text, ending with a newline.
 * @example
 * renderExplanation(explainEntity(env, cell, "张伟"));
 * // "张伟 (rep zhang, in east) — 2026-03, as of 2026-03-31\n…"
 */
export function renderExplanation(e: EntityExplanation): string {
  const lines: string[] = [];
  const { entity } = e;
  const where = entity.parent === null ? "" : `, in ${clean(entity.parent)}`;
  lines.push(`${clean(entity.name)} (${clean(entity.kind)} ${clean(entity.id)}${where}) — ${e.period}, as of ${e.asOf}`);
  lines.push(`template ${clean(e.template ?? "(unnamed)")}, amounts in ${e.currency}, rounding ${e.rounding}`);
  lines.push("", "Metrics");
  for (const m of e.metrics) lines.push(...metricLines(m));
  if (e.scores.length) {
    lines.push("", "Scores");
    for (const s of e.scores) {
      lines.push(`  ${named(s.scorecard, s.label)} = ${pct(s.score)}`);
      for (const it of s.items) {
        const cap = it.cap === null ? "" : `, cap ${pct(it.cap)}`;
        lines.push(`    ${clean(it.metric)}: weight ${pct(it.weight)} × min(attainment ${pct(it.attainment)}${cap}) = ${pct(it.points)}`);
      }
    }
  }
  if (e.incentives.length) {
    lines.push("", "Incentives");
    for (const i of e.incentives) {
      lines.push(`  ${named(i.incentive, i.label)} = ${groupThousands(i.value)}`);
      for (const step of i.trace.steps) lines.push(`    ${clean(step)}`);
    }
    if (e.payout !== undefined) lines.push(`  payout ${groupThousands(e.payout)}`);
  }
  if (e.alerts.length) {
    lines.push("", "Alerts");
    for (const a of e.alerts) {
      const what = a.fired ? `fired: ${clean(a.message ?? "")}` : "not fired";
      lines.push(`  ${named(a.alert, a.label)} (${a.severity}) when ${clean(a.when)}: ${what}`);
    }
  }
  return `${lines.join("\n")}\n`;
}

function metricLines(m: MetricExplanation): string[] {
  const out = [`  ${named(m.metric, m.label)} = ${showJson(m.value, m.type)}`];
  if (m.input) out.push("    input: the value comes from the dataset");
  if (m.formula !== undefined) out.push(`    formula: ${clean(m.formula)}`);
  if (m.reads.length) out.push(`    reads: ${m.reads.map((r) => `${clean(r.metric)} = ${showJson(r.value, r.type)}`).join(", ")}`);
  for (const a of m.aggregates) {
    const from = origins(a.origins, a.records);
    const records = `${a.records} record${a.records === 1 ? "" : "s"}`;
    out.push(`    ${clean(a.text)} = ${showJson(a.value, a.type)} over ${records}${from ? ` (${from})` : ""}`);
  }
  const t = m.target;
  if (t) {
    out.push(`    target ${showJson(t.base, m.type)}, challenge ${showJson(t.challenge, m.type)} (${clean(t.source)})${m.lowerBetter ? ", lower is better" : ""}`);
    for (const s of t.steps) out.push(`      ${clean(s)}`);
    out.push(`    attainment ${pct(t.attainment)}, pace ${pct(t.pace)}`);
  }
  return out;
}

/** `deals.csv lines 9, 10, 11, …`: the first records an aggregate counted, by file (a JSON file's are record indexes). */
function origins(list: readonly { file: string; line: number }[], total: number): string {
  const byFile = new Map<string, number[]>();
  for (const o of list) byFile.set(o.file, [...(byFile.get(o.file) ?? []), o.line]);
  const parts = [...byFile].map(([file, lines]) => {
    const what = /\.(csv|ndjson)$/i.test(file) ? (lines.length === 1 ? "line" : "lines") : lines.length === 1 ? "record" : "records";
    return `${clean(file)} ${what} ${lines.join(", ")}`;
  });
  return parts.join("; ") + (total > list.length && parts.length ? ", …" : "");
}

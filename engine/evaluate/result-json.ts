/**
 * The result's JSON text written straight from the columns, byte for byte
 * what `JSON.stringify(resultObjects(cols), null, 2)` gives (a test holds the
 * two together), in pieces: `kpi eval --format json` and the HTTP API print
 * results of any size without building a million objects first, or one
 * string beyond what V8 can hold. Strings go through `JSON.stringify`, so
 * user names and labels are escaped exactly as the object path escapes them.
 * @module
 */
import type { RV } from "./ops.js";
import type { PeriodColumns, ResultColumns, ResultLayout } from "./result-columns.js";
import { CellReader } from "./result-objects.js";

const q = JSON.stringify;

/** A JSON value of a cell as text: `null`, a number, or a quoted string. */
const text = (v: string | number | boolean | null): string =>
  v === null ? "null" : typeof v === "string" ? q(v) : typeof v === "number" && !Number.isFinite(v) ? "null" : String(v);

/**
 * Writes the result (and explanations, when given) as indented JSON text,
 * calling `write` with consecutive pieces (about one per period).
 * @example
 * let out = ""; writeResultJson(outcome.columns, (s) => (out += s));
 * out === JSON.stringify(resultObjects(outcome.columns), null, 2); // true
 */
export function writeResultJson(cols: ResultColumns, write: (piece: string) => void, explanations?: Record<string, unknown>): void {
  const { layout } = cols;
  const reader = new CellReader(layout);
  write(`{\n  "template": ${q(layout.template)},\n  "currency": ${q(layout.currency)},\n  "periods": `);
  if (cols.periods.length === 0) write("[]");
  else {
    const keys = {
      metrics: layout.metrics.map((m) => `${q(m.name)}: `),
      scores: layout.scorecards.map((s) => `${q(s)}: `),
      incentives: layout.incentives.map((i) => `${q(i.name)}: `),
    };
    cols.periods.forEach((p, i) => write(`${i === 0 ? "[\n" : ",\n"}${periodText(p, layout, reader, keys)}`));
    write("\n  ]");
  }
  if (explanations !== undefined) write(`,\n  "explanations": ${JSON.stringify(explanations, null, 2).replace(/\n/g, "\n  ")}`);
  write("\n}");
}

/**
 * The result's JSON text as one string (small results; see `writeResultJson`).
 * @example
 * JSON.parse(resultJson(outcome.columns)).periods.length; // 1
 */
export function resultJson(cols: ResultColumns, explanations?: Record<string, unknown>): string {
  const parts: string[] = [];
  writeResultJson(cols, (s) => parts.push(s), explanations);
  return parts.join("");
}

type Keys = { metrics: string[]; scores: string[]; incentives: string[] };

// Indentation of JSON.stringify(…, null, 2) at each depth of the result.
const I4 = "\n    ";
const I6 = "\n      ";
const I8 = "\n        ";
const I10 = "\n          ";
const I12 = "\n            ";
const I14 = "\n              ";

function periodText(p: PeriodColumns, layout: ResultLayout, reader: CellReader, keys: Keys): string {
  const out: string[] = [`    {${I6}"period": ${q(p.period.text)},${I6}"asOf": ${q(p.asOf)},${I6}"entities": `];
  if (layout.order.length === 0) out.push("[]");
  for (let k = 0; k < layout.order.length; k++) {
    out.push(k === 0 ? `[${I8}` : `,${I8}`);
    entityText(out, p, layout.order[k]!, layout, reader, keys);
  }
  if (layout.order.length) out.push(I6 + "]");
  out.push(I4 + "}");
  return out.join("");
}

function entityText(out: string[], p: PeriodColumns, e: number, layout: ResultLayout, reader: CellReader, keys: Keys): void {
  const ent = layout.entities[e]!;
  out.push(`{${I10}"id": ${q(ent.id)},${I10}"kind": ${q(ent.kind)},${I10}"name": ${q(ent.name)},${I10}"parent": ${ent.parent === null ? "null" : q(ent.parent)},${I10}"metrics": `);
  const forms = layout.metrics;
  if (forms.length === 0) out.push("{}");
  for (let j = 0; j < forms.length; j++) {
    out.push(j === 0 ? `{${I12}` : `,${I12}`, keys.metrics[j]!);
    const { form } = forms[j]!;
    const mc = p.metrics[j]!;
    if (form !== "money" && form !== "number") {
      out.push(`{${I14}"value": ${text(reader.other((mc.values as readonly RV[])[e]!, form) as string | number | boolean | null)}${I12}}`);
      continue;
    }
    const money = form === "money";
    const value = text(reader.number((mc.values as Float64Array)[e]!, money));
    const t = mc.targets;
    if (!t) {
      out.push(`{${I14}"value": ${value}${I12}}`);
      continue;
    }
    out.push(
      `{${I14}"value": ${value},${I14}"target": ${text(reader.number(t.base[e]!, money))},${I14}"challenge": ${text(reader.number(t.challenge[e]!, money))},` +
        `${I14}"attainment": ${text(reader.number(t.attainment[e]!, false))},${I14}"pace": ${text(reader.number(t.pace[e]!, false))}${I12}}`,
    );
  }
  if (forms.length) out.push(I10 + "}");
  if (layout.scorecards.length) {
    for (let j = 0; j < layout.scorecards.length; j++) out.push(j === 0 ? `,${I10}"scores": {${I12}` : `,${I12}`, keys.scores[j]!, text(reader.number(p.scores[j]![e]!, false)));
    out.push(I10 + "}");
  }
  const incs = layout.incentivesOf[e]!;
  if (incs.length) {
    for (let j = 0; j < incs.length; j++) out.push(j === 0 ? `,${I10}"incentives": {${I12}` : `,${I12}`, keys.incentives[incs[j]!]!, q(reader.money(p.incentives[incs[j]!]![e]!)));
    out.push(`${I10}},${I10}"payout": ${q(reader.money(p.payout[e]!))}`);
  }
  const alerts = p.alerts[e];
  if (!alerts || alerts.length === 0) out.push(`,${I10}"alerts": []`);
  else {
    alerts.forEach((a, j) => {
      out.push(j === 0 ? `,${I10}"alerts": [${I12}` : `,${I12}`);
      out.push(`{${I14}"alert": ${q(a.alert)},${I14}"severity": ${q(a.severity)}${a.message === undefined ? "" : `,${I14}"message": ${q(a.message)}`}${I12}}`);
    });
    out.push(I10 + "]");
  }
  out.push(I8 + "}");
}

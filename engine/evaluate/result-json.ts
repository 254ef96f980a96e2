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

/** Layout of the text: `JSON.stringify(…, null, 2)` (indented) or `JSON.stringify(…)` (compact). */
export type JsonStyle = "indented" | "compact";

/** The separators of a style: line breaks with the indentation of each depth, and the key separator. */
interface Sep {
  I2: string;
  I4: string;
  I6: string;
  I8: string;
  I10: string;
  I12: string;
  I14: string;
  C: string;
}

const line = (depth: number): string => `\n${" ".repeat(depth)}`;
const SEPS: Record<JsonStyle, Sep> = {
  indented: { I2: line(2), I4: line(4), I6: line(6), I8: line(8), I10: line(10), I12: line(12), I14: line(14), C: ": " },
  compact: { I2: "", I4: "", I6: "", I8: "", I10: "", I12: "", I14: "", C: ":" },
};

/**
 * About how many pieces of text make one written chunk: a chunk is joined and
 * handed on every few hundred entities (~64 KB), so the pieces die young. A
 * whole period held as pieces until the end (W1: 8 MB of text in 2 million
 * strings per month) made garbage collection most of the time of writing.
 */
const CHUNK_PIECES = 8192;

/**
 * The result's JSON text (and explanations, when given) as consecutive
 * chunks of about 64 KB: indented as `JSON.stringify(result, null, 2)` (the
 * CLI) or compact as `JSON.stringify(result)` (the HTTP API).
 * @example
 * let out = ""; for (const s of resultJsonChunks(outcome.columns)) out += s;
 * out === JSON.stringify(resultObjects(outcome.columns), null, 2); // true
 */
export function* resultJsonChunks(cols: ResultColumns, explanations?: Record<string, unknown>, style: JsonStyle = "indented"): Generator<string, void, undefined> {
  const { layout } = cols;
  const reader = new CellReader(layout);
  const S = SEPS[style];
  const { C, I4, I6, I8 } = S;
  let out: string[] = [`{${S.I2}"template"${C}${q(layout.template)},${S.I2}"currency"${C}${q(layout.currency)},${S.I2}"periods"${C}`];
  if (cols.periods.length === 0) out.push("[]");
  else {
    const keys = keysOf(layout, C);
    for (let i = 0; i < cols.periods.length; i++) {
      const p = cols.periods[i]!;
      out.push(`${i === 0 ? "[" : ","}${I4}{${I6}"period"${C}${q(p.period.text)},${I6}"asOf"${C}${q(p.asOf)},${I6}"entities"${C}`);
      if (layout.order.length === 0) out.push("[]");
      for (let k = 0; k < layout.order.length; k++) {
        out.push(k === 0 ? `[${I8}` : `,${I8}`);
        entityText(out, p, layout.order[k]!, layout, reader, keys, S, "{");
        if (out.length >= CHUNK_PIECES) {
          yield out.join("");
          out = [];
        }
      }
      if (layout.order.length) out.push(I6 + "]");
      out.push(I4 + "}");
    }
    out.push(`${S.I2}]`);
  }
  if (explanations !== undefined) {
    const text = style === "indented" ? JSON.stringify(explanations, null, 2).replace(/\n/g, "\n  ") : JSON.stringify(explanations);
    out.push(`,${S.I2}"explanations"${C}${text}`);
  }
  out.push(`${style === "indented" ? "\n" : ""}}`);
  yield out.join("");
}

/**
 * Writes the result (and explanations, when given) as JSON text, calling
 * `write` with consecutive chunks (see `resultJsonChunks`).
 * @example
 * let out = ""; writeResultJson(outcome.columns, (s) => (out += s));
 * out === JSON.stringify(resultObjects(outcome.columns), null, 2); // true
 */
export function writeResultJson(cols: ResultColumns, write: (piece: string) => void, explanations?: Record<string, unknown>, style: JsonStyle = "indented"): void {
  for (const chunk of resultJsonChunks(cols, explanations, style)) write(chunk);
}

/**
 * The result as NDJSON, in chunks: one line per entity and period, periods
 * in order and entities in result order (root first), each line the
 * compact JSON of `{"period", "asOf", ...EntityResult}` — the entity's
 * object of the JSON result with its period and as-of date first
 * (schemas/result.schema.json, `$defs/NdjsonLine`), ending with `\n`.
 * @example
 * for (const chunk of resultNdjsonChunks(cols)) io.out(chunk);
 * // {"period":"2026-03","asOf":"2026-03-31","id":"all","kind":"company","name":"All","parent":null,"metrics":{…},"alerts":[]}
 */
export function* resultNdjsonChunks(cols: ResultColumns): Generator<string, void, undefined> {
  const { layout } = cols;
  const reader = new CellReader(layout);
  const S = SEPS.compact;
  const keys = keysOf(layout, S.C);
  let out: string[] = [];
  for (const p of cols.periods) {
    const open = `{"period":${q(p.period.text)},"asOf":${q(p.asOf)},`;
    for (let k = 0; k < layout.order.length; k++) {
      entityText(out, p, layout.order[k]!, layout, reader, keys, S, open);
      out.push("\n");
      if (out.length >= CHUNK_PIECES) {
        yield out.join("");
        out = [];
      }
    }
  }
  if (out.length) yield out.join("");
}

/**
 * The result's JSON text as one string (small results; see `writeResultJson`).
 * @example
 * JSON.parse(resultJson(outcome.columns)).periods.length; // 1
 */
export function resultJson(cols: ResultColumns, explanations?: Record<string, unknown>, style: JsonStyle = "indented"): string {
  return [...resultJsonChunks(cols, explanations, style)].join("");
}

type Keys = { metrics: string[]; scores: string[]; incentives: string[] };

const keysOf = (layout: ResultLayout, C: string): Keys => ({
  metrics: layout.metrics.map((m) => `${q(m.name)}${C}`),
  scores: layout.scorecards.map((s) => `${q(s)}${C}`),
  incentives: layout.incentives.map((i) => `${q(i.name)}${C}`),
});

/** One entity's object; `open` is its opening (`{`, or NDJSON's `{"period":…,"asOf":…,`). */
function entityText(out: string[], p: PeriodColumns, e: number, layout: ResultLayout, reader: CellReader, keys: Keys, S: Sep, open: string): void {
  const { I8, I10, I12, I14, C } = S;
  const ent = layout.entities[e]!;
  out.push(`${open}${I10}"id"${C}${q(ent.id)},${I10}"kind"${C}${q(ent.kind)},${I10}"name"${C}${q(ent.name)},${I10}"parent"${C}${ent.parent < 0 ? "null" : q(layout.entities[ent.parent]!.id)},${I10}"metrics"${C}`);
  const forms = layout.metrics;
  if (forms.length === 0) out.push("{}");
  for (let j = 0; j < forms.length; j++) {
    out.push(j === 0 ? `{${I12}` : `,${I12}`, keys.metrics[j]!);
    const { form } = forms[j]!;
    const mc = p.metrics[j]!;
    if (form !== "money" && form !== "number") {
      out.push(`{${I14}"value"${C}${text(reader.other((mc.values as readonly RV[])[e]!, form) as string | number | boolean | null)}${I12}}`);
      continue;
    }
    const money = form === "money";
    const value = text(reader.number((mc.values as Float64Array)[e]!, money));
    const t = mc.targets;
    if (!t) {
      out.push(`{${I14}"value"${C}${value}${I12}}`);
      continue;
    }
    out.push(
      `{${I14}"value"${C}${value},${I14}"target"${C}${text(reader.number(t.base[e]!, money))},${I14}"challenge"${C}${text(reader.number(t.challenge[e]!, money))},` +
        `${I14}"attainment"${C}${text(reader.number(t.attainment[e]!, false))},${I14}"pace"${C}${text(reader.number(t.pace[e]!, false))}${I12}}`,
    );
  }
  if (forms.length) out.push(I10 + "}");
  if (layout.scorecards.length) {
    for (let j = 0; j < layout.scorecards.length; j++) out.push(j === 0 ? `,${I10}"scores"${C}{${I12}` : `,${I12}`, keys.scores[j]!, text(reader.number(p.scores[j]![e]!, false)));
    out.push(I10 + "}");
  }
  const incs = layout.incentivesOf[e]!;
  if (incs.length) {
    for (let j = 0; j < incs.length; j++) out.push(j === 0 ? `,${I10}"incentives"${C}{${I12}` : `,${I12}`, keys.incentives[incs[j]!]!, q(reader.money(p.incentives[incs[j]!]![e]!)));
    out.push(`${I10}},${I10}"payout"${C}${q(reader.money(p.payout[e]!))}`);
  }
  const alerts = p.alerts[e];
  if (!alerts || alerts.length === 0) out.push(`,${I10}"alerts"${C}[]`);
  else {
    alerts.forEach((a, j) => {
      out.push(j === 0 ? `,${I10}"alerts"${C}[${I12}` : `,${I12}`);
      out.push(`{${I14}"alert"${C}${q(a.alert)},${I14}"severity"${C}${q(a.severity)}${a.message === undefined ? "" : `,${I14}"message"${C}${q(a.message)}`}${I12}}`);
    });
    out.push(I10 + "]");
  }
  out.push(I8 + "}");
}

/**
 * `scale`: multiply a numeric field of a source's records by 1 + `by`
 * (`+10%` → × 1.1), for the records a filter keeps. The filter is template
 * language, as after `where` in an aggregate, and is checked by the checker
 * itself (a one-metric model over the template's entity kinds and sources),
 * so it means exactly what it would mean in the template; its errors come
 * back with the column inside the filter text. Money is scaled in minor units
 * and rounded once with the template's rounding; integers are rounded half up
 * to whole numbers. The dataset is copied where it changes (one new column),
 * never changed in place: the loaded dataset is shared by every scenario and
 * may be cached by the worker.
 * @module
 */
import Big from "big.js";
import type { CheckedExpr, CheckedTemplate } from "../check/checked-model.js";
import { checkModel } from "../check/index.js";
import type { Column, Dataset, SourceData } from "../dataset/types.js";
import { compile } from "../evaluate/formulas.js";
import { recordHooks } from "../evaluate/filter-code.js";
import { moneyTimes } from "../money.js";
import { monthFromName, periodEndOf } from "../periods.js";
import type { ScaleChange, ScenarioError } from "./types.js";

const BY = /^[+-](0|[1-9]\d*)(\.\d{1,6})?%$/;
const NUMERIC = new Set(["money", "integer", "number", "percent"]);

/** A checked `scale`: the factor as an exact decimal and the filter as a checked expression. */
export interface CheckedScale {
  source: string;
  field: string;
  factor: Big;
  where?: CheckedExpr;
}

/**
 * Checks a `scale` against the template, or says where it is wrong (`at` is the change's JSON pointer).
 * @example
 * checkScale(checked, { kind: "scale", source: "deals", field: "amount", by: "+10%", where: 'kind == "new"' }, "/scenarios/0/changes/0");
 */
export function checkScale(t: CheckedTemplate, c: ScaleChange, at: string): { ok: true; scale: CheckedScale } | { ok: false; error: ScenarioError } {
  const fail = (sub: string, message: string) => ({ ok: false as const, error: { path: `${at}/${sub}`, message } });
  const src = t.sources.find((s) => s.name === c.source);
  if (!src) return fail("source", `the template has no source ${JSON.stringify(c.source)} (its sources: ${t.sources.map((s) => s.name).join(", ")})`);
  const field = src.fields.find((f) => f.name === c.field);
  if (!field) return fail("field", `source ${src.name} has no field ${JSON.stringify(c.field)} (its fields: ${src.fields.map((f) => f.name).join(", ")})`);
  if (!NUMERIC.has(field.type)) return fail("field", `${src.name}.${field.name} is ${field.type}; only numeric fields (money, integer, number, percent) can be scaled`);
  if (!BY.test(c.by)) return fail("by", `${JSON.stringify(c.by)} is not a change like +10% or -5%`);
  const factor = new Big(1).plus(new Big(c.by.slice(0, -1).replace(/^\+/, "")).div(100));
  if (factor.lt(0)) return fail("by", `${c.by} would make ${src.name}.${field.name} negative; the most a scale can take away is -100%`);
  if (c.where === undefined) return { ok: true, scale: { source: src.name, field: field.name, factor } };
  const prefix = `count(${src.name} where `;
  const decls: unknown[] = [];
  for (const k of t.entityKinds) decls.push({ kind: "entity", name: k.name, ...(k.parent !== "all" ? { parent: k.parent } : {}) });
  for (const s of t.sources) {
    decls.push({ kind: "source", name: s.name, by: s.by, at: s.at, fields: s.fields.map((f) => ({ name: f.name, type: f.type === "entity" ? f.entityKind : f.type, ...(f.values ? { values: f.values } : {}) })) });
  }
  decls.push({ kind: "metric", name: "scenario_filter", formula: `${prefix}${c.where})` });
  const r = checkModel({ header: { name: "scenario", settings: { currency: t.settings.currency } }, declarations: decls });
  const err = r.diagnostics.find((d) => d.severity === "error");
  if (err || !r.checked) {
    const col = err?.span ? Math.min(Math.max(1, err.span.start - prefix.length + 1), c.where.length + 1) : 1;
    return fail("where", `${err?.message ?? "the filter does not check"} (at column ${col} of the filter)`);
  }
  const f = r.checked.metrics.find((m) => m.name === "scenario_filter")?.formula;
  const where = f?.node === "aggregate" ? f.where : undefined;
  return { ok: true, scale: { source: src.name, field: field.name, factor, ...(where ? { where } : {}) } };
}

/**
 * The dataset with the scale applied: a new dataset sharing every column except the scaled one.
 * @example
 * const scaled = applyScale(checked, dataset, scale);
 */
export function applyScale(t: CheckedTemplate, d: Dataset, s: CheckedScale): Dataset {
  const src = d.sources.get(s.source);
  if (!src) return d; // the dataset has no records of the source: nothing to scale
  const col = src.fields.get(s.field);
  if (!col || !("values" in col) || !(col.values instanceof Float64Array)) throw new Error(`internal: ${s.source}.${s.field} is not a numeric column`);
  const keep = s.where ? filterOf(t, d, src, s.where) : () => true;
  const values = new Float64Array(col.values);
  const f = s.factor.toNumber();
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (v !== v || !keep(i)) continue;
    if (col.type === "money") values[i] = moneyTimes(v, s.factor, t.settings.rounding);
    else if (col.type === "integer") values[i] = Math.round(v * f);
    else values[i] = v * f;
  }
  const fields = new Map(src.fields);
  fields.set(s.field, { type: col.type, values } as Column);
  const source: SourceData = { ...src, fields };
  const sources = new Map(d.sources);
  sources.set(s.source, source);
  return { ...d, sources };
}

/** The filter as a function of a record's index: true only when the filter is TRUE (null keeps nothing, as in `where`). */
function filterOf(t: CheckedTemplate, d: Dataset, src: SourceData, where: CheckedExpr): (i: number) => boolean {
  const fn = compile(where, recordHooks({ src, entities: d.entities, digits: t.settings.currencyDigits, rounding: t.settings.rounding, periodEnd: periodEndOf(t.settings.grain, monthFromName(t.settings.fiscalYearStarts) ?? 1) }));
  const ctx = { rec: 0 } as Parameters<typeof fn>[0];
  return (i) => {
    ctx.rec = i;
    return fn(ctx) === true;
  };
}

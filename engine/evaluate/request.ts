/**
 * Reads an evaluation request — `period` (`P` or `P1..P2`), `asOf`
 * (`YYYY-MM-DD`), the entities to explain — against the template and the
 * dataset, and checks that the dataset is the one loaded for this template.
 * Every problem is an error naming its part of the request (`path`); nothing
 * here throws on user input. Decisions: a range evaluates every period of its
 * unit from P1 through P2 (at most 10,000 of them); a period finer than the
 * template's grain is an error (its records cannot be told apart from the
 * rest of their grain period); an input row for a period finer than the
 * grain is an error (it could never apply).
 * @module
 */
import type { CheckedTemplate } from "../check/checked-model.js";
import type { Column, Dataset } from "../dataset/types.js";
import { checkPeriodAgainstGrain, monthFromName, parseDate, parsePeriod, parseRange, type EpochDay, type Period } from "../periods.js";

/**
 * One error of a request or evaluation.
 * @example
 * const e: EvaluateError = { message: "\"2026-13\": month 13 does not exist", path: "period" };
 */
export interface EvaluateError {
  message: string;
  path?: string;
}

/**
 * What `evaluate` is asked.
 * @example
 * const r: EvaluateRequest = { period: "2026-01..2026-03", asOf: "2026-03-15", explain: ["zhang"] };
 */
export interface EvaluateRequest {
  period: string;
  asOf?: string;
  /** Entity ids to explain (one id or several). */
  explain?: string | string[];
}

/**
 * A request read: the periods in order, the as-of cut-off (null: each period's last day), entities to explain.
 * @example
 * const r: ParsedRequest = { periods, cutoff: null, explain: [] };
 */
export interface ParsedRequest {
  periods: Period[];
  cutoff: EpochDay | null;
  explain: number[];
}

/**
 * Longest range evaluated in one request.
 * @example
 * parseRange(text, { maxPeriods: MAX_PERIODS });
 */
export const MAX_PERIODS = 10_000;

/**
 * Reads a request.
 * @example
 * parseRequest(checked, dataset, { period: "2026-13" });
 * // { ok: false, errors: [{ message: "2026-13: month 13 does not exist", path: "period" }] }
 */
export function parseRequest(
  checked: CheckedTemplate,
  dataset: Dataset,
  request: EvaluateRequest,
): { ok: true; value: ParsedRequest } | { ok: false; errors: EvaluateError[] } {
  const errors: EvaluateError[] = [];
  const fiscalStart = monthFromName(checked.settings.fiscalYearStarts) ?? 1;
  const grain = checked.settings.grain;
  let periods: Period[] = [];
  if (typeof request.period !== "string" || request.period.trim() === "") {
    errors.push({ message: "a period is required: 2026, 2026-Q1, 2026-03, 2026-W05, 2026-03-15 or a range P1..P2", path: "period" });
  } else {
    const r = parseRange(request.period.trim(), { fiscalStart, maxPeriods: MAX_PERIODS });
    if (!r.ok) errors.push({ message: r.reason, path: "period" });
    else {
      const g = checkPeriodAgainstGrain(r.periods[0]!, grain);
      if (!g.ok) errors.push({ message: g.reason, path: "period" });
      else periods = r.periods;
    }
  }
  let cutoff: EpochDay | null = null;
  if (request.asOf !== undefined) {
    const d = typeof request.asOf === "string" ? parseDate(request.asOf.trim()) : { ok: false as const, reason: "the as-of date must be text YYYY-MM-DD" };
    if (d.ok) cutoff = d.day;
    else errors.push({ message: d.reason, path: "asOf" });
  }
  const explain: number[] = [];
  const ids = request.explain === undefined ? [] : Array.isArray(request.explain) ? request.explain : [request.explain];
  for (const id of ids) {
    const e = typeof id === "string" ? dataset.entities.byId.get(id) : undefined;
    if (e === undefined) errors.push({ message: `no entity has the id ${JSON.stringify(id)}`, path: "explain" });
    else if (!explain.includes(e)) explain.push(e);
  }
  errors.push(...datasetErrors(checked, dataset, fiscalStart));
  return errors.length ? { ok: false, errors } : { ok: true, value: { periods, cutoff, explain } };
}

const COLUMN_OF: Record<string, Column["type"]> = { money: "money", integer: "integer", number: "number", percent: "percent", string: "string", date: "date", boolean: "boolean", enum: "enum", entity: "entity" };

/** The dataset must have been loaded for this template: its sources, fields and inputs. */
function datasetErrors(checked: CheckedTemplate, dataset: Dataset, fiscalStart: number): EvaluateError[] {
  const errors: EvaluateError[] = [];
  const mismatch = (what: string) => errors.push({ message: `the dataset was not loaded for this template: ${what}`, path: "dataset" });
  if (dataset.currencyDigits !== checked.settings.currencyDigits) mismatch(`its money has ${dataset.currencyDigits} decimals, ${checked.settings.currency} has ${checked.settings.currencyDigits}`);
  for (const s of checked.sources) {
    const src = dataset.sources.get(s.name);
    if (!src) {
      mismatch(`it has no source ${s.name}`);
      continue;
    }
    for (const f of s.fields) {
      const col = src.fields.get(f.name);
      const want = COLUMN_OF[f.type];
      if (!col || col.type !== want || (col.type === "enum" && JSON.stringify(col.dict) !== JSON.stringify(f.values ?? []))) mismatch(`field ${s.name}.${f.name} is not ${/^[aeiou]/.test(f.type) ? "an" : "a"} ${f.type} column`);
    }
  }
  const grain = checked.settings.grain;
  for (const row of dataset.inputs) {
    const p = parsePeriod(row.period, { fiscalStart });
    const why = !p.ok ? p.reason : checkPeriodAgainstGrain(p.period, grain);
    const reason = typeof why === "string" ? why : why.ok ? undefined : why.reason;
    if (reason !== undefined) {
      const id = dataset.entities.list[row.entity]?.id ?? String(row.entity);
      errors.push({ message: `input of ${row.metric} for ${id} (row ${row.origin}): ${reason}`, path: "dataset/inputs" });
    }
  }
  return errors;
}

/**
 * `kpi eval --format csv`: a result as one long table for spreadsheets and
 * scripts. The header is stable:
 *
 *     period,entity,kind,item,name,value,target,challenge,attainment,pace
 *
 * with one row per period × entity × metric (`item` = `metric`), then per
 * scorecard (`score`, the score as a fraction in `value`), per incentive that
 * applies to the entity (`incentive`, the amount) and its `payout` (name
 * `payout`). Entities come root first, parents before children, as in JSON.
 * Money is the decimal string of the JSON result (`1234.50`, no separators),
 * other numbers are full precision, missing values are empty cells. Cells
 * are quoted per RFC 4180 when needed; lines end with `\n`. A text cell from
 * the data that starts with `=`, `+`, `-`, `@`, tab or carriage return gets a
 * leading `'` so that a spreadsheet does not run it as a formula. Alerts are
 * not part of the CSV (they are in the JSON and table formats).
 * @module
 */
import type { CheckedTemplate } from "../engine/check/checked-model.js";
import { resultObjects } from "../engine/evaluate/result-objects.js";
import type { ResultColumns } from "../engine/evaluate/result-columns.js";
import type { EntityResult, MetricResultValue, Result } from "../schemas/generated/result.js";

/**
 * The header line's columns.
 * @example
 * CSV_HEADER.join(","); // "period,entity,kind,item,name,value,target,challenge,attainment,pace"
 */
export const CSV_HEADER = ["period", "entity", "kind", "item", "name", "value", "target", "challenge", "attainment", "pace"] as const;

/**
 * One CSV cell: quoted when it holds a comma, quote, line break or edge space.
 * @example
 * csvCell('a "b", c'); // '"a ""b"", c"'
 */
export function csvCell(s: string): string {
  return /[",\r\n]|^\s|\s$/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/**
 * A text cell from the data, defused against spreadsheet formula injection.
 * @example
 * textCell("=HYPERLINK(…)"); // "'=HYPERLINK(…)"
 */
export const textCell = (s: string): string => csvCell(/^[=+\-@\t\r]/.test(s) ? `'${s}` : s);

/** Money strings (`-5.00`) are numbers, not text: only other strings are defused. */
const valueCell = (v: MetricResultValue | boolean | undefined): string => {
  if (v === null || v === undefined) return "";
  if (typeof v !== "string") return String(v);
  return /^-?\d+(\.\d+)?$/.test(v) ? v : textCell(v);
};

function entityRows(period: string, e: EntityResult, checked: CheckedTemplate): string[] {
  const head = [csvCell(period), textCell(e.id), textCell(e.kind)];
  const row = (item: string, name: string, cells: string[]): string => [...head, item, csvCell(name), ...cells].join(",");
  const rows: string[] = [];
  for (const m of checked.metrics) {
    const r = e.metrics[m.name];
    if (!r) continue;
    rows.push(row("metric", m.name, [valueCell(r.value), valueCell(r.target), valueCell(r.challenge), valueCell(r.attainment), valueCell(r.pace)]));
  }
  for (const [name, score] of Object.entries(e.scores ?? {})) rows.push(row("score", name, [valueCell(score), "", "", "", ""]));
  for (const [name, amount] of Object.entries(e.incentives ?? {})) rows.push(row("incentive", name, [valueCell(amount), "", "", "", ""]));
  if (e.payout !== undefined) rows.push(row("payout", "payout", [valueCell(e.payout), "", "", "", ""]));
  return rows;
}

/**
 * Renders a result as CSV, header first, ending with a newline.
 * @example
 * io.out(renderCsv(result, checked));
 * // period,entity,kind,item,name,value,target,challenge,attainment,pace
 * // 2026-03,zhang,rep,metric,new_amount,104000.00,100000.00,120000.00,1.04,1.04
 */
export function renderCsv(result: Result, checked: CheckedTemplate): string {
  const lines: string[] = [CSV_HEADER.join(",")];
  for (const p of result.periods) for (const e of p.entities) lines.push(...entityRows(p.period, e, checked));
  return `${lines.join("\n")}\n`;
}

/**
 * A result as CSV straight from its columns, in chunks of a few hundred
 * entities: the same text as `renderCsv`, without the whole result's objects
 * or one string for all of it, so that any result the engine can compute can
 * be printed.
 * @example
 * for (const chunk of csvChunks(outcome.columns, checked)) io.out(chunk);
 */
export function* csvChunks(cols: ResultColumns, checked: CheckedTemplate): Generator<string, void, undefined> {
  yield `${CSV_HEADER.join(",")}\n`;
  for (const p of cols.periods) {
    const entities = resultObjects({ layout: cols.layout, periods: [p] }).periods[0]!.entities;
    for (let i = 0; i < entities.length; i += 256) {
      const lines: string[] = [];
      for (const e of entities.slice(i, i + 256)) lines.push(...entityRows(p.period.text, e, checked));
      if (lines.length) yield `${lines.join("\n")}\n`;
    }
  }
}

/**
 * Writes a result as CSV straight from its columns (see `csvChunks`).
 * @example
 * writeCsv(outcome.columns, checked, (s) => io.out(s));
 */
export function writeCsv(cols: ResultColumns, checked: CheckedTemplate, write: (piece: string) => void): void {
  for (const chunk of csvChunks(cols, checked)) write(chunk);
}

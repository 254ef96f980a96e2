/**
 * The guard of `--explain` over a database: the worksheet is computed in
 * process over the subtree's records only (`explain-records.ts`), so it is
 * printed only when every number of the explained entity — each metric's
 * value, target, challenge, attainment and pace, the scores, incentives,
 * payout and alerts — equals the one the SQL-aggregated evaluation gave.
 * A number that needs records outside the subtree (targets split by
 * history, say) would differ, and a worksheet that disagrees with the
 * result must not be shown as its explanation.
 * @module
 */
import type { ResultColumns } from "../evaluate/result-columns.js";
import { narrowColumns } from "../evaluate/result-narrow.js";
import { resultObjects } from "../evaluate/result-objects.js";

/**
 * Where the two evaluations first disagree about an entity.
 * @example
 * const d: Disagreement = { period: "2026-06", what: "new_amount target", sql: '"1000.00"', explained: '"900.00"' };
 */
export interface Disagreement {
  period: string;
  /** The metric and which of its numbers (`new_amount target`), or `score S`, `incentive I`, `payout`, `alerts`. */
  what: string;
  /** Each side's value as JSON text. */
  sql: string;
  explained: string;
}

const EXTRA = ["target", "challenge", "attainment", "pace"] as const;

/**
 * The first number of `entity` that differs between the SQL-aggregated result and the
 * explanation run's, in period then template order; undefined when all agree.
 * @example
 * const d = firstDisagreement(sqlOutcome.columns, explained.columns, "east");
 * if (d) console.error(`${d.what} for ${d.period}: ${d.sql} against ${d.explained}`);
 */
export function firstDisagreement(sql: ResultColumns, explained: ResultColumns, entity: string): Disagreement | undefined {
  const a = resultObjects(narrowColumns(sql, { entities: [entity] }));
  const b = resultObjects(narrowColumns(explained, { entities: [entity] }));
  for (const [i, pa] of a.periods.entries()) {
    const pb = b.periods[i];
    const ea = pa.entities.find((e) => e.id === entity);
    const eb = pb?.entities.find((e) => e.id === entity);
    const period = pa.period;
    if (!ea || !eb || pb?.period !== period) return { period, what: "the entity", sql: JSON.stringify(ea?.id ?? null), explained: JSON.stringify(eb?.id ?? null) };
    const differ = (what: string, x: unknown, y: unknown): Disagreement | undefined => {
      const sx = JSON.stringify(x ?? null);
      const sy = JSON.stringify(y ?? null);
      return sx === sy ? undefined : { period, what, sql: sx, explained: sy };
    };
    for (const [name, m] of Object.entries(ea.metrics)) {
      const n = eb.metrics[name];
      const d = differ(name, m.value, n?.value) ?? EXTRA.map((k) => differ(`${name} ${k}`, m[k], n?.[k])).find((x) => x !== undefined);
      if (d) return d;
    }
    for (const [name, v] of Object.entries(ea.scores ?? {})) {
      const d = differ(`score ${name}`, v, eb.scores?.[name]);
      if (d) return d;
    }
    for (const [name, v] of Object.entries(ea.incentives ?? {})) {
      const d = differ(`incentive ${name}`, v, eb.incentives?.[name]);
      if (d) return d;
    }
    const d = differ("payout", ea.payout, eb.payout) ?? differ("alerts", ea.alerts, eb.alerts);
    if (d) return d;
  }
  return undefined;
}

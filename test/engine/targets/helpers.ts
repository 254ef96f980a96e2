/**
 * Shared by the target tests: a checked template from DSL text (failing on
 * any diagnostic), a hand-built dataset (entity tree with dates and
 * attributes, dataset target rows) and cells named by entity id and period
 * text, so each test reads like the hand calculation it checks.
 * @module
 */
import { checkSource } from "../../../engine/check/index.js";
import type { CheckedTemplate } from "../../../engine/check/checked-model.js";
import type { Dataset, Entity, TargetValue } from "../../../engine/dataset/types.js";
import type { Cell } from "../../../engine/evaluate/contract.js";
import { parseDate, parsePeriod, type FiscalStart } from "../../../engine/periods.js";

/**
 * A template header, entity kinds `team` and `rep in team`, a `deals` source and
 * metrics `amount` (money), `deals_won` (count), `rate` (percent) and `cycle`
 * (number, lower_better), then `body`.
 * @example
 * const checked = template("target amount { base 1_200 per rep per year }");
 */
export function template(body: string, header = ""): CheckedTemplate {
  const text = `template t { ${header} }
entity rep in team
entity team
source deals by rep at closed_on {
  amount: money
  status: "open" | "won" | "lost"
  days: integer
  closed_on: date
}
metric amount: money = sum(deals.amount)
metric deals_won = count(deals where status == "won")
metric rate: percent = count(deals where status == "won") / count(deals)
metric cycle: number lower_better = avg(deals.days)
${body}
`;
  const r = checkSource(text);
  if (!r.checked) throw new Error(r.diagnostics.map((d) => `${d.span.line}:${d.span.column} ${d.message}`).join("\n"));
  return r.checked;
}

/** An entity as a test writes it: `parent` by id ("all" when absent), dates as text. */
export interface EntitySpec {
  id: string;
  kind?: string;
  parent?: string;
  start?: string;
  end?: string;
  attrs?: Record<string, string>;
}

/** A dataset target as a test writes it: money as minor units. */
export interface RowSpec {
  entity: string;
  metric: string;
  period: string;
  base?: number | null;
  challenge?: number | null;
}

/**
 * A dataset with the given entities (in pre-order as listed) and target rows.
 * @example
 * const ds = dataset([{ id: "east", kind: "team" }, { id: "r1", kind: "rep", parent: "east" }]);
 */
export function dataset(entities: EntitySpec[], targets: RowSpec[] = [], currencyDigits = 2): Dataset {
  const list: Entity[] = [{ index: 0, id: "all", kind: "all", name: "all", parent: -1, start: null, end: null, attrs: new Map() }];
  const byId = new Map<string, number>([["all", 0]]);
  for (const s of entities) {
    const index = list.length;
    const parent = byId.get(s.parent ?? "all");
    if (parent === undefined) throw new Error(`unknown parent ${s.parent}`);
    list.push({
      index, id: s.id, kind: s.kind ?? "rep", name: s.id, parent,
      start: s.start ? day(s.start) : null, end: s.end ? day(s.end) : null,
      attrs: new Map(Object.entries(s.attrs ?? {})),
    });
    byId.set(s.id, index);
  }
  // Pre-order: every parent before its children, siblings in list order.
  const order: number[] = [];
  const visit = (e: number): void => {
    order.push(e);
    for (const c of list) if (c.parent === e) visit(c.index);
  };
  visit(0);
  const rows: TargetValue[] = targets.map((t, i) => ({
    entity: byId.get(t.entity)!, metric: t.metric, period: t.period, base: t.base ?? null, challenge: t.challenge ?? null, origin: i + 2,
  }));
  return { currencyDigits, entities: { list, byId, order: Int32Array.from(order), starts: Float64Array.from(list, (e) => e.start ?? NaN), ends: Float64Array.from(list, (e) => e.end ?? NaN), parents: Int32Array.from(list, (e) => e.parent) }, sources: new Map(), inputs: [], targets: rows };
}

/**
 * An epoch day from `YYYY-MM-DD`.
 * @example
 * day("2026-03-22"); // 20534
 */
export function day(text: string): number {
  const d = parseDate(text);
  if (!d.ok) throw new Error(d.reason);
  return d.day;
}

/**
 * A cell by entity id and period text.
 * @example
 * cell(ds, "r1", "2026-03");
 */
export function cell(ds: Dataset, id: string, period: string, fiscalStart: FiscalStart = "january"): Cell {
  const p = parsePeriod(period, { fiscalStart });
  if (!p.ok) throw new Error(p.reason);
  const entity = ds.entities.byId.get(id);
  if (entity === undefined) throw new Error(`unknown entity ${id}`);
  return { entity, period: p.period };
}

/** No history: every `split by history` falls back to even. */
export const noHistory = (): null => null;

/** The months of a year as period texts (calendar order from `startMonth`). @example months(2026); // ["2026-01", …, "2026-12"] */
export function months(year: number, startMonth = 1): string[] {
  return Array.from({ length: 12 }, (_, i) => {
    const m = startMonth - 1 + i;
    return `${year + Math.floor(m / 12)}-${String((m % 12) + 1).padStart(2, "0")}`;
  });
}

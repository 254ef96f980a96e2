/**
 * Explanations of targets, in words an admin checks by hand: where a target
 * came from (`template`, `dataset`, `sum of children`, `unchanged`, `none`)
 * and each step from the written figure down to the cell — "annual
 * 1,200,000.00 per rep", "2026-Q1 20% → 240,000.00", "2026-03 = 2026-Q1 / 3
 * months (largest remainder) → 80,000.00", "prorated 10/31 active days →
 * 25,806.45", "sum of 12 children". Steps are recomputed from the rules for
 * the one cell asked about (not the hot path), so the tables carry only a
 * per-cell source index.
 * @module
 */
import type { Cell, TargetTrace } from "../evaluate/contract.js";
import { grainPeriodsIn, periodOf, type Period, type PeriodUnit } from "../periods.js";
import { finer } from "./calendar.js";
import type { TargetRow } from "./dataset-rows.js";
import { flatTarget, wholeUnits } from "./flat.js";
import { formatterFor } from "./format.js";
import type { MetricTargets, TargetBook } from "./index.js";
import type { TemplateAmount } from "./rules.js";
import { buildPlan, spreadPath } from "./spread.js";
import { prorated } from "./table.js";
import type { TreeShares } from "./tree-split.js";

type Fmt = (v: number | null) => string;

const EVERY: Record<PeriodUnit, string> = { year: "annual", quarter: "quarterly", month: "monthly", week: "weekly", day: "daily" };

/**
 * Explains the target of a metric at a cell.
 * @example
 * explainTarget(book, "new_amount", { entity: 1, period: march }).steps;
 * // ["annual 1,200,000.00 per rep", "2026-Q1 20% → 240,000.00", "2026-03 = 2026-Q1 / 3 months (largest remainder) → 80,000.00"]
 */
export function explainTarget(book: TargetBook, metric: string, cell: Cell): TargetTrace {
  const m = book.metrics.get(metric);
  if (m === undefined) return { source: "none", steps: [`${metric} has no target`] };
  const fmt = formatterFor(m.rule.type, book.checked.settings.currencyDigits);
  const pair = book.target(metric, cell);
  const id = (e: number): string => book.dataset.entities.list[e]?.id ?? String(e);
  if (m.flat) {
    const f = flatTarget(m.rule, m.flat, cell.entity, cell.period, book.checked.settings.rounding);
    // A money or count target is flat only because it was written `flat`; say so.
    const how = wholeUnits(m.rule) ? " (flat)" : "";
    const steps = f.baseRow ? [rowText(f.baseRow, fmt, id)] : f.base !== null ? [`${fmt(f.base)} at every entity and period${how}`] : ["no target"];
    if (f.challenge !== null) steps.push(challengeText(m, f.base, f.challenge, f.challengeRow !== null, fmt, book));
    return { source: f.baseRow ? "dataset" : f.base !== null ? "unchanged" : "none", steps };
  }
  const slices = book.slices(cell.period);
  const grain = book.calendar.grain;
  if (slices.length === 0) return { source: "none", steps: [`${cell.period.text} is finer than the template's grain (${grain})`] };
  const cells = slices.flatMap((s) => s.columns.map((c) => ({ year: s.year, column: c })));
  if (pair.base === null) return { source: "none", steps: [`no target for ${id(cell.entity)} in ${cell.period.text}`] };
  let trace: TargetTrace;
  if (cells.length === 1) trace = grainCell(book, m, cell.entity, cells[0]!.year, cells[0]!.column, fmt, id);
  else {
    const values = cells.map(({ year, column }) => {
      const t = book.year(m, year).base!;
      const i = cell.entity * t.columns + column;
      return { text: t.layout.periods[column]!.text, value: t.values[i]!, given: t.given[i]!, source: t.source[i]! };
    });
    const shown = values.length > 14 ? [...values.slice(0, 6), null, ...values.slice(-6)] : values;
    const list = shown.map((v) => (v === null ? "…" : `${v.text} ${fmt(Number.isNaN(v.value) ? null : v.value)}`)).join(" + ");
    const source = values.some((v) => v.given && v.source > 0) ? "dataset" : values.some((v) => v.given) ? "template" : "sum of children";
    trace = { source, steps: [`${cell.period.text} = sum of ${values.length} ${grain}s: ${list} = ${fmt(pair.base)}`] };
  }
  if (pair.challenge !== null) {
    const fromTable = m.ratio === null || (m.challengeTable && book.explicitIn(m, slices, cell.entity));
    trace.steps.push(challengeText(m, pair.base, pair.challenge, fromTable, fmt, book));
  }
  return trace;
}

/** One grain cell of one entity: its own derivation, or the sum of its children. */
function grainCell(book: TargetBook, m: MetricTargets, entity: number, year: number, column: number, fmt: Fmt, id: (e: number) => string): TargetTrace {
  const y = book.year(m, year);
  const t = y.base!;
  const i = entity * t.columns + column;
  const period = t.layout.periods[column]!;
  if (!t.given[i]) {
    const children = book.dataset.entities.list.filter((e) => e.parent === entity && !Number.isNaN(t.values[e.index * t.columns + column]!));
    const parts = children.slice(0, 10).map((e) => `${e.id} ${fmt(t.values[e.index * t.columns + column]!)}`);
    if (children.length > 10) parts.push(`… ${children.length - 10} more`);
    return { source: "sum of children", steps: [`sum of ${children.length} children: ${parts.join(" + ")} = ${fmt(t.values[i]!)}`] };
  }
  const steps: string[] = [];
  let amount: number;
  let from: Period;
  const src = t.source[i]!;
  const row: TargetRow | undefined = src > 0 ? m.rows.find((r) => r.index === src - 1) : undefined;
  let asWritten = false;
  if (row) {
    steps.push(rowText(row, fmt, id));
    amount = row.base!;
    from = row.period;
    asWritten = row.atGrain && row.entity === entity;
    if (row.entity !== entity) amount = treeSteps(y.shares, row.entity, amount, entity, steps, fmt, id);
  } else {
    const a = m.rule.base!;
    const root = a.perEntity === undefined;
    steps.push(`${EVERY[a.per]} ${fmt(a.amount)} ${root ? `for ${id(0)} (root total), split ${splitText(m)}` : `per ${a.perEntity}`}`);
    [from, amount] = templatePeriod(a, period, book.calendar.grain, steps, fmt);
    if (root) amount = treeSteps(y.shares, 0, amount, entity, steps, fmt, id);
  }
  for (const s of spreadPath(buildPlan(from, t.layout, m.rule.time), amount, column)) {
    const how = s.weight ?? `= ${s.parent.text} / ${s.of} ${s.period.unit}s (largest remainder)`;
    steps.push(`${s.period.text} ${how} → ${fmt(s.value)}`);
    amount = s.value;
  }
  const e = book.dataset.entities.list[entity]!;
  const value = asWritten ? amount : prorated(e, period, amount, book.checked.settings.rounding);
  if (asWritten) steps.push(`${period.text} taken as written`);
  else if (value !== amount || overlap(e, period) < period.end - period.start + 1) {
    steps.push(`prorated ${overlap(e, period)}/${period.end - period.start + 1} active days → ${fmt(value)} (${book.checked.settings.rounding})`);
  }
  return { source: row ? "dataset" : "template", steps };
}

/** The template PERIOD holding a grain period, with its amount (× count when PERIOD is finer than the grain). */
function templatePeriod(a: TemplateAmount, g: Period, grain: PeriodUnit, steps: string[], fmt: Fmt): [Period, number] {
  if (finer(a.per, grain)) {
    const count = grainPeriodsIn(g, a.per).length;
    steps.push(`× ${count} ${a.per}s in ${g.text} → ${fmt(a.amount * count)}`);
    return [g, a.amount * count];
  }
  return [periodOf(g.unit === "week" ? g.start + 3 : g.start, a.per, g.fiscalStart), a.amount];
}

/** The steps of a tree split from `from` down to `leaf`; the leaf's share. */
function treeSteps(shares: TreeShares | null, from: number, amount: number, leaf: number, steps: string[], fmt: Fmt, id: (e: number) => string): number {
  if (shares === null) return amount;
  let v = amount;
  for (const s of shares.path(from, amount, leaf)) {
    steps.push(`${id(s.entity)}: ${fmt(s.share)} (${s.weight})`);
    v = s.share;
  }
  return v;
}

const overlap = (e: { start: number | null; end: number | null }, p: Period): number =>
  Math.max(0, Math.min(e.end ?? p.end, p.end) - Math.max(e.start ?? p.start, p.start) + 1);

const splitText = (m: MetricTargets): string => {
  const s = m.rule.split ?? { by: "even" };
  return s.by === "even" ? "even" : s.by === "history" ? "by last year's actuals" : `by attr ${s.attr}`;
};

function rowText(row: TargetRow, fmt: Fmt, id: (e: number) => string): string {
  const v = row.base ?? row.challenge;
  return `dataset ${row.period.text} ${fmt(v)} for ${id(row.entity)} (targets row ${row.origin})`;
}

function challengeText(m: MetricTargets, base: number | null, challenge: number, fromTable: boolean, fmt: Fmt, book: TargetBook): string {
  const c = m.rule.challenge;
  if (!fromTable && c?.percent && base !== null) {
    const rounding = m.flat && !wholeUnits(m.rule) ? "" : ` (rounded ${book.checked.settings.rounding})`;
    return `challenge ${c.text} × ${fmt(base)} = ${fmt(challenge)}${rounding}`;
  }
  if (c && !c.percent && !m.rows.some((r) => r.challenge !== null)) {
    const per = `${EVERY[c.amount.per]}${c.amount.perEntity ? ` per ${c.amount.perEntity}` : ""}`;
    return `challenge ${fmt(c.amount.amount)} ${per}, split like the base → ${fmt(challenge)}`;
  }
  return `challenge (dataset challenges where given, else the template's) → ${fmt(challenge)}`;
}

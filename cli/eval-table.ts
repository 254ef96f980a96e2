/**
 * `kpi eval --format table`: a result as people read it in a terminal. One
 * block per period: a header line, then one row per entity (indented by its
 * depth in the tree, root `all` first) with a column per metric, per
 * scorecard and the payout; then the alerts that fired. Money is
 * right-aligned with thousands separators and the currency's digits,
 * percents are `104%`, missing values `—`; columns are padded by display
 * width, so Chinese, Japanese and Korean names (two columns a character)
 * line up. User text goes through `printable`.
 * @module
 */
import type { CheckedTemplate } from "../engine/check/checked-model.js";
import { formatNumber, formatPercent, groupThousands, NULL_TEXT } from "../engine/explain/format.js";
import type { EntityResult, MetricResultValue, PeriodResult, Result } from "../schemas/generated/result.js";
import { printable } from "./render.js";
import { textWidth } from "./text-width.js";

/** One column: its heading, its alignment and how each entity shows in it. */
interface Column {
  head: string;
  right: boolean;
  cell(e: EntityResult, depth: number): string;
}

/**
 * A metric value as the table shows it, by the metric's type.
 * @example
 * tableValue("104000.00", "money"); // "104,000.00"
 * tableValue(0.25, "percent");      // "25%"
 */
export function tableValue(v: MetricResultValue | boolean | undefined, type: string): string {
  if (v === null || v === undefined) return NULL_TEXT;
  if (typeof v === "number") return type === "percent" ? formatPercent(v) : formatNumber(v);
  if (type === "money" && typeof v === "string") return groupThousands(v);
  return printable(String(v));
}

const NUMERIC = new Set(["money", "number", "integer", "percent"]);

function columns(checked: CheckedTemplate): Column[] {
  const cols: Column[] = [
    { head: "entity", right: false, cell: (e, depth) => `${"  ".repeat(depth)}${printable(e.name || e.id)}` },
    { head: "id", right: false, cell: (e) => printable(e.id) },
  ];
  for (const m of checked.metrics) {
    cols.push({ head: m.name, right: NUMERIC.has(m.inferredType), cell: (e) => tableValue(e.metrics[m.name]?.value ?? null, m.inferredType) });
  }
  for (const s of checked.scorecards) {
    cols.push({ head: s.name, right: true, cell: (e) => (e.scores && Object.hasOwn(e.scores, s.name) ? tableValue(e.scores[s.name] ?? null, "percent") : "") });
  }
  if (checked.incentives.length) cols.push({ head: "payout", right: true, cell: (e) => (e.payout === undefined ? "" : tableValue(e.payout, "money")) });
  return cols;
}

const pad = (s: string, width: number, right: boolean): string => {
  const fill = " ".repeat(Math.max(0, width - textWidth(s)));
  return right ? fill + s : s + fill;
};

/** Depth of each entity: the root is 0, a child one more than its parent. */
function depths(p: PeriodResult): Map<string, number> {
  const d = new Map<string, number>();
  for (const e of p.entities) d.set(e.id, e.parent === null ? 0 : (d.get(e.parent) ?? 0) + 1);
  return d;
}

/**
 * Renders a result as terminal tables, ending with a newline.
 * @example
 * io.out(renderTable(result, checked));
 * // 2026-03 (as of 2026-03-31)
 * // entity      id     new_amount  …  payout
 * // All         all    312,000.00  …
 */
export function renderTable(result: Result, checked: CheckedTemplate): string {
  const cols = columns(checked);
  const blocks = result.periods.map((p) => {
    const d = depths(p);
    const rows = p.entities.map((e) => cols.map((c) => c.cell(e, d.get(e.id) ?? 0)));
    const widths = cols.map((c, i) => Math.max(textWidth(c.head), ...rows.map((r) => textWidth(r[i]!))));
    const line = (cells: string[]): string => cells.map((s, i) => pad(s, widths[i]!, cols[i]!.right)).join("  ").trimEnd();
    const out = [`${p.period} (as of ${p.asOf}), amounts in ${result.currency}`, line(cols.map((c) => c.head)), line(widths.map((w) => "-".repeat(w))), ...rows.map(line)];
    const fired = p.entities.flatMap((e) => e.alerts.map((a) => [`${printable(e.name || e.id)} (${printable(e.id)})`, a.severity, `${a.alert}: ${printable(a.message)}`] as const));
    const who = Math.max(0, ...fired.map(([w]) => textWidth(w)));
    if (fired.length) out.push("", "alerts", ...fired.map(([w, sev, text]) => `  ${pad(w, who, false)}  ${pad(sev, 8, false)}  ${text}`));
    return out.join("\n");
  });
  return `${blocks.join("\n\n")}\n`;
}

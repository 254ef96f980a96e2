/**
 * `kpi eval --format table`: a result as people read it in a terminal. Per
 * period a header line, then one row per entity (indented by its depth in
 * the tree, root `all` first) with a column per metric, per scorecard and
 * the payout; then the alerts that fired. The table fits the terminal: when
 * the columns are wider than it, they are split into blocks one under the
 * other, each repeating the entity and id columns (`--fields` chooses the
 * metrics instead). Numbers are formatted by unit (`tableValue`) and
 * right-aligned; columns are padded by display width, so Chinese, Japanese
 * and Korean names (two columns a character) line up. User text goes
 * through `printable`.
 * @module
 */
import type { CheckedTemplate } from "../engine/check/checked-model.js";
import { groupThousands, NULL_TEXT } from "../engine/explain/format.js";
import type { EntityResult, MetricResultValue, PeriodResult, Result } from "../schemas/generated/result.js";
import { printable } from "./render.js";
import { textWidth } from "./text-width.js";

/** The width used when standard output is not a terminal and COLUMNS is not set. */
export const DEFAULT_WIDTH = 100;

/** Columns between two table columns. */
const GAP = 2;

/**
 * How wide the table may be: `COLUMNS` when it is a positive whole number,
 * else the terminal's width when standard output is one, else 100.
 * @example
 * tableWidth({ COLUMNS: "80" }, undefined); // 80
 * tableWidth({}, undefined);                // 100 (not a terminal)
 */
export function tableWidth(env: NodeJS.ProcessEnv, ttyColumns: number | undefined): number {
  const fromEnv = Number(env["COLUMNS"]);
  if (Number.isInteger(fromEnv) && fromEnv > 0) return fromEnv;
  return ttyColumns !== undefined && ttyColumns > 0 ? ttyColumns : DEFAULT_WIDTH;
}

const trimZeros = (s: string): string => (s.includes(".") ? s.replace(/\.?0+$/, "") : s);

/**
 * A value as the table shows it, by its unit: money with group separators and
 * the currency's decimals (the result's money strings carry exactly those),
 * percents with two decimals, integers (counts) whole with separators, other
 * numbers with at most 4 decimals (trailing zeros dropped; a nonzero value
 * that would round to 0 keeps 4 significant digits), missing values `—`.
 * @example
 * tableValue("104000.00", "money"); // "104,000.00"
 * tableValue(0.25, "percent");      // "25.00%"
 * tableValue(1200, "integer");      // "1,200"
 * tableValue(31.3333333, "number"); // "31.3333"
 */
export function tableValue(v: MetricResultValue | boolean | undefined, type: string): string {
  if (v === null || v === undefined) return NULL_TEXT;
  if (typeof v === "number") {
    if (!Number.isFinite(v)) return NULL_TEXT;
    if (type === "percent") return `${groupThousands((v * 100).toFixed(2))}%`;
    if (type === "integer" || type === "money") return groupThousands(v.toFixed(0));
    const fixed = trimZeros(v.toFixed(4));
    if (v !== 0 && Number(fixed) === 0) return String(Number(v.toPrecision(4)));
    return groupThousands(fixed);
  }
  if (type === "money" && typeof v === "string") return groupThousands(v);
  return printable(String(v));
}

/** One column: its heading, its alignment and how each entity shows in it. */
interface Column {
  head: string;
  right: boolean;
  cell(e: EntityResult, depth: number): string;
}

const NUMERIC = new Set(["money", "number", "integer", "percent"]);

/** The entity and id columns, repeated in every block. */
const KEYS: Column[] = [
  { head: "entity", right: false, cell: (e, depth) => `${"  ".repeat(depth)}${printable(e.name || e.id)}` },
  { head: "id", right: false, cell: (e) => printable(e.id) },
];

function valueColumns(checked: CheckedTemplate): Column[] {
  const cols: Column[] = [];
  for (const m of checked.metrics) {
    cols.push({ head: printable(m.name), right: NUMERIC.has(m.inferredType), cell: (e) => tableValue(e.metrics[m.name]?.value ?? null, m.inferredType) });
  }
  for (const s of checked.scorecards) {
    cols.push({ head: printable(s.name), right: true, cell: (e) => (e.scores && Object.hasOwn(e.scores, s.name) ? tableValue(e.scores[s.name] ?? null, "percent") : "") });
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
 * Splits columns (by their widths) into runs that fit beside the key columns
 * within `width`, in order; a column too wide for any block gets one of its own.
 * @example
 * splitColumns(20, [10, 10, 10], 30); // [[0], [1], [2]]   (20 + 2 + 10 = 32 > 30 for two)
 */
export function splitColumns(keysWidth: number, widths: readonly number[], width: number): number[][] {
  const blocks: number[][] = [];
  let current: number[] = [];
  let used = keysWidth;
  widths.forEach((w, i) => {
    if (current.length > 0 && used + GAP + w > width) {
      blocks.push(current);
      current = [];
      used = keysWidth;
    }
    current.push(i);
    used += GAP + w;
  });
  if (current.length > 0 || blocks.length === 0) blocks.push(current);
  return blocks;
}

/** Options of `renderTable`. */
export interface TableOptions {
  /** The terminal width the table must fit (see `tableWidth`); default 100. */
  width?: number;
}

/**
 * Renders a result as terminal tables, ending with a newline.
 * @example
 * io.out(renderTable(result, checked, { width: 80 }));
 * // 2026-03 (as of 2026-03-31), amounts in CNY
 * // entity      id     new_amount  …  payout
 * // All         all    312,000.00  …
 */
export function renderTable(result: Result, checked: CheckedTemplate, options: TableOptions = {}): string {
  const width = options.width ?? DEFAULT_WIDTH;
  const values = valueColumns(checked);
  const cols = [...KEYS, ...values];
  const out = result.periods.map((p) => {
    const d = depths(p);
    const rows = p.entities.map((e) => cols.map((c) => c.cell(e, d.get(e.id) ?? 0)));
    const widths = cols.map((c, i) => Math.max(textWidth(c.head), ...rows.map((r) => textWidth(r[i]!))));
    const keysWidth = widths[0]! + GAP + widths[1]!;
    const blocks = splitColumns(keysWidth, widths.slice(KEYS.length), width).map((b) => [0, 1, ...b.map((i) => i + KEYS.length)]);
    const lines = [`${p.period} (as of ${p.asOf}), amounts in ${result.currency}`];
    blocks.forEach((shown, n) => {
      const line = (cells: string[]): string =>
        shown
          .map((i) => pad(cells[i]!, widths[i]!, cols[i]!.right))
          .join(" ".repeat(GAP))
          .trimEnd();
      if (n > 0) lines.push("");
      lines.push(line(cols.map((c) => c.head)), line(widths.map((w) => "-".repeat(w))), ...rows.map(line));
    });
    const fired = p.entities.flatMap((e) => e.alerts.map((a) => [`${printable(e.name || e.id)} (${printable(e.id)})`, a.severity, `${printable(a.alert)}: ${printable(a.message)}`] as const));
    const who = Math.max(0, ...fired.map(([w]) => textWidth(w)));
    if (fired.length) lines.push("", "alerts", ...fired.map(([w, sev, text]) => `  ${pad(w, who, false)}  ${pad(sev, 8, false)}  ${text}`));
    return lines.join("\n");
  });
  return `${out.join("\n\n")}\n`;
}

/**
 * The Preview's Results table, as pure functions over one period of a
 * Result: the columns a result offers, the entity tree (all → team → rep)
 * flattened to the rows on show, sorting within each parent (so the tree
 * stays a tree), money formatted from the exact decimal strings, and the CSV
 * of the visible table. No DOM here: the unit tests run these in node.
 * @module
 */
import Big from "big.js";
import type { EntityResult, MetricResultValue, PeriodResult } from "../../schemas/generated/result.js";

/** What a cell holds, which decides how it is formatted and compared. */
export type CellKind = "money" | "number" | "percent" | "text" | "bool";

/** A column of the Results table. */
export interface Column {
  /** Stable key: `m:NAME` (value), `t:NAME` (target), `a:NAME` (attainment), `p:NAME` (pace), `s:NAME` (score), `i:NAME` (incentive), `payout`. */
  key: string;
  /** The metric, scorecard or incentive it reads (for the explanation), absent for payout. */
  name?: string;
  group: "metric" | "target" | "attainment" | "pace" | "score" | "incentive" | "payout";
  kind: CellKind;
}

/** A row on show: the entity, its depth (1 = a root) and whether it has children. */
export interface Row {
  entity: EntityResult;
  level: number;
  hasChildren: boolean;
  expanded: boolean;
}

const DECIMAL = /^-?\d+(\.\d+)?$/;

/** The kind of a metric's value: from the template's declared types when known, else from the value itself. */
function metricKind(type: string | undefined, sample: MetricResultValue | undefined): CellKind {
  if (type === "money") return "money";
  if (type === "percent") return "percent";
  if (type === "boolean") return "bool";
  if (type === "string" || type === "date") return "text";
  if (type !== undefined) return "number";
  if (typeof sample === "string") return DECIMAL.test(sample) ? "money" : "text";
  if (typeof sample === "boolean") return "bool";
  return "number";
}

/**
 * Every column the period offers, in the result's order: per metric its
 * value, and where it has a target its target, attainment and pace; then
 * scores, incentives and the payout.
 * @example
 * columnsOf(period, { new_amount: "money" }).map((c) => c.key); // ["m:new_amount", "t:new_amount", "a:new_amount", "p:new_amount", …, "payout"]
 */
export function columnsOf(period: PeriodResult, metricTypes: Record<string, string> = {}): Column[] {
  const metrics = new Map<string, { sample: MetricResultValue | undefined; target: boolean }>();
  const scores = new Set<string>();
  const incentives = new Set<string>();
  let payout = false;
  for (const e of period.entities) {
    for (const [name, m] of Object.entries(e.metrics)) {
      const had = metrics.get(name);
      const sample = had?.sample ?? (m.value === null ? undefined : m.value);
      metrics.set(name, { sample, target: (had?.target ?? false) || "target" in m });
    }
    for (const s of Object.keys(e.scores ?? {})) scores.add(s);
    for (const i of Object.keys(e.incentives ?? {})) incentives.add(i);
    if (e.payout !== undefined) payout = true;
  }
  const out: Column[] = [];
  for (const [name, m] of metrics) {
    const kind = metricKind(metricTypes[name], m.sample);
    out.push({ key: `m:${name}`, name, group: "metric", kind });
    if (m.target) {
      out.push({ key: `t:${name}`, name, group: "target", kind });
      out.push({ key: `a:${name}`, name, group: "attainment", kind: "percent" });
      out.push({ key: `p:${name}`, name, group: "pace", kind: "percent" });
    }
  }
  for (const s of scores) out.push({ key: `s:${s}`, name: s, group: "score", kind: "number" });
  for (const i of incentives) out.push({ key: `i:${i}`, name: i, group: "incentive", kind: "money" });
  if (payout) out.push({ key: "payout", group: "payout", kind: "money" });
  return out;
}

/**
 * The columns shown before the user chooses: the metrics with a target (value and attainment), the scores and the payout;
 * for a template with none of those (metrics only), the first metrics, so a first run never shows an empty table.
 * @example
 * defaultColumns(columnsOf(period)); // ["m:new_amount", "a:new_amount", …, "payout"]
 */
export function defaultColumns(all: Column[]): string[] {
  const targeted = new Set(all.filter((c) => c.group === "target").map((c) => c.name));
  const chosen = all.filter((c) => ((c.group === "metric" || c.group === "attainment") && targeted.has(c.name)) || c.group === "score" || c.group === "payout").map((c) => c.key);
  return chosen.length ? chosen : all.filter((c) => c.group === "metric").slice(0, METRICS_WHEN_NOTHING_ELSE).map((c) => c.key);
}

/** How many metrics a template of metrics only shows at first (more can be chosen under "Columns"). */
const METRICS_WHEN_NOTHING_ELSE = 8;

/**
 * A cell's raw value, as the result gives it (money as its exact string).
 * @example
 * cellValue(entity, { key: "payout", group: "payout", kind: "money" }); // "17768.00"
 */
export function cellValue(e: EntityResult, c: Column): MetricResultValue | undefined {
  const name = c.name ?? "";
  switch (c.group) {
    case "metric":
      return e.metrics[name]?.value;
    case "target":
      return e.metrics[name]?.target;
    case "attainment":
      return e.metrics[name]?.attainment;
    case "pace":
      return e.metrics[name]?.pace;
    case "score":
      return e.scores?.[name];
    case "incentive":
      return e.incentives?.[name];
    case "payout":
      return e.payout;
  }
}

/** A sort order: a column and a direction. */
export interface Sort {
  key: string;
  dir: "ascending" | "descending";
}

/** Compares two cells; missing values go last whatever the direction. */
function compareCells(a: MetricResultValue | undefined, b: MetricResultValue | undefined, kind: CellKind): number {
  const na = a === null || a === undefined;
  const nb = b === null || b === undefined;
  if (na || nb) return na === nb ? 0 : na ? 1 : -1;
  if (kind === "money" && typeof a === "string" && typeof b === "string" && DECIMAL.test(a) && DECIMAL.test(b)) return new Big(a).cmp(new Big(b));
  if (typeof a === "number" && typeof b === "number") return a - b;
  if (typeof a === "boolean" && typeof b === "boolean") return Number(a) - Number(b);
  return String(a).localeCompare(String(b));
}

/** The children of each entity id ("" for the roots), in the result's order. */
export function childrenOf(period: PeriodResult): Map<string, EntityResult[]> {
  const ids = new Set(period.entities.map((e) => e.id));
  const out = new Map<string, EntityResult[]>();
  for (const e of period.entities) {
    // A parent outside the result (filtered by `entities`) makes the entity a root here.
    const p = e.parent !== null && ids.has(e.parent) ? e.parent : "";
    const list = out.get(p);
    if (list) list.push(e);
    else out.set(p, [e]);
  }
  return out;
}

/**
 * The rows on show: a depth-first walk from the roots, into the children of
 * the expanded entities only, each parent's children sorted by `sort` (ties
 * keep the result's order).
 * @example
 * visibleRows(childrenOf(period), new Set(["all"]), columns, undefined).map((r) => r.entity.id); // ["all", "east", "north", …]
 */
export function visibleRows(children: Map<string, EntityResult[]>, expanded: ReadonlySet<string>, columns: Column[], sort: Sort | undefined): Row[] {
  const col = sort && columns.find((c) => c.key === sort.key);
  const order = (list: EntityResult[]): EntityResult[] => {
    // Always a copy: the walk reverses it, and the map of children must stay as it is.
    if (!col || !sort) return list.slice();
    const sign = sort.dir === "ascending" ? 1 : -1;
    return list
      .map((e, i) => ({ e, i, v: cellValue(e, col) }))
      .sort((x, y) => {
        const nx = x.v === null || x.v === undefined;
        const ny = y.v === null || y.v === undefined;
        if (nx || ny) return nx === ny ? x.i - y.i : nx ? 1 : -1;
        return sign * compareCells(x.v, y.v, col.kind) || x.i - y.i;
      })
      .map((x) => x.e);
  };
  const out: Row[] = [];
  // An explicit stack: a deep hierarchy must not overflow the call stack.
  const stack: { e: EntityResult; level: number }[] = order(children.get("") ?? []).map((e) => ({ e, level: 1 })).reverse();
  while (stack.length) {
    const { e, level } = stack.pop()!;
    const kids = children.get(e.id) ?? [];
    const open = kids.length > 0 && expanded.has(e.id);
    out.push({ entity: e, level, hasChildren: kids.length > 0, expanded: open });
    if (open) for (const k of order(kids).reverse()) stack.push({ e: k, level: level + 1 });
  }
  return out;
}

/**
 * The ids expanded at first: every entity above the leaves' parents' level,
 * i.e. the roots and their children (all and the teams), so the reps show.
 * @example
 * initialExpanded(childrenOf(period)); // Set {"all", "east", "north", …}
 */
export function initialExpanded(children: Map<string, EntityResult[]>): Set<string> {
  const out = new Set<string>();
  for (const root of children.get("") ?? []) {
    out.add(root.id);
    for (const k of children.get(root.id) ?? []) out.add(k.id);
  }
  return out;
}

/**
 * Money from its exact decimal string, in the currency and the language's
 * way: the string goes to Intl.NumberFormat as a string (an exact decimal
 * for Intl), with as many fraction digits as it has, so nothing is rounded.
 * @example
 * formatMoney("1234567.05", "CNY", "zh-CN"); // "¥1,234,567.05"
 */
export function formatMoney(value: string, currency: string, lang: string): string {
  if (!DECIMAL.test(value)) return value;
  const digits = value.split(".")[1]?.length ?? 0;
  let nf: Intl.NumberFormat;
  try {
    nf = new Intl.NumberFormat(lang, { style: "currency", currency, minimumFractionDigits: digits, maximumFractionDigits: digits });
  } catch {
    // Not an ISO 4217 code the browser knows: the number, then the code.
    return `${new Intl.NumberFormat(lang, { minimumFractionDigits: digits, maximumFractionDigits: digits }).format(value as unknown as number)} ${currency}`;
  }
  // Intl formats a string operand as an exact decimal (ES2023 Intl.NumberFormat v3); the cast is for older lib typings.
  return nf.format(value as unknown as number);
}

/**
 * A cell as text for the page.
 * @example
 * formatCell(1.0723, "percent", "CNY", "en"); // "107.2%"
 */
export function formatCell(v: MetricResultValue | undefined, kind: CellKind, currency: string, lang: string): string {
  if (v === null || v === undefined) return "—";
  if (typeof v === "boolean") return v ? "✓" : "✗";
  if (kind === "money" && typeof v === "string") return formatMoney(v, currency, lang);
  if (typeof v === "number") {
    if (kind === "percent") return new Intl.NumberFormat(lang, { style: "percent", minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(v);
    return new Intl.NumberFormat(lang, { maximumFractionDigits: Number.isInteger(v) ? 0 : 2 }).format(v);
  }
  return String(v);
}

/** One CSV field: quoted when it must be, and a text that a spreadsheet would run as a formula made inert. */
function csvField(v: string, text: boolean): string {
  const safe = text && /^[=+\-@\t\r]/.test(v) ? `'${v}` : v;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/**
 * The visible table as CSV (RFC 4180, CRLF): id, name, kind, parent, then
 * the chosen columns under their headers, with the values as the result
 * gives them (money as its exact string, ratios as numbers), so a spreadsheet
 * gets the cents the engine computed.
 * @example
 * toCsv(rows, columns, ["Payout"]); // "id,name,kind,parent,Payout\r\nall,all,all,,…"
 */
export function toCsv(rows: Row[], columns: Column[], headers: string[]): string {
  const lines = [["id", "name", "kind", "parent", ...headers].map((h) => csvField(h, true)).join(",")];
  for (const r of rows) {
    const e = r.entity;
    const cells = columns.map((c) => {
      const v = cellValue(e, c);
      return v === null || v === undefined ? "" : csvField(String(v), c.kind === "text");
    });
    lines.push([csvField(e.id, true), csvField(e.name, true), csvField(e.kind, true), csvField(e.parent ?? "", true), ...cells].join(","));
  }
  return `${lines.join("\r\n")}\r\n`;
}

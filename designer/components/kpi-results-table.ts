/**
 * The Preview's "Results": one period of a Result as an ARIA treegrid (all →
 * team → rep), with the columns the user picks, sorting by a header (within
 * each parent, so the tree stays), virtual scrolling (@lit-labs/virtualizer:
 * only the rows in sight are in the DOM, so 10,000 reps scroll smoothly),
 * money in the template's currency and the page's language, and "Export
 * CSV" of the visible table (a Blob URL made here: no server call).
 * Keyboard: Tab reaches the toggles and numbers; on a row, ArrowRight opens
 * it, ArrowLeft closes it, ArrowUp/ArrowDown move between rows; Enter on a
 * number opens its explanation.
 * @fires kpi-explain - detail `{ entity, column }` (a Column of preview-table.ts)
 * @module
 */
import { LitElement, html, css, nothing, type PropertyValues } from "lit";
import { customElement, property, state } from "lit/decorators.js";
import "@lit-labs/virtualizer";
import type { LitVirtualizer } from "@lit-labs/virtualizer";
import type { PeriodResult } from "../../schemas/generated/result.js";
import { cellValue, childrenOf, columnsOf, defaultColumns, formatCell, initialExpanded, toCsv, visibleRows, type Column, type Row, type Sort } from "../controllers/preview-table.js";
import type { MessageKey, Translate } from "../i18n/index.js";
import { shared } from "./styles.js";

const GROUP_LABEL: Record<Column["group"], MessageKey> = {
  metric: "colValue",
  target: "colTarget",
  attainment: "colAttainment",
  pace: "colPace",
  score: "colScore",
  incentive: "colIncentive",
  payout: "colPayout",
};

@customElement("kpi-results-table")
export class KpiResultsTable extends LitElement {
  static override styles = [
    shared,
    css`
      :host { display: block; }
      .tools { display: flex; gap: 8px; align-items: center; flex-wrap: wrap; margin-bottom: 8px; }
      details.cols { position: relative; }
      details.cols > div { position: absolute; z-index: 3; background: var(--kpi-bg); border: 1px solid var(--kpi-border-strong); border-radius: var(--kpi-radius); padding: 8px; max-height: 320px; overflow: auto; min-width: 280px; box-shadow: 0 4px 14px rgba(0,0,0,.12); }
      details.cols label { flex-direction: row; gap: 6px; align-items: center; color: var(--kpi-fg); white-space: nowrap; }
      .grid { border: 1px solid var(--kpi-border); border-radius: var(--kpi-radius); overflow-x: auto; }
      .inner { width: max(100%, var(--width)); }
      [role="row"] { display: grid; grid-template-columns: var(--cols); align-items: center; border-bottom: 1px solid var(--kpi-border); min-height: 30px; width: 100%; box-sizing: border-box; background: var(--kpi-bg); }
      [role="row"]:focus-visible { outline-offset: -3px; }
      .head { background: var(--kpi-bg-muted); position: sticky; top: 0; z-index: 2; }
      [role="columnheader"] { font-size: 0.8rem; font-weight: 600; color: var(--kpi-fg-muted); padding: 4px 8px; }
      [role="columnheader"] button { all: unset; cursor: pointer; display: block; text-align: inherit; width: 100%; }
      [role="columnheader"] button:focus-visible { outline: 3px solid var(--kpi-focus); }
      [role="columnheader"].num, [role="gridcell"].num { text-align: right; }
      [role="gridcell"] { padding: 2px 8px; white-space: nowrap; overflow: hidden; text-overflow: ellipsis; font-variant-numeric: tabular-nums; }
      .name { display: flex; align-items: center; gap: 4px; }
      .toggle { padding: 0 4px; min-width: 22px; border: none; background: none; }
      .leaf { display: inline-block; width: 22px; }
      button.val { border: none; background: none; padding: 2px 4px; font-variant-numeric: tabular-nums; color: var(--kpi-accent-strong, #174a94); text-decoration: underline dotted; }
      lit-virtualizer { height: 480px; }
      .kind { font-size: 0.7rem; }
    `,
  ];

  @property({ attribute: false }) t!: Translate;
  @property({ attribute: false }) period?: PeriodResult;
  @property() currency = "CNY";
  @property() lang = "en";
  /** Declared metric types (money, percent, …) from the template. */
  @property({ attribute: false }) metricTypes: Record<string, string> = {};
  /** Metric labels from the template, for the headers. */
  @property({ attribute: false }) labels: Record<string, string> = {};
  @state() private chosen: string[] = [];
  @state() private expanded = new Set<string>();
  @state() private sort: Sort | undefined;
  private all: Column[] = [];
  private kids = new Map<string, PeriodResult["entities"]>();
  private rows: Row[] = [];

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has("period") || changed.has("metricTypes")) {
      const p = this.period;
      const before = new Set(this.all.map((c) => c.key));
      this.all = p ? columnsOf(p, this.metricTypes) : [];
      this.kids = p ? childrenOf(p) : new Map();
      // A re-run keeps the user's columns and the open rows when the result still has them.
      const kept = this.chosen.filter((k) => this.all.some((c) => c.key === k));
      this.chosen = kept.length > 0 && before.size > 0 ? kept : defaultColumns(this.all);
      if (changed.has("period") && (this.expanded.size === 0 || ![...this.expanded].some((id) => this.kids.has(id)))) this.expanded = initialExpanded(this.kids);
    }
    this.rows = visibleRows(this.kids, this.expanded, this.columns(), this.sort);
  }

  private columns(): Column[] {
    const set = new Set(this.chosen);
    return this.all.filter((c) => set.has(c.key));
  }

  /** The header of a column, in the page's language: the metric's label and what of it. */
  headerOf(c: Column): string {
    const t = this.t;
    if (c.group === "payout") return t("colPayout");
    const name = this.labels[c.name ?? ""] ?? c.name ?? "";
    return c.group === "metric" ? name : `${name} · ${t(GROUP_LABEL[c.group])}`;
  }

  override render() {
    const t = this.t;
    if (!this.period) return nothing;
    const cols = this.columns();
    // Fixed widths: the virtualizer places each row on its own (absolutely), so the columns line up only if every row has the same grid.
    // Money needs room for a currency sign and separators of up to hundreds of millions without being cut.
    const widthOf = (c: Column): number => (c.kind === "money" ? 180 : 130);
    const template = `240px ${cols.map((c) => `minmax(${widthOf(c)}px, 1fr)`).join(" ")}`;
    const width = `${240 + cols.reduce((n, c) => n + widthOf(c), 0)}px`;
    return html`
      <div class="tools">
        <details class="cols">
          <summary>${t("chooseColumns")} (${cols.length})</summary>
          <div role="group" aria-label=${t("chooseColumns")}>
            ${this.all.map((c) => html`<label><input type="checkbox" .checked=${this.chosen.includes(c.key)} @change=${(e: Event) => this.toggleColumn(c.key, (e.target as HTMLInputElement).checked)} />${this.headerOf(c)}</label>`)}
          </div>
        </details>
        <button @click=${() => this.exportCsv()}>${t("exportCsv")}</button>
        <span class="muted">${t("rowsShown", { n: this.rows.length, total: this.period.entities.length })}</span>
      </div>
      <div class="grid" role="treegrid" aria-label=${t("results")} aria-rowcount=${this.rows.length + 1} aria-colcount=${cols.length + 1} style=${`--cols: ${template}; --width: ${width}`}>
        <div class="inner">
          <div role="row" class="head" aria-rowindex="1">
            <div role="columnheader">${t("colEntity")}</div>
            ${cols.map((c) => html`<div role="columnheader" class=${c.kind === "text" ? "" : "num"} aria-sort=${this.sortOf(c.key)}><button @click=${() => this.sortBy(c.key)}>${this.headerOf(c)}${this.arrow(c.key)}</button></div>`)}
          </div>
          <lit-virtualizer scroller tabindex="0" role="rowgroup" .items=${this.rows} .keyFunction=${(r: Row) => r.entity.id} .renderItem=${(r: Row, i: number) => this.row(r, i, cols)}></lit-virtualizer>
        </div>
      </div>`;
  }

  private row(r: Row, i: number, cols: Column[]) {
    const e = r.entity;
    const t = this.t;
    return html`<div role="row" aria-rowindex=${i + 2} aria-level=${r.level} aria-expanded=${r.hasChildren ? String(r.expanded) : nothing} tabindex="-1" data-id=${e.id} data-index=${i} @keydown=${(ev: KeyboardEvent) => this.onRowKey(ev, r, i)}>
      <div role="gridcell" class="name" style=${`padding-left: ${8 + (r.level - 1) * 18}px`}>
        ${r.hasChildren
          ? html`<button class="toggle" aria-label=${t(r.expanded ? "collapseRow" : "expandRow", { name: e.name })} @click=${() => this.toggleRow(e.id)}>${r.expanded ? "▾" : "▸"}</button>`
          : html`<span class="leaf"></span>`}
        <span title=${e.id}>${e.name}</span> <span class="badge kind">${e.kind}</span>
      </div>
      ${cols.map((c) => {
        const v = cellValue(e, c);
        const text = formatCell(v, c.kind, this.currency, this.lang);
        return html`<div role="gridcell" class=${c.kind === "text" ? "" : "num"}>${v === undefined || v === null
          ? text
          : html`<button class="val" data-col=${c.key} aria-label=${`${e.name} ${this.headerOf(c)} ${text}`} @click=${() => this.explain(e.id, c)}>${text}</button>`}</div>`;
      })}
    </div>`;
  }

  private sortOf(key: string): "ascending" | "descending" | "none" {
    return this.sort?.key === key ? this.sort.dir : "none";
  }

  private arrow(key: string): string {
    return this.sort?.key === key ? (this.sort.dir === "ascending" ? " ▲" : " ▼") : "";
  }

  private sortBy(key: string): void {
    this.sort = this.sort?.key === key ? { key, dir: this.sort.dir === "descending" ? "ascending" : "descending" } : { key, dir: "descending" };
  }

  private toggleColumn(key: string, on: boolean): void {
    this.chosen = on ? [...this.chosen, key] : this.chosen.filter((k) => k !== key);
  }

  private toggleRow(id: string): void {
    const next = new Set(this.expanded);
    if (next.has(id)) next.delete(id);
    else next.add(id);
    this.expanded = next;
  }

  private onRowKey(ev: KeyboardEvent, r: Row, i: number): void {
    let to = -1;
    if (ev.key === "ArrowRight" && r.hasChildren && !r.expanded) this.toggleRow(r.entity.id);
    else if (ev.key === "ArrowLeft" && r.hasChildren && r.expanded) this.toggleRow(r.entity.id);
    else if (ev.key === "ArrowDown") to = Math.min(this.rows.length - 1, i + 1);
    else if (ev.key === "ArrowUp") to = Math.max(0, i - 1);
    else if (ev.key === "Home") to = 0;
    else if (ev.key === "End") to = this.rows.length - 1;
    else return;
    ev.preventDefault();
    if (to >= 0) void this.focusRow(to);
  }

  private async focusRow(i: number): Promise<void> {
    const v = this.renderRoot.querySelector<LitVirtualizer>("lit-virtualizer");
    v?.element(i)?.scrollIntoView({ block: "nearest" });
    for (let n = 0; n < 5; n++) {
      const el = this.renderRoot.querySelector<HTMLElement>(`[role="row"][data-index="${i}"]`);
      if (el) {
        el.focus();
        return;
      }
      await new Promise((res) => requestAnimationFrame(res));
    }
  }

  private explain(entity: string, column: Column): void {
    this.dispatchEvent(new CustomEvent("kpi-explain", { detail: { entity, column }, bubbles: true, composed: true }));
  }

  private exportCsv(): void {
    const cols = this.columns();
    const csv = toCsv(this.rows, cols, cols.map((c) => this.headerOf(c)));
    // A byte order mark, so that spreadsheet programs read the Chinese names as UTF-8.
    const url = URL.createObjectURL(new Blob(["\ufeff", csv], { type: "text/csv;charset=utf-8" }));
    const a = document.createElement("a");
    a.href = url;
    a.download = `results-${this.period?.period ?? "preview"}.csv`;
    this.renderRoot.appendChild(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
  }
}

declare global {
  interface HTMLElementTagNameMap {
    "kpi-results-table": KpiResultsTable;
  }
}

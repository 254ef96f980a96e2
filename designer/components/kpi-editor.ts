/**
 * The editor of one template: a toolbar (back, title, dirty marker, Undo,
 * Redo, Save draft, Publish) and the tabs. Tabs follow the WAI-ARIA tabs
 * pattern (arrow keys move between tabs, one tab stop). The editor holds no
 * document state: it shows `doc` and passes the tabs' edit events up.
 * @fires kpi-tab - detail `{ tab }`
 * @fires kpi-back, kpi-undo, kpi-redo, kpi-save, kpi-publish-open
 * @module
 */
import { LitElement, html, css, nothing, type TemplateResult } from "lit";
import { customElement, property } from "lit/decorators.js";
import type { VersionSummary, TemplateDiff } from "../../client/index.js";
import type { DocState } from "../controllers/store.js";
import type { MessageKey, Translate } from "../i18n/index.js";
import { shared } from "./styles.js";
import "./kpi-overview-tab.js";
import "./kpi-data-tab.js";
import "./kpi-metrics-tab.js";
import "./kpi-targets-tab.js";
import "./kpi-scorecards-tab.js";
import "./kpi-incentives-tab.js";
import "./kpi-alerts-tab.js";
import "./kpi-source-tab.js";
import "./kpi-versions-tab.js";
import "./kpi-preview-tab.js";
import type { PreviewState } from "./kpi-preview-tab.js";
import type { FunnelSpec } from "../controllers/preview-dashboard.js";

import { TABS, type Tab } from "../app/tabs.js";

export { TABS, type Tab };

const TAB_LABEL: Record<Tab, MessageKey> = {
  overview: "tabOverview",
  data: "tabData",
  metrics: "tabMetrics",
  targets: "tabTargets",
  scorecards: "tabScorecards",
  incentives: "tabIncentives",
  alerts: "tabAlerts",
  source: "tabSource",
  preview: "tabPreview",
  versions: "tabVersions",
};

@customElement("kpi-editor")
export class KpiEditor extends LitElement {
  static override styles = [
    shared,
    css`
      :host { display: block; }
      .bar { display: flex; align-items: center; gap: 10px; padding: 10px 24px; background: var(--kpi-bg); border-bottom: 1px solid var(--kpi-border); flex-wrap: wrap; }
      .bar h1 { font-size: 1.1rem; margin: 0; }
      .spacer { flex: 1; }
      .dirty { color: var(--kpi-warning); font-size: 0.85rem; }
      .clean { color: var(--kpi-ok); font-size: 0.85rem; }
      [role="tablist"] { display: flex; gap: 2px; padding: 0 24px; background: var(--kpi-bg); border-bottom: 1px solid var(--kpi-border); overflow-x: auto; }
      [role="tab"] { border: none; border-bottom: 3px solid transparent; border-radius: 0; background: none; padding: 10px 12px; white-space: nowrap; }
      [role="tab"][aria-selected="true"] { border-bottom-color: var(--kpi-accent); color: var(--kpi-accent); font-weight: 600; }
      [role="tabpanel"] { padding: 16px 24px; }
      .why { font-size: 0.8rem; color: var(--kpi-fg-muted); max-width: 260px; }
      .count { font-size: 0.8rem; }
    `,
  ];

  @property({ attribute: false }) t!: Translate;
  @property({ attribute: false }) doc!: DocState;
  @property() tab: Tab = "overview";
  /** Why the key's role may not save or publish (empty when it may). */
  @property() saveBlocked = "";
  @property() publishBlocked = "";
  /** Why this key may not upload datasets (the Preview's upload step), or empty. */
  @property() uploadBlocked = "";
  @property({ type: Boolean }) busy = false;
  @property({ attribute: false }) versions: VersionSummary[] = [];
  @property({ attribute: false }) diff?: TemplateDiff;
  @property() lang = "en";
  /** The Preview tab's state, kept by the shell (datasets, settings, result, problem). */
  @property({ attribute: false }) preview?: PreviewState;

  override render() {
    const t = this.t;
    const d = this.doc;
    const errors = d.diagnostics.filter((x) => x.severity === "error").length;
    const title = d.merged.header?.label ?? d.model.header?.label ?? d.id;
    return html`
      <div class="bar">
        <button @click=${() => this.emit("kpi-back")}>← ${t("back")}</button>
        <h1>${title} <code class="muted">${d.id}</code></h1>
        ${d.dirty ? html`<span class="dirty" role="status">● ${t("unsaved")}</span>` : html`<span class="clean" role="status">${t("saved")}</span>`}
        <span class="count ${errors ? "error" : "muted"}">${t("problems")}: ${d.diagnostics.length}</span>
        <span class="spacer"></span>
        <button ?disabled=${!d.canUndo} aria-keyshortcuts="Control+Z" @click=${() => this.emit("kpi-undo")}>${t("undo")}</button>
        <button ?disabled=${!d.canRedo} aria-keyshortcuts="Control+Shift+Z" @click=${() => this.emit("kpi-redo")}>${t("redo")}</button>
        <button ?disabled=${!!this.saveBlocked || this.busy} aria-describedby=${this.saveBlocked ? "why-save" : nothing} title=${this.saveBlocked || nothing} @click=${() => this.emit("kpi-save")}>${t("saveDraft")}</button>
        <button class="primary" ?disabled=${!!this.publishBlocked || this.busy} aria-describedby=${this.publishBlocked ? "why-publish" : nothing} title=${this.publishBlocked || nothing} @click=${() => this.emit("kpi-publish-open")}>${t("publish")}</button>
        ${this.saveBlocked ? html`<span class="why" id="why-save">${this.saveBlocked}</span>` : this.publishBlocked ? html`<span class="why" id="why-publish">${this.publishBlocked}</span>` : ""}
      </div>
      <div role="tablist" aria-label=${title} @keydown=${this.onTabKey}>
        ${TABS.map(
          (tab) => html`<button role="tab" id=${`tab-${tab}`} aria-controls="panel" aria-selected=${tab === this.tab ? "true" : "false"} tabindex=${tab === this.tab ? "0" : "-1"} @click=${() => this.emit("kpi-tab", { tab })}>${t(TAB_LABEL[tab])}</button>`,
        )}
      </div>
      <div role="tabpanel" id="panel" aria-labelledby=${`tab-${this.tab}`}>
        ${!d.syntaxOk && this.tab !== "source" && this.tab !== "versions" ? html`<p class="notice" role="status">${t("readOnlyBroken")}</p>` : ""}
        ${this.panel()}
      </div>`;
  }

  private panel(): TemplateResult {
    const t = this.t;
    const d = this.doc;
    const ro = !d.syntaxOk || !!this.saveBlocked;
    switch (this.tab) {
      case "overview":
        return html`<kpi-overview-tab .t=${t} .model=${d.model} .merged=${d.merged} ?readonly=${ro}></kpi-overview-tab>`;
      case "data":
        return html`<kpi-data-tab .t=${t} .model=${d.model} .merged=${d.merged} .base=${d.base ?? ""} ?readonly=${ro}></kpi-data-tab>`;
      case "metrics":
        return html`<kpi-metrics-tab .t=${t} .doc=${d} ?readonly=${ro}></kpi-metrics-tab>`;
      case "targets":
        return html`<kpi-targets-tab .t=${t} .model=${d.model} .merged=${d.merged} .metricTypes=${d.metricTypes} .base=${d.base ?? ""} ?readonly=${ro}></kpi-targets-tab>`;
      case "scorecards":
        return html`<kpi-scorecards-tab .t=${t} .model=${d.model} .merged=${d.merged} .base=${d.base ?? ""} ?readonly=${ro}></kpi-scorecards-tab>`;
      case "incentives":
        return html`<kpi-incentives-tab .t=${t} .model=${d.model} .merged=${d.merged} .base=${d.base ?? ""} ?readonly=${ro} .lang=${this.lang}></kpi-incentives-tab>`;
      case "alerts":
        return html`<kpi-alerts-tab .t=${t} .model=${d.model} .merged=${d.merged} .base=${d.base ?? ""} ?readonly=${ro}></kpi-alerts-tab>`;
      case "source":
        return html`<kpi-source-tab .t=${t} .doc=${d} ?readonly=${!!this.saveBlocked}></kpi-source-tab>`;
      case "preview":
        return this.previewPanel();
      case "versions":
        return html`<kpi-versions-tab .t=${t} .versions=${this.versions} .diff=${this.diff} .lang=${this.lang}></kpi-versions-tab>`;
    }
  }

  private previewPanel(): TemplateResult {
    const d = this.doc;
    const p = this.preview;
    const labels: Record<string, string> = {};
    const funnels: FunnelSpec[] = [];
    for (const decl of d.merged.declarations) {
      if (decl.kind === "metric" && decl.label) labels[decl.name] = decl.label;
      if (decl.kind === "funnel") {
        funnels.push({ name: decl.name, ...(decl.label ? { label: decl.label } : {}), steps: decl.steps.map((s) => ({ name: s.name, ...(s.label ? { label: s.label } : {}) })) });
        for (const s of decl.steps) if (s.label) labels[`${decl.name}.${s.name}`] = s.label;
      }
    }
    return html`<kpi-preview-tab .t=${this.t} lang=${this.lang} .datasets=${p?.datasets ?? []} .result=${p?.result} ?running=${p?.running ?? false} ?stale=${p?.stale ?? false}
      .problem=${p?.problem} .metricTypes=${d.metricTypes} .labels=${labels} .funnels=${funnels}
      datasetId=${p?.datasetId ?? ""} period=${p?.period ?? ""} asOf=${p?.asOf ?? ""}
      .declarations=${d.merged.declarations} .scenarios=${p?.scenarios ?? []} ?scenariosUnsaved=${p?.scenariosUnsaved ?? false} .comparison=${p?.comparison} ?simulating=${p?.simulating ?? false}
      ?comparisonStale=${p?.comparisonStale ?? false} .scenarioProblem=${p?.scenarioProblem}
      .upload=${p?.upload ?? { busy: false }} uploadBlocked=${this.uploadBlocked}></kpi-preview-tab>`;
  }

  private onTabKey(e: KeyboardEvent): void {
    const i = TABS.indexOf(this.tab);
    let next = -1;
    if (e.key === "ArrowRight") next = (i + 1) % TABS.length;
    else if (e.key === "ArrowLeft") next = (i - 1 + TABS.length) % TABS.length;
    else if (e.key === "Home") next = 0;
    else if (e.key === "End") next = TABS.length - 1;
    if (next < 0) return;
    e.preventDefault();
    this.emit("kpi-tab", { tab: TABS[next] });
    void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLElement>(`#tab-${TABS[next]!}`)?.focus());
  }

  private emit(name: string, detail?: unknown): void {
    this.dispatchEvent(new CustomEvent(name, { detail, bubbles: true, composed: true }));
  }
}

declare global {
  interface HTMLElementTagNameMap {
    "kpi-editor": KpiEditor;
  }
}

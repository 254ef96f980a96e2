/**
 * The Preview tab: "Dataset" (the registry's datasets), "Period" (a month,
 * quarter, year or range P1..P2) and an optional as-of date, "Run"; then the
 * result as "Results" (kpi-results-table) and the "Dashboard" (attainment
 * and pace per team and rep, the funnel, the alerts that fired, the payout
 * histogram, each chart with a table beside it). It holds no server state:
 * the shell runs the evaluation (and re-runs it, debounced, as the text
 * changes) and passes the result, whether it is stale, and any problem.
 * @fires kpi-preview-run - detail `{ datasetId, period, asOf? }`
 * @fires kpi-simulate - detail `{ drafts, datasetId, period, asOf? }` (from kpi-scenarios' Compare)
 * Under "Upload files", kpi-dataset-upload raises kpi-dataset-propose, kpi-dataset-save and kpi-dataset-cancel (they bubble to the shell).
 * @module
 */
import { LitElement, html, css, nothing } from "lit";
import { customElement, property, state } from "lit/decorators.js";
import type { DatasetInfo, SimulateResponse } from "../../client/index.js";
import type { Declaration } from "../../schemas/generated/template.js";
import type { ScenarioDraft } from "../controllers/scenarios.js";
import type { Result } from "../../schemas/generated/result.js";
import { attainmentBars, firedAlerts, funnelFigures, payoutHistogram, targetedMetrics, totalPayout, type FunnelSpec } from "../controllers/preview-dashboard.js";
import { formatCell, formatMoney } from "../controllers/preview-table.js";
import type { Translate } from "../i18n/index.js";
import { shared } from "./styles.js";
import "./kpi-results-table.js";
import "./kpi-bar-chart.js";
import "./kpi-scenarios.js";
import "./kpi-dataset-upload.js";
import type { UploadState } from "./kpi-dataset-upload.js";

/** A failed run, as the page shows it. */
export interface PreviewProblem {
  status: number;
  title: string;
  detail: string;
  /** Located errors: `path: message` or `file:line:col message`. */
  items: string[];
}

/** What the shell keeps for the Preview tab and passes down through the editor. */
export interface PreviewState {
  datasets: DatasetInfo[];
  datasetId: string;
  period: string;
  asOf: string;
  result?: Result;
  running: boolean;
  stale: boolean;
  problem?: PreviewProblem;
  /** What-if scenarios of this template (kept in the browser per template) and their last comparison. */
  scenarios: ScenarioDraft[];
  /** The scenarios shown are not the ones saved with the server's draft (Save draft saves them). */
  scenariosUnsaved: boolean;
  comparison?: SimulateResponse;
  simulating: boolean;
  comparisonStale: boolean;
  scenarioProblem?: PreviewProblem;
  /** The upload step: the proposed mapping of the files chosen, and the dataset saved from them. */
  upload: UploadState;
}

const REPS_SHOWN = 12;
const ALERTS_SHOWN = 200;

@customElement("kpi-preview-tab")
export class KpiPreviewTab extends LitElement {
  static override styles = [
    shared,
    css`
      :host { display: block; }
      form { margin-bottom: 12px; }
      .status { min-height: 1.4em; margin: 8px 0; display: flex; gap: 10px; align-items: center; }
      .stale { color: var(--kpi-warning); font-weight: 600; }
      .problem { border: 1px solid #e3a5a1; background: #fbeaea; border-radius: var(--kpi-radius); padding: 8px 12px; margin: 8px 0; }
      .problem ul { margin: 4px 0 0; padding-left: 20px; max-height: 200px; overflow: auto; }
      section { margin-top: 20px; }
      .cards { display: grid; grid-template-columns: repeat(auto-fit, minmax(420px, 1fr)); gap: 16px; align-items: start; }
      .card { border: 1px solid var(--kpi-border); border-radius: var(--kpi-radius); padding: 12px; min-width: 0; }
      .card h3 { margin-top: 0; }
      details table { font-size: 0.85rem; }
      details { margin-top: 6px; }
      .scroll { max-height: 260px; overflow: auto; }
      td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
      .sev-critical { color: var(--kpi-error); font-weight: 600; }
      .sev-warning { color: var(--kpi-warning); font-weight: 600; }
      .totals { display: flex; gap: 24px; flex-wrap: wrap; margin: 8px 0 12px; }
      .totals div { display: flex; flex-direction: column; }
      .totals strong { font-size: 1.2rem; font-variant-numeric: tabular-nums; }
      input.period { width: 12rem; }
      details.upload { margin: 4px 0 12px; border: 1px solid var(--kpi-border); border-radius: var(--kpi-radius); padding: 6px 12px; }
      details.upload summary { cursor: pointer; font-weight: 600; padding: 4px 0; }
    `,
  ];

  @property({ attribute: false }) t!: Translate;
  @property() lang = "en";
  @property({ attribute: false }) datasets: DatasetInfo[] = [];
  @property({ attribute: false }) result?: Result;
  @property({ type: Boolean }) running = false;
  @property({ type: Boolean }) stale = false;
  @property({ attribute: false }) problem?: PreviewProblem;
  @property({ attribute: false }) metricTypes: Record<string, string> = {};
  @property({ attribute: false }) labels: Record<string, string> = {};
  @property({ attribute: false }) funnels: FunnelSpec[] = [];
  /** The settings of the last run (kept by the shell across tab changes). */
  @property() datasetId = "";
  @property() period = "";
  @property() asOf = "";
  /** The merged declarations of the document: the numbers and fields a scenario can change. */
  @property({ attribute: false }) declarations: readonly Declaration[] = [];
  @property({ attribute: false }) scenarios: ScenarioDraft[] = [];
  @property({ type: Boolean }) scenariosUnsaved = false;
  @property({ attribute: false }) comparison?: SimulateResponse;
  @property({ type: Boolean }) simulating = false;
  @property({ type: Boolean }) comparisonStale = false;
  @property({ attribute: false }) scenarioProblem?: PreviewProblem;
  @property({ attribute: false }) upload: UploadState = { busy: false };
  /** Why this key may not upload datasets, or empty. */
  @property() uploadBlocked = "";
  @state() private focusMetric = "";

  override render() {
    const t = this.t;
    const ds = this.datasetId || this.datasets[0]?.id || "";
    return html`
      <form @submit=${this.onRun}>
        <div class="row">
          <label>${t("dataset")}<select name="dataset" .value=${ds} @change=${(e: Event) => (this.datasetId = (e.target as HTMLSelectElement).value)}>
            ${this.datasets.length === 0 ? html`<option value="">${t("noDatasets")}</option>` : ""}
            ${this.datasets.map((d) => html`<option value=${d.id} ?selected=${d.id === ds}>${d.name ?? d.id}</option>`)}
          </select></label>
          <label>${t("period")}<input class="period" name="period" required placeholder="2026-03, 2026-Q1, 2026, 2026-01..2026-03" aria-describedby="period-help" .value=${this.period} @input=${(e: Event) => (this.period = (e.target as HTMLInputElement).value)} /></label>
          <label>${t("asOf")}<input type="date" name="asOf" .value=${this.asOf} @input=${(e: Event) => (this.asOf = (e.target as HTMLInputElement).value)} /></label>
          <button class="primary" type="submit" ?disabled=${this.running || !ds}>${t("run")}</button>
        </div>
        <p class="muted" id="period-help">${t("periodHelp")}</p>
      </form>
      <details class="upload" ?open=${!!this.upload.proposal || !!this.upload.saved}>
        <summary>${t("uploadTitle")}</summary>
        <kpi-dataset-upload .t=${t} .declarations=${this.declarations} .state=${this.upload} blocked=${this.uploadBlocked}></kpi-dataset-upload>
      </details>
      <div class="status" role="status">
        ${this.running ? html`<span>${t("running")}</span>` : ""}
        ${this.stale && this.result ? html`<span class="stale">${t("stale")}</span>` : ""}
      </div>
      ${this.problem ? html`<div class="problem" role="alert">
        <strong>${t("error")} ${this.problem.status}: ${this.problem.title}</strong>
        <div>${this.problem.detail}</div>
        ${this.problem.items.length ? html`<ul>${this.problem.items.map((i) => html`<li>${i}</li>`)}</ul>` : ""}
      </div>` : ""}
      ${this.result ? this.body(this.result) : html`<p class="muted">${t("previewHint")}</p>`}
      <section id="scenarios" aria-label=${t("scenarios")}>
        <kpi-scenarios .t=${t} lang=${this.lang} currency=${this.result?.currency ?? "CNY"} .declarations=${this.declarations} .drafts=${this.scenarios} ?unsaved=${this.scenariosUnsaved}
          .comparison=${this.comparison} ?running=${this.simulating} ?stale=${this.comparisonStale} .problem=${this.scenarioProblem}
          @kpi-simulate=${this.onSimulate}
          ?ready=${!!ds && /^\s*[^.\s]+\s*$/.test(this.period)}></kpi-scenarios>
      </section>`;
  }

  private body(r: Result) {
    const t = this.t;
    const period = r.periods[0];
    if (!period) return nothing;
    const total = totalPayout(period);
    return html`
      ${r.periods.length > 1 ? html`<p class="muted">${t("firstPeriodShown", { period: period.period, n: r.periods.length })}</p>` : ""}
      <div class="totals">
        <div><span class="muted">${t("periodShown")}</span><strong>${period.period}</strong></div>
        <div><span class="muted">${t("asOf")}</span><strong>${period.asOf}</strong></div>
        ${total !== undefined ? html`<div><span class="muted">${t("totalPayout")}</span><strong>${formatMoney(total, r.currency, this.lang)}</strong></div>` : ""}
        <div><span class="muted">${t("entities")}</span><strong>${period.entities.length}</strong></div>
      </div>
      <section aria-labelledby="results-h">
        <h2 id="results-h">${t("results")}</h2>
        <kpi-results-table .t=${t} .period=${period} currency=${r.currency} lang=${this.lang} .metricTypes=${this.metricTypes} .labels=${this.labels}></kpi-results-table>
      </section>
      ${this.dashboard(r)}`;
  }

  private dashboard(r: Result) {
    const t = this.t;
    const period = r.periods[0]!;
    const metrics = targetedMetrics(period);
    const metric = metrics.includes(this.focusMetric) ? this.focusMetric : (metrics[0] ?? "");
    const bars = metric ? attainmentBars(period, metric, REPS_SHOWN) : undefined;
    const pct = (v: number | null | undefined) => formatCell(v ?? null, "percent", r.currency, this.lang);
    const alerts = firedAlerts(period);
    const hist = payoutHistogram(period, 10);
    const label = (m: string) => this.labels[m] ?? m;
    return html`<section aria-labelledby="dash-h">
      <h2 id="dash-h">${t("dashboard")}</h2>
      ${metrics.length ? html`<label>${t("metricShown")}<select @change=${(e: Event) => (this.focusMetric = (e.target as HTMLSelectElement).value)}>
        ${metrics.map((m) => html`<option value=${m} ?selected=${m === metric}>${label(m)}</option>`)}
      </select></label>` : ""}
      <div class="cards">
        ${bars ? html`<div class="card">
          <h3>${t("attainmentByTeam", { metric: label(metric) })}</h3>
          <kpi-bar-chart percent label=${t("attainmentByTeam", { metric: label(metric) })} .categories=${bars.teams.map((b) => b.name)}
            .series=${[{ name: t("colAttainment"), values: bars.teams.map((b) => b.attainment) }, { name: t("colPace"), values: bars.teams.map((b) => b.pace) }]}></kpi-bar-chart>
          ${this.barTable(bars.teams, pct)}
        </div>
        <div class="card">
          <h3>${t("repsBehind", { n: bars.reps.length, total: bars.repsTotal })}</h3>
          <kpi-bar-chart percent horizontal label=${t("repsBehind", { n: bars.reps.length, total: bars.repsTotal })} .categories=${bars.reps.map((b) => b.name)}
            .series=${[{ name: t("colAttainment"), values: bars.reps.map((b) => b.attainment) }, { name: t("colPace"), values: bars.reps.map((b) => b.pace) }]}></kpi-bar-chart>
          ${this.barTable(bars.reps, pct)}
        </div>` : ""}
        ${this.funnels.map((f) => {
          const steps = funnelFigures(period, f);
          const title = `${t("funnel")}: ${f.label ?? f.name}`;
          return html`<div class="card">
            <h3>${title}</h3>
            <kpi-bar-chart horizontal label=${title} .categories=${steps.map((s) => (s.rate === undefined ? s.label : `${s.label} (${pct(s.rate)})`))} .series=${[{ name: f.label ?? f.name, values: steps.map((s) => s.value) }]}></kpi-bar-chart>
            <details><summary>${t("asTable")}</summary><table>
              <thead><tr><th>${t("step")}</th><th class="num">${t("count")}</th><th class="num">${t("conversion")}</th></tr></thead>
              <tbody>${steps.map((s) => html`<tr><td>${s.label}</td><td class="num">${formatCell(s.value, "number", r.currency, this.lang)}</td><td class="num">${s.rate === undefined ? "" : pct(s.rate)}</td></tr>`)}</tbody>
            </table></details>
          </div>`;
        })}
        <div class="card">
          <h3>${t("payoutHistogram")}</h3>
          <kpi-bar-chart label=${t("payoutHistogram")} .categories=${hist.map((b) => `${formatMoney(b.from, r.currency, this.lang)}–`)} .series=${[{ name: t("people"), values: hist.map((b) => b.count) }]}></kpi-bar-chart>
          <details><summary>${t("asTable")}</summary><table>
            <thead><tr><th>${t("from")}</th><th>${t("to")}</th><th class="num">${t("people")}</th></tr></thead>
            <tbody>${hist.map((b) => html`<tr><td class="num">${formatMoney(b.from, r.currency, this.lang)}</td><td class="num">${formatMoney(b.to, r.currency, this.lang)}</td><td class="num">${b.count}</td></tr>`)}</tbody>
          </table></details>
        </div>
      </div>
      <h3>${t("alertsFired", { n: alerts.length })}</h3>
      ${alerts.length ? html`<div class="scroll" tabindex="0" role="region" aria-label=${t("alertsFired", { n: alerts.length })}><table aria-label=${t("alertsFired", { n: alerts.length })}>
        <thead><tr><th>${t("severity")}</th><th>${t("message")}</th><th>${t("entity")}</th></tr></thead>
        <tbody>${alerts.slice(0, ALERTS_SHOWN).map((a) => html`<tr><td class=${`sev-${a.severity}`}>${t(a.severity === "critical" ? "sevCritical" : a.severity === "warning" ? "sevWarning" : "sevInfo")}</td><td>${a.message}</td><td>${a.entityName} <code class="muted">${a.entity}</code></td></tr>`)}</tbody>
      </table></div>${alerts.length > ALERTS_SHOWN ? html`<p class="muted">${t("moreAlerts", { n: alerts.length - ALERTS_SHOWN })}</p>` : ""}` : html`<p class="muted">${t("noAlerts")}</p>`}
    </section>`;
  }

  private barTable(rows: { id: string; name: string; attainment: number | null; pace: number | null }[], pct: (v: number | null) => string) {
    const t = this.t;
    return html`<details><summary>${t("asTable")}</summary><table>
      <thead><tr><th>${t("entity")}</th><th class="num">${t("colAttainment")}</th><th class="num">${t("colPace")}</th></tr></thead>
      <tbody>${rows.map((b) => html`<tr><td>${b.name}</td><td class="num">${pct(b.attainment)}</td><td class="num">${pct(b.pace)}</td></tr>`)}</tbody>
    </table></details>`;
  }

  /** Compare runs over the dataset and period as they are in the form now (Run need not come first). */
  private readonly onSimulate = (e: CustomEvent<{ drafts: unknown }>): void => {
    e.stopPropagation();
    const datasetId = this.datasetId || this.datasets[0]?.id || "";
    this.dispatchEvent(new CustomEvent("kpi-simulate", { detail: { drafts: e.detail.drafts, datasetId, period: this.period.trim(), ...(this.asOf ? { asOf: this.asOf } : {}) }, bubbles: true, composed: true }));
  };

  private readonly onRun = (e: Event): void => {
    e.preventDefault();
    const datasetId = this.datasetId || this.datasets[0]?.id || "";
    if (!datasetId || !this.period.trim()) return;
    this.dispatchEvent(new CustomEvent("kpi-preview-run", { detail: { datasetId, period: this.period.trim(), ...(this.asOf ? { asOf: this.asOf } : {}) }, bubbles: true, composed: true }));
  };
}

declare global {
  interface HTMLElementTagNameMap {
    "kpi-preview-tab": KpiPreviewTab;
  }
}

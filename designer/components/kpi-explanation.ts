/**
 * The engine's worksheet for one entity (`explanations[ID]` of an evaluate
 * with `explain`), as the Explanation dialog shows it: for the number that
 * was clicked first (its metric, score or incentive), then the rest. A metric:
 * formula, value, the metrics it reads, each aggregate with the records
 * behind it (paged), the target with its split steps; a score: each item's
 * weight, attainment, cap and points; an incentive: the tier, gate,
 * rounding and cap steps of its trace; the alerts and the payout.
 * The worksheet's shape is the engine's (engine/explain/types.ts); fields it
 * does not have are not shown.
 * @module
 */
import { LitElement, html, css, nothing } from "lit";
import { customElement, property, state } from "lit/decorators.js";
import type { Translate } from "../i18n/index.js";
import { shared } from "./styles.js";

interface Origin { file?: string; line?: number; source?: string; index?: number }
interface Aggregate { text: string; value: unknown; records?: number; origins?: Origin[] }
interface MetricSheet { metric: string; label?: string; formula?: string; value: unknown; reads?: { metric: string; value: unknown }[]; aggregates?: Aggregate[]; target?: { base?: unknown; challenge?: unknown; attainment?: number | null; pace?: number | null; source?: string; steps?: string[] } }
interface ScoreSheet { scorecard: string; label?: string; score: number | null; items?: { metric: string; weight: number; attainment: number | null; cap?: number; points: number | null }[] }
interface IncentiveSheet { incentive: string; label?: string; value: unknown; trace?: { form?: string; steps?: string[] } }
interface AlertSheet { alert: string; label?: string; severity: string; when?: string; fired: boolean; message: string | null }
/** The parts of a worksheet this view reads. */
export interface Worksheet { entity?: { id: string; name: string; kind: string }; period?: string; asOf?: string; rounding?: string; metrics?: MetricSheet[]; scores?: ScoreSheet[]; incentives?: IncentiveSheet[]; alerts?: AlertSheet[]; payout?: unknown }

const PAGE = 10;
const show = (v: unknown): string => (v === null || v === undefined ? "—" : typeof v === "number" ? String(Number.isInteger(v) ? v : Number(v.toFixed(6))) : String(v));
const pct = (v: number | null | undefined): string => (typeof v === "number" ? `${(v * 100).toFixed(2)}%` : "—");

@customElement("kpi-explanation")
export class KpiExplanation extends LitElement {
  static override styles = [shared, css`
    :host { display: block; }
    .sheet { border-top: 1px solid var(--kpi-border); padding-top: 8px; margin-top: 8px; }
    dl { display: grid; grid-template-columns: max-content 1fr; gap: 2px 12px; margin: 4px 0; font-size: 0.9rem; }
    dt { color: var(--kpi-fg-muted); }
    dd { margin: 0; overflow-wrap: anywhere; }
    ol { margin: 4px 0; padding-left: 20px; font-size: 0.9rem; }
    .pager { display: flex; gap: 8px; align-items: center; font-size: 0.85rem; }
    table { font-size: 0.85rem; }
  `];

  @property({ attribute: false }) t!: Translate;
  @property({ attribute: false }) sheet?: Worksheet;
  /** What was clicked: `metric:NAME`, `score:NAME`, `incentive:NAME` or `payout`. */
  @property() sheetFocus = "";
  @state() private pages: Record<string, number> = {};
  @state() private all = false;

  override render() {
    const t = this.t;
    const s = this.sheet;
    if (!s) return html`<p role="status">${t("loading")}</p>`;
    const [kind, name] = this.sheetFocus.split(/:(.*)/s);
    const pick = <T,>(list: T[] | undefined, key: (x: T) => string, k: string): T[] => (list ?? []).filter((x) => this.all || (kind === k && key(x) === name));
    const metrics = pick(s.metrics, (m) => m.metric, "metric");
    const scores = pick(s.scores, (x) => x.scorecard, "score");
    const incentives = this.all || kind === "payout" ? (s.incentives ?? []) : pick(s.incentives, (x) => x.incentive, "incentive");
    return html`
      <dl>
        <dt>${t("entity")}</dt><dd>${s.entity?.name ?? ""} <code>${s.entity?.id ?? ""}</code> (${s.entity?.kind ?? ""})</dd>
        <dt>${t("periodShown")}</dt><dd>${s.period ?? ""} · ${t("asOf")} ${s.asOf ?? ""}</dd>
        ${s.rounding ? html`<dt>${t("rounding")}</dt><dd>${s.rounding}</dd>` : ""}
        ${kind === "payout" || this.all ? html`<dt>${t("colPayout")}</dt><dd>${show(s.payout)}</dd>` : ""}
      </dl>
      ${metrics.map((m) => this.metric(m))}
      ${scores.map((x) => html`<div class="sheet"><h3>${x.label ?? x.scorecard} <code class="muted">${x.scorecard}</code></h3>
        <dl><dt>${t("colScore")}</dt><dd>${show(x.score)}</dd></dl>
        <table><thead><tr><th>${t("metric")}</th><th>${t("weight")}</th><th>${t("colAttainment")}</th><th>${t("cap")}</th><th>${t("points")}</th></tr></thead>
        <tbody>${(x.items ?? []).map((i) => html`<tr><td>${i.metric}</td><td>${pct(i.weight)}</td><td>${pct(i.attainment)}</td><td>${i.cap === undefined ? "—" : pct(i.cap)}</td><td>${show(i.points)}</td></tr>`)}</tbody></table></div>`)}
      ${incentives.map((x) => html`<div class="sheet"><h3>${x.label ?? x.incentive} <code class="muted">${x.incentive}</code></h3>
        <dl><dt>${t("colIncentive")}</dt><dd>${show(x.value)}</dd>${x.trace?.form ? html`<dt>${t("form")}</dt><dd>${x.trace.form}</dd>` : ""}</dl>
        <ol>${(x.trace?.steps ?? []).map((st) => html`<li>${st}</li>`)}</ol></div>`)}
      ${this.all ? html`<div class="sheet"><h3>${t("tabAlerts")}</h3><ul>${(s.alerts ?? []).map((a) => html`<li>${a.label ?? a.alert} (${a.severity}): ${a.fired ? a.message : t("notFired")} <code class="muted">${a.when ?? ""}</code></li>`)}</ul></div>` : ""}
      <p><button @click=${() => (this.all = !this.all)} aria-pressed=${String(this.all)}>${t(this.all ? "showClicked" : "showWorksheet")}</button></p>`;
  }

  private metric(m: MetricSheet) {
    const t = this.t;
    return html`<div class="sheet"><h3>${m.label ?? m.metric} <code class="muted">${m.metric}</code></h3>
      <dl>
        <dt>${t("formula")}</dt><dd><code>${m.formula ?? ""}</code></dd>
        <dt>${t("colValue")}</dt><dd>${show(m.value)}</dd>
        ${(m.reads ?? []).map((r) => html`<dt>${t("readsMetric")}</dt><dd><code>${r.metric}</code> = ${show(r.value)}</dd>`)}
      </dl>
      ${(m.aggregates ?? []).map((a, i) => this.aggregate(`${m.metric}#${i}`, a))}
      ${m.target ? html`<dl>
        <dt>${t("colTarget")}</dt><dd>${show(m.target.base)}${m.target.challenge !== undefined && m.target.challenge !== null ? ` · ${t("challenge")} ${show(m.target.challenge)}` : ""}</dd>
        <dt>${t("colAttainment")}</dt><dd>${pct(m.target.attainment)} · ${t("colPace")} ${pct(m.target.pace)}</dd>
        ${m.target.source ? html`<dt>${t("targetSplit")}</dt><dd>${m.target.source}</dd>` : ""}
      </dl><ol>${(m.target.steps ?? []).map((st) => html`<li>${st}</li>`)}</ol>` : ""}
    </div>`;
  }

  private aggregate(key: string, a: Aggregate) {
    const t = this.t;
    const origins = a.origins ?? [];
    const page = this.pages[key] ?? 0;
    const pages = Math.max(1, Math.ceil(origins.length / PAGE));
    const shown = origins.slice(page * PAGE, page * PAGE + PAGE);
    return html`<dl><dt>${t("aggregate")}</dt><dd><code>${a.text}</code> = ${show(a.value)}${a.records !== undefined ? ` · ${t("recordsN", { n: a.records })}` : ""}</dd></dl>
      ${origins.length ? html`<table aria-label=${`${t("records")}: ${a.text}`}><thead><tr><th>${t("file")}</th><th>${t("line")}</th></tr></thead>
        <tbody>${shown.map((o) => html`<tr><td>${o.file ?? o.source ?? ""}</td><td>${o.line ?? o.index ?? ""}</td></tr>`)}</tbody></table>
        ${pages > 1 || (a.records ?? 0) > origins.length ? html`<div class="pager">
          <button ?disabled=${page === 0} @click=${() => (this.pages = { ...this.pages, [key]: page - 1 })}>${t("previous")}</button>
          <span>${t("pageOf", { n: page + 1, total: pages })}</span>
          <button ?disabled=${page >= pages - 1} @click=${() => (this.pages = { ...this.pages, [key]: page + 1 })}>${t("next")}</button>
          ${(a.records ?? 0) > origins.length ? html`<span class="muted">${t("recordsListed", { n: origins.length, total: a.records ?? 0 })}</span>` : nothing}
        </div>` : ""}` : ""}`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    "kpi-explanation": KpiExplanation;
  }
}

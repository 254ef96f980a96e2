/**
 * The Preview's what-if scenarios: "Add scenario" makes a named scenario of
 * changes — a number of the template picked from a list (tier bounds, rates,
 * pays, caps, floors, targets, weights) with its new value, a source field
 * scaled for a filter, or a funnel step's conversion — and "Compare" asks the shell to run them with the
 * baseline (`POST /v1/simulate`) over the Preview's dataset and period. The
 * answer is the "Scenario comparison" table (total payout, change, per team,
 * reps paid, reps at 100%, cost share), then each rep's change for one
 * scenario, sortable, largest change first. The component holds no server
 * state: drafts go up as events, the comparison comes down. Save draft
 * keeps them with the server's draft; until then they live in this browser.
 * @fires kpi-scenarios-change - detail `{ drafts }` (every edit; the shell keeps them)
 * @fires kpi-simulate - detail `{ drafts }`
 * @module
 */
import { LitElement, html, css, nothing } from "lit";
import { customElement, property, state } from "lit/decorators.js";
import type { SimulateResponse } from "../../client/index.js";
import type { RepChange } from "../../schemas/generated/api.js";
import type { Declaration } from "../../schemas/generated/template.js";
import { convertibleSteps, newScenario, scalableFields, settableNumbers, type DraftChange, type FunnelStepChoice, type ScenarioDraft, type Slot } from "../controllers/scenarios.js";
import { formatMoney } from "../controllers/preview-table.js";
import type { MessageKey, Translate } from "../i18n/index.js";
import type { PreviewProblem } from "./kpi-preview-tab.js";
import { shared } from "./styles.js";

const WHAT: Record<Slot["what"], MessageKey> = {
  from: "slotFrom",
  rate: "slotRate",
  pay: "slotPay",
  cap: "slotCap",
  floor: "slotFloor",
  base: "slotBase",
  challenge: "slotChallenge",
  weight: "slotWeight",
  itemCap: "slotItemCap",
};
const REPS_SHOWN = 100;

@customElement("kpi-scenarios")
export class KpiScenarios extends LitElement {
  static override styles = [
    shared,
    css`
      :host { display: block; }
      .scenario { border: 1px solid var(--kpi-border); border-radius: var(--kpi-radius); padding: 10px 12px; margin: 10px 0; }
      .scenario header { display: flex; gap: 10px; align-items: end; flex-wrap: wrap; }
      .change { display: flex; gap: 10px; align-items: end; flex-wrap: wrap; margin-top: 8px; padding-top: 8px; border-top: 1px dashed var(--kpi-border); }
      .change select.slot { max-width: 28rem; }
      .change input.value { width: 8rem; }
      .change input.where { width: 16rem; }
      .actions { display: flex; gap: 10px; margin: 10px 0; flex-wrap: wrap; align-items: center; }
      table { border-collapse: collapse; }
      th, td { padding: 4px 10px; border-bottom: 1px solid var(--kpi-border); }
      table { width: auto; min-width: min(100%, 720px); }
      th[scope="row"] { text-align: left; font-weight: 500; color: var(--kpi-fg); font-size: 0.9rem; }
      td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
      .up { color: var(--kpi-error); }
      .down { color: #17693a; }
      .total th, .total td { font-weight: 700; }
      .wide { overflow-x: auto; max-width: 100%; }
      .problem { border: 1px solid #e3a5a1; background: #fbeaea; border-radius: var(--kpi-radius); padding: 8px 12px; margin: 8px 0; }
      th button { all: unset; cursor: pointer; }
      th button:focus-visible { outline: 3px solid var(--kpi-focus); }
    `,
  ];

  @property({ attribute: false }) t!: Translate;
  @property() lang = "en";
  @property() currency = "CNY";
  @property({ attribute: false }) declarations: readonly Declaration[] = [];
  @property({ attribute: false }) drafts: ScenarioDraft[] = [];
  @property({ attribute: false }) comparison?: SimulateResponse;
  @property({ type: Boolean }) running = false;
  @property({ type: Boolean }) stale = false;
  /** Why the last comparison failed (items already in the admin's terms). */
  @property({ attribute: false }) problem?: PreviewProblem;
  /** Whether Compare can run: a dataset and a period are chosen. */
  @property({ type: Boolean }) ready = false;
  /** The scenarios shown are not the ones saved with the server's draft. */
  @property({ type: Boolean }) unsaved = false;
  @state() private repsOf = 0;
  @state() private order: "largest" | "rise" | "fall" = "largest";

  override render() {
    const t = this.t;
    const slots = settableNumbers(this.declarations);
    const fields = scalableFields(this.declarations);
    const steps = convertibleSteps(this.declarations);
    return html`<h2 id="scen-h">${t("scenarios")}</h2>
      <p class="muted">${t("scenariosHint")}</p>
      ${this.drafts.map((d, i) => this.scenario(d, i, slots, fields, steps))}
      <div class="actions">
        <button type="button" @click=${() => this.change([...this.drafts, newScenario(slots, fields, this.drafts.length + 1, t("scenarioN", { n: this.drafts.length + 1 }))])} ?disabled=${this.drafts.length >= 10}>${t("addScenario")}</button>
        ${this.drafts.length ? html`<button type="button" class="primary" ?disabled=${this.running || !this.ready} @click=${this.onCompare}>${t("compare")}</button>` : ""}
        ${this.running ? html`<span role="status">${t("running")}</span>` : ""}
        ${!this.ready && this.drafts.length ? html`<span class="muted">${t("compareNeedsRun")}</span>` : ""}
        ${this.stale && this.comparison ? html`<span class="stale" style="color: var(--kpi-warning); font-weight: 600">${t("comparisonStale")}</span>` : ""}
        <span class="muted" data-saved=${this.unsaved ? "no" : "yes"}>${this.unsaved ? t("scenariosUnsaved") : this.drafts.length ? t("scenariosSaved") : ""}</span>
      </div>
      ${this.problem ? html`<div class="problem" role="alert">
        <strong>${t("error")} ${this.problem.status}: ${this.problem.title}</strong>
        <div>${this.problem.detail}</div>
        ${this.problem.items.length ? html`<ul>${this.problem.items.map((x) => html`<li>${x}</li>`)}</ul>` : ""}
      </div>` : ""}
      ${this.comparison ? this.table(this.comparison) : nothing}`;
  }

  private scenario(d: ScenarioDraft, i: number, slots: Slot[], fields: ReturnType<typeof scalableFields>, steps: FunnelStepChoice[]) {
    const t = this.t;
    const set = (next: Partial<ScenarioDraft>) => this.change(this.drafts.map((x, j) => (j === i ? { ...x, ...next } : x)));
    const setChange = (k: number, c: DraftChange) => set({ changes: d.changes.map((x, j) => (j === k ? c : x)) });
    return html`<fieldset class="scenario" aria-label=${d.name || t("scenarioN", { n: i + 1 })}>
      <header>
        <label>${t("scenarioName")}<input .value=${d.name} maxlength="100" @input=${(e: Event) => set({ name: (e.target as HTMLInputElement).value })} /></label>
        <button type="button" @click=${() => set({ changes: [...d.changes, newScenario(slots, fields, 0).changes[0] ?? { kind: "scale", field: "", by: "+10%", where: "" }] })}>${t("addChange")}</button>
        <button type="button" @click=${() => this.change(this.drafts.filter((_, j) => j !== i))}>${t("removeScenario", { name: d.name })}</button>
      </header>
      ${d.changes.map((c, k) => html`<div class="change">
        <label>${t("changeKind")}<select .value=${c.kind} @change=${(e: Event) => {
          const kind = (e.target as HTMLSelectElement).value;
          const slot = slots.find((s) => s.what === "rate") ?? slots[0];
          setChange(k, kind === "set" ? { kind: "set", slot: slot?.key ?? "", value: slot?.current ?? "" } : kind === "conversion" ? { kind: "conversion", step: steps[0]?.key ?? "", by: "+10%" } : { kind: "scale", field: fields[0]?.key ?? "", by: "+10%", where: "" });
        }}>
          <option value="set" ?selected=${c.kind === "set"}>${t("changeSet")}</option>
          <option value="scale" ?selected=${c.kind === "scale"}>${t("changeScale")}</option>
          ${steps.length || c.kind === "conversion" ? html`<option value="conversion" ?selected=${c.kind === "conversion"}>${t("changeConversion")}</option>` : nothing}
        </select></label>
        ${c.kind === "set" ? html`
          <label>${t("numberToChange")}<select class="slot" @change=${(e: Event) => {
            const slot = slots.find((s) => s.key === (e.target as HTMLSelectElement).value);
            setChange(k, { kind: "set", slot: slot?.key ?? "", value: slot?.current ?? "" });
          }}>${slots.map((s) => html`<option value=${s.key} ?selected=${s.key === c.slot}>${this.slotLabel(s)}</option>`)}</select></label>
          <label>${t("newValue")}<input class="value" .value=${c.value} @input=${(e: Event) => setChange(k, { ...c, value: (e.target as HTMLInputElement).value })} /></label>`
        : c.kind === "conversion" ? html`
          <label>${t("funnelStep")}<select @change=${(e: Event) => setChange(k, { ...c, step: (e.target as HTMLSelectElement).value })}>
            ${steps.map((st) => html`<option value=${st.key} ?selected=${st.key === c.step}>${st.label}</option>`)}
          </select></label>
          <label>${t("conversionBy")}<input class="value" .value=${c.by} placeholder="+10%" @input=${(e: Event) => setChange(k, { ...c, by: (e.target as HTMLInputElement).value })} /></label>`
        : html`
          <label>${t("sourceField")}<select @change=${(e: Event) => setChange(k, { ...c, field: (e.target as HTMLSelectElement).value })}>
            ${fields.map((f) => html`<option value=${f.key} ?selected=${f.key === c.field}>${f.label}</option>`)}
          </select></label>
          <label>${t("scaleBy")}<input class="value" .value=${c.by} placeholder="+10%" @input=${(e: Event) => setChange(k, { ...c, by: (e.target as HTMLInputElement).value })} /></label>
          <label>${t("scaleWhere")}<input class="where" .value=${c.where} placeholder='kind == "new"' @input=${(e: Event) => setChange(k, { ...c, where: (e.target as HTMLInputElement).value })} /></label>`}
        <button type="button" @click=${() => set({ changes: d.changes.filter((_, j) => j !== k) })}>${t("removeChange", { n: k + 1 })}</button>
      </div>`)}
    </fieldset>`;
  }

  private slotLabel(s: Slot): string {
    const what = this.t(WHAT[s.what], { n: s.step ?? 0, metric: s.metric ?? "" });
    return `${s.decl} · ${what} (${s.current})`;
  }

  private table(c: SimulateResponse) {
    const t = this.t;
    const all = [c.baseline, ...c.scenarios];
    const money = (v: string) => formatMoney(v, c.currency, this.lang);
    const signed = (v: string | undefined) => (v === undefined ? "" : `${v.startsWith("-") || Number(v) === 0 ? "" : "+"}${money(v)}`);
    const cls = (v: string | undefined) => (v === undefined || Number(v) === 0 ? "" : v.startsWith("-") ? "down" : "up");
    const share = (v: string | null) => (v === null ? "—" : new Intl.NumberFormat(this.lang, { style: "percent", minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(Number(v)));
    const picked = c.scenarios[Math.min(this.repsOf, c.scenarios.length - 1)];
    return html`<div class="wide"><table aria-label=${t("scenarioComparison")}>
      <caption class="muted" style="text-align:left">${t("scenarioComparison")} · ${c.period}</caption>
      <thead><tr><td></td>${all.map((s, i) => html`<th scope="col" class="num">${i === 0 ? t("baseline") : s.name}</th>`)}</tr></thead>
      <tbody>
        <tr class="total"><th scope="row">${t("totalPayout")}</th>${all.map((s) => html`<td class="num">${money(s.totalPayout)}</td>`)}</tr>
        <tr><th scope="row">${t("changeVsBaseline")}</th><td class="num">—</td>${c.scenarios.map((s) => html`<td class=${`num ${cls(s.change)}`}>${signed(s.change)}</td>`)}</tr>
        ${c.baseline.payoutByTeam.map((team, i) => html`<tr><th scope="row">${t("payoutOf", { name: team.name })}</th>${all.map((s) => html`<td class="num">${money(s.payoutByTeam[i]?.payout ?? "0")}</td>`)}</tr>`)}
        <tr><th scope="row">${t("repsPaid")}</th>${all.map((s) => html`<td class="num">${s.repsPaid}</td>`)}</tr>
        <tr><th scope="row">${t("repsAbove100", { metric: c.attainmentMetric })}</th>${all.map((s) => html`<td class="num">${s.repsAbove100}</td>`)}</tr>
        <tr><th scope="row">${t("costShare", { metric: c.revenueMetric })}</th>${all.map((s) => html`<td class="num">${share(s.costShare)}</td>`)}</tr>
      </tbody>
    </table></div>
    ${picked ? this.reps(picked.name, picked.reps ?? [], money, signed, cls, c.scenarios.map((s) => s.name)) : nothing}`;
  }

  private reps(name: string, reps: RepChange[], money: (v: string) => string, signed: (v: string) => string, cls: (v: string) => string, names: string[]) {
    const t = this.t;
    const sorted = this.order === "largest" ? reps : [...reps].sort((a, b) => (this.order === "rise" ? Number(b.change) - Number(a.change) : Number(a.change) - Number(b.change)) || (a.id < b.id ? -1 : 1));
    const next = { largest: "rise", rise: "fall", fall: "largest" } as const;
    const sortLabel = { largest: t("sortLargest"), rise: t("sortRise"), fall: t("sortFall") }[this.order];
    return html`<h3>${t("changePerRep")}</h3>
      ${names.length > 1 ? html`<label>${t("scenarioShown")}<select @change=${(e: Event) => (this.repsOf = Number((e.target as HTMLSelectElement).value))}>
        ${names.map((n, i) => html`<option value=${i} ?selected=${n === name}>${n}</option>`)}
      </select></label>` : ""}
      <div class="wide" style="max-height: 420px; overflow: auto" tabindex="0" role="region" aria-label=${t("changePerRepOf", { name })}><table aria-label=${t("changePerRepOf", { name })}>
        <thead><tr>
          <th scope="col">${t("entity")}</th><th scope="col" class="num">${t("baseline")}</th><th scope="col" class="num">${name}</th>
          <th scope="col" class="num" aria-sort=${this.order === "largest" ? "none" : this.order === "rise" ? "descending" : "ascending"}><button @click=${() => (this.order = next[this.order])} title=${sortLabel}>${t("colChange")} · ${sortLabel}</button></th>
        </tr></thead>
        <tbody>${sorted.slice(0, REPS_SHOWN).map((r) => html`<tr><td>${r.name} <code class="muted">${r.id}</code></td><td class="num">${money(r.baselinePayout)}</td><td class="num">${money(r.payout)}</td><td class=${`num ${cls(r.change)}`}>${signed(r.change)}</td></tr>`)}</tbody>
      </table></div>
      ${reps.length > REPS_SHOWN ? html`<p class="muted">${t("moreReps", { n: reps.length - REPS_SHOWN })}</p>` : ""}`;
  }

  private change(drafts: ScenarioDraft[]): void {
    this.dispatchEvent(new CustomEvent("kpi-scenarios-change", { detail: { drafts }, bubbles: true, composed: true }));
  }

  private readonly onCompare = (): void => {
    this.dispatchEvent(new CustomEvent("kpi-simulate", { detail: { drafts: this.drafts }, bubbles: true, composed: true }));
  };
}

declare global {
  interface HTMLElementTagNameMap {
    "kpi-scenarios": KpiScenarios;
  }
}

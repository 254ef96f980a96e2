/**
 * Incentives: for each incentive, whom it pays, its basis, tier table, gate,
 * cap and floor, and the payout curve over attainment 0–200%, which redraws
 * as the tier table changes. A formula incentive shows its formula. New
 * incentives start as one tier on a chosen metric.
 * @fires kpi-decl - detail `{ decl }`
 * @module
 */
import { html, css } from "lit";
import { customElement, property, state } from "lit/decorators.js";
import type { IncentiveDecl, Tiers } from "../../schemas/generated/template.js";
import { isName, isNumberLiteral, literalValue, shownDecls, withOptional } from "../controllers/commands.js";
import { payoutCurve } from "../controllers/payout-curve.js";
import { DeclTab } from "./decl-tab.js";
import { shared } from "./styles.js";
import "./kpi-tier-table.js";

// ECharts is the bundle's largest part: it loads with the first Incentives tab shown (its own chunk).
let chartLoaded: Promise<unknown> | undefined;

@customElement("kpi-incentives-tab")
export class KpiIncentivesTab extends DeclTab {
  static override styles = [shared, css`
    section { background: var(--kpi-bg); border: 1px solid var(--kpi-border); border-radius: var(--kpi-radius); padding: 12px; margin-bottom: 12px; }
    .cols { display: grid; grid-template-columns: minmax(360px, 1fr) minmax(320px, 1fr); gap: 16px; }
    @media (max-width: 1100px) { .cols { grid-template-columns: 1fr; } }
    input.mono { font-family: var(--kpi-mono); }
    form.add { margin: 12px 0; }
  `];

  @property() lang = "en";
  @state() private newName = "";
  @state() private newFor = "";
  @state() private newBasis = "";

  override connectedCallback(): void {
    super.connectedCallback();
    chartLoaded ??= import("./kpi-payout-chart.js");
  }

  override render() {
    const t = this.t;
    return html`<h2>${t("tabIncentives")}</h2>${shownDecls(this.model, this.merged, "incentive").map((s) => this.incentive(s.decl, this.badge(s), this.removeButton(s, s.decl.name)))}${this.addForm()}`;
  }

  /**
   * A new incentive: its name, whom it pays and the metric it is paid on; it
   * starts as one tier (5% of the basis from 100% attainment when the metric
   * has a target, else from 0), which the tier table then shapes.
   */
  private addForm() {
    const t = this.t;
    if (this.readonly) return "";
    const kinds = shownDecls(this.model, this.merged, "entity").map((s) => s.decl.name).filter((k) => k !== "all");
    const metrics = shownDecls(this.model, this.merged, "metric").map((s) => s.decl.name);
    if (metrics.length === 0) return "";
    const taken = new Set(this.merged.declarations.flatMap((d) => (d.kind === "incentive" ? [d.name] : [])));
    const valid = isName(this.newName) && !taken.has(this.newName);
    const forKind = kinds.includes(this.newFor) ? this.newFor : kinds.at(-1) ?? "";
    const basis = metrics.includes(this.newBasis) ? this.newBasis : metrics[0]!;
    return html`<form class="row add" @submit=${(e: Event) => {
      e.preventDefault();
      if (!valid) return;
      const targeted = shownDecls(this.model, this.merged, "target").some((x) => x.decl.metric === basis);
      const tiers: Tiers = targeted ? { mode: "retroactive", on: `attainment(${basis})`, steps: [{ from: "100%", rate: "5%" }] } : { mode: "retroactive", steps: [{ from: "0", rate: "5%" }] };
      this.putDecl({ kind: "incentive", name: this.newName, ...(forKind ? { for: forKind } : {}), basis, tiers });
      this.newName = "";
    }}>
      <label>${t("newIncentiveName")}<input class="mono" .value=${this.newName} aria-invalid=${this.newName !== "" && !valid ? "true" : "false"} aria-describedby="new-incentive-why"
        @input=${(e: Event) => (this.newName = (e.target as HTMLInputElement).value.trim())} /></label>
      ${kinds.length ? html`<label>${t("forEntity")}<select @change=${(e: Event) => (this.newFor = (e.target as HTMLSelectElement).value)}>
        ${kinds.map((k) => html`<option value=${k} ?selected=${k === forKind}>${k}</option>`)}</select></label>` : ""}
      <label>${t("basis")}<select @change=${(e: Event) => (this.newBasis = (e.target as HTMLSelectElement).value)}>
        ${metrics.map((m) => html`<option value=${m} ?selected=${m === basis}>${m}</option>`)}</select></label>
      <button type="submit" ?disabled=${!valid}>${t("addIncentive")}</button>
      <span id="new-incentive-why" class="error">${taken.has(this.newName) ? t("nameTakenHere", { name: this.newName }) : this.newName !== "" && !valid ? t("badName") : ""}</span>
    </form>`;
  }

  /** The base target of a metric (the target declared for it), as a number; for the curve. */
  private targetOf(expr: string | undefined): number | undefined {
    const m = expr === undefined ? undefined : /^(?:attainment\()?([\p{L}_][\p{L}\p{N}_.]*)\)?$/u.exec(expr.trim())?.[1];
    if (!m) return undefined;
    const target = shownDecls(this.model, this.merged, "target").find((x) => x.decl.metric === m)?.decl;
    const v = target?.base ? literalValue(target.base.value) : NaN;
    return Number.isFinite(v) && v > 0 ? v : undefined;
  }

  private incentive(d: IncentiveDecl, badge: unknown, remove: unknown) {
    const t = this.t;
    const head = html`<div class="row"><h3><code>${d.name}</code> ${d.label ?? ""}</h3>${badge}${d.for ? html`<span>${t("forEntity")}: <code>${d.for}</code></span>` : ""}${remove}</div>`;
    if (d.formula !== undefined) return html`<section aria-label=${`${t("incentive")} ${d.name}`}>${head}<p>${t("formulaIncentive", { formula: "" })}<code>${d.formula}</code></p></section>`;
    const onAttainment = d.tiers?.on !== undefined && /^attainment\(/.test(d.tiers.on);
    const target = this.targetOf(d.basis) ?? (onAttainment ? this.targetOf(d.tiers?.on) : undefined) ?? 100_000;
    const measureTarget = d.tiers?.on !== undefined && !onAttainment ? this.targetOf(d.tiers.on) : undefined;
    const points = d.tiers ? payoutCurve(d, { target, ...(measureTarget !== undefined ? { measureTarget } : {}) }) : [];
    const num = (key: "cap" | "floor", v: string): void => {
      if (v === "" || isNumberLiteral(v)) this.putDecl(withOptional(d, key, v));
    };
    return html`<section aria-label=${`${t("incentive")} ${d.name}`}>
      ${head}
      <div class="row">
        ${this.textInput(`${t("basis")}`, d.basis ?? "", (v) => this.putDecl(withOptional(d, "basis", v.trim())), { mono: true, width: "28" })}
        ${this.textInput(`${t("gate")}`, d.gate ?? "", (v) => this.putDecl(withOptional(d, "gate", v.trim())), { mono: true, width: "36" })}
        <label>${t("cap")}<input size="10" .value=${d.cap ?? ""} ?readonly=${this.readonly} @input=${(e: Event) => num("cap", (e.target as HTMLInputElement).value.trim())} /></label>
        <label>${t("floor")}<input size="10" .value=${d.floor ?? ""} ?readonly=${this.readonly} @input=${(e: Event) => num("floor", (e.target as HTMLInputElement).value.trim())} /></label>
      </div>
      ${d.tiers ? html`<div class="cols">
        <div><h3>${t("tiers")}</h3><kpi-tier-table .t=${t} .tiers=${d.tiers} .name=${d.name} ?readonly=${this.readonly} @kpi-tiers=${(e: CustomEvent<{ tiers: Tiers }>) => { e.stopPropagation(); this.putDecl({ ...d, tiers: e.detail.tiers }); }}></kpi-tier-table></div>
        <div><h3>${t("payoutCurve")}</h3>
          <kpi-payout-chart .points=${points} label=${`${t("payoutCurve")}: ${d.name}`} xName=${t("attainment")} yName=${t("payout")}></kpi-payout-chart>
          <p class="muted">${t("payoutAssumes", { target: target.toLocaleString(this.lang) })}</p></div>
      </div>` : ""}
    </section>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    "kpi-incentives-tab": KpiIncentivesTab;
  }
}

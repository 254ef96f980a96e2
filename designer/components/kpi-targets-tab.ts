/**
 * Targets: each target's base (and whom and which period it is given for),
 * the challenge, quarter and month weights, and how a root total goes down
 * the tree; a yearly base shows a live split preview (year → quarter →
 * month) that sums exactly, with a check that the weights make 100%.
 * @fires kpi-decl - detail `{ decl }`
 * @module
 */
import { html, css } from "lit";
import { customElement } from "lit/decorators.js";
import Big from "big.js";
import type { TargetDecl } from "../../schemas/generated/template.js";
import { isNumberLiteral, shownDecls, withOptional } from "../controllers/commands.js";
import { previewSplit } from "../controllers/split-preview.js";
import { DeclTab } from "./decl-tab.js";
import { shared } from "./styles.js";

/**
 * The exact sum of percentage literals, as a percentage text.
 * @example
 * sumPercent(["20%", "25%", "25%", "30%"]); // "100%"
 */
export function sumPercent(ws: readonly string[]): string {
  let s = new Big(0);
  for (const w of ws) if (isNumberLiteral(w)) s = s.plus(new Big(w.replace(/[_%]/g, "")).div(w.endsWith("%") ? 100 : 1));
  return `${s.times(100).toString()}%`;
}

const fmt = (n: number): string => n.toLocaleString("en-US", { maximumFractionDigits: 2 });

@customElement("kpi-targets-tab")
export class KpiTargetsTab extends DeclTab {
  static override styles = [shared, css`
    section { background: var(--kpi-bg); border: 1px solid var(--kpi-border); border-radius: var(--kpi-radius); padding: 12px; margin-bottom: 12px; }
    .weights { display: flex; flex-wrap: wrap; gap: 6px; }
    .weights input { width: 64px; }
    .preview td, .preview th { text-align: right; font-variant-numeric: tabular-nums; padding: 3px 6px; font-size: 0.85rem; }
    .ok { color: var(--kpi-ok); }
  `];

  override render() {
    const t = this.t;
    return html`<h2>${t("tabTargets")}</h2>${shownDecls(this.model, this.merged, "target").map((s) => this.target(s.decl, s.inherited ? this.badge(s) : ""))}`;
  }

  private target(d: TargetDecl, badge: unknown) {
    const t = this.t;
    const base = d.base;
    const set = (patch: Partial<TargetDecl>): void => this.putDecl({ ...d, ...patch });
    return html`<section aria-label=${`${t("target")} ${d.metric}`}>
      <div class="row"><h3><code>${d.metric}</code></h3>${badge}</div>
      <div class="row">
        ${base ? html`<label>${t("base")} (${d.metric})<input .value=${base.value} ?readonly=${this.readonly} aria-invalid=${isNumberLiteral(base.value) ? "false" : "true"}
          @input=${(e: Event) => { const v = (e.target as HTMLInputElement).value.trim(); if (isNumberLiteral(v)) set({ base: { ...base, value: v } }); }} /></label>
          <span>${base.perEntity ? `${t("perEntity")} ${base.perEntity}` : ""} ${base.per ? `${t("per")}: ${base.per}` : ""} ${base.flat ? "flat" : ""}</span>` : ""}
        <label>${t("challenge")} (${d.metric})<input size="8" .value=${d.challenge ?? ""} ?readonly=${this.readonly}
          @change=${(e: Event) => { const v = (e.target as HTMLInputElement).value.trim(); if (v === "" || isNumberLiteral(v)) this.putDecl(withOptional(d, "challenge", v)); }} /></label>
        <label>${t("split")}<select ?disabled=${this.readonly} @change=${(e: Event) => { const v = (e.target as HTMLSelectElement).value; this.putDecl(v === "" ? withOptional(d, "split", undefined) : { ...d, split: { by: v as "even" | "history" } }); }}>
          <option value="" ?selected=${!d.split}>—</option>
          ${(["even", "history"] as const).map((o) => html`<option value=${o} ?selected=${d.split?.by === o}>${o}</option>`)}
          ${d.split?.by === "attr" ? html`<option value="attr" selected disabled>attr ${d.split.attr ?? ""}</option>` : ""}
        </select></label>
      </div>
      ${base?.per === "year" ? this.weights(d) : ""}
    </section>`;
  }

  private weights(d: TargetDecl) {
    const t = this.t;
    const quarters = d.quarters ?? [];
    const months = d.months ?? [];
    const setWeight = (kind: "quarters" | "months", i: number, v: string): void => {
      if (!isNumberLiteral(v)) return;
      const list = [...(d[kind] ?? (kind === "quarters" ? ["25%", "25%", "25%", "25%"] : []))];
      list[i] = v;
      this.putDecl({ ...d, [kind]: list });
    };
    const qSum = sumPercent(quarters);
    const mSum = sumPercent(months);
    const p = previewSplit(d.base!.value, quarters, months);
    const sumCheck = (ws: string[], sum: string) => (ws.length === 0 ? "" : sum === "100%" ? html`<span class="ok">✓ ${t("weightsSum", { sum })}</span>` : html`<span class="error" role="alert">${t("weightsMustBe100", { sum })}</span>`);
    return html`
      <h3>${t("quarters")}</h3>
      <div class="weights">${[0, 1, 2, 3].map((i) => html`<label>${t("quarterN", { n: i + 1 })}<input .value=${quarters[i] ?? ""} placeholder="25%" ?readonly=${this.readonly || months.length > 0}
        @input=${(e: Event) => setWeight("quarters", i, (e.target as HTMLInputElement).value.trim())} /></label>`)} ${sumCheck(quarters, qSum)}</div>
      ${months.length ? html`<h3>${t("months")}</h3>
      <div class="weights">${months.map((m, i) => html`<label>${t("monthN", { n: i + 1 })}<input .value=${m} ?readonly=${this.readonly}
        @input=${(e: Event) => setWeight("months", i, (e.target as HTMLInputElement).value.trim())} /></label>`)} ${sumCheck(months, mSum)}</div>` : ""}
      <h3>${t("splitPreview", { value: d.base!.value })}</h3>
      ${p.ok ? html`<table class="preview" aria-label=${t("splitPreview", { value: d.base!.value })}>
        <tr><th></th>${p.months.map((_, i) => html`<th>${t("monthN", { n: i + 1 })}</th>`)}<th>${t("splitSum")}</th></tr>
        <tr><th>${t("months")}</th>${p.months.map((m) => html`<td>${fmt(m)}</td>`)}<td><strong>${fmt(p.months.reduce((a, b) => Math.round((a + b) * 100) / 100, 0))}</strong></td></tr>
        <tr><th>${t("quarters")}</th>${p.quarters.map((q) => html`<td colspan="3">${fmt(q)}</td>`)}<td><strong>${fmt(p.total)}</strong></td></tr>
      </table>` : html`<p class="error">${p.reason}</p>`}`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    "kpi-targets-tab": KpiTargetsTab;
  }
}

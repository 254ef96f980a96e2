/**
 * Scorecards: each scorecard's metrics with weight and cap, and a live check
 * that the weights sum to exactly 100% (decimal arithmetic, as the checker).
 * @fires kpi-decl - detail `{ decl }`
 * @module
 */
import { html, css } from "lit";
import { customElement } from "lit/decorators.js";
import type { ScorecardDecl } from "../../schemas/generated/template.js";
import { isNumberLiteral, shownDecls, withOptional } from "../controllers/commands.js";
import { DeclTab } from "./decl-tab.js";
import { sumPercent } from "./kpi-targets-tab.js";
import { shared } from "./styles.js";

@customElement("kpi-scorecards-tab")
export class KpiScorecardsTab extends DeclTab {
  static override styles = [shared, css`section { background: var(--kpi-bg); border: 1px solid var(--kpi-border); border-radius: var(--kpi-radius); padding: 12px; margin-bottom: 12px; } input { width: 90px; } .ok { color: var(--kpi-ok); } tfoot td { font-weight: 600; }`];

  override render() {
    const t = this.t;
    return html`<h2>${t("tabScorecards")}</h2>${shownDecls(this.model, this.merged, "scorecard").map((s) => {
      const sc = s.decl;
      const sum = sumPercent(sc.items.map((i) => i.weight));
      return html`<section aria-label=${`${t("scorecard")} ${sc.name}`}>
        <div class="row"><h3><code>${sc.name}</code> ${sc.label ?? ""}</h3>${this.badge(s)}</div>
        <table>
          <thead><tr><th>${t("metric")}</th><th>${t("weight")}</th><th>${t("cap")}</th></tr></thead>
          <tbody>${sc.items.map((it, i) => html`<tr><td><code>${it.metric}</code></td>
            <td><input aria-label=${`${t("weight")} ${it.metric}`} .value=${it.weight} ?readonly=${this.readonly} aria-invalid=${isNumberLiteral(it.weight) ? "false" : "true"}
              @input=${(e: Event) => this.setItem(sc, i, "weight", (e.target as HTMLInputElement).value.trim())} /></td>
            <td><input aria-label=${`${t("cap")} ${it.metric}`} .value=${it.cap ?? ""} ?readonly=${this.readonly}
              @input=${(e: Event) => this.setItem(sc, i, "cap", (e.target as HTMLInputElement).value.trim())} /></td></tr>`)}</tbody>
          <tfoot><tr><td>${t("splitSum")}</td><td colspan="2">${sum === "100%" ? html`<span class="ok" role="status">✓ ${t("weightsSum", { sum })}</span>` : html`<span class="error" role="alert">${t("weightsMustBe100", { sum })}</span>`}</td></tr></tfoot>
        </table></section>`;
    })}`;
  }

  private setItem(sc: ScorecardDecl, i: number, key: "weight" | "cap", v: string): void {
    if (v !== "" && !isNumberLiteral(v)) return;
    if (key === "weight" && v === "") return;
    const items = sc.items.map((it, k) => (k === i ? withOptional(it, key, v) : it));
    this.putDecl({ ...sc, items });
  }
}

declare global {
  interface HTMLElementTagNameMap {
    "kpi-scorecards-tab": KpiScorecardsTab;
  }
}

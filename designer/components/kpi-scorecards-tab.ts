/**
 * Scorecards: each scorecard's metrics with weight and cap, and a live check
 * that the weights sum to exactly 100% (decimal arithmetic, as the checker);
 * metrics added to and removed from a scorecard, new scorecards.
 * @fires kpi-decl - detail `{ decl }`
 * @module
 */
import { html, css } from "lit";
import { customElement, state } from "lit/decorators.js";
import type { ScorecardDecl } from "../../schemas/generated/template.js";
import { isName, isNumberLiteral, shownDecls, withOptional } from "../controllers/commands.js";
import { DeclTab } from "./decl-tab.js";
import { sumPercent } from "./kpi-targets-tab.js";
import { shared } from "./styles.js";

@customElement("kpi-scorecards-tab")
export class KpiScorecardsTab extends DeclTab {
  @state() private newName = "";
  /** The metric and weight typed to add, per scorecard. */
  @state() private adding: Record<string, { metric?: string; weight: string }> = {};
  static override styles = [shared, css`section { background: var(--kpi-bg); border: 1px solid var(--kpi-border); border-radius: var(--kpi-radius); padding: 12px; margin-bottom: 12px; } input { width: 90px; } form.add { margin: 8px 0 0; } form.add input.mono { width: 200px; font-family: var(--kpi-mono); } .ok { color: var(--kpi-ok); } tfoot td { font-weight: 600; }`];

  override render() {
    const t = this.t;
    return html`<h2>${t("tabScorecards")}</h2>${shownDecls(this.model, this.merged, "scorecard").map((s) => {
      const sc = s.decl;
      const sum = sumPercent(sc.items.map((i) => i.weight));
      return html`<section aria-label=${`${t("scorecard")} ${sc.name}`}>
        <div class="row"><h3><code>${sc.name}</code> ${sc.label ?? ""}</h3>${this.badge(s)}${this.removeButton(s, sc.name)}</div>
        <table>
          <thead><tr><th>${t("metric")}</th><th>${t("weight")}</th><th>${t("cap")}</th><th></th></tr></thead>
          <tbody>${sc.items.map((it, i) => html`<tr><td><code>${it.metric}</code></td>
            <td><input aria-label=${`${t("weight")} ${it.metric}`} .value=${it.weight} ?readonly=${this.readonly} aria-invalid=${isNumberLiteral(it.weight) ? "false" : "true"}
              @input=${(e: Event) => this.setItem(sc, i, "weight", (e.target as HTMLInputElement).value.trim())} /></td>
            <td><input aria-label=${`${t("cap")} ${it.metric}`} .value=${it.cap ?? ""} ?readonly=${this.readonly}
              @input=${(e: Event) => this.setItem(sc, i, "cap", (e.target as HTMLInputElement).value.trim())} /></td>
            <td>${this.readonly ? "" : html`<button class="remove" aria-label=${t("removeItem", { metric: it.metric, scorecard: sc.name })} @click=${() => this.putDecl({ ...sc, items: sc.items.filter((_, k) => k !== i) })}>✕</button>`}</td></tr>`)}</tbody>
          <tfoot><tr><td>${t("splitSum")}</td><td colspan="3">${sum === "100%" ? html`<span class="ok" role="status">✓ ${t("weightsSum", { sum })}</span>` : html`<span class="error" role="alert">${t("weightsMustBe100", { sum })}</span>`}</td></tr></tfoot>
        </table>${this.addItem(sc)}</section>`;
    })}${this.addScorecard()}`;
  }

  /** Adds a metric not yet in the scorecard, with its weight. */
  private addItem(sc: ScorecardDecl) {
    const t = this.t;
    if (this.readonly) return "";
    const inIt = new Set(sc.items.map((i) => i.metric));
    const free = shownDecls(this.model, this.merged, "metric").map((s) => s.decl.name).filter((m) => !inIt.has(m));
    if (free.length === 0) return "";
    const a = this.adding[sc.name] ?? { weight: "" };
    const metric = a.metric && free.includes(a.metric) ? a.metric : free[0]!;
    const valid = isNumberLiteral(a.weight);
    const set = (patch: Partial<{ metric: string; weight: string }>): void => void (this.adding = { ...this.adding, [sc.name]: { ...a, ...patch } });
    return html`<form class="row add" @submit=${(e: Event) => {
      e.preventDefault();
      if (!valid) return;
      this.putDecl({ ...sc, items: [...sc.items, { metric, weight: a.weight }] });
      set({ weight: "" });
    }}>
      <label>${t("addToScorecard", { scorecard: sc.name })}<select @change=${(e: Event) => set({ metric: (e.target as HTMLSelectElement).value })}>
        ${free.map((m) => html`<option value=${m} ?selected=${m === metric}>${m}</option>`)}</select></label>
      <label>${t("weight")}<input .value=${a.weight} placeholder="10%" aria-invalid=${a.weight === "" || valid ? "false" : "true"} @input=${(e: Event) => set({ weight: (e.target as HTMLInputElement).value.trim() })} /></label>
      <button type="submit" ?disabled=${!valid}>${t("addItem")}</button>
    </form>`;
  }

  private addScorecard() {
    const t = this.t;
    if (this.readonly) return "";
    const taken = new Set(this.merged.declarations.flatMap((d) => (d.kind === "scorecard" ? [d.name] : [])));
    const valid = isName(this.newName) && !taken.has(this.newName);
    return html`<form class="row add" @submit=${(e: Event) => {
      e.preventDefault();
      if (!valid) return;
      this.putDecl({ kind: "scorecard", name: this.newName, items: [] });
      this.newName = "";
    }}>
      <label>${t("newScorecardName")}<input class="mono" .value=${this.newName} aria-invalid=${this.newName !== "" && !valid ? "true" : "false"} @input=${(e: Event) => (this.newName = (e.target as HTMLInputElement).value.trim())} /></label>
      <button type="submit" ?disabled=${!valid}>${t("addScorecard")}</button>
    </form>`;
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

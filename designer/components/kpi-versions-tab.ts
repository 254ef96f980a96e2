/**
 * Versions: the published versions (number, in force from, when, by whom)
 * and a comparison of any two (or a version and the draft): the text diff
 * and the metrics, targets and incentives added, removed and changed.
 * @fires kpi-diff - detail `{ from, to }` (`to` may be "draft")
 * @module
 */
import { LitElement, html, css } from "lit";
import { customElement, property, state } from "lit/decorators.js";
import type { NameChanges, TemplateDiff, VersionSummary } from "../../client/index.js";
import type { MessageKey, Translate } from "../i18n/index.js";
import { shared } from "./styles.js";

@customElement("kpi-versions-tab")
export class KpiVersionsTab extends LitElement {
  static override styles = [shared, css`
    pre { background: var(--kpi-bg); border: 1px solid var(--kpi-border); border-radius: var(--kpi-radius); padding: 8px; overflow: auto; max-height: 420px; }
    pre span { display: block; min-height: 1.2em; }
    .add { color: var(--kpi-ok); background: #e8f5ec; }
    .del { color: var(--kpi-error); background: #fbeaea; }
    .hunk { color: var(--kpi-fg-muted); }
    .changes { display: grid; grid-template-columns: repeat(3, minmax(0, 1fr)); gap: 12px; }
    ul { margin: 4px 0; padding-left: 18px; }
    table { background: var(--kpi-bg); }
  `];

  @property({ attribute: false }) t!: Translate;
  @property({ attribute: false }) versions: VersionSummary[] = [];
  @property({ attribute: false }) diff?: TemplateDiff;
  @property() lang = "en";
  @state() private from = "";
  @state() private to = "draft";

  override render() {
    const t = this.t;
    const latest = this.versions[this.versions.length - 1];
    const from = this.from || String(latest ? Math.max(1, latest.version - 1) : "");
    return html`<h2>${t("versions")}</h2>
      <table>
        <thead><tr><th>${t("version")}</th><th>${t("effectiveFrom")}</th><th>${t("publishedAt")}</th><th>${t("publishedBy")}</th></tr></thead>
        <tbody>${[...this.versions].reverse().map((v) => html`<tr><td>v${v.version}</td><td>${v.effectiveFrom}</td><td>${new Date(v.publishedAt).toLocaleString(this.lang)}</td><td>${v.publishedBy}</td></tr>`)}</tbody>
      </table>
      <h3>${t("compare")}</h3>
      <form class="row" @submit=${(e: Event) => { e.preventDefault(); this.dispatchEvent(new CustomEvent("kpi-diff", { detail: { from, to: this.to }, bubbles: true, composed: true })); }}>
        <label>${t("diffFrom")}<select @change=${(e: Event) => (this.from = (e.target as HTMLSelectElement).value)}>
          ${this.versions.map((v) => html`<option value=${v.version} ?selected=${String(v.version) === from}>v${v.version}</option>`)}
        </select></label>
        <label>${t("diffTo")}<select @change=${(e: Event) => (this.to = (e.target as HTMLSelectElement).value)}>
          <option value="draft" ?selected=${this.to === "draft"}>${t("draft")}</option>
          ${this.versions.map((v) => html`<option value=${v.version} ?selected=${String(v.version) === this.to}>v${v.version}</option>`)}
        </select></label>
        <button type="submit" ?disabled=${this.versions.length === 0}>${t("compare")}</button>
      </form>
      ${this.diff ? this.showDiff(this.diff) : ""}`;
  }

  private showDiff(d: TemplateDiff) {
    const t = this.t;
    const group = (title: MessageKey, c: NameChanges) => html`<div><h3>${t(title)}</h3>
      ${c.added.length + c.removed.length + c.changed.length === 0 ? html`<p class="muted">${t("noChanges")}</p>` : html`<ul>
        ${c.added.map((n) => html`<li><code>${n}</code> — ${t("added")}</li>`)}
        ${c.removed.map((n) => html`<li><code>${n}</code> — ${t("removed")}</li>`)}
        ${c.changed.map((n) => html`<li><code>${n}</code> — ${t("changed")}</li>`)}</ul>`}</div>`;
    // The server names sides `ID@v2` / `ID@draft`; the tab already names the template.
    const side = (x: string): string => (x.endsWith("@draft") ? t("draft") : x.replace(/^.*@/, ""));
    const title = `${t("compare")} ${side(d.from)} → ${side(d.to)}`;
    return html`<section aria-label=${title}>
      <p><strong>${side(d.from)} → ${side(d.to)}</strong></p>
      <div class="changes">${group("changedMetrics", d.metrics)}${group("changedTargets", d.targets)}${group("changedIncentives", d.incentives)}</div>
      <pre tabindex="0" aria-label=${`${title}: diff`}>${d.text === "" ? t("noChanges") : d.text.split("\n").map((l) => html`<span class=${/^(@@|\+\+\+ |--- )/.test(l) ? "hunk" : l.startsWith("+") ? "add" : l.startsWith("-") ? "del" : "ctx"}>${l}</span>`)}</pre>
    </section>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    "kpi-versions-tab": KpiVersionsTab;
  }
}

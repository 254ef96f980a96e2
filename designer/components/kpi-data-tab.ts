/**
 * Data: entity kinds (and what they roll up into) and sources (who they are
 * credited to, the date field, every field with its type and enum values).
 * Labels are editable; the structure is edited in the source for now.
 * @fires kpi-decl - detail `{ decl }`
 * @module
 */
import { html, css } from "lit";
import { customElement } from "lit/decorators.js";
import { shownDecls, withOptional } from "../controllers/commands.js";
import { DeclTab } from "./decl-tab.js";
import { shared } from "./styles.js";

@customElement("kpi-data-tab")
export class KpiDataTab extends DeclTab {
  static override styles = [shared, css`section { background: var(--kpi-bg); border: 1px solid var(--kpi-border); border-radius: var(--kpi-radius); padding: 12px; margin-bottom: 12px; } .values code { margin-right: 4px; }`];

  override render() {
    const t = this.t;
    const entities = shownDecls(this.model, this.merged, "entity");
    const sources = shownDecls(this.model, this.merged, "source");
    return html`<h2>${t("entities")}</h2>
      <section><table>
        <thead><tr><th>${t("name")}</th><th>${t("label")}</th><th>${t("parent")}</th><th></th></tr></thead>
        <tbody>${entities.map((s) => html`<tr><td><code>${s.decl.name}</code></td>
          <td>${this.textInput(`${t("label")} ${s.decl.name}`, s.decl.label ?? "", (v) => this.putDecl(withOptional(s.decl, "label", v.trim())), { bare: true })}</td>
          <td>${s.decl.parent ?? "—"}</td><td>${this.badge(s)}</td></tr>`)}</tbody>
      </table></section>
      <h2>${t("sources")}</h2>
      ${sources.map((s) => html`<section aria-label=${s.decl.name}>
        <div class="row"><h3><code>${s.decl.name}</code></h3>${this.badge(s)}
          ${this.textInput(`${t("label")} ${s.decl.name}`, s.decl.label ?? "", (v) => this.putDecl(withOptional(s.decl, "label", v.trim())))}
          <span>${t("creditedTo")}: <code>${s.decl.by}</code></span><span>${t("datedBy")}: <code>${s.decl.at}</code></span></div>
        <table><thead><tr><th>${t("field")}</th><th>${t("type")}</th><th>${t("values")}</th></tr></thead>
          <tbody>${s.decl.fields.map((f) => html`<tr><td><code>${f.name}</code>${f.label ? html` <span class="muted">${f.label}</span>` : ""}</td><td>${f.type}</td>
            <td class="values">${(f.values ?? []).map((v) => html`<code>"${v}"</code>`)}</td></tr>`)}</tbody></table>
      </section>`)}`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    "kpi-data-tab": KpiDataTab;
  }
}

/**
 * The template library: a card per template with its industry, stage,
 * entity kinds (roles), title, id, latest version and last change; a search
 * box and the Industry and Stage filters work on the list at once.
 * @fires kpi-open - detail `{ id }`
 * @fires kpi-new-from - detail `{ from, id }`: a new template from this one
 * @module
 */
import { LitElement, html, css } from "lit";
import { customElement, property, state } from "lit/decorators.js";
import type { TemplateSummary } from "../../client/index.js";
import type { Translate } from "../i18n/index.js";
import { shared } from "./styles.js";

/**
 * The templates a search and the filters keep.
 * @example
 * filterTemplates(list, "saas", "", "growth").map((t) => t.id); // ["saas_growth"]
 */
export function filterTemplates(list: readonly TemplateSummary[], q: string, industry: string, stage: string): TemplateSummary[] {
  const needle = q.trim().toLowerCase();
  return list.filter(
    (t) =>
      (industry === "" || t.industry === industry) &&
      (stage === "" || t.stage === stage) &&
      (needle === "" || [t.id, t.label ?? "", t.industry ?? "", t.stage ?? ""].some((s) => s.toLowerCase().includes(needle))),
  );
}

@customElement("kpi-library")
export class KpiLibrary extends LitElement {
  static override styles = [
    shared,
    css`
      :host { display: block; padding: 16px 24px; }
      .filters { display: flex; gap: 12px; flex-wrap: wrap; align-items: flex-end; margin-bottom: 16px; }
      .filters input { width: 260px; }
      ul { list-style: none; padding: 0; margin: 0; display: grid; grid-template-columns: repeat(auto-fill, minmax(280px, 1fr)); gap: 12px; }
      li { background: var(--kpi-bg); border: 1px solid var(--kpi-border); border-radius: var(--kpi-radius); padding: 14px; display: flex; flex-direction: column; gap: 6px; }
      h3 { margin: 0; font-size: 1.05rem; }
      .tags { display: flex; gap: 6px; flex-wrap: wrap; }
      dl { display: grid; grid-template-columns: auto 1fr; gap: 2px 10px; margin: 4px 0; font-size: 0.85rem; }
      dt { color: var(--kpi-fg-muted); }
      dd { margin: 0; }
      .actions { display: flex; gap: 8px; margin-top: auto; padding-top: 6px; flex-wrap: wrap; }
      form { display: flex; gap: 8px; align-items: flex-end; flex-wrap: wrap; }
    `,
  ];

  @property({ attribute: false }) t!: Translate;
  @property({ attribute: false }) templates: TemplateSummary[] = [];
  /** Entity kinds per template id, when known. */
  @property({ attribute: false }) roles: Record<string, string[]> = {};
  /** Why creating is not allowed (the key's role); empty when it is. */
  @property() createBlocked = "";
  @property() lang = "en";
  @state() private q = "";
  @state() private industry = "";
  @state() private stage = "";
  /** The template whose "new from" form is open. */
  @state() private newFrom = "";
  @state() private newId = "";

  override render() {
    const t = this.t;
    const industries = [...new Set(this.templates.map((x) => x.industry).filter((x): x is string => !!x))].sort();
    const stages = [...new Set(this.templates.map((x) => x.stage).filter((x): x is string => !!x))].sort();
    const shown = filterTemplates(this.templates, this.q, this.industry, this.stage);
    return html`
      <h1>${t("templates")}</h1>
      <div class="filters" role="search">
        <label>${t("searchTemplates")}<input type="search" .value=${this.q} @input=${(e: Event) => (this.q = (e.target as HTMLInputElement).value)} /></label>
        <label>${t("industry")}<select @change=${(e: Event) => (this.industry = (e.target as HTMLSelectElement).value)}>
          <option value="">${t("all")}</option>${industries.map((i) => html`<option value=${i} ?selected=${i === this.industry}>${i}</option>`)}
        </select></label>
        <label>${t("stage")}<select @change=${(e: Event) => (this.stage = (e.target as HTMLSelectElement).value)}>
          <option value="">${t("all")}</option>${stages.map((s) => html`<option value=${s} ?selected=${s === this.stage}>${s}</option>`)}
        </select></label>
        ${this.createBlocked ? html`<p class="muted" id="why-create">${this.createBlocked}</p>` : ""}
      </div>
      ${shown.length === 0 ? html`<p>${t("noTemplates")}</p>` : ""}
      <ul aria-label=${t("templates")}>
        ${shown.map((x) => this.card(x))}
      </ul>`;
  }

  private card(x: TemplateSummary) {
    const t = this.t;
    const when = new Date(x.updatedAt).toLocaleString(this.lang);
    const roles = this.roles[x.id];
    return html`<li aria-labelledby=${`card-${x.id}`}>
      <h3 id=${`card-${x.id}`}>${x.label ?? x.id}</h3>
      <div class="tags">${x.industry ? html`<span class="badge">${t("industry")}: ${x.industry}</span>` : ""}${x.stage ? html`<span class="badge">${t("stage")}: ${x.stage}</span>` : ""}</div>
      <dl>
        <dt>${t("id")}</dt><dd><code>${x.id}</code></dd>
        ${roles ? html`<dt>${t("roles")}</dt><dd>${roles.join(", ")}</dd>` : ""}
        <dt>${t("latestVersion")}</dt><dd>${x.latestVersion === null ? t("notPublished") : `v${x.latestVersion}`}</dd>
        <dt>${t("lastChange")}</dt><dd>${when}</dd>
      </dl>
      ${this.newFrom === x.id ? this.newForm(x.id) : html`<div class="actions">
        <button class="primary" aria-label=${`${t("open")} ${x.id}`} @click=${() => this.emit("kpi-open", { id: x.id })}>${t("open")}</button>
        <button ?disabled=${!!this.createBlocked} aria-describedby=${this.createBlocked ? "why-create" : ""} title=${this.createBlocked} @click=${() => this.startNew(x.id)}>${t("newFromTemplate")}</button>
      </div>`}
    </li>`;
  }

  private newForm(from: string) {
    const t = this.t;
    return html`<form @submit=${(e: Event) => { e.preventDefault(); if (this.newId.trim()) this.emit("kpi-new-from", { from, id: this.newId.trim() }); }}>
      <label>${t("newTemplateId")}<input required pattern="[\\p{L}_][\\p{L}\\p{N}_]*" .value=${this.newId} @input=${(e: Event) => (this.newId = (e.target as HTMLInputElement).value)} /></label>
      <button class="primary" type="submit">${t("create")}</button>
      <button type="button" @click=${() => (this.newFrom = "")}>${t("cancel")}</button>
    </form>`;
  }

  private startNew(id: string): void {
    this.newFrom = id;
    this.newId = `${id}_copy`;
    void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLInputElement>("form input")?.focus());
  }

  private emit(name: string, detail: unknown): void {
    this.dispatchEvent(new CustomEvent(name, { detail, bubbles: true, composed: true }));
  }
}

declare global {
  interface HTMLElementTagNameMap {
    "kpi-library": KpiLibrary;
  }
}

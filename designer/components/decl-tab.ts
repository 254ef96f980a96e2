/**
 * What the declaration tabs share: the model down (own and merged), one
 * event up (`kpi-decl`: a declaration's new value, which the shell puts into
 * the model; an inherited one becomes an override), `kpi-remove` (delete or,
 * for an inherited one, drop), the "inherited" badge, and a text input that
 * commits on change.
 * @module
 */
import { LitElement, html } from "lit";
import { property } from "lit/decorators.js";
import type { Declaration, Header, Template } from "../../schemas/generated/template.js";
import type { ShownDecl } from "../controllers/commands.js";
import type { Translate } from "../i18n/index.js";
import { shared } from "./styles.js";

/** The base class of the tabs that edit declarations. */
export class DeclTab extends LitElement {
  static override styles = [shared];

  @property({ attribute: false }) t!: Translate;
  @property({ attribute: false }) model: Template = { declarations: [] };
  @property({ attribute: false }) merged: Template = { declarations: [] };
  /** The template this one extends, for the inherited badge. */
  @property() base = "";
  @property({ type: Boolean }) readonly = false;

  /** Sends a declaration's new value up. */
  protected putDecl(decl: Declaration): void {
    this.dispatchEvent(new CustomEvent("kpi-decl", { detail: { decl }, bubbles: true, composed: true }));
  }

  /** Sends the header's new value up. */
  protected putHeader(header: Header): void {
    this.dispatchEvent(new CustomEvent("kpi-header", { detail: { header }, bubbles: true, composed: true }));
  }

  /** Asks the shell to remove a declaration (an inherited one is dropped). */
  protected removeButton(s: ShownDecl, name: string) {
    if (this.readonly) return "";
    return html`<button class="remove" aria-label=${this.t("removeDecl", { name })} title=${this.t("removeDecl", { name })}
      @click=${() => this.dispatchEvent(new CustomEvent("kpi-remove", { detail: { decl: s.decl, inherited: s.inherited }, bubbles: true, composed: true }))}>✕</button>`;
  }

  protected badge(s: ShownDecl) {
    return s.inherited ? html`<span class="badge inherited">${this.t("inherited", { base: this.base || "base" })}</span>` : "";
  }

  /** A text input that commits its value on change (Enter or leaving it), so half-typed formulas never reach the model. */
  protected textInput(label: string, value: string, commit: (v: string) => void, o: { mono?: boolean; width?: string; invalid?: boolean; describedBy?: string; bare?: boolean } = {}) {
    // In a table the column header shows the label; the input still gets its full accessible name.
    if (o.bare)
      return html`<input aria-label=${label} class=${o.mono ? "mono" : ""} size=${o.width ?? "20"} .value=${value} ?readonly=${this.readonly}
        @change=${(e: Event) => commit((e.target as HTMLInputElement).value)} />`;
    return html`<label>${label}<input class=${o.mono ? "mono" : ""} size=${o.width ?? "20"} .value=${value} ?readonly=${this.readonly}
      aria-invalid=${o.invalid ? "true" : "false"} aria-describedby=${o.describedBy ?? ""}
      @change=${(e: Event) => commit((e.target as HTMLInputElement).value)} /></label>`;
  }
}

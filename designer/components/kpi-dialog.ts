/**
 * The designer's dialogs on the native `<dialog>` (modal, focus kept inside,
 * Escape closes): publishing a version with its "Effective from" date (and,
 * for a draft with errors, the problems that block it), and resolving a
 * conflict with someone else's save, and the Preview's "Explanation" of a
 * number (the engine's worksheet, kpi-explanation).
 * @fires kpi-publish - detail `{ effectiveFrom }`
 * @fires kpi-conflict - detail `{ choice: "mine" | "theirs" }`
 * @fires kpi-dialog-close
 * @module
 */
import { LitElement, html, css, type PropertyValues } from "lit";
import { customElement, property, state } from "lit/decorators.js";
import type { Diagnostic } from "../../dsl/diagnostics.js";
import type { Translate } from "../i18n/index.js";
import { shared } from "./styles.js";
import type { Worksheet } from "./kpi-explanation.js";
import "./kpi-explanation.js";

@customElement("kpi-dialog")
export class KpiDialog extends LitElement {
  static override styles = [shared, css`
    dialog { border: 1px solid var(--kpi-border-strong); border-radius: var(--kpi-radius); padding: 20px; max-width: 560px; width: calc(100% - 48px); }
    dialog.wide { max-width: 900px; max-height: calc(100vh - 48px); }
    dialog::backdrop { background: rgba(20, 30, 45, 0.45); }
    .buttons { display: flex; gap: 8px; justify-content: flex-end; margin-top: 16px; flex-wrap: wrap; }
    ul { max-height: 200px; overflow: auto; }
  `];

  @property({ attribute: false }) t!: Translate;
  /** Which dialog is open ("" for none). */
  @property() kind: "" | "publish" | "conflict" | "explanation" = "";
  /** The worksheet of the explained entity (undefined while it loads). */
  @property({ attribute: false }) sheet?: Worksheet;
  /** What was clicked, see kpi-explanation's `focus`. */
  @property() sheetFocus = "";
  @property({ attribute: false }) problems: Diagnostic[] = [];
  @property() who = "";
  @property() when = "";
  @property({ type: Boolean }) busy = false;
  @state() private date = new Date().toISOString().slice(0, 10);

  override render() {
    const t = this.t;
    return html`<dialog aria-labelledby="dlg-h" class=${this.kind === "explanation" ? "wide" : ""} @close=${() => this.emit("kpi-dialog-close")}>
      ${this.kind === "explanation" ? html`
        <h2 id="dlg-h">${t("explanation")}</h2>
        <kpi-explanation .t=${t} .sheet=${this.sheet} .sheetFocus=${this.sheetFocus}></kpi-explanation>
        <div class="buttons"><button @click=${() => this.close()}>${t("close")}</button></div>` : this.kind === "publish" ? this.publish() : this.kind === "conflict" ? html`
        <h2 id="dlg-h">${t("conflictTitle")}</h2>
        <p>${t("conflictText", { who: this.who, time: this.when })}</p>
        <div class="buttons">
          <button @click=${() => this.emit("kpi-conflict", { choice: "theirs" })}>${t("takeTheirs")}</button>
          <button class="primary" @click=${() => this.emit("kpi-conflict", { choice: "mine" })}>${t("keepMine")}</button>
          <button @click=${() => this.close()}>${t("cancel")}</button>
        </div>` : ""}
    </dialog>`;
  }

  private publish() {
    const t = this.t;
    const errors = this.problems.filter((p) => p.severity === "error");
    return html`<h2 id="dlg-h">${t("publishTitle")}</h2>
      ${errors.length ? html`<p class="error" id="blocked">${t("publishBlocked")}</p><ul aria-labelledby="blocked">${errors.map((p) => html`<li>${p.file ? `${p.file} ` : ""}${p.span.line}:${p.span.column} ${p.message}</li>`)}</ul>` : ""}
      <form method="dialog" @submit=${(e: Event) => { e.preventDefault(); if (!errors.length && this.date) this.emit("kpi-publish", { effectiveFrom: this.date }); }}>
        <label>${t("effectiveFrom")}<input type="date" required .value=${this.date} @input=${(e: Event) => (this.date = (e.target as HTMLInputElement).value)} /></label>
        <div class="buttons">
          <button type="button" @click=${() => this.close()}>${t("cancel")}</button>
          <button class="primary" type="submit" ?disabled=${errors.length > 0 || this.busy} aria-describedby=${errors.length ? "blocked" : ""}>${t("publish")}</button>
        </div>
      </form>`;
  }

  protected override updated(changed: PropertyValues<this>): void {
    if (!changed.has("kind")) return;
    const d = this.renderRoot.querySelector("dialog")!;
    if (this.kind && !d.open) d.showModal();
    else if (!this.kind && d.open) d.close();
  }

  private close(): void {
    this.renderRoot.querySelector("dialog")?.close();
  }

  private emit(name: string, detail?: unknown): void {
    this.dispatchEvent(new CustomEvent(name, { detail, bubbles: true, composed: true }));
  }
}

declare global {
  interface HTMLElementTagNameMap {
    "kpi-dialog": KpiDialog;
  }
}

/**
 * The sign-in form: one field, "API key". The key is kept in sessionStorage
 * by the shell, never sent anywhere but the API's Authorization header.
 * @fires kpi-sign-in - detail `{ key }`
 * @module
 */
import { LitElement, html, css } from "lit";
import { customElement, property, state } from "lit/decorators.js";
import type { Translate } from "../i18n/index.js";
import { shared } from "./styles.js";

@customElement("kpi-sign-in")
export class KpiSignIn extends LitElement {
  static override styles = [
    shared,
    css`
      form { max-width: 420px; margin: 64px auto; background: var(--kpi-bg); padding: 24px; border-radius: var(--kpi-radius); border: 1px solid var(--kpi-border); display: grid; gap: 12px; }
      input { width: 100%; box-sizing: border-box; font-family: var(--kpi-mono); }
      label { color: var(--kpi-fg); }
    `,
  ];

  @property({ attribute: false }) t!: Translate;
  /** Why the last key failed, already translated. */
  @property() problem = "";
  @state() private key = "";

  override render() {
    const t = this.t;
    return html`<form @submit=${this.submit} aria-labelledby="h">
      <h1 id="h">${t("signInTitle")}</h1>
      <p class="muted">${t("signInHelp")}</p>
      ${this.problem ? html`<p class="error" role="alert">${this.problem}</p>` : ""}
      <label>${t("apiKey")}<input name="key" type="password" autocomplete="off" required .value=${this.key} @input=${(e: Event) => (this.key = (e.target as HTMLInputElement).value)} /></label>
      <div><button class="primary" type="submit">${t("signIn")}</button></div>
    </form>`;
  }

  private submit(e: Event): void {
    e.preventDefault();
    const key = this.key.trim();
    if (key) this.dispatchEvent(new CustomEvent("kpi-sign-in", { detail: { key }, bubbles: true, composed: true }));
  }
}

declare global {
  interface HTMLElementTagNameMap {
    "kpi-sign-in": KpiSignIn;
  }
}

/**
 * The "Problems" panel: one item per diagnostic, `LINE:COL` and the message;
 * activating one asks to jump there. Problems in a base template name it.
 * @fires kpi-jump - detail `{ offset }`
 * @module
 */
import { LitElement, html, css } from "lit";
import { customElement, property } from "lit/decorators.js";
import type { Diagnostic } from "../../dsl/diagnostics.js";
import type { Translate } from "../i18n/index.js";
import { shared } from "./styles.js";

@customElement("kpi-problems")
export class KpiProblems extends LitElement {
  static override styles = [shared, css`
    section { background: var(--kpi-bg); border: 1px solid var(--kpi-border); border-radius: var(--kpi-radius); padding: 8px 12px; margin-top: 12px; }
    h3 { margin: 0 0 6px; }
    ul { list-style: none; margin: 0; padding: 0; max-height: 180px; overflow: auto; }
    li button { border: none; background: none; text-align: left; width: 100%; padding: 3px 4px; display: flex; gap: 10px; }
    .pos { font-family: var(--kpi-mono); min-width: 64px; }
    .sev-error { color: var(--kpi-error); }
    .sev-warning { color: var(--kpi-warning); }
  `];

  @property({ attribute: false }) t!: Translate;
  @property({ attribute: false }) diagnostics: Diagnostic[] = [];
  @property({ type: Number }) checkMs?: number;

  override render() {
    const t = this.t;
    return html`<section aria-labelledby="problems-h">
      <h3 id="problems-h">${t("problems")} <span class="badge">${this.diagnostics.length}</span></h3>
      ${this.diagnostics.length === 0 ? html`<p class="muted" role="status">${t("noProblems")}</p>` : html`<ul>
        ${this.diagnostics.map((d) => html`<li><button class="sev-${d.severity}" @click=${() => d.file === undefined && this.jump(d.span.start)}>
          <span class="pos">${d.file ? `${d.file} ` : ""}${d.span.line}:${d.span.column}</span><span>${d.severity === "error" ? "✖" : d.severity === "warning" ? "▲" : "ℹ"} ${d.message}</span></button></li>`)}
      </ul>`}
    </section>`;
  }

  private jump(offset: number): void {
    this.dispatchEvent(new CustomEvent("kpi-jump", { detail: { offset }, bubbles: true, composed: true }));
  }
}

declare global {
  interface HTMLElementTagNameMap {
    "kpi-problems": KpiProblems;
  }
}

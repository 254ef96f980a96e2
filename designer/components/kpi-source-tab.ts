/**
 * The Source tab: the source editor, "Format" (`kpi fmt`: the printer over
 * the model, comments kept) and the Problems panel, whose items jump into
 * the editor.
 * @fires kpi-format
 * @module
 */
import { LitElement, html, css } from "lit";
import { customElement, property } from "lit/decorators.js";
import type { DocState } from "../controllers/store.js";
import type { Translate } from "../i18n/index.js";
import { shared } from "./styles.js";
import "./kpi-source-view.js";
import "./kpi-problems.js";

@customElement("kpi-source-tab")
export class KpiSourceTab extends LitElement {
  static override styles = [shared, css`.tools { display: flex; gap: 8px; margin-bottom: 8px; align-items: center; }`];

  @property({ attribute: false }) t!: Translate;
  @property({ attribute: false }) doc!: DocState;
  @property({ type: Boolean }) readonly = false;

  override render() {
    const t = this.t;
    const d = this.doc;
    return html`<div class="tools"><h2 id="src-h">${t("templateSource")}</h2><span class="spacer"></span>
        <button ?disabled=${!d.syntaxOk || this.readonly} @click=${() => this.dispatchEvent(new CustomEvent("kpi-format", { bubbles: true, composed: true }))}>${t("format")}</button></div>
      <kpi-source-view .text=${d.text} .diagnostics=${d.diagnostics} .model=${d.merged} label=${t("templateSource")} ?readonly=${this.readonly}></kpi-source-view>
      <kpi-problems .t=${t} .diagnostics=${d.diagnostics} @kpi-jump=${(e: CustomEvent<{ offset: number }>) => this.renderRoot.querySelector("kpi-source-view")?.jumpTo(e.detail.offset)}></kpi-problems>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    "kpi-source-tab": KpiSourceTab;
  }
}

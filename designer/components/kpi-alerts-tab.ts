/**
 * Alerts: each alert's severity, condition and message, with the message's
 * `{placeholders}` previewed (the entity's name and each expression shown
 * as a sample value in brackets).
 * @fires kpi-decl - detail `{ decl }`
 * @module
 */
import { html, css } from "lit";
import { customElement } from "lit/decorators.js";
import type { AlertDecl } from "../../schemas/generated/template.js";
import { shownDecls, withOptional } from "../controllers/commands.js";
import { DeclTab } from "./decl-tab.js";
import { shared } from "./styles.js";

/**
 * The message with its placeholders shown as samples.
 * @example
 * previewMessage("{entity} 进度 {pace(new_amount)}"); // "张三 进度 [pace(new_amount)]"
 */
export function previewMessage(message: string, entity = "张三"): string {
  return message.replace(/\{([^{}]*)\}/g, (_, e: string) => (e.trim() === "entity" ? entity : `[${e.trim()}]`));
}

const SEVERITIES = ["info", "warning", "critical"] as const;

@customElement("kpi-alerts-tab")
export class KpiAlertsTab extends DeclTab {
  static override styles = [shared, css`section { background: var(--kpi-bg); border: 1px solid var(--kpi-border); border-radius: var(--kpi-radius); padding: 12px; margin-bottom: 12px; } input.mono { font-family: var(--kpi-mono); } output { display: block; padding: 6px 8px; background: var(--kpi-bg-muted); border-radius: var(--kpi-radius); }`];

  override render() {
    const t = this.t;
    return html`<h2>${t("tabAlerts")}</h2>${shownDecls(this.model, this.merged, "alert").map((s) => this.alert(s.decl, this.badge(s)))}`;
  }

  private alert(d: AlertDecl, badge: unknown) {
    const t = this.t;
    return html`<section aria-label=${`${t("alert")} ${d.name}`}>
      <div class="row"><h3><code>${d.name}</code> ${d.label ?? ""}</h3>${badge}</div>
      <div class="row">
        <label>${t("severity")}<select ?disabled=${this.readonly} @change=${(e: Event) => this.putDecl({ ...d, severity: (e.target as HTMLSelectElement).value as AlertDecl["severity"] })}>
          ${SEVERITIES.map((s) => html`<option value=${s} ?selected=${s === d.severity}>${s}</option>`)}
        </select></label>
        ${this.textInput(t("condition"), d.when, (v) => v.trim() && this.putDecl({ ...d, when: v.trim() }), { mono: true, width: "48" })}
        ${this.textInput(t("message"), d.message ?? "", (v) => this.putDecl(withOptional(d, "message", v)), { width: "48" })}
      </div>
      ${d.message ? html`<p><span class="muted">${t("messagePreview")}:</span> <output>${previewMessage(d.message)}</output></p>` : ""}
    </section>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    "kpi-alerts-tab": KpiAlertsTab;
  }
}

/**
 * Alerts: each alert's severity, condition and message, with the message's
 * `{placeholders}` previewed (the entity's name and each expression shown
 * as a sample value in brackets); new alerts by name, severity and condition.
 * @fires kpi-decl - detail `{ decl }`
 * @module
 */
import { html, css } from "lit";
import { customElement, state } from "lit/decorators.js";
import type { AlertDecl } from "../../schemas/generated/template.js";
import { isName, shownDecls, withOptional } from "../controllers/commands.js";
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
  @state() private newName = "";
  @state() private newSeverity: AlertDecl["severity"] = "warning";
  @state() private newWhen = "";
  static override styles = [shared, css`section { background: var(--kpi-bg); border: 1px solid var(--kpi-border); border-radius: var(--kpi-radius); padding: 12px; margin-bottom: 12px; } input.mono { font-family: var(--kpi-mono); } output { display: block; padding: 6px 8px; background: var(--kpi-bg-muted); border-radius: var(--kpi-radius); } form.add { margin: 12px 0; }`];

  override render() {
    const t = this.t;
    return html`<h2>${t("tabAlerts")}</h2>${shownDecls(this.model, this.merged, "alert").map((s) => this.alert(s.decl, this.badge(s), this.removeButton(s, s.decl.name)))}${this.addForm()}`;
  }

  /** A new alert: a name, its severity and condition (the message can follow in its section). */
  private addForm() {
    const t = this.t;
    if (this.readonly) return "";
    const taken = new Set(this.merged.declarations.flatMap((d) => (d.kind === "alert" ? [d.name] : [])));
    const validName = isName(this.newName) && !taken.has(this.newName);
    const valid = validName && this.newWhen !== "";
    return html`<form class="row add" @submit=${(e: Event) => {
      e.preventDefault();
      if (!valid) return;
      this.putDecl({ kind: "alert", name: this.newName, severity: this.newSeverity, when: this.newWhen });
      this.newName = "";
      this.newWhen = "";
    }}>
      <label>${t("newAlertName")}<input class="mono" .value=${this.newName} aria-invalid=${this.newName !== "" && !validName ? "true" : "false"} aria-describedby="new-alert-why"
        @input=${(e: Event) => (this.newName = (e.target as HTMLInputElement).value.trim())} /></label>
      <label>${t("severity")}<select @change=${(e: Event) => (this.newSeverity = (e.target as HTMLSelectElement).value as AlertDecl["severity"])}>
        ${SEVERITIES.map((s) => html`<option value=${s} ?selected=${s === this.newSeverity}>${s}</option>`)}</select></label>
      <label>${t("condition")}<input class="mono" size="36" .value=${this.newWhen} placeholder="pace(new_amount) < 80%" @input=${(e: Event) => (this.newWhen = (e.target as HTMLInputElement).value.trim())} /></label>
      <button type="submit" ?disabled=${!valid}>${t("addAlert")}</button>
      <span id="new-alert-why" class="error">${taken.has(this.newName) ? t("nameTakenHere", { name: this.newName }) : this.newName !== "" && !validName ? t("badName") : ""}</span>
    </form>`;
  }

  private alert(d: AlertDecl, badge: unknown, remove: unknown) {
    const t = this.t;
    return html`<section aria-label=${`${t("alert")} ${d.name}`}>
      <div class="row"><h3><code>${d.name}</code> ${d.label ?? ""}</h3>${badge}${remove}</div>
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

/**
 * Overview: the header — title, id, base, industry, stage, grain, currency,
 * rounding and fiscal year. A setting inherited from the base shows the
 * base's value, marked; changing it sets it in this template.
 * @fires kpi-header - detail `{ header }`
 * @module
 */
import { html, css } from "lit";
import { customElement } from "lit/decorators.js";
import type { Settings } from "../../schemas/generated/template.js";
import { withOptional } from "../controllers/commands.js";
import { DeclTab } from "./decl-tab.js";
import { shared } from "./styles.js";

const GRAINS = ["day", "week", "month", "quarter", "year"] as const;
const ROUNDINGS = ["half_up", "half_even"] as const;
const MONTHS = ["january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december"] as const;

@customElement("kpi-overview-tab")
export class KpiOverviewTab extends DeclTab {
  static override styles = [shared, css`.grid { display: grid; grid-template-columns: repeat(auto-fill, minmax(220px, 1fr)); gap: 14px; max-width: 960px; } input, select { width: 100%; box-sizing: border-box; }`];

  override render() {
    const t = this.t;
    const own = this.model.header;
    const mergedSettings = this.merged.header?.settings ?? {};
    const ownSettings = own?.settings ?? {};
    const inheritedMark = (k: keyof Settings) => (ownSettings[k] === undefined && mergedSettings[k] !== undefined && own?.extends ? html` <span class="badge inherited">${t("inherited", { base: own.extends })}</span>` : "");
    const value = (k: keyof Settings): string => String(ownSettings[k] ?? mergedSettings[k] ?? "");
    const set = (k: keyof Settings, v: string): void => {
      if (!own) return;
      const settings: Record<string, string> = { ...(ownSettings as Record<string, string>) };
      if (v === "") delete settings[k];
      else settings[k] = v;
      this.putHeader({ ...own, settings: settings as Settings });
    };
    const select = (k: keyof Settings, label: string, options: readonly string[]) => html`<label>${label}${inheritedMark(k)}<select ?disabled=${this.readonly} @change=${(e: Event) => set(k, (e.target as HTMLSelectElement).value)}>
        <option value="" ?selected=${value(k) === ""}>—</option>
        ${options.map((o) => html`<option value=${o} ?selected=${value(k) === o}>${o}</option>`)}
      </select></label>`;
    return html`<h2>${t("tabOverview")}</h2>
      <div class="grid">
        ${this.textInput(t("title"), own?.label ?? this.merged.header?.label ?? "", (v) => own && this.putHeader(withOptional(own, "label", v.trim())))}
        <label>${t("id")}<input readonly .value=${own?.name ?? ""} /></label>
        <label>${t("extendsBase")}<input readonly .value=${own?.extends ?? t("none")} /></label>
        <label>${t("industry")}${inheritedMark("industry")}<input ?readonly=${this.readonly} .value=${value("industry")} @change=${(e: Event) => set("industry", (e.target as HTMLInputElement).value.trim())} /></label>
        <label>${t("stage")}${inheritedMark("stage")}<input ?readonly=${this.readonly} .value=${value("stage")} @change=${(e: Event) => set("stage", (e.target as HTMLInputElement).value.trim())} /></label>
        ${select("grain", t("grain"), GRAINS)}
        <label>${t("currency")}${inheritedMark("currency")}<input ?readonly=${this.readonly} .value=${value("currency")} maxlength="3" @change=${(e: Event) => set("currency", (e.target as HTMLInputElement).value.trim().toUpperCase())} /></label>
        ${select("rounding", t("rounding"), ROUNDINGS)}
        ${select("fiscal_year_starts", t("fiscalYear"), MONTHS)}
      </div>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    "kpi-overview-tab": KpiOverviewTab;
  }
}

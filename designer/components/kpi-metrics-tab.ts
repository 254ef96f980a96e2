/**
 * Metrics: every metric (inherited ones marked) with its label, type and
 * unit, "lower is better", and its formula; the checker's problems for a
 * metric are shown under its formula. A formula is committed when the field
 * is left or Enter is pressed, so a half-typed formula never breaks the model.
 * @fires kpi-decl - detail `{ decl }`
 * @module
 */
import { html, css } from "lit";
import { customElement, property, state } from "lit/decorators.js";
import type { Diagnostic } from "../../dsl/diagnostics.js";
import type { MetricDecl } from "../../schemas/generated/template.js";
import { declKey, isName, shownDecls, withOptional } from "../controllers/commands.js";
import type { DocState } from "../controllers/store.js";
import { DeclTab } from "./decl-tab.js";
import "./kpi-formula-editor.js";
import { shared } from "./styles.js";

/** The unit a metric's type is shown in. */
const UNIT: Record<string, string> = { money: "¤", percent: "%", integer: "#", number: "#" };

/**
 * The problems inside a declaration's text span (this template's own file only).
 * @example
 * problemsIn(doc.diagnostics, { start: 10, end: 40 });
 */
export function problemsIn(ds: readonly Diagnostic[], span: { start: number; end: number } | undefined): Diagnostic[] {
  if (!span) return [];
  return ds.filter((d) => d.file === undefined && d.span.start >= span.start && d.span.start < Math.max(span.end, span.start + 1));
}

@customElement("kpi-metrics-tab")
export class KpiMetricsTab extends DeclTab {
  static override styles = [shared, css`table { table-layout: fixed; } th:nth-child(1) { width: 22%; } th:nth-child(2) { width: 15%; } th:nth-child(3) { width: 11%; } th:nth-child(4) { width: 8%; } td code { overflow-wrap: anywhere; } td input { width: 100%; box-sizing: border-box; } .problem { font-size: 0.85rem; margin: 2px 0 0; } form.add { margin: 12px 0; } section { background: var(--kpi-bg); border: 1px solid var(--kpi-border); border-radius: var(--kpi-radius); padding: 8px 12px; margin-bottom: 10px; } h4 { margin: 0; } .name { display: flex; gap: 4px; align-items: flex-start; }`];

  @property({ attribute: false }) doc!: DocState;
  @state() private newName = "";

  override render() {
    const t = this.t;
    const d = this.doc;
    this.model = d.model;
    this.merged = d.merged;
    this.base = d.base ?? "";
    const own = new Map(d.model.declarations.map((x, i) => [declKey(x), i]));
    const metrics = shownDecls(d.model, d.merged, "metric");
    return html`<h2>${t("tabMetrics")}</h2>
      <table>
        <thead><tr><th>${t("metric")}</th><th>${t("label")}</th><th>${t("type")} / ${t("unit")}</th><th>${t("lowerBetter")}</th><th>${t("formula")}</th></tr></thead>
        <tbody>${metrics.map((s) => {
          const m = s.decl;
          const i = own.get(declKey(m));
          const problems = i === undefined ? [] : problemsIn(d.diagnostics, d.spans[i]);
          const type = m.type ?? d.metricTypes[m.name] ?? "";
          const pid = `p-${m.name}`;
          return html`<tr>
            <td><div class="name"><code>${m.name}</code>${this.removeButton(s, m.name)}</div>${this.badge(s)}</td>
            <td>${this.textInput(`${t("label")} ${m.name}`, m.label ?? "", (v) => this.putDecl(withOptional(m, "label", v.trim())), { width: "8", bare: true })}</td>
            <td>${type}${type && UNIT[type] ? html` <span class="muted">(${UNIT[type]})</span>` : ""}</td>
            <td><input type="checkbox" aria-label=${`${t("lowerBetter")} ${m.name}`} .checked=${!!m.lowerBetter} ?disabled=${this.readonly} @change=${(e: Event) => this.putDecl(withOptional(m, "lowerBetter", (e.target as HTMLInputElement).checked ? true : undefined))} /></td>
            <td class="f">${m.input ? html`<span class="muted">${t("input")}</span>` : html`<kpi-formula-editor .value=${m.formula ?? ""} label=${t("formulaOf", { name: m.name })} .model=${d.merged}
                ?readonly=${this.readonly} ?invalid=${problems.some((p) => p.severity === "error")} describedBy=${problems.map((p) => p.message).join("; ")}
                @kpi-formula=${(e: CustomEvent<{ value: string }>) => this.commitFormula(m, e.detail.value)}></kpi-formula-editor>`}
              ${problems.length ? html`<div id=${pid}>${problems.map((p) => html`<p class="problem ${p.severity === "error" ? "error" : "muted"}">${p.span.line}:${p.span.column} ${p.message}</p>`)}</div>` : ""}
            </td></tr>`;
        })}</tbody>
      </table>
      ${this.addForm()}
      ${this.funnels()}`;
  }

  /** A new metric: a name, then its formula in its row (it starts as `0`, which checks). */
  private addForm() {
    const t = this.t;
    if (this.readonly) return "";
    const taken = new Set(this.doc.merged.declarations.flatMap((x) => (x.kind === "metric" || x.kind === "funnel" ? [x.name] : [])));
    const valid = isName(this.newName) && !taken.has(this.newName);
    return html`<form class="row add" @submit=${(e: Event) => {
      e.preventDefault();
      if (!valid) return;
      this.putDecl({ kind: "metric", name: this.newName, formula: "0" });
      this.newName = "";
    }}>
      <label>${t("newMetricName")}<input .value=${this.newName} aria-invalid=${this.newName !== "" && !valid ? "true" : "false"} aria-describedby="new-why" @input=${(e: Event) => (this.newName = (e.target as HTMLInputElement).value.trim())} /></label>
      <button type="submit" ?disabled=${!valid}>${t("addMetric")}</button>
      <span id="new-why" class="error">${taken.has(this.newName) ? t("nameTaken", { name: this.newName }) : ""}</span>
    </form>`;
  }

  /** Funnels: each step's formula (the step metrics and conversions come from them). */
  private funnels() {
    const t = this.t;
    const shown = shownDecls(this.doc.model, this.doc.merged, "funnel");
    if (shown.length === 0) return "";
    return html`<h3>${t("funnels")}</h3>${shown.map((s) => html`<section aria-label=${`${t("funnels")} ${s.decl.name}`}>
      <div class="row"><h4><code>${s.decl.name}</code> ${s.decl.label ?? ""}</h4>${this.badge(s)}</div>
      <table><tbody>${s.decl.steps.map((step, i) => html`<tr><td><code>${s.decl.name}.${step.name}</code> ${step.label ?? ""}</td>
        <td class="f"><kpi-formula-editor .value=${step.formula} label=${t("formulaOf", { name: `${s.decl.name}.${step.name}` })} .model=${this.doc.merged} ?readonly=${this.readonly}
          @kpi-formula=${(e: CustomEvent<{ value: string }>) => e.detail.value && this.putDecl({ ...s.decl, steps: s.decl.steps.map((x, k) => (k === i ? { ...x, formula: e.detail.value } : x)) })}></kpi-formula-editor></td></tr>`)}</tbody></table>
    </section>`)}`;
  }

  private commitFormula(m: MetricDecl, formula: string): void {
    const f = formula.trim();
    if (f && f !== m.formula) this.putDecl({ ...m, formula: f });
  }
}

declare global {
  interface HTMLElementTagNameMap {
    "kpi-metrics-tab": KpiMetricsTab;
  }
}

/**
 * Targets: each target's base (whom it is given to, which period it covers,
 * or flat), the challenge, quarter and month weights, and how a root total
 * goes down the tree (evenly, by history, by an attribute); new targets for
 * metrics that have none; a yearly base shows a live split preview (year → quarter →
 * month) that sums exactly, with a check that the weights make 100%.
 * @fires kpi-decl - detail `{ decl }`
 * @module
 */
import { html, css } from "lit";
import { customElement, property, state } from "lit/decorators.js";
import Big from "big.js";
import type { Grain, TargetBase, TargetDecl } from "../../schemas/generated/template.js";
import { isName, isNumberLiteral, shownDecls, withOptional } from "../controllers/commands.js";
import { previewSplit } from "../controllers/split-preview.js";
import { DeclTab } from "./decl-tab.js";
import { shared } from "./styles.js";

/**
 * The exact sum of percentage literals, as a percentage text.
 * @example
 * sumPercent(["20%", "25%", "25%", "30%"]); // "100%"
 */
export function sumPercent(ws: readonly string[]): string {
  let s = new Big(0);
  for (const w of ws) if (isNumberLiteral(w)) s = s.plus(new Big(w.replace(/[_%]/g, "")).div(w.endsWith("%") ? 100 : 1));
  return `${s.times(100).toString()}%`;
}

const GRAINS = ["day", "week", "month", "quarter", "year"] as const;
const GRAIN_KEY = { day: "grainDay", week: "grainWeek", month: "grainMonth", quarter: "grainQuarter", year: "grainYear" } as const;
const SPLITS = ["even", "history", "attr"] as const;
const SPLIT_KEY = { even: "splitEven", history: "splitHistory", attr: "splitAttr" } as const;

const fmt = (n: number): string => n.toLocaleString("en-US", { maximumFractionDigits: 2 });

@customElement("kpi-targets-tab")
export class KpiTargetsTab extends DeclTab {
  static override styles = [shared, css`
    section { background: var(--kpi-bg); border: 1px solid var(--kpi-border); border-radius: var(--kpi-radius); padding: 12px; margin-bottom: 12px; }
    .weights { display: flex; flex-wrap: wrap; gap: 6px; }
    .weights input { width: 64px; }
    .preview td, .preview th { text-align: right; font-variant-numeric: tabular-nums; padding: 3px 6px; font-size: 0.85rem; }
    .ok { color: var(--kpi-ok); }
    label.check { flex-direction: row; align-items: center; gap: 6px; padding-bottom: 6px; }
    input.mono { font-family: var(--kpi-mono); }
    form.add { margin: 12px 0; }
    .row + .row { margin-top: 8px; }
    .why { font-size: 0.85rem; align-self: center; max-width: 40em; }
  `];

  /** The checker's type of each metric: only money and count targets are divided. */
  @property({ attribute: false }) metricTypes: Record<string, string> = {};
  @state() private newMetric = "";
  /** The target whose split was just set to "by an attribute", before its name is typed. */
  @state() private pendingAttr = "";
  @state() private newBase = "";

  override render() {
    const t = this.t;
    return html`<h2>${t("tabTargets")}</h2>${shownDecls(this.model, this.merged, "target").map((s) => this.target(s.decl, s.inherited ? this.badge(s) : "", this.removeButton(s, `${t("target")} ${s.decl.metric}`)))}${this.addForm()}`;
  }

  /** The entity kinds a base can be given to (the root `all` is "the whole company"). */
  private kinds(): string[] {
    return shownDecls(this.model, this.merged, "entity").map((s) => s.decl.name).filter((k) => k !== "all");
  }

  private target(d: TargetDecl, badge: unknown, remove: unknown) {
    const t = this.t;
    const base = d.base;
    const set = (patch: Partial<TargetDecl>): void => this.putDecl({ ...d, ...patch });
    const setBase = (b: TargetBase | undefined): void => this.putDecl(withOptional(d, "base", b));
    const flat = !!base?.flat;
    const id = (what: string): string => `${what}-${d.metric.replace(/\W/g, "_")}`;
    // Only money and count targets are divided (by entity, period, split); others apply unchanged everywhere.
    const type = this.metricTypes[d.metric];
    const divided = type === undefined || type === "money" || type === "integer";
    const byAttr = d.split?.by === "attr" || this.pendingAttr === d.metric;
    const split = html`<label>${t("split")}<select ?disabled=${this.readonly || flat || !!base?.perEntity} aria-describedby=${base?.perEntity ? id("split-why") : ""}
        @change=${(e: Event) => {
          const v = (e.target as HTMLSelectElement).value;
          // `split by attr` needs the attribute's name: it is committed once one is typed.
          this.pendingAttr = v === "attr" && d.split?.by !== "attr" ? d.metric : "";
          if (v === "attr") return;
          this.putDecl(v === "" ? withOptional(d, "split", undefined) : { ...d, split: { by: v as "even" | "history" } });
        }}>
        <option value="" ?selected=${!d.split && !byAttr}>—</option>
        ${SPLITS.map((o) => html`<option value=${o} ?selected=${o === "attr" ? byAttr : d.split?.by === o}>${t(SPLIT_KEY[o])}</option>`)}
      </select></label>
      ${byAttr ? html`<label>${t("splitAttrName")}<input size="12" class="mono" .value=${d.split?.attr ?? ""} ?readonly=${this.readonly}
        aria-invalid=${isName(d.split?.attr ?? "") ? "false" : "true"}
        @change=${(e: Event) => { const v = (e.target as HTMLInputElement).value.trim(); if (isName(v)) { this.pendingAttr = ""; set({ split: { by: "attr", attr: v } }); } }} /></label>` : ""}
      ${base?.perEntity ? html`<span id=${id("split-why")} class="muted why">${t("splitNeedsTotal")}</span>` : ""}`;
    return html`<section aria-label=${`${t("target")} ${d.metric}`}>
      <div class="row"><h3><code>${d.metric}</code></h3>${badge}${remove}</div>
      <div class="row">
        <label>${t("base")} (${d.metric})<input size="12" .value=${base?.value ?? ""} placeholder=${t("noBase")} ?readonly=${this.readonly} aria-invalid=${!base || isNumberLiteral(base.value) ? "false" : "true"}
          @input=${(e: Event) => { const v = (e.target as HTMLInputElement).value.trim(); if (isNumberLiteral(v)) setBase({ ...(base ?? {}), value: v }); }}
          @change=${(e: Event) => { if ((e.target as HTMLInputElement).value.trim() === "") setBase(undefined); }} /></label>
        ${base && divided ? html`
          <label>${t("givenTo")}<select ?disabled=${this.readonly || flat} @change=${(e: Event) => setBase(withOptional(base, "perEntity", (e.target as HTMLSelectElement).value))}>
            <option value="" ?selected=${!base.perEntity}>${t("givenToRoot")}</option>
            ${this.kinds().map((k) => html`<option value=${k} ?selected=${base.perEntity === k}>${t("perKind", { kind: k })}</option>`)}
          </select></label>
          <label>${t("basePeriod")}<select ?disabled=${this.readonly || flat} @change=${(e: Event) => setBase(withOptional(base, "per", (e.target as HTMLSelectElement).value as Grain | ""))}>
            <option value="" ?selected=${!base.per}>${t("eachGrainPeriod")}</option>
            ${GRAINS.map((g) => html`<option value=${g} ?selected=${base.per === g}>${t(GRAIN_KEY[g])}</option>`)}
          </select></label>
          <label class="check"><input type="checkbox" .checked=${flat} ?disabled=${this.readonly}
            @change=${(e: Event) => {
              // A flat base is never divided: whatever divides it goes (the checker's rule-flat-divided).
              const on = (e.target as HTMLInputElement).checked;
              const next: TargetDecl = { ...d, base: on ? { value: base.value, flat: true } : { value: base.value } };
              for (const k of ["split", "quarters", "months"] as const) if (on) delete next[k];
              this.putDecl(next);
            }} />${t("flat")}</label>` : ""}
        <label>${t("challenge")} (${d.metric})<input size="8" .value=${d.challenge ?? ""} ?readonly=${this.readonly}
          @change=${(e: Event) => { const v = (e.target as HTMLInputElement).value.trim(); if (v === "" || isNumberLiteral(v)) this.putDecl(withOptional(d, "challenge", v)); }} /></label>
      </div>
      ${divided ? html`<div class="row">${split}</div>` : html`<p class="muted">${t("appliesUnchanged", { type: type === "percent" ? t("typePercent") : type === "number" ? t("typeNumber") : type ?? "" })}</p>`}
      ${base?.per === "year" && !flat && divided ? this.weights(d) : ""}
    </section>`;
  }

  /** A new target: a metric that has none yet, and its base. */
  private addForm() {
    const t = this.t;
    if (this.readonly) return "";
    const targeted = new Set(shownDecls(this.model, this.merged, "target").map((s) => s.decl.metric));
    const free = shownDecls(this.model, this.merged, "metric").map((s) => s.decl.name).filter((m) => !targeted.has(m));
    if (free.length === 0) return "";
    const metric = free.includes(this.newMetric) ? this.newMetric : free[0]!;
    const valid = this.newBase === "" || isNumberLiteral(this.newBase);
    return html`<form class="row add" @submit=${(e: Event) => {
      e.preventDefault();
      if (!valid) return;
      this.putDecl(this.newBase === "" ? { kind: "target", metric } : { kind: "target", metric, base: { value: this.newBase } });
      this.newBase = "";
      this.newMetric = "";
    }}>
      <label>${t("newTargetFor")}<select @change=${(e: Event) => (this.newMetric = (e.target as HTMLSelectElement).value)}>
        ${free.map((m) => html`<option value=${m} ?selected=${m === metric}>${m}</option>`)}</select></label>
      <label>${t("base")}<input size="12" .value=${this.newBase} placeholder="1_000_000" aria-invalid=${valid ? "false" : "true"} @input=${(e: Event) => (this.newBase = (e.target as HTMLInputElement).value.trim())} /></label>
      <button type="submit" ?disabled=${!valid}>${t("addTarget")}</button>
    </form>`;
  }

  private weights(d: TargetDecl) {
    const t = this.t;
    const quarters = d.quarters ?? [];
    const months = d.months ?? [];
    const setWeight = (kind: "quarters" | "months", i: number, v: string): void => {
      if (!isNumberLiteral(v)) return;
      const list = [...(d[kind] ?? (kind === "quarters" ? ["25%", "25%", "25%", "25%"] : []))];
      list[i] = v;
      this.putDecl({ ...d, [kind]: list });
    };
    const qSum = sumPercent(quarters);
    const mSum = sumPercent(months);
    const p = previewSplit(d.base!.value, quarters, months);
    const sumCheck = (ws: string[], sum: string) => (ws.length === 0 ? "" : sum === "100%" ? html`<span class="ok">✓ ${t("weightsSum", { sum })}</span>` : html`<span class="error" role="alert">${t("weightsMustBe100", { sum })}</span>`);
    return html`
      <h3>${t("quarters")}</h3>
      <div class="weights">${[0, 1, 2, 3].map((i) => html`<label>${t("quarterN", { n: i + 1 })}<input .value=${quarters[i] ?? ""} placeholder="25%" ?readonly=${this.readonly || months.length > 0}
        @input=${(e: Event) => setWeight("quarters", i, (e.target as HTMLInputElement).value.trim())} /></label>`)} ${sumCheck(quarters, qSum)}</div>
      ${months.length ? html`<h3>${t("months")}</h3>
      <div class="weights">${months.map((m, i) => html`<label>${t("monthN", { n: i + 1 })}<input .value=${m} ?readonly=${this.readonly}
        @input=${(e: Event) => setWeight("months", i, (e.target as HTMLInputElement).value.trim())} /></label>`)} ${sumCheck(months, mSum)}</div>` : ""}
      <h3>${t("splitPreview", { value: d.base!.value })}</h3>
      ${p.ok ? html`<table class="preview" aria-label=${t("splitPreview", { value: d.base!.value })}>
        <tr><th></th>${p.months.map((_, i) => html`<th>${t("monthN", { n: i + 1 })}</th>`)}<th>${t("splitSum")}</th></tr>
        <tr><th>${t("months")}</th>${p.months.map((m) => html`<td>${fmt(m)}</td>`)}<td><strong>${fmt(p.months.reduce((a, b) => Math.round((a + b) * 100) / 100, 0))}</strong></td></tr>
        <tr><th>${t("quarters")}</th>${p.quarters.map((q) => html`<td colspan="3">${fmt(q)}</td>`)}<td><strong>${fmt(p.total)}</strong></td></tr>
      </table>` : html`<p class="error">${p.reason}</p>`}`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    "kpi-targets-tab": KpiTargetsTab;
  }
}

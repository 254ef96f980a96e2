/**
 * Data: entity kinds (their labels and what they roll up into) and sources
 * (whom their records are credited to, the date field, every field with its
 * label, type and enum values); new kinds, sources and fields. Renaming a
 * field or source is left to the source view, where its uses can be seen.
 * @fires kpi-decl - detail `{ decl }`
 * @module
 */
import { html, css } from "lit";
import { customElement, state } from "lit/decorators.js";
import type { Field, SourceDecl } from "../../schemas/generated/template.js";
import { isName, shownDecls, withOptional } from "../controllers/commands.js";
import { DeclTab } from "./decl-tab.js";
import { shared } from "./styles.js";

/** The field types the language knows besides entity kinds and `enum`. */
const BASIC_TYPES = ["string", "number", "integer", "percent", "money", "date", "boolean"] as const;

/**
 * A field with a new type: an enum keeps (or starts) its values, any other type has none.
 * @example
 * retype({ name: "kind", type: "string" }, "enum"); // { name: "kind", type: "enum", values: [] }
 */
export function retype(f: Field, type: string): Field {
  const next: Field = { ...f, type };
  if (type === "enum") next.values = f.values ?? [];
  else delete next.values;
  return next;
}

@customElement("kpi-data-tab")
export class KpiDataTab extends DeclTab {
  static override styles = [shared, css`
    section { background: var(--kpi-bg); border: 1px solid var(--kpi-border); border-radius: var(--kpi-radius); padding: 12px; margin-bottom: 12px; }
    td { vertical-align: middle; }
    .values { display: flex; flex-wrap: wrap; gap: 4px; align-items: center; }
    .chip { display: inline-flex; align-items: center; gap: 2px; border: 1px solid var(--kpi-border); border-radius: 10px; padding: 0 2px 0 8px; background: var(--kpi-bg-muted); }
    .chip button { border: none; background: none; padding: 0 6px; line-height: 1.4; }
    button.icon { padding: 2px 8px; }
    form.add { margin: 8px 0 0; }
  `];

  @state() private newKind = "";
  @state() private newSource = "";
  /** The name typed for a new field, per source. */
  @state() private newField: Record<string, string> = {};

  override render() {
    const t = this.t;
    const entities = shownDecls(this.model, this.merged, "entity");
    const kinds = entities.map((s) => s.decl.name);
    return html`<h2>${t("entities")}</h2>
      <section><table>
        <thead><tr><th>${t("name")}</th><th>${t("label")}</th><th>${t("parent")}</th><th></th></tr></thead>
        <tbody>${entities.map((s) => html`<tr><td><code>${s.decl.name}</code></td>
          <td>${this.textInput(`${t("label")} ${s.decl.name}`, s.decl.label ?? "", (v) => this.putDecl(withOptional(s.decl, "label", v.trim())), { bare: true })}</td>
          <td><select aria-label=${`${t("parent")} ${s.decl.name}`} ?disabled=${this.readonly} @change=${(e: Event) => this.putDecl(withOptional(s.decl, "parent", (e.target as HTMLSelectElement).value))}>
            <option value="" ?selected=${!s.decl.parent}>${t("parentRoot")}</option>
            ${kinds.filter((k) => k !== s.decl.name).map((k) => html`<option value=${k} ?selected=${s.decl.parent === k}>${k}</option>`)}
          </select></td><td>${this.badge(s)}</td></tr>`)}</tbody>
      </table>
      ${this.addByName("newKindName", "addKind", this.newKind, kinds, (v) => (this.newKind = v), (name) => this.putDecl({ kind: "entity", name }))}
      </section>
      <h2>${t("sources")}</h2>
      ${shownDecls(this.model, this.merged, "source").map((s) => this.source(s.decl, this.badge(s), kinds))}
      <section>${this.addByName("newSourceName", "addSource", this.newSource, this.merged.declarations.flatMap((d) => (d.kind === "source" ? [d.name] : [])), (v) => (this.newSource = v), (name) =>
        // A source needs whom it credits and the date it is dated by; the first kind and a `date` field are a start the admin adjusts.
        this.putDecl({ kind: "source", name, by: kinds.find((k) => k !== "all") ?? "rep", at: "date", fields: [{ name: "date", type: "date" }] }),
      )}</section>`;
  }

  private source(d: SourceDecl, badge: unknown, kinds: string[]) {
    const t = this.t;
    const put = (fields: Field[]): void => this.putDecl({ ...d, fields });
    const setField = (i: number, f: Field): void => put(d.fields.map((x, k) => (k === i ? f : x)));
    const dates = d.fields.filter((f) => f.type === "date").map((f) => f.name);
    const types = [...BASIC_TYPES, "enum", ...kinds];
    return html`<section aria-label=${d.name}>
      <div class="row"><h3><code>${d.name}</code></h3>${badge}
        ${this.textInput(`${t("label")} ${d.name}`, d.label ?? "", (v) => this.putDecl(withOptional(d, "label", v.trim())))}
        <label>${t("creditedTo")}<select ?disabled=${this.readonly} @change=${(e: Event) => this.putDecl({ ...d, by: (e.target as HTMLSelectElement).value })}>
          ${(kinds.includes(d.by) ? kinds : [d.by, ...kinds]).map((k) => html`<option value=${k} ?selected=${k === d.by}>${k}</option>`)}</select></label>
        <label>${t("datedBy")}<select ?disabled=${this.readonly} @change=${(e: Event) => this.putDecl({ ...d, at: (e.target as HTMLSelectElement).value })}>
          ${(dates.includes(d.at) ? dates : [d.at, ...dates]).map((f) => html`<option value=${f} ?selected=${f === d.at}>${f}</option>`)}</select></label>
      </div>
      <table><thead><tr><th>${t("field")}</th><th>${t("label")}</th><th>${t("type")}</th><th>${t("values")}</th><th></th></tr></thead>
        <tbody>${d.fields.map((f, i) => html`<tr><td><code>${f.name}</code></td>
          <td>${this.textInput(`${t("label")} ${d.name}.${f.name}`, f.label ?? "", (v) => setField(i, withOptional(f, "label", v.trim())), { bare: true, width: "14" })}</td>
          <td><select aria-label=${`${t("type")} ${d.name}.${f.name}`} ?disabled=${this.readonly} @change=${(e: Event) => setField(i, retype(f, (e.target as HTMLSelectElement).value))}>
            ${(types.includes(f.type) ? types : [f.type, ...types]).map((ty) => html`<option value=${ty} ?selected=${ty === f.type}>${ty}</option>`)}</select></td>
          <td>${f.type === "enum" ? this.values(d, f, (values) => setField(i, { ...f, values })) : ""}</td>
          <td>${this.readonly || f.name === d.at ? "" : html`<button class="icon" aria-label=${t("removeField", { name: `${d.name}.${f.name}` })} @click=${() => put(d.fields.filter((_, k) => k !== i))}>✕</button>`}</td>
        </tr>`)}</tbody></table>
      ${this.addByName("newFieldName", "addField", this.newField[d.name] ?? "", d.fields.map((f) => f.name), (v) => (this.newField = { ...this.newField, [d.name]: v }), (name) => {
        put([...d.fields, { name, type: "string" }]);
      }, `${d.name}`)}
    </section>`;
  }

  /** An enum's values as chips, each removable, and an input that adds one on Enter. */
  private values(d: SourceDecl, f: Field, commit: (values: string[]) => void) {
    const t = this.t;
    const values = f.values ?? [];
    return html`<div class="values">${values.map((v, k) => html`<span class="chip"><code>"${v}"</code>${this.readonly ? "" : html`<button aria-label=${t("removeValue", { value: v, field: `${d.name}.${f.name}` })}
        @click=${() => commit(values.filter((_, j) => j !== k))}>✕</button>`}</span>`)}
      ${this.readonly ? "" : html`<input size="10" aria-label=${t("addValue", { field: `${d.name}.${f.name}` })} placeholder=${t("addValuePlaceholder")}
        @keydown=${(e: KeyboardEvent) => {
          if (e.key !== "Enter") return;
          const input = e.target as HTMLInputElement;
          const v = input.value.trim();
          if (v !== "" && !values.includes(v)) commit([...values, v]);
          input.value = "";
        }} />`}</div>`;
  }

  /** A small form adding something by a new, unused name. */
  private addByName(labelKey: "newKindName" | "newSourceName" | "newFieldName", buttonKey: "addKind" | "addSource" | "addField", value: string, taken: string[], set: (v: string) => void, add: (name: string) => void, scope = "") {
    const t = this.t;
    if (this.readonly) return "";
    const valid = isName(value) && !taken.includes(value);
    const why = `why-${labelKey}-${scope}`;
    return html`<form class="row add" @submit=${(e: Event) => { e.preventDefault(); if (!valid) return; add(value); set(""); }}>
      <label>${scope ? `${t(labelKey)} (${scope})` : t(labelKey)}<input class="mono" .value=${value} aria-invalid=${value !== "" && !valid ? "true" : "false"} aria-describedby=${why}
        @input=${(e: Event) => set((e.target as HTMLInputElement).value.trim())} /></label>
      <button type="submit" ?disabled=${!valid}>${t(buttonKey)}</button>
      <span id=${why} class="error">${taken.includes(value) ? t("nameTakenHere", { name: value }) : value !== "" && !valid ? t("badName") : ""}</span>
    </form>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    "kpi-data-tab": KpiDataTab;
  }
}

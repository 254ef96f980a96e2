/**
 * The Preview's upload step: CSV/TSV/NDJSON/xlsx exports as the CRM wrote
 * them, the server's proposed mapping (`POST /v1/datasets/preview`) as a
 * column-by-column form — per file the part it plays, per column the field
 * read from it, its detected form, its first values and its problems; the
 * value maps of enum fields; what the proposal could not decide; the
 * outcome of loading the files with the mapping — and "Save dataset", which
 * stores the files with the mapping. The component reads the chosen files
 * (bytes, for the server to decode) and holds the admin's edits; the shell
 * makes the calls.
 * @fires kpi-dataset-propose - detail `{ files, mapping? }` (mapping: the edited one, to check)
 * @fires kpi-dataset-save - detail `{ name, files, mapping }`
 * @fires kpi-dataset-cancel - the upload is dropped
 * @module
 */
import { LitElement, html, css, nothing, type PropertyValues } from "lit";
import { customElement, property, state } from "lit/decorators.js";
import type { DatasetExportFileMap, DatasetPreview, FieldError, Mapping, PreviewFile } from "../../client/index.js";
import type { Declaration } from "../../schemas/generated/template.js";
import {
  assignFile, canonical, columnSamples, defaultName, fieldOfHeader, fieldsOf, filesProblem, formatOf, levelsOf, outcome, readFiles, roleKey, roleOfKey, rolesOfFile,
  NUMBER_FORMS, numberFormOf, setColumn, setFormat, setLevel, setNumberForm, setValue, sourcesOf, valueRows, type FieldChoice, type FileRole,
} from "../controllers/upload.js";
import type { Translate } from "../i18n/index.js";
import type { PreviewProblem } from "./kpi-preview-tab.js";
import { shared } from "./styles.js";

/** What the shell passes down about the upload: the last proposal, a call in flight, its problem, the dataset just saved. */
export interface UploadState {
  proposal?: DatasetPreview;
  busy: boolean;
  problem?: PreviewProblem;
  saved?: string;
}

/** The fields whose form the admin states here: dates (a pattern such as M/D/YYYY). Number forms are detected and shown. */
const PATTERNED = new Set(["date"]);
const NUMERIC = new Set(["money", "number", "integer", "percent"]);
const ERRORS_SHOWN = 20;

@customElement("kpi-dataset-upload")
export class KpiDatasetUpload extends LitElement {
  static override styles = [
    shared,
    css`
      :host { display: block; }
      .file { border: 1px solid var(--kpi-border); border-radius: var(--kpi-radius); padding: 10px 12px; margin: 12px 0; }
      .file header { display: flex; gap: 16px; align-items: baseline; flex-wrap: wrap; margin-bottom: 8px; }
      .part + .part { margin-top: 14px; padding-top: 10px; border-top: 1px dashed var(--kpi-border); }
      .part > label { margin-bottom: 8px; }
      .file h3 { margin: 0; font-family: var(--kpi-mono); font-size: 0.95rem; }
      .wide { overflow-x: auto; max-width: 100%; }
      table { width: auto; min-width: min(100%, 760px); }
      td.samples { max-width: 22rem; overflow: hidden; text-overflow: ellipsis; white-space: nowrap; font-family: var(--kpi-mono); font-size: 0.8rem; }
      td select { max-width: 16rem; }
      td input { width: 9rem; }
      ul.col-problems { margin: 0; padding-left: 16px; color: var(--kpi-error); font-size: 0.85rem; }
      .values { display: flex; gap: 16px; flex-wrap: wrap; align-items: start; }
      .values table { min-width: 0; }
      .problem { border: 1px solid #e3a5a1; background: #fbeaea; border-radius: var(--kpi-radius); padding: 8px 12px; margin: 8px 0; }
      .problem ul, .outcome ul { margin: 4px 0 0; padding-left: 20px; max-height: 200px; overflow: auto; }
      .ok { color: #17693a; font-weight: 600; }
      .actions { display: flex; gap: 10px; align-items: end; flex-wrap: wrap; margin: 12px 0; }
      .saved { color: #17693a; }
    `,
  ];

  @property({ attribute: false }) t!: Translate;
  @property({ attribute: false }) declarations: readonly Declaration[] = [];
  @property({ attribute: false }) state: UploadState = { busy: false };
  /** Why this key may not upload (its role), or empty. */
  @property() blocked = "";
  @state() private files?: DatasetExportFileMap;
  @state() private names: string[] = [];
  @state() private reading = false;
  @state() private localProblem = "";
  @state() private mapping?: Mapping;
  /** The mapping as last sent to be checked (JSON), so an edit after it asks for a new check before saving. */
  @state() private checked = "";
  @state() private name = "";

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has("state")) {
      const before = changed.get("state") as UploadState | undefined;
      const p = this.state.proposal;
      if (p && p !== before?.proposal) {
        this.mapping = p.mapping;
        this.checked = canonical(p.mapping);
        if (!before?.proposal && p.preset) this.name = p.preset;
      }
      if (this.state.saved && this.state.saved !== before?.saved) this.clear();
    }
  }

  override render() {
    const t = this.t;
    const p = this.state.proposal;
    return html`
      <p class="muted">${t("uploadHint")}</p>
      <div class="row">
        <label>${t("files")}<input type="file" multiple accept=".csv,.tsv,.txt,.ndjson,.xlsx" ?disabled=${!!this.blocked} @change=${this.onFiles} aria-describedby=${this.blocked ? "upload-blocked" : nothing} /></label>
        <button type="button" class="primary" ?disabled=${!this.files || this.state.busy || this.reading || !!this.blocked} @click=${() => this.propose(false)}>${t("proposeMapping")}</button>
        ${this.files ? html`<button type="button" @click=${this.cancel}>${t("cancelUpload")}</button>` : ""}
      </div>
      ${this.blocked ? html`<p class="muted" id="upload-blocked">${this.blocked}</p>` : ""}
      <div role="status">
        ${this.reading || this.state.busy ? html`<span>${t("running")}</span>` : ""}
        ${this.state.saved && !this.files ? html`<span class="saved">${t("datasetSaved", { name: this.state.saved })}</span>` : ""}
      </div>
      ${this.localProblem ? html`<div class="problem" role="alert">${this.localProblem}</div>` : ""}
      ${this.state.problem ? html`<div class="problem" role="alert">
        <strong>${t("error")} ${this.state.problem.status}: ${this.state.problem.title}</strong>
        <div>${this.state.problem.detail}</div>
        ${this.state.problem.items.length ? html`<ul>${this.state.problem.items.map((i) => html`<li>${i}</li>`)}</ul>` : ""}
      </div>` : ""}
      ${p && this.mapping && this.files ? this.proposalView(p, this.mapping) : ""}`;
  }

  private proposalView(p: DatasetPreview, m: Mapping) {
    const t = this.t;
    const edited = canonical(m) !== this.checked;
    const o = outcome(p);
    const saveWhy = edited ? t("checkFirst") : !o.ok ? t("fixErrorsFirst") : "";
    return html`
      ${p.preset ? html`<p>${t("presetFound", { preset: p.preset })}</p>` : ""}
      ${p.undecided.length ? html`<div class="notice" role="note"><strong>${t("toCheck")}</strong><ul>${p.undecided.map((u) => html`<li>${u}</li>`)}</ul></div>` : ""}
      ${p.files.map((f) => this.fileView(f, m))}
      <div class="outcome" role="region" aria-label=${t("loadOutcome")}>
        <h3>${t("loadOutcome")}</h3>
        ${edited ? html`<p class="muted">${t("checkFirst")}</p>` : o.ok ? html`<p class="ok">${t("loadOk")}</p>` : html`<p class="error">${t("loadErrors", { n: o.errors })}</p>`}
        ${!edited && p.errors.length ? html`<ul>${p.errors.slice(0, ERRORS_SHOWN).map((e) => html`<li>${errorLine(e)}</li>`)}</ul>` : ""}
        ${!edited && p.warnings.length ? html`<p>${t("warningsN", { n: p.warnings.length })}</p><ul>${p.warnings.map((w) => html`<li>${w.file}: ${w.message}</li>`)}</ul>` : ""}
      </div>
      <div class="actions">
        <button type="button" ?disabled=${this.state.busy} @click=${() => this.propose(true)}>${t("checkMapping")}</button>
        <label>${t("datasetName")}<input .value=${this.name} @input=${(e: Event) => (this.name = (e.target as HTMLInputElement).value)} /></label>
        <button type="button" class="primary" ?disabled=${!!saveWhy || this.state.busy || !this.name.trim()} aria-describedby=${saveWhy ? "save-why" : nothing} @click=${this.save}>${t("saveDataset")}</button>
        ${saveWhy ? html`<span class="muted" id="save-why">${saveWhy}</span>` : ""}
      </div>`;
  }

  private fileView(f: PreviewFile, m: Mapping) {
    const t = this.t;
    const roles = rolesOfFile(m, f.file);
    return html`<section class="file" aria-label=${f.file}>
      <header>
        <h3>${f.file}</h3>
        <span class="muted">${[f.encoding, f.delimiter !== undefined ? t("delimiterIs", { d: f.delimiter === "\t" ? "Tab" : `"${f.delimiter}"` }) : ""].filter(Boolean).join(" · ")}</span>
      </header>
      ${roles.map((role, i) => this.partView(f, m, role, roles.length > 1 ? i + 1 : 0))}
    </section>`;
  }

  /** One part the file plays: what it is used as, then its columns (or, for entities read as hierarchy levels, the level columns). */
  private partView(f: PreviewFile, m: Mapping, role: FileRole, n: number) {
    const t = this.t;
    const fields = fieldsOf(role, this.declarations);
    const byColumn = new Map(f.columns.map((c) => [c.header, c]));
    const enums = fields.filter((x) => x.values && x.values.length && partHas(m, role, x.name));
    const levels = role.kind === "entities" ? levelsOf(m) : undefined;
    const several = n > 0;
    const usedAs = several ? t("usedAsPart", { n }) : t("usedAs");
    return html`<div class="part">
      <label>${usedAs}<select .value=${roleKey(role)} @change=${(e: Event) => this.edit(assignFile(m, f.file, roleOfKey((e.target as HTMLSelectElement).value), role))}>
        <option value="none" ?selected=${role.kind === "none"}>${t("roleNone")}</option>
        <option value="entities" ?selected=${role.kind === "entities"}>${t("roleEntities")}</option>
        ${sourcesOf(this.declarations).map((s) => html`<option value=${`source:${s.name}`} ?selected=${role.kind === "source" && role.source === s.name}>${t("roleSource", { name: s.label })}</option>`)}
        <option value="targets" ?selected=${role.kind === "targets"}>${t("roleTargets")}</option>
        <option value="inputs" ?selected=${role.kind === "inputs"}>${t("roleInputs")}</option>
      </select></label>
      ${role.kind === "none" ? html`<p class="muted">${t("fileNotUsed")}</p>` : levels ? this.levelsView(f, m, levels) : html`<div class="wide"><table aria-label=${several ? t("columnsOfPart", { file: f.file, part: this.roleName(role) }) : t("columnsOf", { file: f.file })}>
        <thead><tr><th scope="col">${t("colColumn")}</th><th scope="col">${t("colReadAs")}</th><th scope="col">${t("colFormat")}</th><th scope="col">${t("colFirstValues")}</th><th scope="col">${t("colProblems")}</th></tr></thead>
        <tbody>${f.header.map((h) => {
          // A field the mapping does not name is read from a header of its own name (docs/mapping.md).
          const field = fieldOfHeader(m, role, h) ?? fields.find((x) => x.name === h.trim() && partColumn(m, role, x.name) === undefined)?.name ?? "";
          const choice = fields.find((x) => x.name === field);
          // The server's per-column findings are for the field it read there; after an edit they may be about another field.
          const col = byColumn.get(h);
          const problems = col && col.field === (field || undefined) ? col.problems : [];
          const samples = columnSamples(f, h);
          return html`<tr>
            <th scope="row">${h}</th>
            <td><select aria-label=${t("fieldFor", { header: h })} .value=${field} @change=${(e: Event) => this.edit(setColumn(m, role, h, (e.target as HTMLSelectElement).value))}>
              <option value="" ?selected=${!field}>${t("notRead")}</option>
              ${fields.map((x) => html`<option value=${x.name} ?selected=${x.name === field}>${x.label === x.name ? x.name : `${x.label} (${x.name})`}</option>`)}
            </select></td>
            <td>${choice && PATTERNED.has(choice.type) ? html`<input aria-label=${t("formatFor", { field: choice.name })} placeholder="YYYY-MM-DD" .value=${formatOf(m, role, choice.name) || (col?.field === field ? (col.format ?? "") : "")}
              @change=${(e: Event) => this.edit(setFormat(m, role, choice.name, (e.target as HTMLInputElement).value))} />` : choice && NUMERIC.has(choice.type) ? this.numberForm(m, role, choice.name, col?.field === field ? col.format : undefined) : ""}</td>
            <td class="samples" title=${samples.join(" · ")}>${samples.slice(0, 4).join(" · ")}</td>
            <td>${problems.length ? html`<ul class="col-problems">${problems.map((x) => html`<li>${x}</li>`)}</ul>` : ""}</td>
          </tr>`;
        })}</tbody>
      </table></div>
      ${enums.length ? html`<div class="values">${enums.map((x) => this.valuesView(f, m, role, x))}</div>` : ""}`}
    </div>`;
  }

  /** A numeric field's form: detected by the loader unless one is stated (a European export's 1.234,56). */
  private numberForm(m: Mapping, role: FileRole, field: string, detected: string | undefined) {
    const t = this.t;
    const stated = numberFormOf(m, role, field);
    return html`<select aria-label=${t("numberFormFor", { field })} .value=${stated} @change=${(e: Event) => this.edit(setNumberForm(m, role, field, (e.target as HTMLSelectElement).value))}>
      <option value="" ?selected=${!stated}>${detected ? t("detectedForm", { form: detected }) : t("detectForm")}</option>
      ${NUMBER_FORMS.map((f) => html`<option value=${f.key} ?selected=${f.key === stated}>${f.key}</option>`)}
    </select>`;
  }

  /** Entities carried as columns of each row (leaf first): the column naming each level. */
  private levelsView(f: PreviewFile, m: Mapping, levels: { kind: string; column: string }[]) {
    const t = this.t;
    const label = t("levelsOf", { file: f.file });
    return html`<table aria-label=${label}>
      <caption class="muted">${label}</caption>
      <thead><tr><th scope="col">${t("levelKind")}</th><th scope="col">${t("colColumn")}</th><th scope="col">${t("colFirstValues")}</th></tr></thead>
      <tbody>${levels.map((l) => html`<tr>
        <th scope="row">${l.kind}</th>
        <td><select aria-label=${t("levelColumn", { kind: l.kind })} .value=${l.column} @change=${(e: Event) => this.edit(setLevel(m, l.kind, (e.target as HTMLSelectElement).value))}>
          ${f.header.map((h) => html`<option value=${h} ?selected=${h === l.column}>${h}</option>`)}
        </select></td>
        <td class="samples">${columnSamples(f, l.column).slice(0, 4).join(" · ")}</td>
      </tr>`)}</tbody>
    </table>`;
  }

  private roleName(role: FileRole): string {
    const t = this.t;
    if (role.kind === "source") return t("roleSource", { name: sourcesOf(this.declarations).find((s) => s.name === role.source)?.label ?? role.source });
    return t(role.kind === "entities" ? "roleEntities" : role.kind === "targets" ? "roleTargets" : role.kind === "inputs" ? "roleInputs" : "roleNone");
  }

  private valuesView(f: PreviewFile, m: Mapping, role: FileRole, x: FieldChoice) {
    const t = this.t;
    const header = partColumn(m, role, x.name) ?? x.name;
    const rows = valueRows(m, role, x.name, columnSamples(f, header));
    const label = t("valuesOf", { field: x.name, file: f.file });
    return html`<table aria-label=${label}>
      <caption class="muted">${label}</caption>
      <thead><tr><th scope="col">${t("exportValue")}</th><th scope="col">${t("readAsValue")}</th></tr></thead>
      <tbody>${rows.map((r) => html`<tr>
        <th scope="row">${r.from === "*" ? t("otherValues") : r.from}</th>
        <td><select aria-label=${t("valueFor", { value: r.from === "*" ? t("otherValues") : r.from })} .value=${r.to} @change=${(e: Event) => this.edit(setValue(m, role, x.name, r.from, (e.target as HTMLSelectElement).value))}>
          <option value="" ?selected=${!r.to}>${t("notRead")}</option>
          ${(x.values ?? []).map((v) => html`<option value=${v} ?selected=${v === r.to}>${v}</option>`)}
        </select></td>
      </tr>`)}</tbody>
    </table>`;
  }

  private edit(m: Mapping): void {
    this.mapping = m;
  }

  private readonly onFiles = async (e: Event): Promise<void> => {
    const input = e.target as HTMLInputElement;
    const list = [...(input.files ?? [])];
    this.localProblem = "";
    this.files = undefined;
    this.mapping = undefined;
    this.names = list.map((f) => f.name);
    if (!list.length) return;
    const bad = filesProblem(this.names);
    if (bad) {
      this.localProblem = bad.key === "tooManyFiles" ? this.t("tooManyFiles", { n: bad.n }) : this.t("badFileName", { name: bad.name });
      return;
    }
    this.reading = true;
    try {
      this.files = await readFiles(list);
      this.name = defaultName(this.names);
    } catch (err) {
      this.localProblem = this.t("unreadableFile", { message: err instanceof Error ? err.message : String(err) });
    } finally {
      this.reading = false;
    }
  };

  private propose(withMapping: boolean): void {
    if (!this.files) return;
    const mapping = withMapping ? this.mapping : undefined;
    if (mapping) this.checked = canonical(mapping);
    this.dispatchEvent(new CustomEvent("kpi-dataset-propose", { detail: { files: this.files, ...(mapping ? { mapping } : {}) }, bubbles: true, composed: true }));
  }

  private readonly save = (): void => {
    if (!this.files || !this.mapping || !this.name.trim()) return;
    this.dispatchEvent(new CustomEvent("kpi-dataset-save", { detail: { name: this.name.trim(), files: this.files, mapping: this.mapping }, bubbles: true, composed: true }));
  };

  private readonly cancel = (): void => {
    this.clear();
    this.dispatchEvent(new CustomEvent("kpi-dataset-cancel", { bubbles: true, composed: true }));
  };

  private clear(): void {
    this.files = undefined;
    this.mapping = undefined;
    this.names = [];
    this.checked = "";
    this.localProblem = "";
    const input = this.renderRoot.querySelector?.('input[type="file"]') as HTMLInputElement | null;
    if (input) input.value = "";
  }
}

function partColumn(m: Mapping, role: FileRole, field: string): string | undefined {
  const part = role.kind === "entities" ? m.entities : role.kind === "source" ? m.sources?.[role.source] : role.kind === "targets" ? m.targets : role.kind === "inputs" ? m.inputs : undefined;
  return part?.columns?.[field];
}

function partHas(m: Mapping, role: FileRole, field: string): boolean {
  return partColumn(m, role, field) !== undefined || fieldOfHeaderless(m, role, field);
}

/** An unmapped field falls back to a header of its own name (docs/mapping.md); its values still need a map. */
function fieldOfHeaderless(m: Mapping, role: FileRole, field: string): boolean {
  const part = role.kind === "entities" ? m.entities : role.kind === "source" ? m.sources?.[role.source] : undefined;
  return !!part?.values && Object.hasOwn(part.values, field);
}

/** A located load error as one line: `file:line column (field): message`. */
function errorLine(e: FieldError): string {
  const where = [e.file, e.line ?? (e.record !== undefined ? `#${e.record}` : undefined)].filter((x) => x !== undefined).join(":");
  const col = e.column && e.field ? `${e.column} (${e.field})` : (e.column ?? e.field ?? "");
  return `${where || e.path}${col ? ` ${col}` : ""}: ${e.message}`;
}

declare global {
  interface HTMLElementTagNameMap {
    "kpi-dataset-upload": KpiDatasetUpload;
  }
}

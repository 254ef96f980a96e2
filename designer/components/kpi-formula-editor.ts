/**
 * A one-line formula editor (CodeMirror 6): the lexer's colours and
 * completion of sources, fields, enum values, metrics and functions, as in
 * the Source tab. The formula is committed when the editor loses focus or on
 * Enter, so a half-typed formula never reaches the model.
 * @fires kpi-formula - detail `{ value }`
 * @module
 */
import { LitElement, html, css, type PropertyValues } from "lit";
import { customElement, property } from "lit/decorators.js";
import { EditorState, Compartment, Prec } from "@codemirror/state";
import { EditorView, keymap } from "@codemirror/view";
import { completionKeymap, completionStatus } from "@codemirror/autocomplete";
import type { Template } from "../../schemas/generated/template.js";
import { kpiLanguage } from "./cm-language.js";

const theme = EditorView.theme({
  "&": { border: "1px solid var(--kpi-border-strong)", borderRadius: "6px", background: "#fff", fontSize: "13.5px" },
  "&.cm-focused": { outline: "3px solid var(--kpi-focus)", outlineOffset: "2px" },
  ".cm-content": { fontFamily: "var(--kpi-mono)", padding: "4px 6px" },
  ".cm-line": { padding: "0" },
});

@customElement("kpi-formula-editor")
export class KpiFormulaEditor extends LitElement {
  static override styles = css`:host { display: block; min-width: 0; } :host([invalid]) .host { outline: 1px solid var(--kpi-error); border-radius: 6px; }`;

  @property() value = "";
  @property() label = "";
  /** The id of the element describing the formula's problems. */
  @property() describedBy = "";
  @property({ type: Boolean }) readonly = false;
  @property({ attribute: false }) model: Template = { declarations: [] };
  private view?: EditorView;
  private ro = new Compartment();
  private attrs = new Compartment();

  override render() {
    return html`<div class="host"></div>`;
  }

  protected override firstUpdated(): void {
    const root = this.renderRoot as ShadowRoot;
    this.view = new EditorView({
      parent: root.querySelector(".host")!,
      root,
      state: EditorState.create({
        doc: this.value,
        extensions: [
          kpiLanguage(() => this.model),
          theme,
          // A long formula wraps in its cell rather than widening the table.
          EditorView.lineWrapping,
          this.ro.of(EditorState.readOnly.of(this.readonly)),
          this.attrs.of(this.contentAttrs()),
          // One line: Enter commits (unless a completion is open, which Enter accepts).
          EditorState.transactionFilter.of((tr) => (tr.newDoc.lines > 1 ? [] : tr)),
          Prec.high(keymap.of([...completionKeymap])),
          keymap.of([{ key: "Enter", run: (v) => (completionStatus(v.state) === "active" ? false : (this.commit(), true)) }]),
          EditorView.domEventHandlers({ blur: () => this.commit() }),
        ],
      }),
    });
  }

  protected override updated(changed: PropertyValues<this>): void {
    const v = this.view;
    if (!v) return;
    if (changed.has("value") && this.value !== v.state.doc.toString() && !v.hasFocus) v.dispatch({ changes: { from: 0, to: v.state.doc.length, insert: this.value } });
    if (changed.has("readonly")) v.dispatch({ effects: this.ro.reconfigure(EditorState.readOnly.of(this.readonly)) });
    if (changed.has("label") || changed.has("describedBy")) v.dispatch({ effects: this.attrs.reconfigure(this.contentAttrs()) });
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.view?.destroy();
    this.view = undefined;
  }

  private contentAttrs() {
    // aria-describedby cannot point out of this shadow root, so the problems are also in the description text.
    return EditorView.contentAttributes.of({ "aria-label": this.label, role: "textbox", "aria-multiline": "false", ...(this.describedBy ? { "aria-description": this.describedBy } : {}) });
  }

  private commit(): void {
    const v = this.view?.state.doc.toString().trim();
    if (v !== undefined && v !== this.value.trim()) this.dispatchEvent(new CustomEvent("kpi-formula", { detail: { value: v }, bubbles: true, composed: true }));
  }
}

declare global {
  interface HTMLElementTagNameMap {
    "kpi-formula-editor": KpiFormulaEditor;
  }
}

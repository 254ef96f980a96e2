/**
 * The source editor: CodeMirror 6 in this element's shadow root, labelled
 * "Template source". Colours come from the project's lexer, problems are
 * lint marks, completion offers the checker's names, and Ctrl+Z /
 * Ctrl+Shift+Z go to the document's one undo history (CodeMirror's own
 * history is left out, so there is only one). `text` down; edits up.
 * @fires kpi-text - detail `{ text }` on every edit
 * @fires kpi-undo, kpi-redo
 * @module
 */
import { LitElement, html, css, type PropertyValues } from "lit";
import { customElement, property } from "lit/decorators.js";
import { Annotation, EditorState, Compartment } from "@codemirror/state";
import { EditorView, keymap, lineNumbers, highlightActiveLine, highlightActiveLineGutter, drawSelection } from "@codemirror/view";
import { defaultKeymap, indentWithTab } from "@codemirror/commands";
import { setDiagnostics, lintGutter, type Diagnostic as CmDiagnostic } from "@codemirror/lint";
import { completionKeymap } from "@codemirror/autocomplete";
import type { Diagnostic } from "../../dsl/diagnostics.js";
import type { Template } from "../../schemas/generated/template.js";
import { kpiLanguage } from "./cm-language.js";

/** Marks a change that came from outside (the store), so it is not sent back up. */
const external = Annotation.define<boolean>();

const theme = EditorView.theme({
  "&": { border: "1px solid var(--kpi-border-strong)", borderRadius: "6px", background: "#fff", fontSize: "14px" },
  "&.cm-focused": { outline: "3px solid var(--kpi-focus)", outlineOffset: "2px" },
  ".cm-scroller": { fontFamily: "var(--kpi-mono)", minHeight: "420px" },
  ".cm-gutters": { background: "#f4f6f9", color: "#4f5b6b", border: "none" },
});

@customElement("kpi-source-view")
export class KpiSourceView extends LitElement {
  static override styles = css`:host { display: block; }`;

  @property() text = "";
  @property({ attribute: false }) diagnostics: Diagnostic[] = [];
  /** The merged model, for completion. */
  @property({ attribute: false }) model: Template = { declarations: [] };
  @property() label = "Template source";
  @property({ type: Boolean }) readonly = false;
  private view?: EditorView;
  private readonlyConf = new Compartment();

  override render() {
    return html`<div class="host"></div>`;
  }

  protected override firstUpdated(): void {
    const root = this.renderRoot as ShadowRoot;
    this.view = new EditorView({
      parent: root.querySelector(".host")!,
      root,
      state: EditorState.create({
        doc: this.text,
        extensions: [
          lineNumbers(),
          highlightActiveLine(),
          highlightActiveLineGutter(),
          drawSelection(),
          lintGutter(),
          kpiLanguage(() => this.model),
          theme,
          this.readonlyConf.of(EditorState.readOnly.of(this.readonly)),
          EditorView.contentAttributes.of({ "aria-label": this.label, "aria-multiline": "true", role: "textbox" }),
          // Undo and redo by the key itself (a keymap would read Ctrl+Shift+z, lower case, as Ctrl+z).
          EditorView.domEventHandlers({
            keydown: (e) => {
              if (!(e.ctrlKey || e.metaKey) || e.altKey) return false;
              const k = e.key.toLowerCase();
              if (k === "z") this.emit(e.shiftKey ? "kpi-redo" : "kpi-undo");
              else if (k === "y") this.emit("kpi-redo");
              else return false;
              e.preventDefault();
              return true;
            },
          }),
          keymap.of([
            ...completionKeymap,
            ...defaultKeymap,
            // Tab indents only with a modifier-free press; Escape then Tab leaves the editor (CodeMirror's rule), so the keyboard is never trapped.
            indentWithTab,
          ]),
          EditorView.updateListener.of((u) => {
            if (!u.docChanged) return;
            if (u.transactions.some((tr) => tr.annotation(external))) return;
            this.emit("kpi-text", { text: u.state.doc.toString() });
          }),
        ],
      }),
    });
    this.pushDiagnostics();
  }

  protected override updated(changed: PropertyValues<this>): void {
    const v = this.view;
    if (!v) return;
    if (changed.has("text") && this.text !== v.state.doc.toString()) {
      // The smallest replacement keeps the cursor where it was when the change is elsewhere.
      const cur = v.state.doc.toString();
      let a = 0;
      while (a < cur.length && a < this.text.length && cur[a] === this.text[a]) a++;
      let b = 0;
      while (b < cur.length - a && b < this.text.length - a && cur[cur.length - 1 - b] === this.text[this.text.length - 1 - b]) b++;
      v.dispatch({ changes: { from: a, to: cur.length - b, insert: this.text.slice(a, this.text.length - b) }, annotations: external.of(true) });
    }
    if (changed.has("diagnostics") || changed.has("text")) this.pushDiagnostics();
    if (changed.has("readonly")) v.dispatch({ effects: this.readonlyConf.reconfigure(EditorState.readOnly.of(this.readonly)) });
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.view?.destroy();
    this.view = undefined;
  }

  /** Puts the cursor at an offset and focuses the editor (the Problems panel's jump). */
  jumpTo(offset: number): void {
    const v = this.view;
    if (!v) return;
    const at = Math.min(offset, v.state.doc.length);
    v.dispatch({ selection: { anchor: at }, effects: EditorView.scrollIntoView(at, { y: "center" }) });
    v.focus();
  }

  private pushDiagnostics(): void {
    const v = this.view;
    if (!v) return;
    const len = v.state.doc.length;
    const marks: CmDiagnostic[] = this.diagnostics
      .filter((d) => d.file === undefined)
      .map((d) => {
        const from = Math.min(d.span.start, len);
        return { from, to: Math.min(Math.max(d.span.end, from), len), severity: d.severity, message: `${d.span.line}:${d.span.column} ${d.message}`, source: d.code };
      });
    v.dispatch(setDiagnostics(v.state, marks));
  }

  private emit(name: string, detail?: unknown): void {
    this.dispatchEvent(new CustomEvent(name, { detail, bubbles: true, composed: true }));
  }
}

declare global {
  interface HTMLElementTagNameMap {
    "kpi-source-view": KpiSourceView;
  }
}

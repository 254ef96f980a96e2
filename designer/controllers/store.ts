/**
 * The document store: one template being edited. The model is the document:
 * a visual edit is a new model, which the project's printer turns into text;
 * a text edit is parsed (dsl/parse.ts, on the page, synchronously) into the
 * model. While the text does not parse, the text is the truth and the tabs
 * show the last good model read-only. Diagnostics come from the checker
 * worker (the same checker the server runs). One undo history covers both
 * kinds of edit. Components get `state` as a property and send commands
 * through events; only the shell calls the store.
 * @module
 */
import { parseTemplate } from "../../dsl/parse.js";
import { printTemplate } from "../../dsl/printer.js";
import type { Diagnostic } from "../../dsl/diagnostics.js";
import type { MetricType } from "../../engine/check/checked-model.js";
import type { Template } from "../../schemas/generated/template.js";
import type { Checker } from "./checker.js";
import { History } from "./history.js";

/** Everything a view of the document needs. */
export interface DocState {
  id: string;
  text: string;
  /** The last model that parsed without syntax errors (this template's own declarations). */
  model: Template;
  /** False while the text has syntax errors (the model is then the last good one). */
  syntaxOk: boolean;
  /** The text span of each of this template's own declarations (by index), for problems per declaration. */
  spans: { start: number; end: number }[];
  /** The model with inherited declarations, from the last check. */
  merged: Template;
  diagnostics: Diagnostic[];
  metricTypes: Record<string, MetricType>;
  /** The base this template extends, if any. */
  base?: string;
  dirty: boolean;
  canUndo: boolean;
  canRedo: boolean;
  /** The draft's ETag the text is based on. */
  etag: string;
  /** The text the server holds. */
  serverText: string;
  checkMs?: number;
  /** How many checker answers have been applied (each for the text then current). */
  checks: number;
}

const hasSyntaxError = (ds: readonly Diagnostic[]): boolean => ds.some((d) => d.severity === "error" && d.code.startsWith("syntax-"));

/**
 * The store; listen to "change" for new state.
 * @example
 * const store = new DocumentStore(checker);
 * store.load({ id: "saas_growth", text, etag: '"r1"', bases: {} });
 * store.editModel({ ...store.state.model, declarations: [...] });
 * store.undo();
 */
export class DocumentStore extends EventTarget {
  private history = new History("");
  private bases: Record<string, string> = {};
  state: DocState = {
    id: "",
    text: "",
    model: { declarations: [] },
    syntaxOk: true,
    spans: [],
    merged: { declarations: [] },
    diagnostics: [],
    metricTypes: {},
    dirty: false,
    canUndo: false,
    canRedo: false,
    etag: "",
    serverText: "",
    checks: 0,
  };

  constructor(private readonly checker: Pick<Checker, "check">) {
    super();
  }

  /** Opens a template: its server text and ETag, the bases it extends, and maybe a local copy of unsaved work. */
  load(o: { id: string; serverText: string; etag: string; bases: Record<string, string>; text?: string }): void {
    this.bases = o.bases;
    const text = o.text ?? o.serverText;
    this.history.reset(o.serverText);
    if (text !== o.serverText) this.history.push(text);
    const parsed = parseTemplate(text);
    this.state = {
      ...this.state,
      id: o.id,
      etag: o.etag,
      serverText: o.serverText,
      metricTypes: {},
      model: parsed.model,
      merged: parsed.model,
      diagnostics: parsed.diagnostics,
    };
    this.setText(text, parsed);
  }

  /** A source edit: typing merges into one undo step until a pause. */
  editText(text: string): void {
    this.history.push(text, "typing");
    this.setText(text);
  }

  /** A visual edit: the new model, printed by the project's printer. */
  editModel(model: Template, group?: string): void {
    if (!this.state.syntaxOk) return;
    const text = printTemplate(model);
    this.history.push(text, group);
    this.setText(text);
  }

  /** Formats the text (`kpi fmt`): the model printed again. Comments are kept by the printer. */
  format(): void {
    if (this.state.syntaxOk) this.editModel(this.state.model);
  }

  undo(): void {
    const text = this.history.undo();
    if (text !== undefined) this.setText(text);
  }

  redo(): void {
    const text = this.history.redo();
    if (text !== undefined) this.setText(text);
  }

  /** The server accepted the text as its draft (saved, or replaced by theirs). */
  saved(o: { serverText: string; etag: string }): void {
    this.state = { ...this.state, serverText: o.serverText, etag: o.etag, dirty: this.state.text !== o.serverText };
    this.emit();
  }

  /** Replaces the text with the server's (after a conflict: "take theirs"). */
  replaceWithServer(o: { serverText: string; etag: string }): void {
    this.history.push(o.serverText);
    this.state = { ...this.state, serverText: o.serverText, etag: o.etag };
    this.setText(o.serverText);
  }

  private setText(text: string, parsed = parseTemplate(text)): void {
    const syntaxOk = !hasSyntaxError(parsed.diagnostics);
    const base = syntaxOk ? parsed.model.header?.extends : this.state.base;
    this.state = {
      ...this.state,
      text,
      syntaxOk,
      model: syntaxOk ? parsed.model : this.state.model,
      spans: syntaxOk ? parsed.model.declarations.map((_, i) => parsed.spans.get(`/declarations/${i}`) ?? { start: 0, end: 0 }) : this.state.spans,
      // Until the checker answers, the parser's own problems are shown at once.
      diagnostics: syntaxOk ? this.state.diagnostics.filter((d) => !d.code.startsWith("syntax-")) : parsed.diagnostics,
      dirty: text !== this.state.serverText,
      canUndo: this.history.canUndo,
      canRedo: this.history.canRedo,
      ...(base !== undefined ? { base } : {}),
    };
    if (base === undefined) delete this.state.base;
    this.emit();
    void this.runCheck(text);
  }

  private async runCheck(text: string): Promise<void> {
    const r = await this.checker.check(text, this.bases);
    if (!r || this.state.text !== text) return;
    this.state = {
      ...this.state,
      diagnostics: r.diagnostics,
      merged: this.state.syntaxOk ? r.merged : this.state.merged,
      metricTypes: r.metricTypes ?? this.state.metricTypes,
      checkMs: r.ms,
      checks: this.state.checks + 1,
    };
    this.emit();
  }

  private emit(): void {
    this.dispatchEvent(new Event("change"));
  }
}

/**
 * The KPI language for CodeMirror, shared by the source editor and the
 * formula editors: colours from the project's lexer (a decoration field
 * re-lexed after edits), the token colours, and completion from the
 * checker's names (controllers/completion.ts).
 * @module
 */
import { RangeSetBuilder, StateEffect, StateField, type Extension } from "@codemirror/state";
import { Decoration, EditorView, ViewPlugin, type DecorationSet, type ViewUpdate } from "@codemirror/view";
import { autocompletion, type CompletionContext, type CompletionResult } from "@codemirror/autocomplete";
import type { Template } from "../../schemas/generated/template.js";
import { complete } from "../controllers/completion.js";
import { tokenClasses } from "../controllers/highlight.js";

const setTokens = StateEffect.define<DecorationSet>();
const MARKS = Object.fromEntries(["kw", "soft", "name", "fn", "str", "num", "comment", "op"].map((c) => [c, Decoration.mark({ class: `tk-${c}` })])) as Record<string, Decoration>;

/** The lexer's tokens as decorations. */
function decorate(text: string): DecorationSet {
  const b = new RangeSetBuilder<Decoration>();
  let last = -1;
  for (const t of tokenClasses(text)) {
    if (t.from < last || t.to <= t.from) continue;
    b.add(t.from, t.to, MARKS[t.cls]!);
    last = t.to;
  }
  return b.finish();
}

const tokens = StateField.define<DecorationSet>({
  create: (s) => decorate(s.doc.toString()),
  update(value, tr) {
    for (const e of tr.effects) if (e.is(setTokens)) return e.value;
    return tr.docChanged ? value.map(tr.changes) : value;
  },
  provide: (f) => EditorView.decorations.from(f),
});

/** Re-lexes shortly after the last edit (the whole text: lexing 150 lines takes well under a millisecond). */
const relex = ViewPlugin.fromClass(
  class {
    private timer = 0;
    constructor(private readonly view: EditorView) {}
    update(u: ViewUpdate): void {
      if (!u.docChanged) return;
      clearTimeout(this.timer);
      this.timer = window.setTimeout(() => this.view.dispatch({ effects: setTokens.of(decorate(this.view.state.doc.toString())) }), 30);
    }
    destroy(): void {
      clearTimeout(this.timer);
    }
  },
);

const colours = EditorView.theme({
  ".tk-kw": { color: "#8b1a89", fontWeight: "600" },
  ".tk-soft": { color: "#7a3e9d" },
  ".tk-name": { color: "#1c2430" },
  ".tk-fn": { color: "#005f87" },
  ".tk-str": { color: "#a03c00" },
  ".tk-num": { color: "#0b6e4f" },
  ".tk-comment": { color: "#5d6b7a", fontStyle: "italic" },
  ".tk-op": { color: "#4f5b6b" },
});

/**
 * Colours and completion; `model` gives the merged model at the time of asking.
 * @example
 * new EditorView({ extensions: [kpiLanguage(() => doc.merged)] });
 */
export function kpiLanguage(model: () => Template): Extension {
  const source = (c: CompletionContext): CompletionResult | null => {
    const r = complete(c.state.doc.toString(), c.pos, model());
    if (!r || (r.offers.length === 0 && !c.explicit)) return null;
    return { from: r.from, options: r.offers.map((o) => ({ label: o.label, type: o.type, ...(o.detail ? { detail: o.detail } : {}) })) };
  };
  return [tokens, relex, colours, autocompletion({ override: [source] })];
}

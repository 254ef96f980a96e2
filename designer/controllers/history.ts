/**
 * The undo history of the whole document. An entry is the document's text
 * after a change (the text fully determines the model, so one stack serves
 * both visual and source edits). Typing in the source coalesces into one
 * entry until a pause or a visual edit, as editors do.
 * @module
 */

/** One state of the document. */
export interface HistoryEntry {
  text: string;
  /** Edits of the same group within `coalesceMs` merge into one entry. */
  group?: string;
  at: number;
}

/**
 * Undo/redo over text states.
 * @example
 * const h = new History("a");
 * h.push("ab"); h.undo(); // "a"
 * h.redo(); // "ab"
 */
export class History {
  private past: HistoryEntry[] = [];
  private future: HistoryEntry[] = [];
  private present: HistoryEntry;

  constructor(text: string, private readonly coalesceMs = 800, private readonly limit = 500) {
    this.present = { text, at: 0 };
  }

  /** The current text. */
  get text(): string {
    return this.present.text;
  }

  get canUndo(): boolean {
    return this.past.length > 0;
  }

  get canRedo(): boolean {
    return this.future.length > 0;
  }

  /** Records a new state; with a `group`, merges into the previous entry of that group when recent. */
  push(text: string, group?: string, now: number = Date.now()): void {
    if (text === this.present.text) return;
    const merge = group !== undefined && this.present.group === group && now - this.present.at < this.coalesceMs && this.past.length > 0;
    if (!merge) {
      this.past.push(this.present);
      if (this.past.length > this.limit) this.past.shift();
    }
    this.present = { text, at: now, ...(group !== undefined ? { group } : {}) };
    this.future = [];
  }

  /** Steps back; returns the text to show, or undefined when there is nothing to undo. */
  undo(): string | undefined {
    const prev = this.past.pop();
    if (!prev) return undefined;
    this.future.push({ ...this.present, at: 0 });
    this.present = { ...prev, at: 0 };
    return prev.text;
  }

  /** Steps forward again. */
  redo(): string | undefined {
    const next = this.future.pop();
    if (!next) return undefined;
    this.past.push(this.present);
    this.present = { ...next, at: 0 };
    return next.text;
  }

  /** Starts over from `text` (a template loaded or replaced by the server's copy). */
  reset(text: string): void {
    this.past = [];
    this.future = [];
    this.present = { text, at: 0 };
  }
}

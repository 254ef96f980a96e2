/**
 * Turns character offsets into 1-based line and column numbers. Columns count
 * UTF-16 code units, as editors and the CLI's caret line do.
 * @module
 */

/** Where a diagnostic points: offsets plus the 1-based line and column of `start`. */
export interface Location {
  start: number;
  end: number;
  line: number;
  column: number;
}

/**
 * Precomputes line starts once so each lookup is a binary search.
 * @example
 * const lines = new LineIndex("a\nbc");
 * lines.locate({ start: 3, end: 4 }); // { start: 3, end: 4, line: 2, column: 2 }
 */
export class LineIndex {
  private readonly starts: number[] = [0];

  constructor(readonly text: string) {
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === 10) this.starts.push(i + 1);
      else if (c === 13 && text.charCodeAt(i + 1) !== 10) this.starts.push(i + 1);
    }
  }

  /** The 0-based line of an offset. */
  lineOf(offset: number): number {
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((this.starts[mid] ?? 0) <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  locate(span: { start: number; end: number }): Location {
    const line = this.lineOf(span.start);
    return { start: span.start, end: span.end, line: line + 1, column: span.start - (this.starts[line] ?? 0) + 1 };
  }

  /** The text of a 1-based line, without its line break. */
  lineText(line: number): string {
    const start = this.starts[line - 1] ?? this.text.length;
    const next = this.starts[line];
    return this.text.slice(start, next ?? this.text.length).replace(/\r?\n$|\r$/, "");
  }
}

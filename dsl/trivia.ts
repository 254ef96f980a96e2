/**
 * Attaches comments to model nodes so the printer can put them back. The
 * model builder visits items in document order and asks for each item's
 * leading comments (those between the previous item and this one) and, when
 * the item ends, its trailing comment (one that starts on the item's last
 * line). Comments inside an item that no inner item claimed (say, between the
 * lines of a long formula) move above the item: formatting never drops one.
 * @module
 */
import type { IToken } from "chevrotain";
import type { LineIndex } from "./span.js";

/** The comment fields every commentable model node may carry. */
export interface TriviaTarget {
  comments?: string[];
  trailingComment?: string;
}

/**
 * A cursor over the file's comments, consumed in document order.
 * @example
 * const t = new TriviaCursor(lexResult.comments, lines);
 * const decl = {}; t.leading(decl, 0); t.trailing(decl, 40);
 */
export class TriviaCursor {
  private i = 0;

  constructor(
    private readonly comments: readonly IToken[],
    private readonly lines: LineIndex,
  ) {}

  /** Gives `node` the comments that start before `offset` and are not yet claimed. */
  leading(node: TriviaTarget, offset: number): void {
    const taken = this.takeBefore(offset);
    if (taken.length) node.comments = [...(node.comments ?? []), ...taken];
  }

  /**
   * Closes `node`, which ends at `endOffset` (exclusive): unclaimed comments
   * inside it become leading comments, and a comment starting on its last
   * line becomes its trailing comment — unless it comes after `limit`, the
   * enclosing block's `}`: then it belongs to the block, not its last line.
   */
  trailing(node: TriviaTarget, endOffset: number, limit = Infinity): void {
    this.leading(node, endOffset);
    const next = this.comments[this.i];
    if (!next || endOffset <= 0 || next.startOffset > limit) return;
    const line = this.lines.lineOf(endOffset - 1);
    if (this.lines.lineOf(next.startOffset) === line && this.isLineComment(next, line)) {
      node.trailingComment = next.image;
      this.i++;
    }
  }

  /** The comments before `offset` that no item claimed, for a block's end or the file's end. */
  takeBefore(offset: number): string[] {
    const out: string[] = [];
    while (this.i < this.comments.length && (this.comments[this.i]?.startOffset ?? Infinity) < offset) {
      out.push(this.comments[this.i]!.image);
      this.i++;
    }
    return out;
  }

  /** A trailing comment must end its line; a block comment followed by code stays leading. */
  private isLineComment(c: IToken, line: number): boolean {
    const end = c.startOffset + c.image.length;
    return this.lines.lineOf(Math.max(c.startOffset, end - 1)) === line;
  }
}

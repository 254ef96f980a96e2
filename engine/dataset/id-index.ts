/**
 * Entity ids found from a span of a line's text, without making the span a
 * string: an open-addressing hash table over the ids' UTF-16 code units,
 * each hit confirmed by `startsWith` (the quote-free CSV path reads every
 * record's `by` id so; bench/README.md, "Loading"). It answers exactly what
 * `byId.get(text.slice(start, end))` would.
 * @module
 */

const hashOf = (s: string, start: number, end: number): number => {
  let h = 0x811c9dc5;
  for (let i = start; i < end; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return h >>> 0;
};

/**
 * The ids of a list, by span.
 * @example
 * const ix = new IdIndex(["zhang", "li"]);
 * ix.find("li,2026-03-02", 0, 2); // 1
 */
export class IdIndex {
  private readonly slots: Int32Array;
  private readonly mask: number;

  constructor(private readonly ids: readonly string[]) {
    let size = 16;
    while (size < ids.length * 2) size *= 2;
    this.mask = size - 1;
    this.slots = new Int32Array(size).fill(-1);
    ids.forEach((id, i) => {
      if (id === undefined) return;
      let slot = hashOf(id, 0, id.length) & this.mask;
      // The first of two equal ids wins, as the first set in a Map keeps its place and a later set would overwrite: ids are unique once loaded.
      while (this.slots[slot] !== -1) {
        if (ids[this.slots[slot]!] === id) return;
        slot = (slot + 1) & this.mask;
      }
      this.slots[slot] = i;
    });
  }

  /** The index of the id spelled by `text[start, end)`, or -1. */
  find(text: string, start: number, end: number): number {
    const len = end - start;
    const { ids, slots, mask } = this;
    for (let slot = hashOf(text, start, end) & mask; ; slot = (slot + 1) & mask) {
      const i = slots[slot]!;
      if (i === -1) return -1;
      const id = ids[i]!;
      if (id.length === len && text.startsWith(id, start)) return i;
    }
  }
}

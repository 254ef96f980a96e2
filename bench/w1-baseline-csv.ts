/**
 * The byte-level reading the W1 baseline does (w1-baseline.ts): a CSV scanner
 * over 4 MB chunks that hands each row over as cell offsets into the buffer
 * (no string per cell), an id → index table looked up straight from bytes,
 * and parsers of money (to integer cents), dates (to a month) and enum values
 * from bytes. Built for the generated W1 files: a quoted cell throws rather
 * than being half-understood.
 * @module
 */
import { closeSync, openSync, readSync } from "node:fs";

// ---------------------------------------------------------------- CSV scanning

const COMMA = 0x2c;
const NL = 0x0a;
const CR = 0x0d;
const QUOTE = 0x22;
const MAX_CELLS = 64;

/**
 * Scans a CSV file of unquoted cells line by line: the first non-blank line
 * goes to `bind` as text, every later one to `row` as the buffer and the
 * start/end offsets of its cells (valid only during the call). Blank lines are
 * skipped, CRLF is accepted; a quote or a row with the wrong cell count throws.
 * @example
 * let n = 0;
 * scanCsv("visits.csv", (header) => console.log(header), () => n++);
 */
export function scanCsv(path: string, bind: (header: string[]) => void, row: (b: Buffer, start: Int32Array, end: Int32Array, line: number) => void): void {
  const fd = openSync(path, "r");
  try {
    let buf = Buffer.allocUnsafe(4 << 20);
    let filled = 0;
    let eof = false;
    let line = 0;
    let cells = -1; // the header's cell count, once read
    const start = new Int32Array(MAX_CELLS);
    const end = new Int32Array(MAX_CELLS);
    while (!eof || filled > 0) {
      if (!eof) {
        if (filled === buf.length) {
          const bigger = Buffer.allocUnsafe(buf.length * 2);
          buf.copy(bigger, 0, 0, filled);
          buf = bigger;
        }
        const n = readSync(fd, buf, filled, buf.length - filled, null);
        if (n === 0) eof = true;
        filled += n;
      }
      if (filled === 0) break;
      // Only whole lines are taken unless the file has ended.
      const last = buf.subarray(0, filled).lastIndexOf(NL);
      const stop = last === -1 ? (eof ? filled : -1) : last + 1;
      if (stop === -1) continue;
      // One native search per chunk rules out quotes, so the per-byte loop looks only for commas.
      const quote = buf.subarray(0, stop).indexOf(QUOTE);
      if (quote !== -1) {
        const at = line + 1 + buf.subarray(0, quote).toString("latin1").split("\n").length - 1;
        throw new Error(`${path}:${at}: quoted cells are not supported by the baseline`);
      }
      let i = 0;
      while (i < stop) {
        line++;
        let c = 0;
        start[0] = i;
        let j = i;
        for (; j < stop; j++) {
          const ch = buf[j]!;
          if (ch === COMMA) {
            if (++c === MAX_CELLS) throw new Error(`${path}:${line}: more than ${MAX_CELLS} cells`);
            end[c - 1] = j;
            start[c] = j + 1;
          } else if (ch === NL) break;
        }
        let e = j;
        if (e > start[c]! && buf[e - 1] === CR) e--;
        end[c] = e;
        const next = j + 1;
        if (c === 0 && e === i) {
          i = next; // a blank line
          continue;
        }
        if (cells === -1) {
          const header: string[] = [];
          for (let k = 0; k <= c; k++) header.push(buf.toString("utf8", start[k]!, end[k]!).replace(/^\uFEFF/, "").trim());
          cells = c + 1;
          bind(header);
        } else {
          if (c + 1 !== cells) throw new Error(`${path}:${line}: expected ${cells} cells but found ${c + 1}`);
          row(buf, start, end, line);
        }
        i = next;
      }
      buf.copy(buf, 0, stop, filled);
      filled -= stop;
    }
  } finally {
    closeSync(fd);
  }
}

/**
 * The cell position of each named column; throws when one is missing.
 * @example
 * columnsOf("visits.csv", ["visited_on", "rep"], ["rep", "visited_on"]); // [1, 0]
 */
export function columnsOf(path: string, header: readonly string[], names: readonly string[]): number[] {
  return names.map((n) => {
    const at = header.indexOf(n);
    if (at === -1) throw new Error(`${path}: missing column ${JSON.stringify(n)} (header: ${header.join(",")})`);
    return at;
  });
}

// ---------------------------------------------------------------- id lookup

/**
 * Ids → their index in the list given, looked up straight from the bytes of a
 * cell: open addressing over an FNV-1a hash, each hit confirmed byte by byte.
 * @example
 * const ids = new IdIndex(["r0", "r1"]);
 * ids.find(Buffer.from("x,r1"), 2, 4); // 1
 */
export class IdIndex {
  private readonly slots: Int32Array;
  private readonly mask: number;
  private readonly keys: Buffer;
  private readonly keyStart: Int32Array;
  private readonly keyEnd: Int32Array;

  constructor(ids: readonly string[]) {
    let size = 16;
    while (size < ids.length * 2) size *= 2;
    this.slots = new Int32Array(size).fill(-1);
    this.mask = size - 1;
    this.keys = Buffer.from(ids.join(""), "utf8");
    this.keyStart = new Int32Array(ids.length);
    this.keyEnd = new Int32Array(ids.length);
    let at = 0;
    ids.forEach((id, i) => {
      const len = Buffer.byteLength(id, "utf8");
      this.keyStart[i] = at;
      this.keyEnd[i] = at + len;
      at += len;
      if (this.find(this.keys, this.keyStart[i]!, this.keyEnd[i]!) !== -1) throw new Error(`entity id ${JSON.stringify(id)} appears twice`);
      let h = IdIndex.hash(this.keys, this.keyStart[i]!, this.keyEnd[i]!) & this.mask;
      while (this.slots[h] !== -1) h = (h + 1) & this.mask;
      this.slots[h] = i;
    });
  }

  private static hash(b: Uint8Array, s: number, e: number): number {
    let h = 0x811c9dc5;
    for (let i = s; i < e; i++) h = Math.imul(h ^ b[i]!, 0x01000193);
    return h >>> 0;
  }

  /** The index of the id spelled by `b[s..e)`, or -1. */
  find(b: Uint8Array, s: number, e: number): number {
    const { slots, mask, keys, keyStart, keyEnd } = this;
    const len = e - s;
    for (let h = IdIndex.hash(b, s, e) & mask; ; h = (h + 1) & mask) {
      const k = slots[h]!;
      if (k === -1) return -1;
      const ks = keyStart[k]!;
      if (keyEnd[k]! - ks !== len) continue;
      let i = 0;
      while (i < len && keys[ks + i] === b[s + i]) i++;
      if (i === len) return k;
    }
  }
}

// ---------------------------------------------------------------- cell parsers

/**
 * Integer cents from `123`, `123.4` or `123.45` (optional leading `-`); NaN when malformed.
 * @example
 * parseCents(Buffer.from("90209.82"), 0, 8); // 9020982
 */
export function parseCents(b: Uint8Array, s: number, e: number): number {
  let i = s;
  const negative = b[i] === 0x2d;
  if (negative) i++;
  let v = 0;
  let digits = 0;
  for (; i < e && b[i] !== 0x2e; i++) {
    const d = b[i]! - 0x30;
    if (d < 0 || d > 9) return NaN;
    v = v * 10 + d;
    digits++;
  }
  let frac = 0;
  if (i < e) {
    i++;
    for (; i < e; i++, frac++) {
      const d = b[i]! - 0x30;
      if (d < 0 || d > 9 || frac === 2) return NaN;
      v = v * 10 + d;
    }
  }
  if (digits === 0 && frac === 0) return NaN;
  for (; frac < 2; frac++) v *= 10;
  return negative ? -v : v;
}

/**
 * The month (1..12) of a `YYYY-MM-DD` cell when its year is `year`, 0 for another year, -1 when malformed.
 * @example
 * monthIn(Buffer.from("2026-03-15"), 0, 10, 2026); // 3
 */
export function monthIn(b: Uint8Array, s: number, e: number, year: number): number {
  if (e - s !== 10 || b[s + 4] !== 0x2d || b[s + 7] !== 0x2d) return -1;
  let y = 0;
  for (let i = s; i < s + 4; i++) {
    const d = b[i]! - 0x30;
    if (d < 0 || d > 9) return -1;
    y = y * 10 + d;
  }
  const m = (b[s + 5]! - 0x30) * 10 + (b[s + 6]! - 0x30);
  const day = (b[s + 8]! - 0x30) * 10 + (b[s + 9]! - 0x30);
  if (!(m >= 1 && m <= 12 && day >= 1 && day <= 31)) return -1;
  return y === year ? m : 0;
}

/**
 * The index of the enum value spelled by `b[s..e)` among `values`, or -1.
 * @example
 * enumCode(Buffer.from("lost"), 0, 4, ["won", "lost"].map((v) => Buffer.from(v))); // 1
 */
export function enumCode(b: Uint8Array, s: number, e: number, values: readonly Uint8Array[]): number {
  const len = e - s;
  for (let v = 0; v < values.length; v++) {
    const w = values[v]!;
    if (w.length !== len) continue;
    let i = 0;
    while (i < len && w[i] === b[s + i]) i++;
    if (i === len) return v;
  }
  return -1;
}


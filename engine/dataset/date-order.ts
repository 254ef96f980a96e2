/**
 * Date order: a loaded source keeps its records sorted by their `at` date,
 * records of one day in the order the file gave them (`origin` still names
 * each one's line). Every evaluation reads a source period by period, so
 * with the records of a period side by side a pass finds them by binary
 * search and walks them without testing each record's date, and the cells
 * it adds into belong to one period at a time, which stay in the CPU's
 * cache: over W1's 3M records this halves the passes (see bench/README.md).
 * The order is established once, when the source is loaded.
 * @module
 */
import type { Column, SourceData } from "./types.js";

/** `at` arrays known to be in date order: set by `inDateOrder`, so that checking costs nothing afterwards. */
const ordered = new WeakSet<Int32Array>();

/** Counting sort needs one counter per day between the first and the last date; beyond this span a comparison sort is used. */
const MAX_COUNTING_SPAN = 1 << 22;

function isSorted(at: Int32Array): boolean {
  for (let i = 1; i < at.length; i++) if (at[i]! < at[i - 1]!) return false;
  return true;
}

/** The stable sorting permutation of `at`: `perm[k]` is the index of the k-th record in date order. */
function dateOrder(at: Int32Array): Int32Array {
  const n = at.length;
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i < n; i++) {
    const d = at[i]!;
    if (d < lo) lo = d;
    if (d > hi) hi = d;
  }
  const perm = new Int32Array(n);
  if (hi - lo >= MAX_COUNTING_SPAN) {
    const idx = Array.from({ length: n }, (_, i) => i).sort((a, b) => at[a]! - at[b]! || a - b);
    perm.set(idx);
    return perm;
  }
  // Counting sort: next[d − lo] is where the next record of day d goes.
  const next = new Int32Array(hi - lo + 2);
  for (let i = 0; i < n; i++) next[at[i]! - lo + 1]!++;
  for (let k = 1; k < next.length; k++) next[k]! += next[k - 1]!;
  for (let i = 0; i < n; i++) perm[next[at[i]! - lo]!++] = i;
  return perm;
}

function gather<A extends Int32Array | Float64Array | Uint8Array>(a: A, perm: Int32Array, make: (n: number) => A): A {
  const out = make(perm.length);
  for (let k = 0; k < perm.length; k++) out[k] = a[perm[k]!]!;
  return out;
}

const i32 = (n: number): Int32Array => new Int32Array(n);
const f64 = (n: number): Float64Array => new Float64Array(n);
const u8 = (n: number): Uint8Array => new Uint8Array(n);

function permuteColumn(c: Column, perm: Int32Array): Column {
  switch (c.type) {
    case "string":
    case "enum":
      return { ...c, codes: gather(c.codes, perm, i32) };
    case "boolean":
      return { ...c, values: gather(c.values, perm, u8) };
    case "date":
    case "entity":
      return { ...c, values: gather(c.values, perm, i32) };
    default:
      return { ...c, values: gather(c.values, perm, f64) };
  }
}

/**
 * The source with its records in date order (itself when they already are).
 * `by`, `at` and `origin` move with the fields; `by` and `at` stay the same
 * arrays as their fields' columns.
 * @example
 * const deals = inDateOrder(builder.finish()); isDateOrdered(deals); // true
 */
export function inDateOrder(src: SourceData): SourceData {
  if (isDateOrdered(src)) return src;
  const perm = dateOrder(src.at);
  const fields = new Map<string, Column>();
  let at: Int32Array | undefined;
  let by: Int32Array | undefined;
  for (const [name, col] of src.fields) {
    const moved = permuteColumn(col, perm);
    fields.set(name, moved);
    if (name === src.atField && moved.type === "date") at = moved.values;
    if (name === src.byKind && moved.type === "entity") by = moved.values;
  }
  const out: SourceData = { ...src, at: at ?? gather(src.at, perm, i32), by: by ?? gather(src.by, perm, i32), origin: gather(src.origin, perm, i32), fields };
  ordered.add(out.at);
  return out;
}

/**
 * Whether a source's records are in date order (what every pass needs);
 * checked once per `at` array.
 * @example
 * if (!isDateOrdered(src)) src = inDateOrder(src);
 */
export function isDateOrdered(src: SourceData): boolean {
  if (ordered.has(src.at)) return true;
  if (!isSorted(src.at)) return false;
  ordered.add(src.at);
  return true;
}

/**
 * Throws (a bug, not bad data) unless the source is in date order: a source
 * comes in date order from the loaders, and a hand-made one goes through `inDateOrder`.
 * @example
 * assertDateOrdered(dataset.sources.get("deals")!);
 */
export function assertDateOrdered(src: SourceData): void {
  if (!isDateOrdered(src)) throw new Error(`internal: the records of ${src.name} are not in date order`);
}

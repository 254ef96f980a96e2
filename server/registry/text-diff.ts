/**
 * A unified line diff (the `diff -u` format) from a longest common
 * subsequence of lines. The common head and tail are cut first, so the
 * usual edit (a few lines somewhere) costs little; the quadratic table is
 * only built for the changed middle, and a middle larger than
 * `MAX_CELLS` is shown as all removed then all added (still a correct diff,
 * just not a minimal one) rather than spending seconds or memory on it.
 * @module
 */

/**
 * The largest LCS table (lines × lines) computed.
 * @example
 * 2000 * 2000 <= MAX_CELLS; // true
 */
export const MAX_CELLS = 4_000_000;

type Op = { kind: " " | "-" | "+"; text: string };

const splitLines = (s: string): string[] => {
  if (s === "") return [];
  const lines = s.split(/\r?\n/);
  if (lines.at(-1) === "") lines.pop();
  return lines;
};

/** The edit script turning `a` into `b`. */
function editScript(a: readonly string[], b: readonly string[]): Op[] {
  let head = 0;
  while (head < a.length && head < b.length && a[head] === b[head]) head++;
  let tail = 0;
  while (tail < a.length - head && tail < b.length - head && a[a.length - 1 - tail] === b[b.length - 1 - tail]) tail++;
  const x = a.slice(head, a.length - tail);
  const y = b.slice(head, b.length - tail);
  const ops: Op[] = a.slice(0, head).map((text) => ({ kind: " ", text }));
  if (x.length * y.length > MAX_CELLS) {
    for (const text of x) ops.push({ kind: "-", text });
    for (const text of y) ops.push({ kind: "+", text });
  } else {
    // lcs[i * w + j]: length of the LCS of x[i..] and y[j..].
    const w = y.length + 1;
    const lcs = new Uint32Array((x.length + 1) * w);
    for (let i = x.length - 1; i >= 0; i--) {
      for (let j = y.length - 1; j >= 0; j--) {
        lcs[i * w + j] = x[i] === y[j] ? lcs[(i + 1) * w + j + 1]! + 1 : Math.max(lcs[(i + 1) * w + j]!, lcs[i * w + j + 1]!);
      }
    }
    let i = 0;
    let j = 0;
    while (i < x.length || j < y.length) {
      if (i < x.length && j < y.length && x[i] === y[j]) {
        ops.push({ kind: " ", text: x[i]! });
        i++;
        j++;
      } else if (i < x.length && (j === y.length || lcs[(i + 1) * w + j]! >= lcs[i * w + j + 1]!)) {
        // On a tie the removal goes first, as diff -u shows a replaced line.
        ops.push({ kind: "-", text: x[i++]! });
      } else {
        ops.push({ kind: "+", text: y[j++]! });
      }
    }
  }
  for (const text of a.slice(a.length - tail)) ops.push({ kind: " ", text });
  return ops;
}

/**
 * The unified diff of two texts with `context` lines around each change;
 * the empty string when they have the same lines.
 * @example
 * unifiedDiff("a\nb\n", "a\nc\n", "v1", "v2");
 * // "--- v1\n+++ v2\n@@ -1,2 +1,2 @@\n a\n-b\n+c\n"
 */
export function unifiedDiff(oldText: string, newText: string, oldName: string, newName: string, context = 3): string {
  const ops = editScript(splitLines(oldText), splitLines(newText));
  if (ops.every((o) => o.kind === " ")) return "";
  let out = `--- ${oldName}\n+++ ${newName}\n`;
  // Old and new line numbers before each op.
  const oldAt: number[] = [];
  const newAt: number[] = [];
  let o = 1;
  let n = 1;
  for (const op of ops) {
    oldAt.push(o);
    newAt.push(n);
    if (op.kind !== "+") o++;
    if (op.kind !== "-") n++;
  }
  let k = 0;
  while (k < ops.length) {
    if (ops[k]!.kind === " ") {
      k++;
      continue;
    }
    // A hunk: from `context` lines before this change to `context` lines after the last change within reach.
    const start = Math.max(0, k - context);
    let end = k;
    for (let m = k; m < ops.length; m++) {
      if (ops[m]!.kind !== " ") end = m;
      else if (m - end > 2 * context) break;
    }
    const stop = Math.min(ops.length, end + context + 1);
    const slice = ops.slice(start, stop);
    const oldLen = slice.filter((op) => op.kind !== "+").length;
    const newLen = slice.filter((op) => op.kind !== "-").length;
    // An empty range is numbered by the line before it, as diff -u does.
    const range = (at: number, len: number): string => `${len === 0 ? at - 1 : at},${len}`;
    out += `@@ -${range(oldAt[start]!, oldLen)} +${range(newAt[start]!, newLen)} @@\n`;
    for (const op of slice) out += `${op.kind}${op.text}\n`;
    k = stop;
  }
  return out;
}

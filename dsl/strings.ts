/**
 * String literals: decoding their escapes and writing them back. The escapes
 * are JSON's, so `JSON.stringify` output always reads back to the same string.
 * @module
 */

const ESCAPES: Record<string, string> = { '"': '"', "\\": "\\", "/": "/", b: "\b", f: "\f", n: "\n", r: "\r", t: "\t" };

export type DecodedString = { ok: true; value: string } | { ok: false; escape: string; offset: number };

/**
 * Decodes a string token's image, quotes included.
 * @example
 * decodeString('"a\\"b"'); // { ok: true, value: 'a"b' }
 */
export function decodeString(image: string): DecodedString {
  const body = image.slice(1, -1);
  if (!body.includes("\\")) return { ok: true, value: body };
  let out = "";
  for (let i = 0; i < body.length; i++) {
    const c = body[i]!;
    if (c !== "\\") {
      out += c;
      continue;
    }
    const e = body[i + 1] ?? "";
    if (e === "u" && /^[0-9a-fA-F]{4}$/.test(body.slice(i + 2, i + 6))) {
      out += String.fromCharCode(parseInt(body.slice(i + 2, i + 6), 16));
      i += 5;
    } else if (Object.hasOwn(ESCAPES, e)) {
      out += ESCAPES[e];
      i++;
    } else {
      return { ok: false, escape: `\\${e}`, offset: i + 1 };
    }
  }
  return { ok: true, value: out };
}

/**
 * Writes a string literal that decodes back to `value`.
 * @example
 * quote('say "hi"'); // '"say \\"hi\\""'
 */
export const quote = (value: string): string => JSON.stringify(value);

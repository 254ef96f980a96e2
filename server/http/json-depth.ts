/**
 * Finds JSON nested deeper than a limit by scanning the raw text once, with
 * a counter instead of recursion, so that a 10,000-deep body is refused
 * before anything parses or walks it (and no walker can overflow its stack).
 * Strings are skipped with their escapes; the text need not be valid JSON.
 * @module
 */

/**
 * The deepest nesting of objects and arrays accepted in a request body.
 * @example
 * jsonTooDeep(text, MAX_JSON_DEPTH);
 */
export const MAX_JSON_DEPTH = 64;

/**
 * The offset of the first `[` or `{` that goes deeper than `limit`, or -1.
 * @example
 * jsonTooDeep("[[1]]", 1); // 1
 * jsonTooDeep('{"a": "[[["}', 1); // -1
 */
export function jsonTooDeep(text: string, limit: number): number {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++; // a backslash escapes the next character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x5b || c === 0x7b) {
      if (++depth > limit) return i;
    } else if (c === 0x5d || c === 0x7d) depth--;
  }
  return -1;
}

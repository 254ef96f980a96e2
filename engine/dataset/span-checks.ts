/**
 * Tests on a span of a line's text that the mapped loader's quote-free path
 * (`MappedSource.plainRow`) makes before it takes a cell as it is: the same
 * answers its general path's string tests give, without the string.
 * @module
 */

/**
 * Whether a character is one the mapped loader's `trim` (or `String.prototype.trim`) may take off a cell's end: a span with one at either end is left to the general path.
 * @example
 * spaceLike(0x3000); // true (the ideographic space)
 */
export const spaceLike = (c: number): boolean => c <= 32 || c === 0xa0 || c === 0x3000 || c === 0xfeff || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x1680 || c === 0x85;

/**
 * Whether `text[a, b)` is a plain decimal, `-?digits(.digits)?` (the mapped loader's PLAIN_NUMBER), without making it a string.
 * @example
 * plainDecimalAt("x,-12.50", 2, 8); // true
 */
export function plainDecimalAt(text: string, a: number, b: number): boolean {
  let i = a < b && text.charCodeAt(a) === 45 ? a + 1 : a;
  const d0 = i;
  while (i < b && text.charCodeAt(i) >= 48 && text.charCodeAt(i) <= 57) i++;
  if (i === d0) return false;
  if (i === b) return true;
  if (text.charCodeAt(i) !== 46) return false;
  const f0 = ++i;
  while (i < b && text.charCodeAt(i) >= 48 && text.charCodeAt(i) <= 57) i++;
  return i === b && i > f0;
}

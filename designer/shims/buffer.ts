/**
 * The one Node global the language front end uses, for the browser bundle:
 * dsl/lexer.ts measures the text with `Buffer.byteLength` to enforce the
 * 2 MiB limit. esbuild injects this object wherever `Buffer` is free, so the
 * browser runs the same lexer file, not a copy.
 * @module
 */
const encoder = new TextEncoder();

/**
 * `Buffer.byteLength` for UTF-8 strings.
 * @example
 * Buffer.byteLength("销售"); // 6
 */
export const Buffer = {
  byteLength: (text: string): number => encoder.encode(text).length,
};

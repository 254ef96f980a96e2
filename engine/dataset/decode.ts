/**
 * Bytes of a dataset file → text, in the file's encoding, never mojibake:
 * decoding is strict (`TextDecoder` with `fatal`, Node's ICU build covers
 * UTF-8, UTF-16, GBK/GB18030 and Windows-1252, so no extra library is
 * needed), and a file that is not valid in the declared encoding stops with
 * an error that names the encoding it most likely is. `auto` looks at the
 * first 64 KiB: a byte order mark, then UTF-16 without a mark (NUL bytes in
 * every other position), then valid UTF-8, then valid GB18030 with mostly
 * Chinese characters, else Windows-1252 (which accepts nearly any bytes).
 * Decoding streams: multi-byte characters split across chunks stay whole.
 * @module
 */
import { isAscii } from "node:buffer";
import type { Encoding } from "../../schemas/generated/mapping.js";

const SAMPLE = 64 * 1024;

/**
 * The `TextDecoder` label of a mapping's encoding.
 * @example
 * decoderLabel("gbk"); // "gb18030" (a superset: every GBK file is valid GB18030)
 */
export function decoderLabel(e: Exclude<Encoding, "auto">): string {
  return e === "gbk" ? "gb18030" : e === "latin1" ? "windows-1252" : e;
}

function validIn(label: string, bytes: Uint8Array): string | undefined {
  try {
    return new TextDecoder(label, { fatal: true }).decode(bytes, { stream: true });
  } catch {
    return undefined;
  }
}

/**
 * The most likely encoding of the start of a file.
 * @example
 * detectEncoding(Buffer.from("名字", "utf8"));       // "utf-8"
 * detectEncoding(Buffer.from([0xc4, 0xe3, 0xba, 0xc3])); // "gbk" (你好)
 */
export function detectEncoding(bytes: Uint8Array): Exclude<Encoding, "auto"> {
  const b = bytes.subarray(0, SAMPLE);
  if (b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf) return "utf-8";
  if (b[0] === 0xff && b[1] === 0xfe) return "utf-16le";
  if (b[0] === 0xfe && b[1] === 0xff) return "utf-16be";
  const n = Math.min(b.length, 4096);
  let evenNul = 0;
  let oddNul = 0;
  for (let i = 0; i < n; i++) if (b[i] === 0) i % 2 === 0 ? evenNul++ : oddNul++;
  if (n >= 4 && oddNul > n / 8 && oddNul > 4 * evenNul) return "utf-16le";
  if (n >= 4 && evenNul > n / 8 && evenNul > 4 * oddNul) return "utf-16be";
  if (validIn("utf-8", b) !== undefined) return "utf-8";
  const gb = validIn("gb18030", b);
  if (gb !== undefined) {
    let cjk = 0;
    let other = 0;
    for (const ch of gb) {
      const c = ch.codePointAt(0)!;
      if (c < 0x80) continue;
      if ((c >= 0x4e00 && c <= 0x9fff) || (c >= 0x3000 && c <= 0x303f) || (c >= 0xff00 && c <= 0xffef)) cjk++;
      else other++;
    }
    if (cjk > 0 && cjk >= 4 * other) return "gbk";
  }
  return "windows-1252";
}

/**
 * Why a file is not valid in an encoding, naming the encoding it looks like.
 * @example
 * encodingMessage("utf-8", "windows-1252"); // 'the file is not valid UTF-8; it looks like windows-1252: set "encoding": "windows-1252" in the mapping (or "auto")'
 */
export function encodingMessage(declared: string, likely: string): string {
  const name = declared === "utf-8" ? "UTF-8" : declared.toUpperCase();
  return `the file is not valid ${name}; it looks like ${likely}: set "encoding": "${likely}" in the mapping (or "auto")`;
}

/**
 * A decoding failure (the caller turns it into a located data error).
 * @example
 * try { for await (const t of decodeStream(bytes, "utf-8")) use(t); } catch (e) { if (e instanceof DecodeError) report(e.message); }
 */
export class DecodeError extends Error {
  constructor(message: string, readonly line: number) {
    super(message);
  }
}

function countLines(text: string): number {
  let n = 0;
  for (let i = text.indexOf("\n"); i !== -1; i = text.indexOf("\n", i + 1)) n++;
  return n;
}

/**
 * Decodes a stream of bytes into text chunks; throws `DecodeError` on bytes not valid in the encoding.
 * `encoding` `auto` is detected from the first 64 KiB; `onEncoding` hears which one was used.
 * @example
 * for await (const text of decodeStream(createReadStream("deals.csv"), "auto")) parser.write(text);
 */
export async function* decodeStream(bytes: AsyncIterable<Uint8Array>, encoding: Encoding, onEncoding?: (e: string) => void): AsyncGenerator<string> {
  let chosen: Exclude<Encoding, "auto"> | undefined = encoding === "auto" ? undefined : encoding;
  let decoder: TextDecoder | undefined;
  let pending: Uint8Array[] = [];
  let pendingSize = 0;
  let lines = 1;
  // Until the first byte above 0x7f, an ASCII-compatible encoding's text is its bytes: read them as such (a fifth of the decoder's time, and one-byte strings).
  let ascii = false;
  const decode = (chunk: Uint8Array, last: boolean): string => {
    let text: string;
    if (ascii && isAscii(chunk)) {
      text = Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength).toString("latin1");
      lines += countLines(text);
      return text;
    }
    ascii = false;
    try {
      text = decoder!.decode(chunk, { stream: !last });
    } catch {
      // Where it failed: the first replacement character of a lenient decoding of the same bytes.
      const lenient = new TextDecoder(decoderLabel(chosen!)).decode(chunk);
      const bad = lenient.indexOf("\ufffd");
      const before = bad === -1 ? lenient : lenient.slice(0, bad);
      const seen = detectEncoding(chunk);
      const likely = seen !== chosen ? seen : chosen === "utf-8" ? "windows-1252" : "utf-8";
      throw new DecodeError(encodingMessage(chosen!, likely), lines + countLines(before));
    }
    lines += countLines(text);
    return text;
  };
  const start = (sample: Uint8Array): void => {
    chosen ??= detectEncoding(sample);
    onEncoding?.(chosen);
    decoder = new TextDecoder(decoderLabel(chosen), { fatal: true });
    ascii = chosen !== "utf-16le" && chosen !== "utf-16be";
  };
  for await (const raw of bytes) {
    const chunk = typeof raw === "string" ? new TextEncoder().encode(raw) : raw;
    if (!decoder) {
      pending.push(chunk);
      pendingSize += chunk.length;
      if (pendingSize < SAMPLE) continue;
      const all = Buffer.concat(pending);
      pending = [];
      start(all);
      yield decode(all, false);
      continue;
    }
    const text = decode(chunk, false);
    if (text !== "") yield text;
  }
  if (!decoder) {
    const all = Buffer.concat(pending);
    start(all);
    yield decode(all, true);
    return;
  }
  const tail = decode(new Uint8Array(0), true);
  if (tail !== "") yield tail;
}

/**
 * Reads a JSON request body: the content type must be JSON (415), the size
 * is checked against the limit from `Content-Length` and again while the
 * body streams in, so an oversized body is refused without being buffered
 * (413); then UTF-8, nesting depth and JSON syntax are checked (400). What
 * comes back is JSON.parse's value: `__proto__` and `constructor` are plain
 * own keys of it, and nothing here merges it into other objects.
 * @module
 */
import { jsonSyntaxError } from "../../engine/dataset/errors.js";
import { jsonTooDeep } from "./json-depth.js";
import { ApiError } from "./problem.js";

/**
 * Limits of a body.
 * @example
 * const limits: BodyLimits = { maxBytes: 10 * 1024 * 1024, maxDepth: 64 };
 */
export interface BodyLimits {
  maxBytes: number;
  maxDepth: number;
}

/**
 * True for `application/json` and `application/…+json`, with any parameters.
 * @example
 * isJsonType("application/json; charset=utf-8"); // true
 */
export function isJsonType(header: string | null): boolean {
  if (!header) return false;
  const type = header.split(";")[0]!.trim().toLowerCase();
  return type === "application/json" || /^application\/[\w.+-]+\+json$/.test(type);
}

const tooLarge = (max: number, actual?: number): ApiError =>
  new ApiError(413, "too-large", `the request body is larger than the limit of ${max} bytes; send less (a stored dataset is evaluated by its id) or raise the limit with kpi serve --max-body`, {
    limit: { bytes: max, ...(actual !== undefined ? { actual } : {}), option: "--max-body" },
  });

/** The body's bytes, stopping (and cancelling the stream) as soon as they pass `max`. */
async function readLimited(req: Request, max: number): Promise<Uint8Array> {
  const declared = req.headers.get("content-length");
  if (declared !== null && /^\d+$/.test(declared) && Number(declared) > max) throw tooLarge(max, Number(declared));
  if (!req.body) return new Uint8Array(0);
  const reader = req.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > max) {
      await reader.cancel().catch(() => undefined);
      throw tooLarge(max);
    }
    chunks.push(value);
  }
  const out = new Uint8Array(total);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.byteLength;
  }
  return out;
}

/**
 * The parsed JSON body of a request.
 * @throws ApiError 415 (not JSON), 413 (too large), 400 (empty, not UTF-8, too deep, not JSON)
 * @example
 * const body = await readJsonBody(c.req.raw, { maxBytes: 10_485_760, maxDepth: 64 });
 */
export async function readJsonBody(req: Request, limits: BodyLimits): Promise<unknown> {
  if (!isJsonType(req.headers.get("content-type"))) {
    throw new ApiError(415, "unsupported-media-type", `the request body must be JSON: send Content-Type: application/json (got ${JSON.stringify(req.headers.get("content-type") ?? "none")})`);
  }
  const bytes = await readLimited(req, limits.maxBytes);
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    throw new ApiError(400, "malformed-json", "the request body is not valid UTF-8");
  }
  if (text.trim() === "") throw new ApiError(400, "malformed-json", "the request body is empty; send a JSON object");
  const deep = jsonTooDeep(text, limits.maxDepth);
  if (deep !== -1) throw new ApiError(400, "too-deep", `the request body nests objects and arrays more than ${limits.maxDepth} levels deep (at offset ${deep})`);
  try {
    return JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text) as unknown;
  } catch (e) {
    // V8 quotes the text around an unexpected token; a body can be megabytes, so that part goes.
    const { line, message } = jsonSyntaxError(text, (e as Error).message.replace(/, ".*" is not valid JSON$/s, ""));
    throw new ApiError(400, "malformed-json", `the request body is ${message}${line !== undefined ? ` (line ${line})` : ""}`);
  }
}

/**
 * The client's error for an answer that is not a success: `ApiError`
 * carries the server's problem+json body whole (type, title, status,
 * detail, requestId, errors, diagnostics) and the response headers (a 503's
 * `Retry-After`, a 412's current `ETag`). An answer that is not
 * problem+json — a proxy's HTML error page, say — still becomes an
 * `ApiError`, with a problem made up from the status, so callers need one
 * `catch` branch only.
 * @module
 */
import type { ApiDiagnostic, FieldError, Problem } from "../schemas/generated/api.js";

/**
 * The problem type of a made-up problem (RFC 9457: "about:blank" means the status says it all).
 * @example
 * if (err.type === BLANK_PROBLEM) console.log("not an answer of the KPI server");
 */
export const BLANK_PROBLEM = "about:blank";

/**
 * An error answer of the API.
 * @example
 * try {
 *   await client.saveDraft("saas_growth", { source }, { ifMatch: etag });
 * } catch (e) {
 *   if (e instanceof ApiError && e.status === 412) reload(e.headers.get("etag"));
 *   else throw e;
 * }
 */
export class ApiError extends Error {
  override name = "ApiError";
  /** The HTTP status (also `problem.status`). */
  readonly status: number;
  constructor(
    /** The problem+json body as the server sent it. */
    readonly problem: Problem,
    readonly headers: Headers,
  ) {
    super(`${problem.status} ${problem.title}: ${problem.detail}`);
    this.status = problem.status;
  }
  /** The problem type URI, e.g. `https://kpi-engine.dev/problems/validation`. */
  get type(): string {
    return this.problem.type;
  }
  get title(): string {
    return this.problem.title;
  }
  get detail(): string {
    return this.problem.detail;
  }
  /** The id of the request in the server's log; undefined for a made-up problem. */
  get requestId(): string | undefined {
    return this.problem.requestId;
  }
  /** The validation errors (`{path, message}`), empty when there are none. */
  get errors(): FieldError[] {
    return this.problem.errors ?? [];
  }
  /** The template's diagnostics (a 422 for a template with errors), empty when there are none. */
  get diagnostics(): ApiDiagnostic[] {
    return this.problem.diagnostics ?? [];
  }
}

/** A problem whose shape is right enough to trust: the server's own. */
function isProblem(v: unknown, status: number): v is Problem {
  if (typeof v !== "object" || v === null) return false;
  const p = v as Record<string, unknown>;
  return typeof p["type"] === "string" && typeof p["title"] === "string" && p["status"] === status && typeof p["detail"] === "string";
}

/**
 * The `ApiError` of an error response; reads the body.
 * @example
 * if (!res.ok) throw await apiErrorOf(res);
 */
export async function apiErrorOf(res: Response): Promise<ApiError> {
  const text = await res.text().catch(() => "");
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    parsed = undefined;
  }
  if (isProblem(parsed, res.status)) return new ApiError(parsed, res.headers);
  // Not the server's problem+json (a proxy, a load balancer): keep a short piece of the text as the detail.
  const snippet = text.replace(/\s+/g, " ").trim().slice(0, 200);
  const title = res.statusText || `HTTP ${res.status}`;
  return new ApiError({ type: BLANK_PROBLEM, title, status: res.status, detail: snippet || title }, res.headers);
}

/**
 * Errors as `application/problem+json` (RFC 9457): every failure a handler
 * knows about is an `ApiError` carrying its status, a stable problem type,
 * a one-line detail and, for validation, `errors` (`{path, message}`) or the
 * template's `diagnostics`. Anything else becomes a 500 whose body names only
 * the request id; the full error goes to the log.
 * @module
 */
import type { ApiDiagnostic, FieldError, Problem } from "../../schemas/generated/api.js";

/**
 * The base of every problem type URI.
 * @example
 * `${PROBLEM_BASE}not-found`; // "https://kpi-engine.dev/problems/not-found"
 */
export const PROBLEM_BASE = "https://kpi-engine.dev/problems/";

const TITLES: Readonly<Record<number, string>> = {
  400: "Bad Request",
  401: "Unauthorized",
  403: "Forbidden",
  404: "Not Found",
  409: "Conflict",
  412: "Precondition Failed",
  413: "Content Too Large",
  415: "Unsupported Media Type",
  422: "Unprocessable Content",
  428: "Precondition Required",
  500: "Internal Server Error",
  502: "Bad Gateway",
  503: "Service Unavailable",
};

/**
 * A failure with its HTTP status; thrown by handlers, turned into a problem response by the app.
 * @example
 * throw new ApiError(404, "not-found", 'no template has the id "x"');
 */
export class ApiError extends Error {
  override name = "ApiError";
  constructor(
    readonly status: number,
    /** The last segment of the problem type URI. */
    readonly type: string,
    readonly detail: string,
    readonly extra: { errors?: FieldError[]; diagnostics?: ApiDiagnostic[]; limit?: Problem["limit"] } = {},
    readonly headers: Readonly<Record<string, string>> = {},
  ) {
    super(detail);
  }
}

/**
 * The body of an error.
 * @example
 * problemBody(new ApiError(404, "not-found", "no such template"), "req-1");
 * // { type: "https://kpi-engine.dev/problems/not-found", title: "Not Found", status: 404, detail: "no such template", requestId: "req-1" }
 */
export function problemBody(e: ApiError, requestId: string): Problem {
  const p: Problem = { type: PROBLEM_BASE + e.type, title: TITLES[e.status] ?? "Error", status: e.status, detail: e.detail, requestId };
  if (e.extra.errors) p.errors = e.extra.errors;
  if (e.extra.diagnostics) p.diagnostics = e.extra.diagnostics;
  if (e.extra.limit) p.limit = e.extra.limit;
  return p;
}

/**
 * The response of an error.
 * @example
 * return problemResponse(new ApiError(415, "unsupported-media-type", "send JSON"), requestId);
 */
export function problemResponse(e: ApiError, requestId: string): Response {
  return new Response(JSON.stringify(problemBody(e, requestId)), {
    status: e.status,
    headers: { "content-type": "application/problem+json; charset=utf-8", ...e.headers },
  });
}

/**
 * The 500 for an unexpected error: no message or stack of it reaches the client.
 * @example
 * internalError(); // ApiError 500 "internal"
 */
export const internalError = (): ApiError => new ApiError(500, "internal", "the server failed to handle the request; the log has the details under this request id");

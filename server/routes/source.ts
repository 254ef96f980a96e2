/**
 * `POST /v1/check` and `POST /v1/format`: the language front end over HTTP,
 * as `kpi check` and `kpi fmt` do it. A template with errors is a
 * successful check (200, `ok: false`); formatting text with syntax errors
 * is a 422, since there is no canonical text to give.
 * @module
 */
import { hasErrors } from "../../dsl/diagnostics.js";
import type { CheckRequest, CheckResponse, FormatRequest, FormatResponse } from "../../schemas/generated/api.js";
import { ApiError } from "../http/problem.js";
import { checkInRegistry, formatText } from "../registry/front-end.js";
import { toApiDiagnostics } from "../registry/diagnostics.js";
import type { Handler } from "../services.js";

const check: Handler = async (c, s, body) => {
  const { source } = body as CheckRequest;
  const r = await checkInRegistry(s, source);
  const out: CheckResponse = { ok: !hasErrors(r.diagnostics), diagnostics: toApiDiagnostics(r.diagnostics), model: r.model };
  return c.json(out);
};

const format: Handler = async (c, s, body) => {
  const { source } = body as FormatRequest;
  const { diagnostics, text } = await formatText(s, source);
  if (text === undefined || hasErrors(diagnostics)) {
    throw new ApiError(422, "template-errors", "the template has syntax errors, so it cannot be formatted", { diagnostics: toApiDiagnostics(diagnostics) });
  }
  const out: FormatResponse = { source: text, changed: text !== source };
  return c.json(out);
};

/**
 * The handlers of this module, by route id.
 * @example
 * sourceHandlers.check; // POST /v1/check
 */
export const sourceHandlers: Record<string, Handler> = { check, format };

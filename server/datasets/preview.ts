/**
 * `POST /v1/datasets/preview`, for the designer's upload step: the files as
 * sent (text or base64) and a template (text, or a published id). The
 * template is checked and the files read in workers (preview-files.ts);
 * nothing is stored, and nothing here reads the files on the event loop.
 * @module
 */
import { hasErrors } from "../../dsl/diagnostics.js";
import type { CheckedTemplate } from "../../engine/check/index.js";
import type { DatasetPreview, DatasetPreviewRequest } from "../../schemas/generated/api.js";
import { versionInForce } from "../db/templates.js";
import { ApiError } from "../http/problem.js";
import { checkInRegistry, previewInWorker } from "../registry/front-end.js";
import { toApiDiagnostics } from "../registry/diagnostics.js";
import type { Services } from "../services.js";

async function templateOf(s: Services, t: DatasetPreviewRequest["template"]): Promise<CheckedTemplate> {
  const db = s.db;
  let source: string;
  if ("source" in t) source = t.source;
  else {
    const v = versionInForce(db, t.id);
    if (!v) throw new ApiError(404, "not-found", `no template ${JSON.stringify(t.id)} with a published version`);
    source = v.source;
  }
  const r = await checkInRegistry(s, source);
  if (!r.checked || hasErrors(r.diagnostics)) throw new ApiError(422, "template-errors", "the template has errors; nothing was previewed", { diagnostics: toApiDiagnostics(r.diagnostics) });
  return r.checked;
}

/**
 * The preview of a set of export files against a template.
 * @throws ApiError 404 for an unknown template id, 422 for a template with errors
 * @example
 * const p = await previewDataset(services, { template: { source }, files: { "deals.csv": "Owner,Amount\n…" } });
 */
export async function previewDataset(s: Services, req: DatasetPreviewRequest): Promise<DatasetPreview> {
  return previewInWorker(s, await templateOf(s, req.template), req);
}

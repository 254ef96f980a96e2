/**
 * `POST /v1/datasets/preview`, for the designer's upload step: the files as
 * sent (text or base64) and a template; the answer is `kpi map infer`'s
 * proposal (or the mapping sent, checked), each file's first rows with what
 * was read from each column and the problems found there, and the outcome of
 * loading the files with the mapping: the first located errors, their exact
 * total, and the warnings. Nothing is stored; files are read from memory.
 * @module
 */
import { hasErrors } from "../../dsl/diagnostics.js";
import type { CheckedTemplate } from "../../engine/check/index.js";
import { checkMapping, loadDatasetFiles, memoryFiles, type DataError } from "../../engine/dataset/index.js";
import { inferMapping } from "../../engine/dataset/infer/infer.js";
import { annotateWarnings, datasetSpecOf } from "../../engine/evaluate/index.js";
import type { DatasetPreview, DatasetPreviewRequest, FieldError, PreviewColumn } from "../../schemas/generated/api.js";
import type { Db } from "../db/open.js";
import { versionInForce } from "../db/templates.js";
import { fieldError } from "../eval/job.js";
import { ApiError } from "../http/problem.js";
import { checkInRegistry } from "../registry/front-end.js";
import type { Services } from "../services.js";
import { toApiDiagnostics } from "../registry/diagnostics.js";
import { exportFilesOf } from "./files.js";

const PROBLEMS_PER_COLUMN = 5;

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
  const checked = await templateOf(s, req.template);
  const spec = datasetSpecOf(checked);
  const files = memoryFiles(exportFilesOf(req.files));
  const rows = req.rows ?? 10;
  const proposal = await inferMapping(files, spec, { rows: Math.max(rows, 200), ...(req.preset !== undefined ? { preset: req.preset } : {}) });
  const mapping = req.mapping ?? proposal.mapping;
  const out: DatasetPreview = { mapping, preset: proposal.preset, undecided: proposal.undecided, files: [], errors: [], errorCount: 0, warnings: [] };
  const valid = checkMapping(mapping, spec, "mapping");
  let errors: DataError[] = [];
  if (!valid.ok) {
    out.errors = valid.errors.map((e): FieldError => ({ path: `/mapping${e.path ?? ""}`, message: e.message }));
    out.errorCount = valid.total;
  } else {
    const loaded = await loadDatasetFiles(files, spec, { mapping: valid.mapping });
    if (loaded.ok) out.warnings = annotateWarnings(loaded.warnings, checked);
    else {
      errors = loaded.errors;
      out.errors = loaded.errors.map((e) => fieldError(e, "files"));
      out.errorCount = loaded.total;
    }
  }
  for (const f of proposal.files) {
    const read = proposal.columns.get(f.file);
    const columns = f.header.map((header): PreviewColumn => {
      const c: PreviewColumn = { header, problems: [] };
      const r = read?.get(header);
      if (r?.field !== undefined) c.field = r.field;
      if (r?.format !== undefined) c.format = r.format;
      for (const e of errors) if (e.column === header && e.file === f.file && c.problems.length < PROBLEMS_PER_COLUMN) c.problems.push(`line ${e.line}: ${e.message}`);
      return c;
    });
    out.files.push({ file: f.file, encoding: f.encoding, ...(f.delimiter ? { delimiter: f.delimiter } : {}), header: f.header, rows: f.rows.slice(0, rows), columns });
  }
  return out;
}

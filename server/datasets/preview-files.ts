/**
 * The body of `POST /v1/datasets/preview` for a checked template: `kpi map
 * infer`'s proposal (or the mapping sent, checked), each file's first rows
 * with what was read from each column and the problems found there, and the
 * outcome of loading the files with the mapping: the first located errors,
 * their exact total, and the warnings. It reads every byte of the files, so
 * it runs in a worker (eval/front-end-job.ts); preview.ts is the route's side.
 * @module
 */
import type { CheckedTemplate } from "../../engine/check/index.js";
import { checkMapping, loadDatasetFiles, memoryFiles, type DataError } from "../../engine/dataset/index.js";
import { inferMapping } from "../../engine/dataset/infer/infer.js";
import { annotateWarnings, datasetSpecOf } from "../../engine/evaluate/index.js";
import type { DatasetPreview, DatasetPreviewRequest, FieldError, PreviewColumn } from "../../schemas/generated/api.js";
import { fieldError } from "../eval/job.js";
import { exportFilesOf } from "./files.js";

const PROBLEMS_PER_COLUMN = 5;

/**
 * The preview of a set of export files against a checked template (in a
 * worker: inference and loading read every byte of the files).
 * @example
 * const p = await previewWith(checked, { template: { source }, files: { "deals.csv": "Owner,Amount\n…" } });
 */
export async function previewWith(checked: CheckedTemplate, req: DatasetPreviewRequest): Promise<DatasetPreview> {
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

/**
 * An uploaded folder form's structure check and stored form: export files
 * with their mapping, or the plain folder form's files. It parses every
 * CSV, so it runs in a worker (eval/front-end-job.ts); the routes get the
 * content or the errors back.
 * @module
 */
import type { FieldError } from "../../schemas/generated/api.js";
import type { Mapping } from "../../schemas/generated/mapping.js";
import type { DatasetContent } from "../db/datasets.js";
import { exportFileErrors, exportFilesOf, fileErrors, filesOf } from "./files.js";

/**
 * What the check gives: the content to store or evaluate, or why not.
 * @example
 * if (!r.ok) throw new ApiError(400, "validation", r.detail, { errors: r.errors });
 */
export type ContentCheck = { ok: true; content: DatasetContent } | { ok: false; detail: string; errors: FieldError[] };

/**
 * Checks uploaded files (with their mapping, when given).
 * @example
 * checkFilesContent({ files: { "entities.csv": "id,kind\n" } }, "/files"); // { ok: true, content: { form: "files", files: Map {…} } }
 */
export function checkFilesContent(upload: { files: object; mapping?: Mapping }, filesAt: string): ContentCheck {
  if (upload.mapping !== undefined) {
    const files = exportFilesOf(upload.files);
    const errors = exportFileErrors(files, upload.mapping);
    if (errors.length) return { ok: false, detail: "the files do not match their mapping", errors };
    return { ok: true, content: { form: "files", files, mapping: upload.mapping } };
  }
  const files = filesOf(upload.files);
  const errors = fileErrors(files, filesAt);
  if (errors.length) return { ok: false, detail: "the dataset's files are not well-formed", errors };
  return { ok: true, content: { form: "files", files } };
}

/**
 * Validates request bodies with the definitions of schemas/api.schema.json,
 * through the shared ajv instance of schemas/validators.ts (so `$ref`s to the
 * template and dataset schemas resolve). A failure is a 400 listing every
 * error with its JSON pointer.
 *
 * ajv reports a failed `oneOf` with the errors of every branch, most of
 * which are noise ("must have required property 'id'" for a body that gave
 * `source`). The errors at the `oneOf`'s own value from the branches
 * (missing or extra properties) are replaced by one message naming the
 * accepted forms; errors deeper inside the value are kept, since they can
 * only come from the branch whose shape the value has.
 * @module
 */
import type { ErrorObject, ValidateFunction } from "ajv/dist/2020.js";
import type { FieldError } from "../../schemas/generated/api.js";
import { compileSchema, sharedAjv, toSchemaError } from "../../schemas/validators.js";
import { ApiError } from "./problem.js";

/**
 * The `$id` of the API schema.
 * @example
 * `${API_SCHEMA_ID}#/$defs/CheckRequest`;
 */
export const API_SCHEMA_ID = "https://kpi-engine.dev/schemas/api.schema.json";

// Compiling these adds them to the shared ajv instance, so the API schema's `$ref`s to them resolve.
for (const name of ["template", "dataset", "result", "mapping", "api"]) compileSchema(name);

/** What each `oneOf` in a request accepts, by the definition and the value's path. */
const FORMS: Readonly<Record<string, string>> = {
  "EvaluateRequest /template": "must be {source} (template text) or {id, version?} (a published template)",
  "EvaluateRequest /dataset": "must be {datasetId}, {connection}, {files: {name: text}} or a JSON dataset {entities, records, inputs?, targets?}",
  "DatasetUpload /": "must be {dataset, name?} (a JSON dataset), {files, name?} (the folder form's files) or {files, mapping, name?} (exports with their mapping)",
};

/**
 * Readable errors from ajv's, with `oneOf` noise folded (see the module comment).
 * @example
 * readableErrors("EvaluateRequest", validate.errors ?? []);
 */
export function readableErrors(def: string, errors: readonly ErrorObject[]): FieldError[] {
  const oneOfAt = new Set(errors.filter((e) => e.keyword === "oneOf").map((e) => e.instancePath));
  const out: FieldError[] = [];
  for (const at of oneOfAt) out.push({ path: at || "/", message: FORMS[`${def} ${at || "/"}`] ?? "does not match any of the accepted forms" });
  for (const e of errors) {
    if (e.keyword === "oneOf" || e.keyword === "propertyNames") continue;
    if (e.propertyName !== undefined) {
      // A bad key (a file name): point at the key itself, not at the object holding it.
      const message = e.keyword === "pattern" ? `is not an allowed name here (must match ${String(e.params["pattern"])})` : `is not an allowed name here (${e.message ?? e.keyword})`;
      out.push({ path: `${e.instancePath}/${e.propertyName.replace(/~/g, "~0").replace(/\//g, "~1")}`, message });
      continue;
    }
    if (oneOfAt.has(e.instancePath) && (e.keyword === "required" || e.keyword === "additionalProperties")) continue;
    const err = toSchemaError(e);
    if (!out.some((o) => o.path === err.path && o.message === err.message)) out.push(err);
  }
  return out;
}

/**
 * A validator of one `$defs` entry of the API schema that throws a 400.
 * @example
 * const body = apiBody<CheckRequest>("CheckRequest")(await readJsonBody(req, limits));
 */
export function apiBody<T>(def: string): (value: unknown) => T {
  const fn = sharedAjv().getSchema(`${API_SCHEMA_ID}#/$defs/${def}`) as ValidateFunction | undefined;
  if (!fn) throw new Error(`schemas/api.schema.json has no definition ${def}`);
  return (value) => {
    if (fn(value)) return value as T;
    throw new ApiError(400, "validation", `the request body does not match the ${def} schema`, { errors: readableErrors(def, fn.errors ?? []) });
  };
}

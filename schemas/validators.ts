/**
 * ajv validators for the JSON Schemas in `schemas/`, each compiled once, on first use.
 * Every boundary (files, HTTP bodies, designer saves) validates through these;
 * errors come back as `{ path, message }` with JSON-pointer paths.
 * @module
 */
import { readFileSync } from "node:fs";
import type { Ajv2020, ErrorObject, ValidateFunction } from "ajv/dist/2020.js";
import { ajvPackages } from "./ajv-load.js";
import type { Template } from "./generated/template.js";
import { packageFile } from "./package-root.js";

const load = (name: string): object => JSON.parse(readFileSync(packageFile(`schemas/${name}.schema.json`), "utf8")) as object;

let shared: Ajv2020 | undefined;

/**
 * The one ajv instance for every schema, so `$ref`s between them resolve;
 * made (and ajv loaded) on first use, which `kpi check` of a text never needs.
 * @example
 * sharedAjv().getSchema("https://…/api.schema.json#/$defs/X");
 */
export function sharedAjv(): Ajv2020 {
  if (shared) return shared;
  const { Ajv2020, addFormats } = ajvPackages();
  shared = new Ajv2020({ allErrors: true, strict: true, allowUnionTypes: true, discriminator: true });
  addFormats(shared);
  // `tsType` steers json-schema-to-typescript's output; it means nothing to validation.
  shared.addKeyword({ keyword: "tsType", schemaType: "string" });
  return shared;
}

export interface SchemaError {
  path: string;
  message: string;
}

/** A compiled schema with typed narrowing and readable errors. */
export interface Validator<T> {
  (value: unknown): value is T;
  errors(): SchemaError[];
}

function wrap<T>(compiled: () => ValidateFunction): Validator<T> {
  let last: ErrorObject[] = [];
  const v = ((value: unknown): value is T => {
    const fn = compiled();
    const ok = fn(value) as boolean;
    last = ok ? [] : (fn.errors ?? []);
    return ok;
  }) as Validator<T>;
  v.errors = () => last.map(toSchemaError);
  return v;
}

/**
 * Turns an ajv error into `{ path, message }`.
 * @example
 * toSchemaError({ instancePath: "/declarations/0", keyword: "required", params: { missingProperty: "name" }, message: "must have required property 'name'", schemaPath: "" });
 * // { path: "/declarations/0/name", message: "is required" }
 */
export function toSchemaError(e: ErrorObject): SchemaError {
  if (e.keyword === "required") return { path: `${e.instancePath}/${String(e.params["missingProperty"])}`, message: "is required" };
  if (e.keyword === "additionalProperties") return { path: `${e.instancePath}/${String(e.params["additionalProperty"])}`, message: "is not allowed here" };
  if (e.keyword === "enum") return { path: e.instancePath || "/", message: `must be one of ${(e.params["allowedValues"] as unknown[]).map((x) => JSON.stringify(x)).join(", ")}` };
  return { path: e.instancePath || "/", message: e.message ?? e.keyword };
}

const cache = new Map<string, ValidateFunction>();

/**
 * The validator of `schemas/NAME.schema.json`, compiled when first called.
 * @example
 * const v = schemaValidator<Template>("template"); if (!v(x)) console.log(v.errors());
 */
export function schemaValidator<T>(name: string): Validator<T> {
  // Compiled on first use: compiling the template schema takes a few hundred
  // milliseconds, which `kpi check` of a text (never validated) must not pay.
  return wrap<T>(() => compileSchema(name));
}

/**
 * Compiles `schemas/NAME.schema.json` into the shared ajv instance (once),
 * which also lets other schemas' `$ref`s to it resolve.
 * @example
 * for (const name of ["template", "dataset", "result", "api"]) compileSchema(name);
 */
export function compileSchema(name: string): ValidateFunction {
  let fn = cache.get(name);
  if (!fn) {
    fn = sharedAjv().compile(load(name));
    cache.set(name, fn);
  }
  return fn;
}

/** Validates a template model. */
export const validateTemplate: Validator<Template> = schemaValidator<Template>("template");

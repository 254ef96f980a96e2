/**
 * ajv validators for the JSON Schemas in `schemas/`, compiled once at start-up.
 * Every boundary (files, HTTP bodies, designer saves) validates through these;
 * errors come back as `{ path, message }` with JSON-pointer paths.
 * @module
 */
import { readFileSync } from "node:fs";
import { Ajv2020, type ErrorObject, type ValidateFunction } from "ajv/dist/2020.js";
import fm from "ajv-formats";
import type { Template } from "./generated/template.js";
import { packageFile } from "./package-root.js";

const addFormats = fm.default;

const load = (name: string): object => JSON.parse(readFileSync(packageFile(`schemas/${name}.schema.json`), "utf8")) as object;

/** One ajv instance for every schema, so `$ref`s between them resolve. */
export const ajv = new Ajv2020({ allErrors: true, strict: true, allowUnionTypes: true, discriminator: true });
addFormats(ajv);
// `tsType` steers json-schema-to-typescript's output; it means nothing to validation.
ajv.addKeyword({ keyword: "tsType", schemaType: "string" });

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
    fn = ajv.compile(load(name));
    cache.set(name, fn);
  }
  return fn;
}

/** Validates a template model. */
export const validateTemplate: Validator<Template> = schemaValidator<Template>("template");

/**
 * The OpenAPI 3.1 document of the API, built from the route table
 * (routes/spec.ts) and the JSON Schemas in schemas/, which it embeds whole
 * under `components.schemas` with their `$id`s: OpenAPI 3.1 is JSON Schema
 * 2020-12, so the API schema's `$ref: "template.schema.json"` resolves to
 * the embedded template schema, and no shape is written twice.
 * @module
 */
import { readFileSync } from "node:fs";
import { ROUTES, type RouteSpec, type SchemaRef } from "./routes/spec.js";
import { packageFile } from "../schemas/package-root.js";

const SCHEMAS = { Api: "api", Template: "template", Dataset: "dataset", Result: "result", Mapping: "mapping" } as const;

const load = (name: string): Record<string, unknown> => JSON.parse(readFileSync(packageFile(`schemas/${name}.schema.json`), "utf8")) as Record<string, unknown>;

const ref = (s: SchemaRef): { $ref: string } =>
  "def" in s ? { $ref: `#/components/schemas/Api/$defs/${s.def}` } : { $ref: `#/components/schemas/${s.file[0]!.toUpperCase()}${s.file.slice(1)}` };

const PROBLEM = { $ref: "#/components/responses/Problem" };

const COMMON_ERRORS: Readonly<Record<number, string>> = {
  400: "Malformed JSON, a body or query that breaks the schema (`errors` lists each with its JSON pointer), JSON nested too deeply, or a bad period.",
  401: "No key, or a key the server does not know (`Authorization: Bearer KEY`).",
  403: "The key's role may not do this.",
  404: "No such template, version, dataset, connection or key.",
  409: "It exists already (or it is the last admin key).",
  412: "The If-Match ETag is stale: the draft has changed.",
  413: "The body is larger than the limit.",
  415: "The body is not JSON (`Content-Type: application/json`).",
  422: "The template has errors (`diagnostics` with line and column), or the dataset does not fit the template (`errors`; for a connection, a missing table or column or floating-point money, named in `detail`).",
  428: "If-Match is required.",
  500: "A bug; the body names only the request id, the log has the details.",
  502: "A registered connection's database could not be used (unreachable, authentication, no such database); `detail` names the connection, never its password.",
  503: "The evaluation ran past the time limit, or too many are waiting; see Retry-After.",
};

function operation(r: RouteSpec): Record<string, unknown> {
  const params: Record<string, unknown>[] = [];
  for (const m of r.path.matchAll(/:(\w+)/g)) params.push({ name: m[1], in: "path", required: true, schema: { type: "string" } });
  for (const q of r.query ?? []) params.push({ name: q.name, in: "query", required: q.required ?? false, description: q.description, schema: { type: "string" } });
  for (const h of r.headers ?? []) params.push({ name: h.name, in: "header", required: h.required ?? false, description: h.description, schema: { type: "string" } });
  const responses: Record<string, unknown> = {
    [String(r.ok.status)]: { description: r.ok.description, ...(r.ok.schema ? { content: { "application/json": { schema: ref(r.ok.schema) } } } : {}) },
  };
  const errors = new Set(r.errors);
  if (r.body !== undefined || r.query?.length) errors.add(400);
  if (r.body !== undefined) [413, 415].forEach((s) => errors.add(s));
  if (r.role !== null) [401, 403].forEach((s) => errors.add(s));
  errors.add(500);
  for (const s of [...errors].sort()) responses[String(s)] = { ...PROBLEM, description: COMMON_ERRORS[s] ?? "An error." };
  const op: Record<string, unknown> = {
    operationId: r.id,
    summary: r.summary,
    security: r.role === null ? [] : [{ bearer: [] }],
    "x-required-role": r.role ?? "public",
    responses,
  };
  if (params.length) op["parameters"] = params;
  if (r.body !== undefined) op["requestBody"] = { required: true, content: { "application/json": { schema: ref({ def: r.body }) } } };
  return op;
}

/**
 * The OpenAPI document.
 * @example
 * buildOpenApi("0.1.0").paths["/v1/evaluate"].post.operationId; // "evaluate"
 */
export function buildOpenApi(version: string): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const r of ROUTES) {
    const path = r.path.replace(/:(\w+)/g, "{$1}");
    (paths[path] ??= {})[r.method.toLowerCase()] = operation(r);
  }
  const schemas: Record<string, unknown> = {};
  for (const [name, file] of Object.entries(SCHEMAS)) schemas[name] = load(file);
  return {
    openapi: "3.1.0",
    jsonSchemaDialect: "https://json-schema.org/draft/2020-12/schema",
    info: {
      title: "kpi-engine API",
      version,
      description: "Check, format and evaluate KPI templates; a registry of versioned templates with effective dates; datasets; keys and audit. Errors are application/problem+json.",
    },
    paths,
    components: {
      schemas,
      responses: { Problem: { description: "A problem.", content: { "application/problem+json": { schema: { $ref: "#/components/schemas/Api/$defs/Problem" } } } } },
      securitySchemes: { bearer: { type: "http", scheme: "bearer", description: "An API key from `kpi keys create` or POST /v1/keys." } },
    },
  };
}

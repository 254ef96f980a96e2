/**
 * The API's routes as data: method, path, the role a key needs, the request
 * body's schema and the response's. The app registers its handlers from
 * this table (so authentication and body validation cannot be forgotten on
 * a route), the OpenAPI document is built from it, and a typed client can
 * be generated from it and schemas/api.schema.json.
 * @module
 */
import type { Role } from "../../schemas/generated/api.js";

/**
 * A schema a route reads or answers: a `$defs` entry of api.schema.json, or
 * a whole schema file (`result`).
 * @example
 * const s: SchemaRef = { def: "CheckResponse" };
 */
export type SchemaRef = { def: string } | { file: "result" | "template" | "dataset" };

/**
 * One route.
 * @example
 * ROUTES.find((r) => r.id === "evaluate")!.role; // "integrator"
 */
export interface RouteSpec {
  id: string;
  method: "GET" | "POST" | "PUT" | "DELETE";
  /** hono's form: `/v1/templates/:id`. */
  path: string;
  /** The weakest role allowed; null for a public route. */
  role: Role | null;
  summary: string;
  /** The request body's definition in api.schema.json. */
  body?: string;
  /** The success status and its body's schema (none for 204). */
  ok: { status: number; schema?: SchemaRef; description: string };
  /** Query parameters. */
  query?: { name: string; description: string; required?: boolean }[];
  /** Request headers that matter. */
  headers?: { name: string; description: string; required?: boolean }[];
  /** The error statuses this route can answer besides 400 (body), 401, 403, 413, 415 and 500. */
  errors: number[];
}

/**
 * Every route of the API.
 * @example
 * for (const r of ROUTES) console.log(r.method, r.path);
 */
export const ROUTES: readonly RouteSpec[] = [
  { id: "health", method: "GET", path: "/v1/health", role: null, summary: "Liveness: the server answers and its database is open.", ok: { status: 200, schema: { def: "Health" }, description: "The server is up." }, errors: [] },
  { id: "openapi", method: "GET", path: "/v1/openapi.json", role: null, summary: "This API as an OpenAPI 3.1 document, built from the JSON Schemas.", ok: { status: 200, description: "The OpenAPI document." }, errors: [] },
  { id: "check", method: "POST", path: "/v1/check", role: "viewer", summary: "Parse and check template text: diagnostics with line and column, and the model.", body: "CheckRequest", ok: { status: 200, schema: { def: "CheckResponse" }, description: "The diagnostics (errors included: a template with errors is still a successful check) and the model." }, errors: [] },
  { id: "format", method: "POST", path: "/v1/format", role: "viewer", summary: "Print template text in canonical form (comments kept).", body: "FormatRequest", ok: { status: 200, schema: { def: "FormatResponse" }, description: "The canonical text." }, errors: [422] },
  {
    id: "evaluate",
    method: "POST",
    path: "/v1/evaluate",
    role: "integrator",
    summary: "Evaluate a template over a dataset for a period or range: every metric, target, score, incentive and alert of every entity.",
    body: "EvaluateRequest",
    ok: { status: 200, schema: { file: "result" }, description: "The Result (result.schema.json), with `explanations` when asked for. By id, the headers X-Template-Id and X-Template-Version name the version used." },
    errors: [404, 422, 502, 503],
  },
  {
    id: "simulate",
    method: "POST",
    path: "/v1/simulate",
    role: "integrator",
    summary: "Compare what-if scenarios with the baseline for one period: each scenario sets numbers of the template or scales source fields; the dataset is loaded once (docs/scenarios.md).",
    body: "SimulateRequest",
    ok: { status: 200, schema: { def: "SimulateResponse" }, description: "The baseline and each scenario: total payout, payout per team, reps paid, reps at or above 100%, cost share of revenue, and per rep the change. By id, X-Template-Id and X-Template-Version name the version used." },
    errors: [404, 422, 503],
  },
  {
    id: "listTemplates",
    method: "GET",
    path: "/v1/templates",
    role: "viewer",
    summary: "The registry's templates, filtered by industry, stage and text.",
    query: [
      { name: "industry", description: "Only this industry." },
      { name: "stage", description: "Only this stage." },
      { name: "q", description: "Text in the id, label, industry or stage (case-insensitive)." },
      { name: "archived", description: "`true` to include archived templates." },
    ],
    ok: { status: 200, schema: { def: "TemplateList" }, description: "The templates, by id." },
    errors: [],
  },
  { id: "createTemplate", method: "POST", path: "/v1/templates", role: "editor", summary: "Create a template from text; the text becomes its draft.", body: "TemplateCreate", ok: { status: 201, schema: { def: "TemplateDetail" }, description: "The new template; `ETag` and `Location` headers." }, errors: [409, 422] },
  { id: "getTemplate", method: "GET", path: "/v1/templates/:id", role: "viewer", summary: "A template: metadata, draft (with its diagnostics) and versions.", ok: { status: 200, schema: { def: "TemplateDetail" }, description: "The template; the `ETag` header is the draft's." }, errors: [404] },
  {
    id: "archiveTemplate",
    method: "DELETE",
    path: "/v1/templates/:id",
    role: "admin",
    summary: "Archive a template: it leaves the list and can no longer be changed, published or evaluated; its versions and audit trail stay readable. Archiving again changes nothing.",
    ok: { status: 204, description: "Archived." },
    errors: [404],
  },
  {
    id: "saveDraft",
    method: "PUT",
    path: "/v1/templates/:id/draft",
    role: "editor",
    summary: "Replace a template's draft. Requires If-Match with the draft's ETag: 428 without it, 412 when it is stale.",
    body: "DraftUpdate",
    headers: [{ name: "If-Match", description: "The draft's ETag (from GET /v1/templates/{id}), or `*`.", required: true }],
    ok: { status: 200, schema: { def: "TemplateDetail" }, description: "The template with its new draft; the new `ETag` header." },
    errors: [404, 412, 422, 428],
  },
  {
    id: "publish",
    method: "POST",
    path: "/v1/templates/:id/publish",
    role: "admin",
    summary: "Publish the draft as the next immutable version, in force from effectiveFrom. The draft must check without errors.",
    body: "PublishRequest",
    headers: [{ name: "If-Match", description: "Optional: publish only if the draft still has this ETag (412 otherwise)." }],
    ok: { status: 201, schema: { def: "VersionDetail" }, description: "The new version." },
    errors: [404, 412, 422],
  },
  { id: "listVersions", method: "GET", path: "/v1/templates/:id/versions", role: "viewer", summary: "A template's published versions.", ok: { status: 200, schema: { def: "VersionList" }, description: "The versions, oldest first." }, errors: [404] },
  { id: "getVersion", method: "GET", path: "/v1/templates/:id/versions/:n", role: "viewer", summary: "One published version: text and model.", ok: { status: 200, schema: { def: "VersionDetail" }, description: "The version." }, errors: [404] },
  {
    id: "diff",
    method: "GET",
    path: "/v1/templates/:id/diff",
    role: "viewer",
    summary: "What changed between two versions: a unified text diff and the metrics, targets and incentives added, removed and changed.",
    query: [
      { name: "from", description: "A version number (default: the latest version)." },
      { name: "to", description: "A version number or `draft` (default: `draft`)." },
    ],
    ok: { status: 200, schema: { def: "TemplateDiff" }, description: "The differences." },
    errors: [404],
  },
  {
    id: "listDatasets",
    method: "GET",
    path: "/v1/datasets",
    role: "viewer",
    summary: "The stored datasets, oldest first, a page at a time (without their content).",
    query: [
      { name: "limit", description: "At most this many datasets (1–1000, default 100)." },
      { name: "after", description: "The `next` cursor of the page before." },
    ],
    ok: { status: 200, schema: { def: "DatasetList" }, description: "One page; `next` when there are more." },
    errors: [],
  },
  { id: "createDataset", method: "POST", path: "/v1/datasets", role: "integrator", summary: "Store a dataset (JSON, or the folder form's CSV/NDJSON files) to evaluate by id.", body: "DatasetUpload", ok: { status: 201, schema: { def: "DatasetInfo" }, description: "The stored dataset; `Location` header." }, errors: [] },
  { id: "previewDataset", method: "POST", path: "/v1/datasets/preview", role: "integrator", summary: "Propose a mapping for export files (as `kpi map infer`), with each file's first rows, per-column problems and the load's first errors; nothing is stored.", body: "DatasetPreviewRequest", ok: { status: 200, schema: { def: "DatasetPreview" }, description: "The proposal." }, errors: [404, 422] },
  { id: "getDataset", method: "GET", path: "/v1/datasets/:id", role: "viewer", summary: "A stored dataset with its content.", ok: { status: 200, schema: { def: "DatasetDetail" }, description: "The dataset." }, errors: [404] },
  { id: "deleteDataset", method: "DELETE", path: "/v1/datasets/:id", role: "integrator", summary: "Delete a stored dataset.", ok: { status: 204, description: "Deleted." }, errors: [404] },
  { id: "listConnections", method: "GET", path: "/v1/connections", role: "admin", summary: "The registered database connections, by name; each URL with its password as `***`.", ok: { status: 200, schema: { def: "ConnectionList" }, description: "The connections (never a password)." }, errors: [] },
  {
    id: "createConnection",
    method: "POST",
    path: "/v1/connections",
    role: "admin",
    summary: "Register a PostgreSQL database to evaluate with `{\"dataset\": {\"connection\": NAME}}`. The password is stored encrypted (AES-256-GCM under the server's secret) and never shown again.",
    body: "ConnectionCreate",
    ok: { status: 201, schema: { def: "ConnectionInfo" }, description: "The connection as shown (the password as `***`); `Location` header." },
    errors: [409],
  },
  { id: "getConnection", method: "GET", path: "/v1/connections/:name", role: "admin", summary: "One registered connection, its URL with the password as `***`.", ok: { status: 200, schema: { def: "ConnectionInfo" }, description: "The connection." }, errors: [404] },
  { id: "deleteConnection", method: "DELETE", path: "/v1/connections/:name", role: "admin", summary: "Forget a registered connection (its sealed password with it).", ok: { status: 204, description: "Deleted." }, errors: [404] },
  {
    id: "audit",
    method: "GET",
    path: "/v1/audit",
    role: "viewer",
    summary: "Who changed or published what, when; newest first.",
    query: [
      { name: "template", description: "Only this template's entries." },
      { name: "limit", description: "At most this many entries (1–1000, default 100)." },
    ],
    ok: { status: 200, schema: { def: "AuditList" }, description: "The entries." },
    errors: [],
  },
  { id: "me", method: "GET", path: "/v1/me", role: "viewer", summary: "The key this request is made with (never the secret) and its role.", ok: { status: 200, schema: { def: "Me" }, description: "The key." }, errors: [] },
  { id: "listKeys", method: "GET", path: "/v1/keys", role: "admin", summary: "The API keys (never the secrets).", ok: { status: 200, schema: { def: "KeyList" }, description: "The keys." }, errors: [] },
  { id: "createKey", method: "POST", path: "/v1/keys", role: "admin", summary: "Create an API key; the key is in the answer, once.", body: "KeyCreate", ok: { status: 201, schema: { def: "KeyCreated" }, description: "The key." }, errors: [409] },
  { id: "deleteKey", method: "DELETE", path: "/v1/keys/:id", role: "admin", summary: "Revoke an API key (not the last admin key).", ok: { status: 204, description: "Revoked." }, errors: [404, 409] },
];

/**
 * The typed client of the HTTP API: `createClient({ baseUrl, key, fetch? })`
 * gives one method per route of the route table (server/routes/spec.ts),
 * named by the route's id, taking the request body types and resolving to
 * the response body types generated from schemas/. An error answer rejects
 * with an `ApiError` carrying the problem+json body. Browser-safe: only the
 * global `fetch`, `URLSearchParams` and `Headers`, no Node module, so the
 * designer can use it as is.
 * @module
 */
import { apiErrorOf } from "./errors.js";
import { expandPath, OPERATIONS, type OperationId } from "./operations.js";
import type {
  AuditList,
  AuditQuery,
  CallOptions,
  CheckRequest,
  CheckResponse,
  ClientOptions,
  ConnectionCreate,
  ConnectionInfo,
  ConnectionList,
  DatasetDetail,
  DatasetInfo,
  DatasetList,
  DatasetQuery,
  DatasetPreview,
  DatasetPreviewRequest,
  DatasetUpload,
  DiffQuery,
  DraftUpdate,
  EvaluateRequest,
  SimulateRequest,
  SimulateResponse,
  FetchLike,
  FormatRequest,
  FormatResponse,
  Health,
  IfMatch,
  KeyCreate,
  KeyCreated,
  KeyList,
  Me,
  OpenApiDocument,
  PublishRequest,
  Result,
  TaggedTemplate,
  TemplateCreate,
  TemplateDetail,
  TemplateDiff,
  TemplateList,
  TemplateQuery,
  VersionDetail,
  VersionList,
} from "./types.js";

export { ApiError, apiErrorOf, BLANK_PROBLEM } from "./errors.js";
export { expandPath, OPERATIONS, type HttpMethod, type OperationId } from "./operations.js";
export type * from "./types.js";

/**
 * The client: one method per route, named by the route's id.
 * @example
 * const client = createClient({ baseUrl: "http://127.0.0.1:8787", key });
 * const { ok, diagnostics } = await client.check({ source });
 */
export interface KpiClient {
  /** `GET /v1/health` (public). */
  health(o?: CallOptions): Promise<Health>;
  /** `GET /v1/openapi.json` (public). */
  openapi(o?: CallOptions): Promise<OpenApiDocument>;
  /** `POST /v1/check`: diagnostics and the model; a template with errors is still a success (`ok: false`). */
  check(body: CheckRequest, o?: CallOptions): Promise<CheckResponse>;
  /** `POST /v1/format`: the canonical text; 422 for text with syntax errors. */
  format(body: FormatRequest, o?: CallOptions): Promise<FormatResponse>;
  /** `POST /v1/evaluate`: the Result. By id, `onResponse` sees `X-Template-Version`, the version used. */
  evaluate(body: EvaluateRequest, o?: CallOptions): Promise<Result>;
  /** `POST /v1/simulate`: the baseline and each what-if scenario compared (docs/scenarios.md). */
  simulate(body: SimulateRequest, o?: CallOptions): Promise<SimulateResponse>;
  /** `GET /v1/templates?industry=&stage=&q=`. */
  listTemplates(query?: TemplateQuery, o?: CallOptions): Promise<TemplateList>;
  /** `POST /v1/templates`: the text becomes the new template's draft. */
  createTemplate(body: TemplateCreate, o?: CallOptions): Promise<TaggedTemplate>;
  /** `GET /v1/templates/{id}`, with the draft's ETag. */
  getTemplate(id: string, o?: CallOptions): Promise<TaggedTemplate>;
  /** `DELETE /v1/templates/{id}` (admin): archived, not erased; its versions stay readable. */
  archiveTemplate(id: string, o?: CallOptions): Promise<void>;
  /** `PUT /v1/templates/{id}/draft`: `ifMatch` is required (the server answers 428 without it, 412 when stale). */
  saveDraft(id: string, body: DraftUpdate, o: IfMatch & CallOptions): Promise<TaggedTemplate>;
  /** `POST /v1/templates/{id}/publish`, optionally only if the draft still has the ETag `ifMatch`. */
  publish(id: string, body: PublishRequest, o?: Partial<IfMatch> & CallOptions): Promise<VersionDetail>;
  /** `GET /v1/templates/{id}/versions`, oldest first. */
  listVersions(id: string, o?: CallOptions): Promise<VersionList>;
  /** `GET /v1/templates/{id}/versions/{n}`. */
  getVersion(id: string, n: number, o?: CallOptions): Promise<VersionDetail>;
  /** `GET /v1/templates/{id}/diff?from=&to=` (defaults: the latest version to the draft). */
  diff(id: string, query?: DiffQuery, o?: CallOptions): Promise<TemplateDiff>;
  /** `POST /v1/datasets`: a JSON dataset or the folder form's files. */
  createDataset(body: DatasetUpload, o?: CallOptions): Promise<DatasetInfo>;
  /** `POST /v1/datasets/preview`: a proposed mapping for export files, their first rows and problems. */
  previewDataset(body: DatasetPreviewRequest, o?: CallOptions): Promise<DatasetPreview>;
  /** `GET /v1/datasets/{id}`, with its content. */
  getDataset(id: string, o?: CallOptions): Promise<DatasetDetail>;
  /** `DELETE /v1/datasets/{id}`. */
  deleteDataset(id: string, o?: CallOptions): Promise<void>;
  /** `GET /v1/datasets?limit=&after=`: one page, oldest first; `next` when there are more. */
  listDatasets(query?: DatasetQuery, o?: CallOptions): Promise<DatasetList>;
  /** `GET /v1/connections` (admin): the registered databases, each URL with its password as `***`. */
  listConnections(o?: CallOptions): Promise<ConnectionList>;
  /** `POST /v1/connections` (admin): register a PostgreSQL database by name; the answer never holds the password. */
  createConnection(body: ConnectionCreate, o?: CallOptions): Promise<ConnectionInfo>;
  /** `GET /v1/connections/{name}` (admin). */
  getConnection(name: string, o?: CallOptions): Promise<ConnectionInfo>;
  /** `DELETE /v1/connections/{name}` (admin). */
  deleteConnection(name: string, o?: CallOptions): Promise<void>;
  /** `GET /v1/audit?template=&limit=`, newest first. */
  audit(query?: AuditQuery, o?: CallOptions): Promise<AuditList>;
  /** `GET /v1/keys` (admin; never the secrets). */
  listKeys(o?: CallOptions): Promise<KeyList>;
  /** `GET /v1/me`: this key's id, name and role. */
  me(o?: CallOptions): Promise<Me>;
  /** `POST /v1/keys` (admin): the key is in the answer, once. */
  createKey(body: KeyCreate, o?: CallOptions): Promise<KeyCreated>;
  /** `DELETE /v1/keys/{id}` (admin; 409 for the last admin key). */
  deleteKey(id: string, o?: CallOptions): Promise<void>;
}

// The compiler holds the client to the operation table: a route id without a method, or a method without a route, is a type error.
type _SameKeys = [OperationId, keyof KpiClient] extends [keyof KpiClient, OperationId] ? true : never;
const _sameKeys: _SameKeys = true;
void _sameKeys;

/** One request to send. */
interface Call {
  params?: Record<string, string | number>;
  query?: Record<string, string | number | undefined>;
  body?: unknown;
  ifMatch?: string;
}

/**
 * Makes a client.
 * @example
 * // Against a running server:
 * const client = createClient({ baseUrl: "http://127.0.0.1:8787", key: "kpi_…" });
 * // In-process, against the hono app (tests):
 * const local = createClient({ baseUrl: "http://kpi.test", key, fetch: (url, init) => app.request(url, init) });
 * const result = await client.evaluate({ template: { id: "saas_growth" }, dataset: { datasetId }, period: "2026-06" });
 */
export function createClient(options: ClientOptions): KpiClient {
  const base = options.baseUrl.replace(/\/+$/, "");
  // Called through a wrapper: a detached `window.fetch` throws "Illegal invocation" in browsers.
  const doFetch: FetchLike = options.fetch ?? ((input, init) => globalThis.fetch(input, init));

  async function send(id: OperationId, call: Call, o: CallOptions = {}): Promise<Response> {
    const op = OPERATIONS[id];
    let url = base + expandPath(op.path, call.params);
    const search = new URLSearchParams();
    for (const [k, v] of Object.entries(call.query ?? {})) if (v !== undefined) search.set(k, String(v));
    const qs = search.toString();
    if (qs !== "") url += `?${qs}`;
    const headers = new Headers({ accept: "application/json, application/problem+json" });
    if (options.key !== undefined) headers.set("authorization", `Bearer ${options.key}`);
    if (o.requestId !== undefined) headers.set("x-request-id", o.requestId);
    if (call.ifMatch !== undefined) headers.set("if-match", call.ifMatch);
    const init: RequestInit = { method: op.method, headers };
    if (call.body !== undefined) {
      headers.set("content-type", "application/json");
      init.body = JSON.stringify(call.body);
    }
    if (o.signal !== undefined) init.signal = o.signal;
    const res = await doFetch(url, init);
    o.onResponse?.(res);
    if (!res.ok) throw await apiErrorOf(res);
    return res;
  }

  async function json<T>(id: OperationId, call: Call, o?: CallOptions): Promise<T> {
    return (await (await send(id, call, o)).json()) as T;
  }

  async function none(id: OperationId, call: Call, o?: CallOptions): Promise<void> {
    // Read (and drop) the body so that a keep-alive connection is free again.
    await (await send(id, call, o)).arrayBuffer();
  }

  async function tagged(id: OperationId, call: Call, o?: CallOptions): Promise<TaggedTemplate> {
    const res = await send(id, call, o);
    const detail = (await res.json()) as TemplateDetail;
    return { ...detail, etag: res.headers.get("etag") ?? detail.draft.etag };
  }

  return {
    health: (o) => json("health", {}, o),
    openapi: (o) => json("openapi", {}, o),
    check: (body, o) => json("check", { body }, o),
    format: (body, o) => json("format", { body }, o),
    evaluate: (body, o) => json("evaluate", { body }, o),
    simulate: (body, o) => json("simulate", { body }, o),
    listTemplates: (query = {}, o) => json("listTemplates", { query: { ...query } }, o),
    createTemplate: (body, o) => tagged("createTemplate", { body }, o),
    getTemplate: (id, o) => tagged("getTemplate", { params: { id } }, o),
    archiveTemplate: (id, o) => none("archiveTemplate", { params: { id } }, o),
    saveDraft: (id, body, o) => tagged("saveDraft", { params: { id }, body, ifMatch: o.ifMatch }, o),
    publish: (id, body, o = {}) => json("publish", { params: { id }, body, ...(o.ifMatch !== undefined ? { ifMatch: o.ifMatch } : {}) }, o),
    listVersions: (id, o) => json("listVersions", { params: { id } }, o),
    getVersion: (id, n, o) => json("getVersion", { params: { id, n } }, o),
    diff: (id, query = {}, o) => json("diff", { params: { id }, query: { ...query } }, o),
    createDataset: (body, o) => json("createDataset", { body }, o),
    previewDataset: (body, o) => json("previewDataset", { body }, o),
    getDataset: (id, o) => json("getDataset", { params: { id } }, o),
    deleteDataset: (id, o) => none("deleteDataset", { params: { id } }, o),
    listDatasets: (query = {}, o) => json("listDatasets", { query: { ...query } }, o),
    listConnections: (o) => json("listConnections", {}, o),
    createConnection: (body, o) => json("createConnection", { body }, o),
    getConnection: (name, o) => json("getConnection", { params: { name } }, o),
    deleteConnection: (name, o) => none("deleteConnection", { params: { name } }, o),
    audit: (query = {}, o) => json("audit", { query: { ...query } }, o),
    listKeys: (o) => json("listKeys", {}, o),
    me: (o) => json("me", {}, o),
    createKey: (body, o) => json("createKey", { body }, o),
    deleteKey: (id, o) => none("deleteKey", { params: { id } }, o),
  };
}

/**
 * The shapes the client speaks: re-exported from the types generated from
 * schemas/ (never written out again here), plus the few the schemas do not
 * describe — the client's options, the per-call options, the query
 * parameters, the OpenAPI document's outline and the ETag a template detail
 * comes with.
 * @module
 */
import type { TemplateDetail } from "../schemas/generated/api.js";

export type {
  ApiDiagnostic,
  AuditEntry,
  AuditList,
  CheckRequest,
  CheckResponse,
  ConnectionCreate,
  ConnectionInfo,
  ConnectionList,
  DatasetByConnection,
  DatasetDetail,
  Archived,
  DatasetInfo,
  DatasetList,
  DatasetPreview,
  DatasetPreviewRequest,
  DatasetUpload,
  DatasetExportFileMap,
  Mapping,
  PreviewFile,
  PreviewColumn,
  DataWarning,
  Draft,
  DraftUpdate,
  EvaluateRequest,
  SimulateRequest,
  SimulateResponse,
  Scenario,
  ScenarioChange,
  ScenarioSummary,
  FieldError,
  FormatRequest,
  FormatResponse,
  Health,
  KeyCreate,
  KeyCreated,
  KeyInfo,
  KeyList,
  Me,
  NameChanges,
  Problem,
  PublishRequest,
  Role,
  TemplateCreate,
  TemplateDetail,
  TemplateDiff,
  TemplateList,
  TemplateSummary,
  VersionDetail,
  VersionList,
  VersionSummary,
} from "../schemas/generated/api.js";
export type { Result } from "../schemas/generated/result.js";
export type { Template } from "../schemas/generated/template.js";
export type { Dataset } from "../schemas/generated/dataset.js";

/**
 * A `fetch`: the global one, or anything that takes a URL and an init and
 * answers a Response — hono's `app.request` for in-process tests.
 * @example
 * const viaApp: FetchLike = (url, init) => app.request(url, init);
 */
export type FetchLike = (input: string, init: RequestInit) => Response | Promise<Response>;

/**
 * What `createClient` needs.
 * @example
 * const o: ClientOptions = { baseUrl: "http://127.0.0.1:8787", key: process.env.KPI_KEY };
 */
export interface ClientOptions {
  /** The server's origin, without `/v1` (`http://127.0.0.1:8787`); `""` for the page's own origin in a browser. */
  baseUrl: string;
  /** The API key, sent as `Authorization: Bearer KEY`; leave it out for the public routes only (health, openapi). */
  key?: string;
  /** The fetch to use (default: the global `fetch`). */
  fetch?: FetchLike;
}

/**
 * Options of one call.
 * @example
 * const ctl = new AbortController();
 * await client.evaluate(req, { signal: ctl.signal, requestId: "designer-42" });
 */
export interface CallOptions {
  /** Cancels the request (the designer drops evaluations a newer edit has made stale). */
  signal?: AbortSignal;
  /** Sent as `X-Request-Id`; the server echoes it and logs it, which ties a client's log to the server's. */
  requestId?: string;
  /** Sees the raw response before its body is read — for headers the body lacks (`X-Template-Version`, `Location`). */
  onResponse?: (res: Response) => void;
}

/**
 * `If-Match` for a draft: the ETag of the draft the edit was based on (`"r3"`), or `*` for any.
 * @example
 * await client.saveDraft(id, { source }, { ifMatch: detail.etag });
 */
export interface IfMatch {
  ifMatch: string;
}

/**
 * A template with the `ETag` of its draft, as the header gave it — the value
 * to send back in `If-Match`. (The body's `draft.etag` holds the same tag.)
 * @example
 * const t: TaggedTemplate = await client.getTemplate("saas_growth");
 * t.etag; // '"r1"'
 */
export type TaggedTemplate = TemplateDetail & { etag: string };

/**
 * Filters of `GET /v1/templates`.
 * @example
 * await client.listTemplates({ industry: "saas", q: "growth" });
 */
export interface TemplateQuery {
  industry?: string;
  stage?: string;
  /** Text in the id, label, industry or stage (case-insensitive). */
  q?: string;
  /** `"true"` to include archived templates. */
  archived?: "true";
}

/**
 * A page of `GET /v1/datasets`.
 * @example
 * const page = await client.listDatasets({ limit: 50 }); await client.listDatasets({ after: page.next });
 */
export interface DatasetQuery {
  /** 1–1000 (default 100). */
  limit?: number;
  /** The `next` of the page before. */
  after?: string;
}

/**
 * The two sides of `GET /v1/templates/{id}/diff`.
 * @example
 * await client.diff("saas_growth", { from: 1, to: "draft" });
 */
export interface DiffQuery {
  /** A version number (default: the latest version). */
  from?: number;
  /** A version number or `draft` (default: `draft`). */
  to?: number | "draft";
}

/**
 * Filters of `GET /v1/audit`.
 * @example
 * await client.audit({ template: "saas_growth", limit: 20 });
 */
export interface AuditQuery {
  template?: string;
  /** 1–1000 (default 100). */
  limit?: number;
}

/**
 * The outline of an OpenAPI 3.1 document (the schemas give no type for the
 * document itself; its `components.schemas` embed the four JSON Schemas).
 * @example
 * Object.keys((await client.openapi()).paths); // ["/v1/health", …]
 */
export interface OpenApiDocument {
  openapi: string;
  info: { title: string; version: string; [k: string]: unknown };
  paths: Record<string, Record<string, unknown>>;
  components?: Record<string, unknown>;
  [k: string]: unknown;
}

/**
 * The client's view of the routes: one operation per route of the server's
 * route table (server/routes/spec.ts), with the same id, method and path.
 * The client keeps its own copy rather than importing the server's table so
 * that a browser bundle never pulls in server code; test/client/coverage
 * compares the two both ways, so they cannot drift apart unnoticed.
 * @module
 */

/**
 * An HTTP method the API uses.
 * @example
 * const m: HttpMethod = "PUT";
 */
export type HttpMethod = "GET" | "POST" | "PUT" | "DELETE";

/**
 * Every operation of the API by route id: method and path (hono's form, `:name` for a parameter).
 * @example
 * OPERATIONS.getVersion; // { method: "GET", path: "/v1/templates/:id/versions/:n" }
 */
export const OPERATIONS = {
  health: { method: "GET", path: "/v1/health" },
  openapi: { method: "GET", path: "/v1/openapi.json" },
  check: { method: "POST", path: "/v1/check" },
  format: { method: "POST", path: "/v1/format" },
  evaluate: { method: "POST", path: "/v1/evaluate" },
  simulate: { method: "POST", path: "/v1/simulate" },
  listTemplates: { method: "GET", path: "/v1/templates" },
  createTemplate: { method: "POST", path: "/v1/templates" },
  getTemplate: { method: "GET", path: "/v1/templates/:id" },
  archiveTemplate: { method: "DELETE", path: "/v1/templates/:id" },
  saveDraft: { method: "PUT", path: "/v1/templates/:id/draft" },
  publish: { method: "POST", path: "/v1/templates/:id/publish" },
  listVersions: { method: "GET", path: "/v1/templates/:id/versions" },
  getVersion: { method: "GET", path: "/v1/templates/:id/versions/:n" },
  diff: { method: "GET", path: "/v1/templates/:id/diff" },
  listDatasets: { method: "GET", path: "/v1/datasets" },
  createDataset: { method: "POST", path: "/v1/datasets" },
  previewDataset: { method: "POST", path: "/v1/datasets/preview" },
  getDataset: { method: "GET", path: "/v1/datasets/:id" },
  deleteDataset: { method: "DELETE", path: "/v1/datasets/:id" },
  listConnections: { method: "GET", path: "/v1/connections" },
  createConnection: { method: "POST", path: "/v1/connections" },
  getConnection: { method: "GET", path: "/v1/connections/:name" },
  deleteConnection: { method: "DELETE", path: "/v1/connections/:name" },
  audit: { method: "GET", path: "/v1/audit" },
  listKeys: { method: "GET", path: "/v1/keys" },
  me: { method: "GET", path: "/v1/me" },
  createKey: { method: "POST", path: "/v1/keys" },
  deleteKey: { method: "DELETE", path: "/v1/keys/:id" },
} as const satisfies Record<string, { method: HttpMethod; path: string }>;

/**
 * A route id, which is also the name of the client's method for it.
 * @example
 * const id: OperationId = "publish";
 */
export type OperationId = keyof typeof OPERATIONS;

/**
 * The path of an operation with its parameters filled in, each percent-encoded
 * (a template id may hold any letter of any script, and `/` must never split a segment).
 * @throws Error when a parameter is missing
 * @example
 * expandPath("/v1/templates/:id/versions/:n", { id: "销售", n: 2 }); // "/v1/templates/%E9%94%80%E5%94%AE/versions/2"
 */
export function expandPath(path: string, params: Readonly<Record<string, string | number>> = {}): string {
  return path.replace(/:(\w+)/g, (_, name: string) => {
    const value = params[name];
    if (value === undefined) throw new Error(`missing path parameter ${name} of ${path}`);
    return encodeURIComponent(String(value));
  });
}

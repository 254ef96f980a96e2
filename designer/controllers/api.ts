/**
 * The designer's calls to the server, all through the typed client
 * (client/). Components never call `fetch`: they raise events, and the shell
 * calls these. Failures are sorted into what the page says: the key was
 * refused (401), the role is too weak (403), the server is unreachable, or
 * an answer with a problem+json body.
 * @module
 */
import { ApiError, createClient, type KpiClient, type Role, type TaggedTemplate } from "../../client/index.js";

/** Why a call failed, in the terms the page shows. */
export type Failure = { kind: "key" } | { kind: "offline" } | { kind: "problem"; error: ApiError };

/**
 * Sorts an error from the client.
 * @example
 * failureOf(new TypeError("Failed to fetch")); // { kind: "offline" }
 */
export function failureOf(e: unknown): Failure {
  if (e instanceof ApiError) return e.status === 401 ? { kind: "key" } : { kind: "problem", error: e };
  return { kind: "offline" };
}

/**
 * A client for the page's own origin with this key.
 * @example
 * const api = designerClient("kpi_…");
 */
export function designerClient(key: string, fetchImpl?: typeof fetch): KpiClient {
  return createClient({ baseUrl: "", key, ...(fetchImpl ? { fetch: fetchImpl } : {}) });
}

/**
 * The key's role, from `GET /v1/me`.
 * @throws ApiError 401 when the key is refused, TypeError when offline
 * @example
 * await probeRole(client); // "admin"
 */
export async function probeRole(client: KpiClient): Promise<Role> {
  return (await client.me()).role;
}

/**
 * The published texts of every template `text` extends, directly or through its bases, by name.
 * @example
 * await fetchBases(client, "template saas_growth extends saas_base {}"); // { saas_base: "template saas_base …" }
 */
export async function fetchBases(client: KpiClient, text: string, known: Record<string, string> = {}): Promise<Record<string, string>> {
  const out: Record<string, string> = { ...known };
  let next = extendsOf(text);
  for (let depth = 0; next !== undefined && depth < 10 && !Object.hasOwn(out, next); depth++) {
    let detail: TaggedTemplate;
    try {
      detail = await client.getTemplate(next);
    } catch (e) {
      if (e instanceof ApiError && e.status === 404) break;
      throw e;
    }
    if (detail.latestVersion === null) break;
    const v = await client.getVersion(next, detail.latestVersion);
    out[next] = v.source;
    next = extendsOf(v.source);
  }
  return out;
}

/** The name after `extends` in the header, read with a pattern (the parser is not needed to find one word). */
export function extendsOf(text: string): string | undefined {
  return /\btemplate\s+[\p{L}_][\p{L}\p{N}_]*\s*(?:"(?:[^"\\]|\\.)*"\s*)?extends\s+([\p{L}_][\p{L}\p{N}_]*)/u.exec(text)?.[1];
}

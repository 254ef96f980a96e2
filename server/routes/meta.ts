/**
 * `GET /v1/health` and `GET /v1/openapi.json`: public, so that load
 * balancers and client generators need no key; neither reveals data.
 * @module
 */
import type { Health } from "../../schemas/generated/api.js";
import { buildOpenApi } from "../openapi.js";
import type { Handler } from "../services.js";

const health: Handler = (c, s) => {
  s.db.prepare("SELECT 1").get();
  const out: Health = { status: "ok", version: s.version };
  return c.json(out);
};

let cached: string | undefined;

const openapi: Handler = (c, s) => {
  cached ??= JSON.stringify(buildOpenApi(s.version));
  return c.body(cached, 200, { "Content-Type": "application/json; charset=utf-8" });
};

/**
 * The handlers of this module, by route id.
 * @example
 * metaHandlers.health; // GET /v1/health
 */
export const metaHandlers: Record<string, Handler> = { health, openapi };

/**
 * `GET /v1/health` and `GET /v1/openapi.json`: public, so that load
 * balancers and client generators need no key; neither reveals data.
 * `GET /v1/me`: the calling key's name and role, for clients (the designer)
 * that show what the role may not do.
 * @module
 */
import type { Health, Me } from "../../schemas/generated/api.js";
import { buildOpenApi } from "../openapi.js";
import type { Handler } from "../services.js";

const health: Handler = (c, s) => {
  s.db.prepare("SELECT 1").get();
  const out: Health = { status: "ok", version: s.version };
  return c.json(out);
};

// Any key may ask who it is: the app authenticated it (viewer is the weakest role) before this runs.
const me: Handler = (c) => {
  const who = c.get("principal")!;
  const out: Me = { keyId: who.keyId, name: who.name, role: who.role };
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
export const metaHandlers: Record<string, Handler> = { health, me, openapi };

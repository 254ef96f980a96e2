/**
 * Keys (`/v1/keys`, admin only) and the audit log (`/v1/audit`).
 * @module
 */
import type { AuditList, KeyCreate, KeyList } from "../../schemas/generated/api.js";
import { listAudit } from "../db/audit.js";
import { createKey, listKeys, revokeKey } from "../db/keys.js";
import { ApiError } from "../http/problem.js";
import { limitQuery } from "../http/query.js";
import { actor, now, type Handler } from "../services.js";

const audit: Handler = (c, s) => {
  const limit = limitQuery(c.req.query("limit"));
  const template = c.req.query("template");
  const out: AuditList = { entries: listAudit(s.db, { limit, ...(template !== undefined ? { template } : {}) }) };
  return c.json(out);
};

const keys: Handler = (c, s) => {
  const out: KeyList = { keys: listKeys(s.db) };
  return c.json(out);
};

const create: Handler = (c, s, body) => {
  const req = body as KeyCreate;
  const k = createKey(s.db, { name: req.name, role: req.role, at: now(s), actor: actor(c) });
  if (!k) throw new ApiError(409, "conflict", `a key named ${JSON.stringify(req.name)} exists already`);
  return c.json(k, 201);
};

const remove: Handler = (c, s) => {
  const id = c.req.param("id")!;
  const all = listKeys(s.db);
  const key = all.find((k) => k.id === id);
  if (!key) throw new ApiError(404, "not-found", `no key has the id ${JSON.stringify(id)}`);
  if (key.role === "admin" && all.filter((k) => k.role === "admin").length === 1) {
    throw new ApiError(409, "conflict", "this is the last admin key; create another admin key before revoking it");
  }
  revokeKey(s.db, id, { at: now(s), actor: actor(c) });
  return c.body(null, 204);
};

/**
 * The handlers of this module, by route id.
 * @example
 * adminHandlers.createKey; // POST /v1/keys
 */
export const adminHandlers: Record<string, Handler> = { audit, listKeys: keys, createKey: create, deleteKey: remove };

/**
 * Authentication and roles: `Authorization: Bearer KEY`, looked up by the
 * key's hash. No key or an unknown one is a 401 (with `WWW-Authenticate`);
 * a key whose role is too weak for the route is a 403 that names both roles.
 * @module
 */
import type { Role } from "../../schemas/generated/api.js";
import { findKey, roleAllows, type Principal } from "../db/keys.js";
import type { Db } from "../db/open.js";
import { ApiError } from "./problem.js";

const challenge = { "WWW-Authenticate": 'Bearer realm="kpi"' };

/**
 * The key behind a request's Authorization header, allowed `needed`.
 * @throws ApiError 401 without a known key, 403 when its role is too weak
 * @example
 * const who = authenticate(db, c.req.header("authorization"), "editor");
 */
export function authenticate(db: Db, header: string | undefined, needed: Role): Principal {
  if (header === undefined) throw new ApiError(401, "unauthorized", "send an API key: Authorization: Bearer KEY", {}, challenge);
  const m = /^Bearer[ \t]+(\S+)[ \t]*$/i.exec(header);
  if (!m) throw new ApiError(401, "unauthorized", "the Authorization header must be: Bearer KEY", {}, challenge);
  const who = findKey(db, m[1]!);
  if (!who) throw new ApiError(401, "unauthorized", "the API key is not valid (revoked, or never issued)", {}, challenge);
  if (!roleAllows(who.role, needed)) throw new ApiError(403, "forbidden", `this needs the ${needed} role; key ${JSON.stringify(who.name)} has the ${who.role} role`);
  return who;
}

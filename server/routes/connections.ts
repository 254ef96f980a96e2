/**
 * `POST` and `GET /v1/connections`, `GET` and `DELETE /v1/connections/{name}`
 * (admin only): PostgreSQL databases registered by name, to evaluate with
 * `{"dataset": {"connection": NAME}}`. The URL is read strictly
 * (connections/pg-url.ts), sealed with the server's key
 * (connections/seal.ts) and stored with its shown form; every answer, log
 * line and audit entry has only the shown form, the password as `***`.
 * Nothing connects to the database when a connection is registered: the
 * server may not reach it yet, and the first evaluation says what is wrong.
 * @module
 */
import type { ConnectionCreate, ConnectionList } from "../../schemas/generated/api.js";
import { readConnectionUrl } from "../connections/pg-url.js";
import { seal, unseal } from "../connections/seal.js";
import { deleteConnection, getConnection, listConnections, saveConnection } from "../db/connections.js";
import type { PgConnection } from "../eval/protocol.js";
import { ApiError } from "../http/problem.js";
import { actor, now, type Handler, type Services } from "../services.js";

const notFound = (name: string): ApiError => new ApiError(404, "not-found", `no connection is named ${JSON.stringify(name)}; GET /v1/connections lists them`);

const create: Handler = (c, s, body) => {
  const req = body as ConnectionCreate;
  const read = readConnectionUrl(req.url);
  // The message never quotes the URL: it holds the password.
  if (!read.ok) throw new ApiError(400, "validation", `the url ${read.message}`, { errors: [{ path: "/url", message: read.message }] });
  const schema = req.schema ?? "public";
  const info = saveConnection(s.db, { name: req.name, shown: read.value.shown, sealed: seal(s.connectionKey(), read.value.url, req.name), schema, at: now(s), actor: actor(c) });
  if (!info) throw new ApiError(409, "conflict", `a connection named ${JSON.stringify(req.name)} exists already; delete it first to register it again`);
  c.header("Location", `/v1/connections/${encodeURIComponent(req.name)}`);
  return c.json(info, 201);
};

const list: Handler = (c, s) => {
  const out: ConnectionList = { connections: listConnections(s.db) };
  return c.json(out);
};

const read: Handler = (c, s) => {
  const name = c.req.param("name")!;
  const found = getConnection(s.db, name);
  if (!found) throw notFound(name);
  return c.json(found.info);
};

const remove: Handler = (c, s) => {
  const name = c.req.param("name")!;
  if (!deleteConnection(s.db, name, { at: now(s), actor: actor(c) })) throw notFound(name);
  return c.body(null, 204);
};

/**
 * A registered connection, opened for a worker: the URL unsealed (with its password, for the worker alone).
 * @throws ApiError 404 for an unknown name; 500 (a bug or a lost secret, logged) when it does not unseal
 * @example
 * const wire = connectionDataset(s, "crm"); // { form: "postgres", connection: "crm", url, schema, shown }
 */
export function connectionDataset(s: Services, name: string): PgConnection {
  const found = getConnection(s.db, name);
  if (!found) throw notFound(name);
  let url: string;
  try {
    url = unseal(s.connectionKey(), found.sealed, name);
  } catch {
    // Another server secret than the one it was sealed with (server-secret.txt replaced or lost); no detail of the seal leaks.
    throw new ApiError(500, "connection-unsealable", `the connection ${JSON.stringify(name)} cannot be opened with this server's secret (server-secret.txt next to the database was replaced or lost); register it again`);
  }
  return { form: "postgres", connection: name, url, schema: found.info.schema, shown: `connection ${JSON.stringify(name)} (${found.info.url})` };
}

/**
 * The handlers of this module, by route id.
 * @example
 * connectionHandlers.createConnection; // POST /v1/connections
 */
export const connectionHandlers: Record<string, Handler> = { listConnections: list, createConnection: create, getConnection: read, deleteConnection: remove };

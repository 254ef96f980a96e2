/**
 * A connection's URL as an admin registers it: `postgres://USER:PASSWORD@HOST:PORT/DATABASE`
 * (or `postgresql://`), read strictly. Query parameters are refused but for
 * `sslmode` and `application_name`: others (`sslcert`, `sslkey`,
 * `sslrootcert`, `host=/path`) would have the server read files of its own
 * disk or go elsewhere than the URL says, and `schema` has a field of its own.
 * The messages never repeat the URL, which holds the password.
 * @module
 */

/** The query parameters a registered URL may carry. */
const ALLOWED = new Set(["sslmode", "application_name"]);

/**
 * A URL that can be registered: `url` to connect with, `shown` with the password as `***`.
 * @example
 * const u: ConnectionUrl = { url: "postgres://kpi:s3cret@db:5432/sales", shown: "postgres://kpi:***@db:5432/sales", password: "s3cret" };
 */
export interface ConnectionUrl {
  url: string;
  shown: string;
  /** The password as written in the URL, decoded (empty without one); the text never to let out. */
  password: string;
}

/**
 * Reads a URL; a message saying what is wrong (never quoting the URL) when it cannot be registered.
 * @example
 * readConnectionUrl("postgres://kpi:s3cret@db:5432/sales"); // { ok: true, value: { url, shown: "postgres://kpi:***@db:5432/sales", password: "s3cret" } }
 * readConnectionUrl("mysql://db/sales"); // { ok: false, message: "must start with postgres:// or postgresql://" }
 */
export function readConnectionUrl(text: string): { ok: true; value: ConnectionUrl } | { ok: false; message: string } {
  const bad = (message: string) => ({ ok: false as const, message });
  if (!/^postgres(ql)?:\/\//i.test(text)) return bad("must start with postgres:// or postgresql://");
  let u: URL;
  try {
    u = new URL(text);
  } catch {
    return bad("is not a URL (postgres://USER:PASSWORD@HOST:PORT/DATABASE; a password with @, : or / in it must be percent-encoded)");
  }
  if (u.hostname === "") return bad("has no host (postgres://USER:PASSWORD@HOST:PORT/DATABASE)");
  if (u.username === "") return bad("has no user name (postgres://USER:PASSWORD@HOST:PORT/DATABASE)");
  const db = u.pathname.replace(/^\//, "");
  if (db === "" || db.includes("/")) return bad("must name one database after the host (postgres://USER:PASSWORD@HOST:PORT/DATABASE)");
  if (u.hash !== "") return bad("must not have a #fragment");
  for (const key of u.searchParams.keys()) {
    if (key === "schema") return bad("must not carry ?schema=: give the schema in the `schema` field");
    if (!ALLOWED.has(key)) return bad(`has the query parameter ${JSON.stringify(key.slice(0, 50))}; only ${[...ALLOWED].join(" and ")} are allowed`);
  }
  const password = decodeURIComponent(u.password);
  const url = u.toString();
  if (u.password !== "") u.password = "***";
  return { ok: true, value: { url, shown: u.toString(), password } };
}

/**
 * `text` with every occurrence of the password (as written and percent-encoded) replaced by `***`:
 * for messages that come from the database driver, which should not hold it, but must never pass it on.
 * @example
 * scrubPassword("auth failed for s3cret", "s3cret"); // "auth failed for ***"
 */
export function scrubPassword(text: string, password: string): string {
  if (password === "") return text;
  let out = text;
  for (const p of new Set([password, encodeURIComponent(password)])) out = out.split(p).join("***");
  return out;
}

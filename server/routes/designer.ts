/**
 * Serves the designer (designer/, built into dist/designer by `npm ci` or
 * `npm run build`): `GET /` is index.html, revalidated on every load
 * (`no-cache`, with an ETag), and `GET /assets/NAME` are the content-hashed
 * bundles, cached for a year as immutable. Every answer carries a strict CSP:
 * scripts, styles, workers and API calls from this origin only, no inline
 * script, no eval, no frames, nothing from a third party. The files are read
 * once, at the first request, so `npm start` builds nothing at run time.
 * @module
 */
import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { Hono } from "hono";
import type { AppEnv } from "../services.js";

/** The built designer's folder. */
export const DESIGNER_DIR = resolve(fileURLToPath(new URL("../../dist/designer", import.meta.url)));

/**
 * The designer's Content-Security-Policy. `style-src 'unsafe-inline'` is
 * there for the style attributes CodeMirror and ECharts set on their own
 * elements (positions, sizes); no script can be inline.
 * @example
 * DESIGNER_CSP.includes("script-src 'self'"); // true
 */
export const DESIGNER_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "worker-src 'self'",
  "connect-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join("; ");

const TYPES: Record<string, string> = { ".js": "text/javascript; charset=utf-8", ".css": "text/css; charset=utf-8", ".html": "text/html; charset=utf-8" };

interface Asset {
  body: ArrayBuffer;
  type: string;
  etag: string;
}

/** The built files, read once. */
function loadAssets(dir: string): { index?: Asset; assets: Map<string, Asset> } {
  const assets = new Map<string, Asset>();
  const read = (file: string): Asset => {
    const buf = readFileSync(file);
    const body = buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength) as ArrayBuffer;
    const ext = file.slice(file.lastIndexOf("."));
    return { body, type: TYPES[ext] ?? "application/octet-stream", etag: `"${createHash("sha256").update(buf).digest("base64url").slice(0, 22)}"` };
  };
  if (existsSync(join(dir, "assets"))) for (const name of readdirSync(join(dir, "assets"))) assets.set(name, read(join(dir, "assets", name)));
  const indexFile = join(dir, "index.html");
  return existsSync(indexFile) ? { index: read(indexFile), assets } : { assets };
}

const securityHeaders = (h: Headers): void => {
  h.set("Content-Security-Policy", DESIGNER_CSP);
  h.set("X-Content-Type-Options", "nosniff");
  h.set("Referrer-Policy", "no-referrer");
  h.set("Cross-Origin-Opener-Policy", "same-origin");
};

/**
 * The designer's routes, to mount at `/`.
 * @example
 * app.route("/", designerRoutes());
 */
export function designerRoutes(dir: string = DESIGNER_DIR): Hono<AppEnv> {
  let loaded: ReturnType<typeof loadAssets> | undefined;
  const files = (): ReturnType<typeof loadAssets> => (loaded ??= loadAssets(dir));
  const r = new Hono<AppEnv>();

  r.get("/", (c) => {
    const index = files().index;
    const h = new Headers();
    securityHeaders(h);
    if (!index) {
      h.set("Content-Type", "text/plain; charset=utf-8");
      return new Response("The designer is not built: run `npm run build` (npm ci does it too).\n", { status: 503, headers: h });
    }
    h.set("Content-Type", index.type);
    h.set("Cache-Control", "no-cache");
    h.set("ETag", index.etag);
    if (c.req.header("if-none-match") === index.etag) return new Response(null, { status: 304, headers: h });
    return new Response(index.body, { status: 200, headers: h });
  });

  r.get("/assets/:name", (c) => {
    const a = files().assets.get(c.req.param("name"));
    if (!a) return c.notFound();
    const h = new Headers();
    securityHeaders(h);
    h.set("Content-Type", a.type);
    // Names carry the content's hash: a changed file has a new name.
    h.set("Cache-Control", "public, max-age=31536000, immutable");
    h.set("ETag", a.etag);
    return new Response(a.body, { status: 200, headers: h });
  });
  return r;
}

/**
 * Sealing a connection's URL: AES-256-GCM (node:crypto) under a key derived
 * from the server's secret with HKDF-SHA-256 (so the secret can key other
 * things later without reusing this key), a random 12-byte IV per seal, and
 * the connection's name as additional data — a sealed URL copied onto
 * another connection's row does not open. The sealed form is text:
 * `v1.IV.TAG.CIPHERTEXT`, each part base64url.
 * @module
 */
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from "node:crypto";

/**
 * The key that seals connection URLs, from the server's secret.
 * @example
 * const key = connectionKey(ensureServerSecret(dbFile).secret);
 */
export function connectionKey(secret: Uint8Array): Buffer {
  return Buffer.from(hkdfSync("sha256", secret, Buffer.alloc(0), "kpi-engine connections v1", 32));
}

/**
 * Encrypts and authenticates `text`, bound to `name`.
 * @example
 * seal(key, "postgres://kpi:secret@db/sales", "crm"); // "v1.…"
 */
export function seal(key: Uint8Array, text: string, name: string): string {
  const iv = randomBytes(12);
  const c = createCipheriv("aes-256-gcm", key, iv);
  c.setAAD(Buffer.from(name, "utf8"));
  const body = Buffer.concat([c.update(text, "utf8"), c.final()]);
  return ["v1", iv, c.getAuthTag(), body].map((p) => (typeof p === "string" ? p : p.toString("base64url"))).join(".");
}

/**
 * Decrypts what `seal` made for `name`.
 * @throws Error when the form is unknown, or the key, the name or the text is not the one sealed (GCM's tag does not match)
 * @example
 * unseal(key, row.url_sealed, "crm"); // "postgres://kpi:secret@db/sales"
 */
export function unseal(key: Uint8Array, sealed: string, name: string): string {
  const parts = sealed.split(".");
  if (parts.length !== 4 || parts[0] !== "v1") throw new Error("not a sealed connection URL (v1)");
  const [iv, tag, body] = parts.slice(1).map((p) => Buffer.from(p, "base64url")) as [Buffer, Buffer, Buffer];
  const d = createDecipheriv("aes-256-gcm", key, iv);
  d.setAAD(Buffer.from(name, "utf8"));
  d.setAuthTag(tag);
  return Buffer.concat([d.update(body), d.final()]).toString("utf8");
}

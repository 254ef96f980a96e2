/**
 * The package's version, for `kpi --version` and `/v1/health`. It lives in
 * engine/, below both cli/ and server/, so that neither imports the other.
 * @module
 */
import { readFileSync } from "node:fs";
import { packageFile } from "../schemas/package-root.js";

/**
 * The package's version, from package.json.
 * @example
 * packageVersion(); // "0.1.0"
 */
export function packageVersion(): string {
  const pkg = JSON.parse(readFileSync(packageFile("package.json"), "utf8")) as { version?: unknown };
  return String(pkg.version);
}

/**
 * What `npm run build:js` compiles, and a fingerprint of it. The build writes
 * the fingerprint to `dist/BUILD_INPUTS`; test/build/dist.test.ts recomputes
 * it, so a dist/ older than the sources fails the tests with the command that
 * rebuilds it.
 * @module
 */
import { createHash } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import { join, relative, sep } from "node:path";
import { fileURLToPath } from "node:url";

/** The repository root. */
export const ROOT = fileURLToPath(new URL("../", import.meta.url));

/** The folders of the runtime code; test/, bench/, docs/ and examples/ stay TypeScript run by tsx and vitest. */
export const RUNTIME_FOLDERS = ["dsl", "engine", "schemas", "cli", "server", "client"] as const;

/** Code generators: run by `npm run gen` from the sources, never shipped (their tools are dev dependencies). */
const GENERATORS = new Set(["schemas/gen-types.ts", "dsl/gen-cst.ts"]);

/** Files beside the sources that change what the build writes. */
const SETTINGS = ["tsconfig.json", "tsconfig.build.json", "scripts/build-js.ts", "scripts/build-inputs.ts", "scripts/vendor/ajv.cjs", "scripts/vendor/chevrotain.js", "scripts/vendor/commander.js", "package-lock.json"];

/** The fingerprint file in dist/. */
export const STAMP = "dist/BUILD_INPUTS";

/**
 * The TypeScript modules to compile, as sorted paths from the root with `/`.
 * @example
 * buildInputs(); // ["cli/base-loader.ts", …, "index.ts", …]
 */
export function buildInputs(): string[] {
  const files = ["index.ts"];
  for (const folder of RUNTIME_FOLDERS) {
    for (const e of readdirSync(join(ROOT, folder), { recursive: true, withFileTypes: true })) {
      if (!e.isFile() || !e.name.endsWith(".ts") || e.name.endsWith(".d.ts")) continue;
      const path = relative(ROOT, join(e.parentPath, e.name)).split(sep).join("/");
      if (!GENERATORS.has(path)) files.push(path);
    }
  }
  return files.sort();
}

/**
 * A SHA-256 over the inputs' paths and contents and the build settings.
 * @example
 * readFileSync("dist/BUILD_INPUTS", "utf8") === inputsHash(); // dist is current
 */
export function inputsHash(): string {
  const h = createHash("sha256");
  for (const path of [...buildInputs(), ...SETTINGS]) h.update(`${path}\0`).update(readFileSync(join(ROOT, path))).update("\0");
  return h.digest("hex");
}

/**
 * ajv and ajv-formats, loaded synchronously on first use rather than imported
 * at start-up: importing them costs `kpi check` about 30 ms, and checking a
 * template's text never validates against a schema. From dist/ the one-file
 * CommonJS bundle `dist/vendor/ajv.cjs` (scripts/build-js.ts) is loaded, from
 * the sources the packages themselves.
 * @module
 */
import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import type { Ajv2020 } from "ajv/dist/2020.js";
import type fm from "ajv-formats";

/** What the callers use of the two packages. */
export interface AjvPackages {
  Ajv2020: typeof Ajv2020;
  addFormats: typeof fm.default;
}

let loaded: AjvPackages | undefined;

/**
 * The packages, loaded once.
 * @example
 * const { Ajv2020, addFormats } = ajvPackages();
 * const ajv = new Ajv2020({ strict: true }); addFormats(ajv);
 */
export function ajvPackages(): AjvPackages {
  if (loaded) return loaded;
  const require = createRequire(import.meta.url);
  // This module is dist/schemas/ajv-load.js in a build, with the bundle beside it in dist/vendor/.
  const bundle = fileURLToPath(new URL("../vendor/ajv.cjs", import.meta.url));
  if (existsSync(bundle)) {
    loaded = require(bundle) as AjvPackages;
  } else {
    const ajv = require("ajv/dist/2020.js") as { Ajv2020: typeof Ajv2020 };
    const formats = require("ajv-formats") as { default: typeof fm.default };
    loaded = { Ajv2020: ajv.Ajv2020, addFormats: formats.default };
  }
  return loaded;
}

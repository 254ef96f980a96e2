/**
 * Stands in for schemas/validators.ts in the browser bundle. That module
 * reads the schema files with node:fs and compiles them with ajv at run time
 * (`new Function`, which the designer's CSP forbids). The designer only calls
 * `checkSource` (text in), which never validates a model; `checkModel` is the
 * one caller, and the designer never calls it. The server validates every
 * saved draft with the real schemas.
 * @module
 */
import type { Template } from "../../schemas/generated/template.js";

/**
 * Accepts nothing: reaching it in the browser is a bug, said loudly.
 * @example
 * validateTemplate({ declarations: [] }); // throws
 */
export const validateTemplate = Object.assign(
  (_value: unknown): _value is Template => {
    throw new Error("validateTemplate is not bundled in the designer; use checkSource");
  },
  { errors: (): { path: string; message: string }[] => [] },
);

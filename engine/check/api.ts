/**
 * The checker's public contract: what `checkSource` and `checkModel` take and
 * return. The checker itself is pure and does no I/O: an inherited base
 * template is asked for through `loadBase`, which the CLI and the server
 * implement (the CLI looks next to the file).
 * @module
 */
import type { Diagnostic } from "../../dsl/diagnostics.js";
import type { Template } from "../../schemas/generated/template.js";
import type { CheckedTemplate } from "./checked-model.js";

/** A base template's text and the file (or registry id) it came from. */
export interface BaseSource {
  file: string;
  text: string;
}

export interface CheckOptions {
  /** The name of the file being checked, used in diagnostics of inherited files. */
  file?: string;
  /** Finds the template named `name` that `fromFile` extends; undefined when there is none. */
  loadBase?: (name: string, fromFile: string | undefined) => BaseSource | undefined;
}

export interface CheckResult {
  /** Every diagnostic, sorted by file then position; those in a base file carry `file`. */
  diagnostics: Diagnostic[];
  /** The file's own model (as parsed). */
  model: Template;
  /** The model after `extends` and `drop` are applied. */
  merged: Template;
  /** Present when there are no errors: what the compiler consumes. */
  checked?: CheckedTemplate;
}

/**
 * Checks template text against the registry: `extends NAME` resolves to the
 * registry's template NAME — its version in force on a given day (for an
 * evaluation, the period's first day) or, without a day, its latest
 * published version. Drafts are never bases: what a published template
 * inherits must itself be published. A base's diagnostics carry
 * `file: "NAME@vN"`.
 * @module
 */
import type { BaseSource, CheckResult } from "../../engine/check/index.js";
import { checkSource } from "../../engine/check/index.js";
import type { Db } from "../db/open.js";
import { versionInForce } from "../db/templates.js";

/**
 * `loadBase` for the checker, reading published versions from the database.
 * @example
 * checkSource(text, { loadBase: registryBases(db, "2026-03-01") });
 */
export function registryBases(db: Db, day?: string): (name: string) => BaseSource | undefined {
  return (name) => {
    const v = versionInForce(db, name, day);
    return v && { file: `${name}@v${v.version}`, text: v.source };
  };
}

/**
 * Checks text with bases from the registry.
 * @example
 * const r = checkInRegistry(db, source); // r.checked when clean
 */
export function checkInRegistry(db: Db, source: string, options: { file?: string; day?: string } = {}): CheckResult {
  return checkSource(source, { ...(options.file !== undefined ? { file: options.file } : {}), loadBase: registryBases(db, options.day) });
}

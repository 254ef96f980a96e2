/**
 * A template's registry metadata: its id is the name in its `template NAME`
 * header; label, industry and stage come from the header (after `extends`,
 * so inherited settings count), and for the examples' files, from where the
 * file is: `examples/<industry>/<stage>.kpi` for the stages base, startup,
 * growth and mature.
 * @module
 */
import type { CheckResult } from "../../engine/check/index.js";
import type { TemplateMeta } from "../db/templates.js";

/**
 * The stages a file name can stand for.
 * @example
 * STAGE_FILES.includes("growth"); // true
 */
export const STAGE_FILES: readonly string[] = ["base", "startup", "growth", "mature"];

/**
 * The template's declared name, if its header has one.
 * @example
 * templateName(checkSource("template a { grain month }")); // "a"
 */
export const templateName = (r: CheckResult): string | undefined => r.model.header?.name;

/**
 * Metadata from a check result (header wins), then from an examples path (`saas/growth.kpi`).
 * @example
 * metaOf(result, "saas/growth.kpi"); // { label: "SaaS 成长期", industry: "saas", stage: "growth" }
 */
export function metaOf(r: CheckResult, relativePath?: string): TemplateMeta {
  const header = r.merged.header ?? r.model.header;
  const meta: TemplateMeta = {};
  const label = r.model.header?.label;
  if (label !== undefined) meta.label = label;
  const fromPath = relativePath === undefined ? undefined : pathMeta(relativePath);
  const industry = header?.settings?.industry ?? fromPath?.industry;
  const stage = header?.settings?.stage ?? fromPath?.stage;
  if (industry !== undefined) meta.industry = industry;
  if (stage !== undefined) meta.stage = stage;
  return meta;
}

/**
 * Industry and stage from `INDUSTRY/STAGE.kpi`; nothing for other paths.
 * @example
 * pathMeta("saas/growth.kpi"); // { industry: "saas", stage: "growth" }
 * pathMeta("roles/sdr.kpi"); // {}
 */
export function pathMeta(relativePath: string): { industry?: string; stage?: string } {
  const parts = relativePath.split(/[\\/]/);
  if (parts.length !== 2) return {};
  const stage = parts[1]!.replace(/\.kpi$/, "");
  return STAGE_FILES.includes(stage) ? { industry: parts[0]!, stage } : {};
}

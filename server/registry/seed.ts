/**
 * Seeds the registry with the templates under `examples/` (every `*.kpi`,
 * recursively; a name declared twice is taken from the template library's
 * `INDUSTRY/STAGE.kpi` file first, else from the first path): each one whose id the registry does not have yet becomes a
 * template with published version 1, in force from 2000-01-01, by the actor
 * `seed` (and each example dataset, see seed-datasets.ts). Runs at every start, so examples added later appear in an
 * existing database too; templates already there are never touched. A file
 * that does not check cleanly (with the other examples as its bases) is
 * skipped and reported, because a published version must be clean.
 * @module
 */
import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { checkSource } from "../../engine/check/index.js";
import type { BaseSource } from "../../engine/check/index.js";
import type { Db } from "../db/open.js";
import { createTemplate, getTemplate, publishDraft, versionInForce } from "../db/templates.js";
import { metaOf, pathMeta, templateName } from "./meta.js";
import { seedExampleDatasets } from "./seed-datasets.js";

/**
 * The day seeded versions are in force from: early enough for any period.
 * @example
 * publishDraft(db, { effectiveFrom: SEED_EFFECTIVE_FROM, … });
 */
export const SEED_EFFECTIVE_FROM = "2000-01-01";

/**
 * What a seed did.
 * @example
 * const r: SeedReport = { seeded: ["saas_growth"], datasets: ["saas"], skipped: [] };
 */
export interface SeedReport {
  seeded: string[];
  /** The example datasets stored (named after their folders), see seed-datasets.ts. */
  datasets: string[];
  skipped: { file: string; reason: string }[];
}

/** Every `.kpi` file under `dir`, sorted, as paths relative to it. */
function templateFiles(dir: string): string[] {
  let entries;
  try {
    entries = readdirSync(dir, { recursive: true, withFileTypes: true });
  } catch {
    return [];
  }
  const files = entries
    .filter((e) => e.isFile() && e.name.endsWith(".kpi"))
    .map((e) => relative(dir, join(e.parentPath, e.name)))
    .sort();
  // The template library (INDUSTRY/STAGE.kpi) first: should a name ever be declared twice, the library's file wins over a copy elsewhere.
  const library = (f: string): boolean => pathMeta(f).stage !== undefined;
  return [...files.filter(library), ...files.filter((f) => !library(f))];
}

/**
 * Seeds the templates of `dir` that the registry lacks.
 * @example
 * const report = seedExamples(db, "examples", new Date().toISOString());
 */
export function seedExamples(db: Db, dir: string, at: string): SeedReport {
  const report: SeedReport = { seeded: [], datasets: [], skipped: [] };
  const byName = new Map<string, { file: string; text: string }>();
  for (const file of templateFiles(dir)) {
    const text = readFileSync(join(dir, file), "utf8");
    const name = templateName(checkSource(text));
    if (name === undefined) report.skipped.push({ file, reason: "it has no `template NAME` header" });
    else if (byName.has(name)) report.skipped.push({ file, reason: `${byName.get(name)!.file} already declares template ${name}` });
    else byName.set(name, { file, text });
  }
  const loadBase = (name: string): BaseSource | undefined => {
    const own = byName.get(name);
    if (own) return own;
    const v = versionInForce(db, name);
    return v && { file: `${name}@v${v.version}`, text: v.source };
  };
  for (const [name, { file, text }] of byName) {
    if (getTemplate(db, name)) continue;
    const checked = checkSource(text, { file, loadBase });
    const errors = checked.diagnostics.filter((d) => d.severity === "error");
    if (errors.length > 0) {
      const first = errors[0]!;
      report.skipped.push({ file, reason: `${errors.length} error(s), first: ${first.file ?? file}:${first.span.line}:${first.span.column}: ${first.message}` });
      continue;
    }
    createTemplate(db, { id: name, source: text, meta: metaOf(checked, file), at, actor: "seed" });
    publishDraft(db, { id: name, effectiveFrom: SEED_EFFECTIVE_FROM, at, actor: "seed", accept: () => true });
    report.seeded.push(name);
  }
  report.datasets = seedExampleDatasets(db, dir, at);
  return report;
}

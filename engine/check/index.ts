/**
 * The checker: model → checked model + diagnostics. Phases run in order and
 * each skips what an earlier one rejected, so one mistake gives one
 * diagnostic: merge (`extends`, `drop`, duplicates) → entity kinds and
 * sources → metrics (names, cycles, types and units, in dependency order) →
 * targets → scorecards → incentives → alerts. Checks report against a model
 * node; spans are resolved at the end (`span-resolver.ts`). The checker is
 * pure: base templates come through `options.loadBase`.
 * @module
 */
import { hasErrors, makeDiagnostic, type Diagnostic } from "../../dsl/diagnostics.js";
import type { Template } from "../../schemas/generated/template.js";
import { validateTemplate } from "../../schemas/validators.js";
import { checkAlerts } from "./alerts.js";
import type { CheckOptions, CheckResult } from "./api.js";
import type { CheckedTemplate } from "./checked-model.js";
import { Reporter, type Unit } from "./context.js";
import { checkEntities, checkSources } from "./entities.js";
import { checkIncentives } from "./incentives.js";
import { mergeTemplate, type Merged } from "./merge.js";
import { checkMetrics } from "./metrics.js";
import { checkScorecards } from "./scorecards.js";
import { withDefaults } from "./settings.js";
import { resolveIssues, sortDiagnostics } from "./span-resolver.js";
import { checkTargets } from "./targets.js";
import { modelUnit, sourceUnit } from "./units.js";

export type { BaseSource, CheckOptions, CheckResult } from "./api.js";
export type { CheckedTemplate } from "./checked-model.js";

/**
 * Parses and checks template text. Every diagnostic has a precise span.
 * @example
 * const r = checkSource('metric a = count(deals)');
 * r.diagnostics[0]?.message; // "unknown source `deals`"
 */
export function checkSource(text: string, options: CheckOptions = {}): CheckResult {
  const built = sourceUnit(text);
  return run(built.unit, built.diagnostics, options, false);
}

/**
 * Checks a model without its text (the HTTP API, the designer). Diagnostics
 * carry `path`, a JSON pointer into the model; spans of expression problems
 * are offsets into that expression's text, on line 1.
 * @example
 * const r = checkModel({ declarations: [{ kind: "metric", name: "a", formula: "revnue" }] });
 * r.diagnostics[0]?.path; // "/declarations/0/formula"
 */
export function checkModel(model: unknown, options: CheckOptions = {}): CheckResult {
  // A model from outside (HTTP, the designer) is validated against the schema first; an
  // invalid one is reported by JSON path and not checked further.
  if (!validateTemplate(model)) {
    const empty: Template = { declarations: [] };
    const diagnostics = validateTemplate.errors().map((e) => ({
      ...makeDiagnostic("schema-invalid", { path: e.path, message: e.message }, { start: 0, end: 0 }, { path: e.path }),
      span: { start: 0, end: 0, line: 1, column: 1 },
    }));
    return { diagnostics, model: empty, merged: empty };
  }
  const built = modelUnit(model);
  return run(built.unit, built.diagnostics, options, true);
}

function run(unit: Unit, syntax: Diagnostic[], options: CheckOptions, byPath: boolean): CheckResult {
  const rep = new Reporter();
  const merged = mergeTemplate(unit, options, rep);
  const checked = checkMerged(merged, rep);
  const all = [...syntax, ...merged.baseDiagnostics, ...resolveIssues(rep.issues), ...checkBases(merged, options)];
  const diagnostics = sortDiagnostics(dedupe(all), byPath);
  const result: CheckResult = { diagnostics, model: unit.model, merged: mergedModel(merged) };
  if (!hasErrors(diagnostics)) result.checked = checked;
  return result;
}

/**
 * Each base file is also a template of its own: a mistake in a declaration
 * the child replaces or drops is still a mistake in that file. The bases are
 * checked on their own (when the chain of bases is complete) and their
 * errors kept where the merged check did not already report there. Their
 * warnings are left out: a base without a target the child supplies is not
 * worth a warning when checking the child.
 */
function checkBases(merged: Merged, options: CheckOptions): Diagnostic[] {
  if (!merged.complete) return [];
  return merged.bases.flatMap((base) => {
    const rep = new Reporter();
    checkMerged(mergeTemplate(base, options, rep), rep);
    return resolveIssues(rep.issues).filter((d) => d.severity === "error");
  });
}

/** One diagnostic per file, span and code: the first one (the merged check's) wins. */
function dedupe(ds: Diagnostic[]): Diagnostic[] {
  const seen = new Set<string>();
  return ds.filter((d) => {
    const key = `${d.file ?? ""}\0${d.span.start}\0${d.span.end}\0${d.code}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function checkMerged(merged: Merged, rep: Reporter): CheckedTemplate {
  const decls = merged.decls;
  const settings = withDefaults(merged.settings);
  const entities = checkEntities(decls, rep);
  const sources = checkSources(decls, entities, rep);
  const targeted = new Set(decls.flatMap((r) => (r.decl.kind === "target" ? [r.decl.metric] : [])));
  const currency = { code: settings.currency, digits: settings.currencyDigits };
  const { scope, metrics } = checkMetrics(decls, sources.syms, targeted, currency, rep);
  const checked: CheckedTemplate = {
    settings,
    entityKinds: entities.order,
    sources: sources.checked,
    metrics,
    targets: checkTargets(decls, scope, entities, rep),
    scorecards: checkScorecards(decls, scope, rep),
    incentives: checkIncentives(decls, scope, entities, rep),
    alerts: checkAlerts(decls, scope, rep),
  };
  if (merged.header?.name !== undefined) checked.name = merged.header.name;
  if (merged.header?.label !== undefined) checked.label = merged.header.label;
  if (entities.leaves.length === 1) checked.leafKind = entities.leaves[0]!;
  return checked;
}

/** The merged template as a model: inherited declarations in place, no `extends`, no `drop`. */
function mergedModel(merged: Merged): Template {
  const out: Template = { declarations: merged.decls.map((r) => r.decl) };
  if (merged.header) {
    const { extends: _base, settings: _settings, ...header } = merged.header;
    out.header = Object.keys(merged.settings).length ? { ...header, settings: merged.settings } : header;
  }
  return out;
}

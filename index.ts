/**
 * `kpi-engine` as a library: the same functions `kpi check`, `kpi fmt` and
 * `kpi eval` run, for programs that embed the engine. Parse or check a
 * template's text, load a dataset for the checked template, evaluate it for a
 * period, and write the result as the JSON of schemas/result.schema.json.
 * Everything here is also what the package's `exports` map publishes, with
 * its types; nothing else of the package is public.
 * @module
 * @example
 * import { checkSource, datasetSpecOf, evaluate, loadDataset } from "kpi-engine";
 * const { checked } = checkSource(text, { file: "saas.kpi" });
 * const loaded = await loadDataset("data/", datasetSpecOf(checked!));
 * const out = loaded.ok && evaluate(checked!, loaded.dataset, { period: "2026-03" });
 */

import { hasErrors, type Diagnostic } from "./dsl/diagnostics.js";
import { parseTemplate } from "./dsl/parse.js";
import { printTemplate } from "./dsl/printer.js";

// Parse and print (canonical formatting).
export { parseTemplate, parseExpression, type ParseResult, type ExpressionParse } from "./dsl/parse.js";
export { printTemplate } from "./dsl/printer.js";
export { hasErrors, type Diagnostic } from "./dsl/diagnostics.js";

// Check (names, types, units, cycles, weights; `extends` through `loadBase`).
export { checkSource, checkModel, type BaseSource, type CheckOptions, type CheckResult, type CheckedTemplate } from "./engine/check/index.js";
export { createBaseLoader, type BaseLoader } from "./cli/base-loader.js";

// Load a dataset (a JSON file or a folder of CSV / NDJSON files) for a checked template.
export { loadDataset, loadDatasetJson, formatDataError, type Dataset, type DataError, type DatasetSpec, type LoadResult } from "./engine/dataset/index.js";

// Evaluate, and write the result.
export {
  datasetSpecOf,
  evaluate,
  resultJson,
  writeResultJson,
  type EvaluateError,
  type EvaluateOutcome,
  type EvaluateRequest,
  type ResultColumns,
} from "./engine/evaluate/index.js";

// The result's shape (schemas/result.schema.json) and the template model (schemas/template.schema.json).
export type { AlertResult, EntityResult, MetricResult, MetricResultValue, Money, PeriodResult, Result } from "./schemas/generated/result.js";
export type { Template } from "./schemas/generated/template.js";

export { packageVersion } from "./engine/version.js";

/**
 * A template's canonical text, as `kpi fmt` prints it, or its syntax
 * diagnostics when it does not parse (then `text` is absent).
 * @example
 * formatTemplate("template t {grain month}").text; // "template t {\n  grain month\n}\n"
 */
export function formatTemplate(text: string): { text?: string; diagnostics: Diagnostic[] } {
  const parsed = parseTemplate(text);
  if (hasErrors(parsed.diagnostics)) return { diagnostics: parsed.diagnostics };
  return { text: printTemplate(parsed.model), diagnostics: parsed.diagnostics };
}

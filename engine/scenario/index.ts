/**
 * What-if scenarios: the baseline and named variants of a template and its
 * data, evaluated over one loaded dataset and compared (see CONTEXT.md).
 * @module
 */
export { applySet } from "./apply-set.js";
export { applyScale, checkScale, type CheckedScale } from "./scale-source.js";
export { basisOf, figuresOf, summarize, type Basis, type Figures, type Summary } from "./compare.js";
export { prepareScenarios, simulate, type SimulateInput, type SimulateOutcome, type SimulateOutput } from "./simulate.js";
export { MAX_CHANGES, MAX_SCENARIOS, type ConversionChange, type ScaleChange, type Scenario, type ScenarioChange, type ScenarioError, type SetChange } from "./types.js";

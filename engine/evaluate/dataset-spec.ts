/**
 * What the dataset loader must know about a template (`DatasetSpec`), read
 * from the checked template: the currency's digits, the entity kinds and
 * their parents, every source with its typed fields (an entity-reference
 * field's type is its kind's name; enumerations carry their values), and the
 * numeric metrics whose inputs or targets the dataset may give. The CLI, the
 * server and the benchmark load datasets through this, so that the dataset
 * the evaluator gets always matches the template.
 * @module
 */
import type { CheckedTemplate } from "../check/checked-model.js";
import type { DatasetMetricSpec, DatasetSpec } from "../dataset/types.js";

const METRIC_VALUE_TYPES = new Set(["money", "integer", "number", "percent"]);

/**
 * The loader's view of a checked template.
 * @example
 * const spec = datasetSpecOf(checkSource(text).checked!);
 * const loaded = await loadDatasetFolder("data/", spec);
 */
export function datasetSpecOf(t: CheckedTemplate): DatasetSpec {
  return {
    currencyDigits: t.settings.currencyDigits,
    currency: t.settings.currency,
    entityKinds: t.entityKinds.map((k) => (k.parent === "all" ? { name: k.name } : { name: k.name, parent: k.parent })),
    sources: t.sources.map((s) => ({
      name: s.name,
      by: s.by,
      at: s.at,
      fields: s.fields.map((f) => ({ name: f.name, type: f.type === "entity" ? (f.entityKind ?? "") : f.type, ...(f.values ? { values: f.values } : {}) })),
    })),
    metrics: new Map(
      t.metrics.flatMap((m) => (METRIC_VALUE_TYPES.has(m.inferredType) ? [[m.name, { type: m.inferredType, input: m.input } as DatasetMetricSpec] as const] : [])),
    ),
  };
}

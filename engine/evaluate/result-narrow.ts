/**
 * Narrowing a result to what was asked for: `entities` (ids whose subtrees
 * are returned, each with every entity under it) and `fields` (the metrics
 * returned; scores, incentives, payouts and alerts always come). The whole
 * template is still evaluated — rollups need every entity — only the
 * written result is smaller. Unknown ids and names are request errors with
 * a suggestion, never silently dropped.
 * @module
 */
import type { CheckedTemplate } from "../check/checked-model.js";
import type { EntityTree } from "../dataset/types.js";
import { suggest } from "../../dsl/suggest.js";
import type { EvaluateError } from "./request.js";
import type { ResultColumns } from "./result-columns.js";

/**
 * What part of a result to return; absent parts are whole.
 * @example
 * const n: Narrowing = { entities: ["team_east"], fields: ["new_amount"] };
 */
export interface Narrowing {
  entities?: readonly string[];
  fields?: readonly string[];
}

const didYouMean = (near: string | undefined): string => (near ? `; did you mean ${JSON.stringify(near)}?` : "");

/**
 * The errors of a narrowing against the template and the entities: ids that
 * name no entity, names that name no metric.
 * @example
 * narrowingErrors(checked, dataset.entities, { fields: ["new_amont"] }); // [{ path: "fields/0", message: 'no metric is named "new_amont"; did you mean "new_amount"?' }]
 */
export function narrowingErrors(checked: CheckedTemplate, entities: EntityTree, n: Narrowing): EvaluateError[] {
  const errors: EvaluateError[] = [];
  n.entities?.forEach((id, i) => {
    if (!entities.byId.has(id)) errors.push({ path: `entities/${i}`, message: `no entity has the id ${JSON.stringify(id)}${didYouMean(suggest(id, entities.byId.keys()))}` });
  });
  const metrics = new Set(checked.metrics.map((m) => m.name));
  n.fields?.forEach((name, i) => {
    if (!metrics.has(name)) errors.push({ path: `fields/${i}`, message: `no metric is named ${JSON.stringify(name)}${didYouMean(suggest(name, metrics))}` });
  });
  return errors;
}

/**
 * The entity indexes of the subtrees under `ids`, in result order (pre-order).
 * @example
 * subtreeOrder(order, parents, new Set([3])); // 3 and everything under it
 */
export function subtreeOrder(order: Int32Array, parents: ArrayLike<number>, roots: ReadonlySet<number>): Int32Array {
  const inside = new Uint8Array(parents.length);
  const out: number[] = [];
  for (let k = 0; k < order.length; k++) {
    const e = order[k]!;
    const p = parents[e]!;
    // Pre-order: a parent's mark is set before its children are reached.
    if (roots.has(e) || (p >= 0 && inside[p] === 1)) {
      inside[e] = 1;
      out.push(e);
    }
  }
  return Int32Array.from(out);
}

/**
 * The columns with only the asked-for entities and metrics; the same columns when nothing is narrowed.
 * @example
 * writeResultJson(narrowColumns(outcome.columns, { fields: ["new_amount"] }), write);
 */
export function narrowColumns(cols: ResultColumns, n: Narrowing): ResultColumns {
  if (n.entities === undefined && n.fields === undefined) return cols;
  let { layout, periods } = cols;
  if (n.fields !== undefined) {
    const wanted = new Set(n.fields);
    const keep = layout.metrics.flatMap((m, j) => (wanted.has(m.name) ? [j] : []));
    layout = { ...layout, metrics: keep.map((j) => layout.metrics[j]!) };
    periods = periods.map((p) => ({ ...p, metrics: keep.map((j) => p.metrics[j]!) }));
  }
  if (n.entities !== undefined) {
    const byId = new Map(layout.entities.map((e, i) => [e.id, i]));
    const roots = new Set(n.entities.flatMap((id) => (byId.has(id) ? [byId.get(id)!] : [])));
    layout = { ...layout, order: subtreeOrder(layout.order, layout.entities.map((e) => e.parent), roots) };
  }
  return { layout, periods };
}

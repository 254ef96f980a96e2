/**
 * Missing values are never silent: the loader counts empty cells per field
 * (`DataWarning`); this says, for each such field, which metrics leave those
 * records out — an aggregate of the field (`sum`, `avg`, `min`, `max`,
 * `distinct` skip missing values) or a `where` that reads it (a comparison
 * with a missing value is false) — so the CLI and the API can print
 * "3 empty cells in deals.amount, left out of new_amount" while `count`
 * still counts those records. Warnings about fields no metric reads are
 * dropped: an unused empty column is nobody's question.
 * @module
 */
import type { CheckedExpr, CheckedTemplate } from "../check/checked-model.js";
import { walkChecked } from "../check/checked-walk.js";
import type { DataWarning } from "../dataset/errors.js";

/** `source\0field` → the metrics that leave out records whose field is missing. */
function readers(t: CheckedTemplate): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  const add = (source: string, field: string, metric: string): void => {
    const key = `${source}\u0000${field}`;
    const set = out.get(key) ?? new Set<string>();
    set.add(metric);
    out.set(key, set);
  };
  for (const m of t.metrics) {
    walkChecked(m.formula, (n) => {
      if (n.node !== "aggregate") return;
      if (n.field !== undefined) add(n.source, n.field, m.name);
      const inWhere = (e: CheckedExpr | undefined): void => {
        walkChecked(e, (x) => {
          if (x.node === "field") add(x.source, x.field, m.name);
        });
      };
      inWhere(n.where);
      return false;
    });
  }
  return out;
}

/**
 * The warnings worth showing, each with the metrics that leave its records out.
 * @example
 * const shown = annotateWarnings(loaded.warnings, checked);
 * for (const w of shown) console.error(formatDataWarning(w));
 */
export function annotateWarnings(warnings: readonly DataWarning[], t: CheckedTemplate): DataWarning[] {
  const r = readers(t);
  const out: DataWarning[] = [];
  for (const w of warnings) {
    if (w.kind !== "missing" || w.source === undefined || w.field === undefined) {
      out.push(w);
      continue;
    }
    const metrics = r.get(`${w.source}\u0000${w.field}`);
    if (!metrics || metrics.size === 0) continue;
    out.push({ ...w, metrics: [...metrics].sort() });
  }
  return out;
}

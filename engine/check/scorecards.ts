/**
 * Scorecard rules: each item names a numeric metric, once; weights and caps
 * are not negative; the weights add up to exactly 100% (exact decimals).
 * An item whose metric has no target in the template gets a warning, since
 * only the dataset can then supply one.
 * @module
 */
import { suggest } from "../../dsl/suggest.js";
import type { ScorecardDecl } from "../../schemas/generated/template.js";
import type { CheckedScorecard } from "./checked-model.js";
import { firstAt, reportAt, type DeclRef, type Reporter } from "./context.js";
import { formatPercent, literalValue, sumLiterals } from "./decimal.js";
import type { Scope } from "./scope.js";
import { describeType, isLenient, isNumeric } from "./types.js";

/**
 * Checks every scorecard.
 * @example
 * const scorecards = checkScorecards(decls, scope, rep);
 */
export function checkScorecards(decls: readonly DeclRef[], scope: Scope, rep: Reporter): CheckedScorecard[] {
  const out: CheckedScorecard[] = [];
  for (const r of decls) {
    if (r.decl.kind !== "scorecard" || r.broken) continue;
    const ref = r as DeclRef<ScorecardDecl>;
    const d = ref.decl;
    const seen = new Map<string, number>();
    let skipSum = false;
    const items: CheckedScorecard["items"] = [];
    (d.items ?? []).forEach((it, i) => {
      const sub = `/items/${i}`;
      const first = seen.get(it.metric);
      if (first !== undefined) {
        reportAt(rep, ref, `${sub}/metric`, "resolve-duplicate", { what: "scorecard item", name: it.metric, first: firstAt(ref.unit, `${ref.pointer}/items/${first}`, ref.unit) });
        skipSum = true; // the sum would count it twice; one diagnostic is enough
        return;
      }
      seen.set(it.metric, i);
      const m = scope.metrics.get(it.metric);
      if (!m) reportAt(rep, ref, `${sub}/metric`, "resolve-unknown-metric", { name: it.metric, suggestion: suggest(it.metric, scope.metrics.keys()) });
      else if (!isLenient(m.ty) && !isNumeric(m.ty)) reportAt(rep, ref, `${sub}/metric`, "rule-target-not-numeric", { metric: it.metric, got: describeType(m.ty) });
      else if (!m.hasTarget) reportAt(rep, ref, `${sub}/metric`, "rule-no-target", { metric: it.metric, use: `scorecard \`${d.name}\`` });
      for (const key of ["weight", "cap"] as const) {
        const v = it[key];
        if (v !== undefined && literalValue(v).lt(0)) {
          reportAt(rep, ref, `${sub}/${key}`, "rule-negative", { what: `a ${key}`, value: v });
          skipSum = true;
        }
      }
      items.push({ metric: it.metric, weight: it.weight, ...(it.cap === undefined ? {} : { cap: it.cap }) });
    });
    const sum = sumLiterals((d.items ?? []).map((it) => it.weight));
    if (!skipSum && !sum.eq(1)) reportAt(rep, ref, "/name", "rule-weights-sum", { what: "scorecard", sum: formatPercent(sum) });
    out.push({ name: d.name, ...(d.label === undefined ? {} : { label: d.label }), items });
  }
  return out;
}

/**
 * Target rules: a target names a numeric metric (at most one target per
 * metric, which `merge.ts` enforces); `base … per KIND` names an entity kind;
 * `split` divides a root total, so it cannot follow `per KIND`; `quarters`
 * has 4 weights and `months` 12, none negative, summing to exactly 100%
 * (exact decimals), and not both; a money target is an amount with no more
 * decimals than the currency has. A `flat` base (`base 550 flat`) applies
 * unchanged everywhere, so it takes none of `per`, `split`, `quarters`,
 * `months` (`rule-flat-divided`); on a percent or number metric, whose targets
 * are flat anyway, it is allowed and changes nothing.
 * @module
 */
import { suggest } from "../../dsl/suggest.js";
import type { TargetDecl } from "../../schemas/generated/template.js";
import type { CheckedTarget } from "./checked-model.js";
import { reportAt, type DeclRef, type Reporter } from "./context.js";
import { formatPercent, literalDecimals, literalValue, sumLiterals } from "./decimal.js";
import { checkKindRef, type EntityTable } from "./entities.js";
import type { Scope } from "./scope.js";
import { describeType, isLenient, isNumeric } from "./types.js";

/**
 * Checks every target declaration.
 * @example
 * const targets = checkTargets(decls, scope, entities, rep);
 */
export function checkTargets(decls: readonly DeclRef[], scope: Scope, entities: EntityTable, rep: Reporter): CheckedTarget[] {
  const out: CheckedTarget[] = [];
  for (const r of decls) {
    if (r.decl.kind !== "target" || r.broken) continue;
    const ref = r as DeclRef<TargetDecl>;
    const d = ref.decl;
    const m = scope.metrics.get(d.metric);
    if (!m) reportAt(rep, ref, "/metric", "resolve-unknown-metric", { name: d.metric, suggestion: suggest(d.metric, scope.metrics.keys()) });
    else if (!isLenient(m.ty) && !isNumeric(m.ty)) reportAt(rep, ref, "/metric", "rule-target-not-numeric", { metric: d.metric, got: describeType(m.ty) });
    const money = m?.ty.k === "money";
    const amount = (sub: string, text: string) => {
      if (!money) return;
      if (text.endsWith("%")) reportAt(rep, ref, sub, "rule-target-percent-money", { metric: d.metric, value: text });
      else if (literalDecimals(text) > scope.currency.digits) {
        reportAt(rep, ref, sub, "rule-money-digits", { value: text, currency: scope.currency.code, digits: scope.currency.digits });
      }
    };
    const t: CheckedTarget = { metric: d.metric };
    if (d.base?.flat && flatDivided(ref, rep)) {
      out.push(t);
      continue;
    }
    if (d.base) {
      if (d.base.perEntity !== undefined) checkKindRef(entities, rep, ref, "/base/perEntity", d.base.perEntity);
      amount("/base/value", d.base.value);
      t.base = { ...d.base };
    }
    if (d.split) {
      if (d.base?.perEntity !== undefined) reportAt(rep, ref, "/split", "rule-split-needs-total", {});
      t.split = { ...d.split };
    }
    if (d.quarters && d.months) reportAt(rep, ref, "/months", "rule-quarters-and-months", {});
    else if (d.quarters) t.quarters = weights(ref, "quarters", 4, d.quarters, rep);
    else if (d.months) t.months = weights(ref, "months", 12, d.months, rep);
    if (d.challenge !== undefined) {
      const percent = d.challenge.endsWith("%");
      if (literalValue(d.challenge).lt(0)) reportAt(rep, ref, "/challenge", "rule-negative", { what: "a challenge target", value: d.challenge });
      else if (!percent) amount("/challenge", d.challenge);
      t.challenge = { value: d.challenge, percent };
    }
    out.push(t);
  }
  return out;
}

/**
 * A `flat` base is the same at every entity and period, so whatever divides a
 * base (`per KIND`, `per PERIOD`, `split`, `quarters`, `months`) contradicts
 * it. Each such line is one error at its own place; the other target rules are
 * then skipped (one mistake, one diagnostic). True when something was reported.
 */
function flatDivided(ref: DeclRef<TargetDecl>, rep: Reporter): boolean {
  const d = ref.decl;
  const found: [string, string][] = [];
  // `per rep per year` is one clause: one error, at its first word.
  const pers = [d.base?.perEntity, d.base?.per].filter((p) => p !== undefined);
  if (pers.length) found.push([d.base?.perEntity !== undefined ? "/base/perEntity" : "/base/per", `\`${pers.map((p) => `per ${p}`).join(" ")}\``]);
  if (d.split) found.push(["/split", "`split`"]);
  if (d.quarters) found.push(["/quarters", "`quarters`"]);
  if (d.months) found.push(["/months", "`months`"]);
  for (const [sub, what] of found) reportAt(rep, ref, sub, "rule-flat-divided", { metric: d.metric, what });
  return found.length > 0;
}

/** Checks one list of split weights. */
function weights(ref: DeclRef, key: "quarters" | "months", count: number, values: string[], rep: Reporter): string[] {
  if (values.length !== count) {
    reportAt(rep, ref, `/${key}`, "rule-weights-count", { what: key, expected: count, got: values.length });
    return values;
  }
  const negative = values.findIndex((v) => literalValue(v).lt(0));
  if (negative >= 0) {
    reportAt(rep, ref, `/${key}/${negative}`, "rule-negative", { what: "a weight", value: values[negative]! });
    return values;
  }
  const sum = sumLiterals(values);
  if (!sum.eq(1)) reportAt(rep, ref, `/${key}`, "rule-weights-sum", { what: key === "quarters" ? "quarter" : "month", sum: formatPercent(sum) });
  return [...values];
}

/**
 * Incentive rules. An incentive is either a formula that pays an amount
 * (`= if(…, 5_000, 0)`, literals adapt to money; or a number such as
 * `= new_customers * 300`, counted in currency units as a block's `basis`
 * is — decision: a percent is rejected, since it is a share of something,
 * not an amount) or a block with `tiers`
 * and/or a `basis`. Tiers need at least one step and strictly ascending
 * bounds; a `rate` step pays a share of the basis, so it needs one, as do
 * tiers without an `on` measure. `gate` is a condition; `cap` and `floor` are
 * non-negative amounts with the floor not above the cap. `for` names an
 * entity kind, by default the one leaf kind of the entity tree.
 * @module
 */
import type { IncentiveDecl } from "../../schemas/generated/template.js";
import type { CheckedIncentive } from "./checked-model.js";
import { reportAt, type DeclRef, type Reporter } from "./context.js";
import { literalDecimals, literalValue } from "./decimal.js";
import { checkKindRef, type EntityTable } from "./entities.js";
import { checkProperty } from "./expressions.js";
import type { Scope } from "./scope.js";
import { describeType, isLenient, T } from "./types.js";

/** What an incentive formula may give: money, or a plain number (currency units); never a percent or a non-number. */
const AMOUNT_TYPES = new Set(["money", "literal", "number", "integer"]);

/**
 * Checks every incentive.
 * @example
 * const incentives = checkIncentives(decls, scope, entities, rep);
 */
export function checkIncentives(decls: readonly DeclRef[], scope: Scope, entities: EntityTable, rep: Reporter): CheckedIncentive[] {
  const out: CheckedIncentive[] = [];
  for (const r of decls) {
    if (r.decl.kind !== "incentive" || r.broken) continue;
    const c = checkIncentive(r as DeclRef<IncentiveDecl>, scope, entities, rep);
    if (c) out.push(c);
  }
  return out;
}

function checkIncentive(ref: DeclRef<IncentiveDecl>, scope: Scope, entities: EntityTable, rep: Reporter): CheckedIncentive | undefined {
  const d = ref.decl;
  const forKind = kindFor(ref, entities, rep);
  const out: CheckedIncentive = { name: d.name, ...(d.label === undefined ? {} : { label: d.label }), for: forKind ?? "" };
  const block = d.basis !== undefined || d.tiers !== undefined || d.gate !== undefined || d.cap !== undefined || d.floor !== undefined;
  if (d.formula !== undefined) {
    if (block) return shape(ref, rep, "has both a formula and a block; give one of them");
    const f = checkProperty(scope, rep, ref, "/formula");
    if (!f || f.checker.errors) return undefined;
    const ty = f.got.ty;
    if (!isLenient(ty) && !AMOUNT_TYPES.has(ty.k)) {
      f.checker.fail("type-not-money", { incentive: d.name, got: describeType(ty) }, f.expr.span);
      return undefined;
    }
    // Literals alone (`if(c, 5_000, 0)`) become money; a count or number keeps its type and counts as currency units.
    if (ty.k !== "number" && ty.k !== "integer") f.checker.adapt(f.got.r, T.money);
    out.formula = f.got.r;
    return out;
  }
  if (d.tiers === undefined && d.basis === undefined) return shape(ref, rep, "needs a formula (`= …`), or a block with `tiers` or `basis`");
  if (d.basis !== undefined) {
    const b = checkProperty(scope, rep, ref, "/basis");
    if (b && b.checker.expectNumeric(b.expr, b.got, "the basis")) out.basis = b.got.r;
  }
  if (d.tiers) {
    const t = d.tiers;
    const steps = t.steps ?? [];
    out.tiers = { mode: t.mode, steps: steps.map((s) => ({ ...s })) };
    for (const s of out.tiers.steps) {
      delete (s as { comments?: unknown }).comments;
      delete (s as { trailingComment?: unknown }).trailingComment;
    }
    if (t.on !== undefined) {
      const on = checkProperty(scope, rep, ref, "/tiers/on");
      if (on && on.checker.expectNumeric(on.expr, on.got, "the tier measure after `on`")) out.tiers.on = on.got.r;
    } else if (d.basis === undefined) reportAt(rep, ref, "/tiers", "rule-tiers-need-basis", { reason: "tiers without `on` measure the basis" });
    checkSteps(ref, scope, rep);
  }
  if (d.gate !== undefined) {
    const g = checkProperty(scope, rep, ref, "/gate");
    if (g) {
      g.checker.expectBoolean(g.expr, g.got, "a `gate`");
      out.gate = g.got.r;
    }
  }
  for (const key of ["cap", "floor"] as const) {
    const v = d[key];
    if (v === undefined) continue;
    if (literalValue(v).lt(0)) reportAt(rep, ref, `/${key}`, "rule-negative", { what: `a ${key}`, value: v });
    else moneyDigits(ref, `/${key}`, v, scope, rep);
    out[key] = v;
  }
  if (d.cap !== undefined && d.floor !== undefined && literalValue(d.floor).gt(literalValue(d.cap)) && literalValue(d.floor).gte(0)) {
    reportAt(rep, ref, "/floor", "rule-floor-above-cap", { floor: d.floor, cap: d.cap });
  }
  return out;
}

function checkSteps(ref: DeclRef<IncentiveDecl>, scope: Scope, rep: Reporter): void {
  const d = ref.decl;
  const steps = d.tiers?.steps ?? [];
  if (steps.length === 0) {
    reportAt(rep, ref, "/tiers", "rule-tiers-empty", {});
    return;
  }
  const firstRate = steps.findIndex((s) => s.rate !== undefined);
  if (firstRate >= 0 && d.basis === undefined && d.tiers?.on !== undefined) {
    reportAt(rep, ref, `/tiers/steps/${firstRate}/rate`, "rule-tiers-need-basis", { reason: "a `rate` tier pays a share of the basis" });
  }
  steps.forEach((s, i) => {
    const sub = `/tiers/steps/${i}`;
    const prev = steps[i - 1];
    if (prev && literalValue(s.from).lte(literalValue(prev.from))) reportAt(rep, ref, `${sub}/from`, "rule-tiers-order", { bound: s.from, previous: prev.from });
    if (s.rate !== undefined && literalValue(s.rate).lt(0)) reportAt(rep, ref, `${sub}/rate`, "rule-negative", { what: "a rate", value: s.rate });
    if (s.pay !== undefined) {
      if (literalValue(s.pay).lt(0)) reportAt(rep, ref, `${sub}/pay`, "rule-negative", { what: "a payment", value: s.pay });
      else moneyDigits(ref, `${sub}/pay`, s.pay, scope, rep);
    }
  });
}

function moneyDigits(ref: DeclRef, sub: string, text: string, scope: Scope, rep: Reporter): void {
  if (literalDecimals(text) > scope.currency.digits) reportAt(rep, ref, sub, "rule-money-digits", { value: text, currency: scope.currency.code, digits: scope.currency.digits });
}

/** The kind an incentive applies to: `for`, else the one leaf kind. */
function kindFor(ref: DeclRef<IncentiveDecl>, entities: EntityTable, rep: Reporter): string | undefined {
  const f = ref.decl.for;
  if (f !== undefined) return checkKindRef(entities, rep, ref, "/for", f) ? f : undefined;
  if (entities.leaves.length === 1) return entities.leaves[0];
  const detail = entities.leaves.length === 0 ? "no entity kinds are declared" : `the entity tree has several leaf kinds (${entities.leaves.join(", ")})`;
  reportAt(rep, ref, "/name", "rule-no-leaf-kind", { incentive: ref.decl.name, detail });
  return undefined;
}

function shape(ref: DeclRef<IncentiveDecl>, rep: Reporter, problem: string): undefined {
  reportAt(rep, ref, "/name", "rule-incentive-shape", { incentive: ref.decl.name, problem });
  return undefined;
}

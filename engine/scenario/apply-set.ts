/**
 * `set`: replace one number of the checked template. The number is addressed
 * the way a designer holds it: the declaration (`in` + `name`) and a JSON
 * pointer inside the declaration's model form (template.schema.json), e.g.
 * `/tiers/steps/2/rate`. Only number slots can be set — tier bounds, rates
 * and payments, caps and floors, a target's base and challenge, scorecard
 * weights and caps — and the new value must pass the checks the checker
 * makes on that slot (non-negative, strictly ascending tier bounds, floor not
 * above cap, money with the currency's digits and no `%`); numbers inside
 * formulas and month/quarter weights (which must keep summing to 100%) are
 * refused with a reason. The template is copied, never changed in place.
 * Names are looked up by comparison in arrays, so `__proto__` is a name like any other.
 * @module
 */
import type { CheckedIncentive, CheckedScorecard, CheckedTarget, CheckedTemplate } from "../check/checked-model.js";
import { literalDecimals, literalValue } from "../check/decimal.js";
import type { ScenarioError, SetChange } from "./types.js";

const NUMBER_LITERAL = /^-?[0-9](_?[0-9])*(\.[0-9](_?[0-9])*)?%?$/;

/** Slots whose value is an amount of money (no `%`, at most the currency's digits). */
const MONEY_KEYS = new Set(["pay", "cap", "floor"]);

type Decl = CheckedIncentive | CheckedTarget | CheckedScorecard;

function findDecl(t: CheckedTemplate, c: SetChange): Decl | undefined {
  if (c.in === "incentive") return t.incentives.find((d) => d.name === c.name);
  if (c.in === "target") return t.targets.find((d) => d.metric === c.name);
  return t.scorecards.find((d) => d.name === c.name);
}

function namesOf(t: CheckedTemplate, kind: SetChange["in"]): string[] {
  if (kind === "incentive") return t.incentives.map((d) => d.name);
  if (kind === "target") return t.targets.map((d) => d.metric);
  return t.scorecards.map((d) => d.name);
}

/** The slots a path may end at, by declaration kind: `*` is an index. */
const SLOTS: Record<SetChange["in"], RegExp> = {
  incentive: /^\/(cap|floor|tiers\/steps\/(0|[1-9]\d*)\/(from|rate|pay))$/,
  target: /^\/(base\/value|challenge)$/,
  scorecard: /^\/items\/(0|[1-9]\d*)\/(weight|cap)$/,
};

/**
 * Applies one `set` to a copy of the template, or says why it cannot, at `at` (the change's JSON pointer in the request).
 * @example
 * applySet(checked, { kind: "set", in: "incentive", name: "commission", path: "/tiers/steps/2/rate", value: "10%" }, "/scenarios/0/changes/0");
 */
export function applySet(t: CheckedTemplate, c: SetChange, at: string): { ok: true; checked: CheckedTemplate } | { ok: false; error: ScenarioError } {
  const fail = (sub: string, message: string) => ({ ok: false as const, error: { path: `${at}/${sub}`, message } });
  const decl = findDecl(t, c);
  if (!decl) {
    const names = namesOf(t, c.in);
    return fail("name", `the template has no ${c.in} ${JSON.stringify(c.name)}${names.length ? ` (its ${c.in}s: ${names.join(", ")})` : ""}`);
  }
  if (!SLOTS[c.in].test(c.path)) {
    return fail("path", `${JSON.stringify(c.path)} is not a number that a scenario can set in ${c.in} ${c.name}; ${c.in === "incentive" ? "use /cap, /floor or /tiers/steps/N/from|rate|pay" : c.in === "target" ? "use /base/value or /challenge (month and quarter weights must keep summing to 100%)" : "use /items/N/weight or /items/N/cap"}`);
  }
  if (!NUMBER_LITERAL.test(c.value)) return fail("value", `${JSON.stringify(c.value)} is not a number literal (like 8%, 0.08 or 50_000)`);
  const copy = structuredClone(t);
  const target = findDecl(copy, c)!;
  const segs = c.path.slice(1).split("/");
  const key = segs[segs.length - 1]!;
  // Walk to the slot's holder; the challenge of a target is {value, percent} in the checked model.
  let holder: Record<string, unknown> = target as unknown as Record<string, unknown>;
  const walk = key === "challenge" ? [...segs] : segs.slice(0, -1);
  for (const s of walk) {
    const next = Array.isArray(holder) ? (holder as unknown[])[Number(s)] : Object.hasOwn(holder, s) ? holder[s] : undefined;
    if (next === undefined || next === null || typeof next !== "object") return fail("path", `${c.in} ${c.name} has nothing at ${JSON.stringify(c.path)}`);
    holder = next as Record<string, unknown>;
  }
  const slot = key === "challenge" ? "value" : key;
  if (!Object.hasOwn(holder, slot) || typeof holder[slot] !== "string") return fail("path", `${c.in} ${c.name} has no number at ${JSON.stringify(c.path)}`);
  const v = literalValue(c.value);
  if (v.lt(0)) return fail("value", `${c.value} is negative; a ${key} cannot be`);
  const moneyTarget = c.in === "target" && t.metrics.find((m) => m.name === c.name)?.inferredType === "money" && !(key === "challenge" && c.value.endsWith("%"));
  if (MONEY_KEYS.has(key) || moneyTarget) {
    if (c.value.endsWith("%")) return fail("value", `a ${key} is an amount of money, not a percentage: ${c.value}`);
    if (literalDecimals(c.value) > t.settings.currencyDigits) return fail("value", `${c.value} has more decimals than ${t.settings.currency} allows (${t.settings.currencyDigits})`);
  }
  holder[slot] = c.value;
  if (key === "challenge") holder["percent"] = c.value.endsWith("%");
  if (c.in === "incentive") {
    const inc = target as CheckedIncentive;
    const steps = inc.tiers?.steps ?? [];
    for (let i = 1; i < steps.length; i++) {
      if (literalValue(steps[i]!.from).lte(literalValue(steps[i - 1]!.from))) return fail("value", `tier bounds must rise strictly: step ${i} starts at ${steps[i]!.from}, step ${i - 1} at ${steps[i - 1]!.from}`);
    }
    if (inc.cap !== undefined && inc.floor !== undefined && literalValue(inc.floor).gt(literalValue(inc.cap))) return fail("value", `the floor ${inc.floor} would be above the cap ${inc.cap}`);
  }
  return { ok: true, checked: copy };
}

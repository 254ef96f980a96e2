/**
 * What changed between two versions of a template, by declaration: the
 * metrics, targets and incentives added, removed and changed. Compared on
 * the checked models when both check (so inherited declarations and funnel
 * metrics count, and comments or formatting do not), otherwise on the
 * merged models without comments.
 * @module
 */
import type { CheckResult } from "../../engine/check/index.js";
import type { NameChanges } from "../../schemas/generated/api.js";

/**
 * The three kinds of declarations compared.
 * @example
 * const d: ModelChanges = { metrics: { added: ["nps"], removed: [], changed: [] }, targets: none, incentives: none };
 */
export interface ModelChanges {
  metrics: NameChanges;
  targets: NameChanges;
  incentives: NameChanges;
}

type Items = Map<string, string>;

/** JSON with the keys that do not change meaning left out. */
const canonical = (value: unknown, drop: ReadonlySet<string>): string => JSON.stringify(value, (k, v: unknown) => (drop.has(k) ? undefined : v));

const CHECKED_DROP = new Set(["file"]);
const MODEL_DROP = new Set(["comments", "trailingComment", "endComments"]);

function itemsOf(r: CheckResult, useChecked: boolean): { metrics: Items; targets: Items; incentives: Items } {
  if (useChecked && r.checked) {
    const c = r.checked;
    return {
      metrics: new Map(c.metrics.map((m) => [m.name, canonical(m, CHECKED_DROP)])),
      targets: new Map(c.targets.map((t) => [t.metric, canonical(t, CHECKED_DROP)])),
      incentives: new Map(c.incentives.map((i) => [i.name, canonical(i, CHECKED_DROP)])),
    };
  }
  const out = { metrics: new Map<string, string>(), targets: new Map<string, string>(), incentives: new Map<string, string>() };
  for (const d of r.merged.declarations) {
    if (d.kind === "metric") out.metrics.set(d.name, canonical(d, MODEL_DROP));
    else if (d.kind === "target") out.targets.set(d.metric, canonical(d, MODEL_DROP));
    else if (d.kind === "incentive") out.incentives.set(d.name, canonical(d, MODEL_DROP));
  }
  return out;
}

function compare(a: Items, b: Items): NameChanges {
  const sorted = (xs: string[]): string[] => xs.sort();
  return {
    added: sorted([...b.keys()].filter((k) => !a.has(k))),
    removed: sorted([...a.keys()].filter((k) => !b.has(k))),
    changed: sorted([...a.keys()].filter((k) => b.has(k) && a.get(k) !== b.get(k))),
  };
}

/**
 * The declarations added, removed and changed from `from` to `to`.
 * @example
 * modelChanges(checkSource(v1), checkSource(v2)).metrics.added; // ["nps"]
 */
export function modelChanges(from: CheckResult, to: CheckResult): ModelChanges {
  // Both sides must be compared in the same form.
  const both = from.checked !== undefined && to.checked !== undefined;
  const a = itemsOf(from, both);
  const b = itemsOf(to, both);
  return { metrics: compare(a.metrics, b.metrics), targets: compare(a.targets, b.targets), incentives: compare(a.incentives, b.incentives) };
}

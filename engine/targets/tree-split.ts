/**
 * Splitting a total down the entity tree (`split even | by history | by attr
 * NAME`), from the root (a template total) or from any entity (a dataset
 * target given to a team in a split template — decision: it is split among
 * that team's members by the same rule, so members' targets always add up to
 * the team's). At each entity the amount goes to its children by largest
 * remainder (ties to the earlier child, in file order), recursively, so every
 * parent's share is exactly the sum of its children's. Decisions:
 * - only children active at some day of the fiscal year take part (someone
 *   who left last year gets no share); an entity with no such children keeps
 *   the amount (it is a leaf of the split);
 * - `even` weighs each child by its number of participating leaves, so every
 *   rep gets the same share whatever the size of their team;
 * - `by history` weighs each child by the metric's actual value for it in the
 *   previous fiscal year; `by attr NAME` by the child's attribute, read as an
 *   exact decimal (`2`, `2.5`, `30%`). A missing value, null or a negative
 *   history counts 0 (a bad attribute text is a `TargetDataError`, reported
 *   up front); when every child weighs 0 the split falls back to `even`.
 * @module
 */
import Big from "big.js";
import type { Dataset } from "../dataset/types.js";
import type { Value } from "../evaluate/contract.js";
import { parseDecimal } from "../money.js";
import type { Weight } from "../split.js";
import type { YearLayout } from "./calendar.js";
import { TargetDataError } from "./dataset-rows.js";
import { makeSplitter, type Splitter } from "./fast-split.js";
import type { TreeSplit } from "./rules.js";

/** One step down the tree, for explanations. @example const s: TreeStep = { entity: 4, share: 200, weight: "1 of 3 leaves" }; */
export interface TreeStep {
  entity: number;
  share: number;
  weight: string;
}

/** A split rule applied to one fiscal year's tree. @example shares.each(0, 600, (leaf, v) => (row[leaf] = v)); */
export interface TreeShares {
  /** True when `entity` passes amounts on to children (false for leaves of the split). */
  splits(entity: number): boolean;
  /** Each leaf under `from` (or `from` itself when it is a leaf) with its share of `amount`. */
  each(from: number, amount: number, visit: (leaf: number, share: number) => void): void;
  /** The steps from `from` down to `leaf`. */
  path(from: number, amount: number, leaf: number): TreeStep[];
}

/**
 * Reads an attribute weight: null when missing; throws `TargetDataError` for text that is not a non-negative decimal.
 * @example
 * attrWeight(dataset, 3, "headcount"); // Big(5) for headcount "5"
 */
export function attrWeight(dataset: Dataset, entity: number, attr: string): Big | null {
  const e = dataset.entities.list[entity]!;
  const text = e.attrs.get(attr);
  if (text === undefined || text.trim() === "") return null;
  const p = parseDecimal(text);
  if (!p.ok || p.value.lt(0)) {
    throw new TargetDataError(`entity ${e.id}: attribute ${attr} is ${JSON.stringify(text)}; \`split by attr ${attr}\` needs a non-negative number`);
  }
  return p.value;
}

/**
 * Builds the split of one rule over one fiscal year.
 * @example
 * const shares = buildTreeShares(dataset, { by: "history" }, layout, (e) => history("new_customers", e, lastYear));
 */
export function buildTreeShares(
  dataset: Dataset,
  split: TreeSplit,
  layout: YearLayout,
  history: (entity: number) => Value,
  formatHistory: (v: Big) => string = (v) => v.toFixed(),
): TreeShares {
  const { list, order } = dataset.entities;
  const n = list.length;
  const active = (e: number): boolean => {
    const { start, end } = list[e]!;
    return (start === null || start <= layout.last) && (end === null || end >= layout.first);
  };
  const kids: number[][] = Array.from({ length: n }, () => []);
  const leaves = new Float64Array(n);
  for (let k = n - 1; k >= 0; k--) {
    const e = order[k]!;
    // Children come after their parent in pre-order, so each is final when its parent is reached.
    if (leaves[e] === 0 && kids[e]!.length === 0 && active(e)) leaves[e] = 1;
    const p = list[e]!.parent;
    if (p >= 0 && leaves[e]! > 0 && active(p)) {
      kids[p]!.unshift(e);
      leaves[p] = leaves[p]! + leaves[e]!;
    }
  }
  const splitters = new Map<number, { splitter: Splitter; labels: string[] }>();
  const weightsOf = (e: number): { splitter: Splitter; labels: string[] } => {
    let s = splitters.get(e);
    if (s !== undefined) return s;
    const children = kids[e]!;
    const even = children.map((c) => leaves[c]!);
    const evenLabels = children.map((c) => `${leaves[c]} of ${leaves[e]} leaves`);
    let w: Weight[] = even;
    let labels = evenLabels;
    if (split.by !== "even") {
      const read = children.map((c) => (split.by === "attr" ? attrWeight(dataset, c, split.attr ?? "") : historyWeight(history(c))));
      const total = read.reduce<Big>((a, b) => a.plus(b ?? 0), new Big(0));
      if (total.gt(0)) {
        w = read.map((b) => b ?? 0);
        const show = (b: Big): string => (split.by === "attr" ? b.toFixed() : formatHistory(b));
        labels = read.map((b) => `${split.by === "attr" ? split.attr : "last year"} ${show(b ?? new Big(0))} of ${show(total)}`);
      } else labels = evenLabels.map((l) => `${l} (no ${split.by === "attr" ? split.attr : "history"}: even)`);
    }
    s = { splitter: makeSplitter(w), labels };
    splitters.set(e, s);
    return s;
  };
  const memo = new Map<string, [number, number][]>();
  const collect = (from: number, amount: number, out: [number, number][]): void => {
    const children = kids[from]!;
    if (children.length === 0) {
      out.push([from, amount]);
      return;
    }
    const parts = weightsOf(from).splitter.split(amount);
    for (let i = 0; i < children.length; i++) collect(children[i]!, parts[i]!, out);
  };
  return {
    splits: (e) => kids[e]!.length > 0,
    each(from, amount, visit) {
      const key = `${from}|${amount}`;
      let pairs = memo.get(key);
      if (pairs === undefined) {
        collect(from, amount, (pairs = []));
        memo.set(key, pairs);
      }
      for (const [leaf, share] of pairs) visit(leaf, share);
    },
    path(from, amount, leaf) {
      const chain: number[] = [];
      for (let e = leaf; e !== from; e = list[e]!.parent) {
        if (e < 0) return [];
        chain.unshift(e);
      }
      const steps: TreeStep[] = [];
      let at = from;
      let value = amount;
      for (const child of chain) {
        const i = kids[at]!.indexOf(child);
        if (i < 0) return steps;
        const w = weightsOf(at);
        value = w.splitter.split(value)[i]!;
        steps.push({ entity: child, share: value, weight: w.labels[i]! });
        at = child;
      }
      return steps;
    },
  };
}

/** A history value as a weight: money and counts are numbers (or exact decimals); null and negatives weigh 0. */
function historyWeight(v: Value): Big | null {
  if (v === null || typeof v === "string" || typeof v === "boolean") return null;
  const b = typeof v === "number" ? (Number.isFinite(v) ? new Big(v) : null) : v;
  return b !== null && b.gt(0) ? b : null;
}

/**
 * How big a result's JSON text will be, before anything is evaluated: a
 * lower bound counted from what every entity-period must hold (its id, kind,
 * name and parent, each metric's key and a value of at least one character,
 * a targeted metric's four more values, scores, incentives, payout). It only
 * refuses results that surely exceed a limit; `limitedWriter` catches the
 * rest while writing. The bound is for the compact style (the HTTP API).
 * @module
 */
import type { CheckedTemplate } from "../check/checked-model.js";
import type { EntityTree } from "../dataset/types.js";
import type { Narrowing } from "./result-narrow.js";
import { subtreeOrder } from "./result-narrow.js";

const quoted = (s: string): number => JSON.stringify(s).length;

/**
 * The fewest bytes the compact result JSON can have, and how many entities it holds.
 * @example
 * minResultBytes(checked, dataset.entities, {}, 1524).bytes; // 1,524 periods of every entity
 */
export function minResultBytes(checked: CheckedTemplate, entities: EntityTree, n: Narrowing, periods: number): { bytes: number; entities: number } {
  const fields = n.fields === undefined ? undefined : new Set(n.fields);
  const targeted = new Set(checked.targets.map((t) => t.metric));
  let perMetrics = 0;
  for (const m of checked.metrics) {
    if (fields && !fields.has(m.name)) continue;
    // "name":{"value":V}, and ,"target":V,"challenge":V,"attainment":V,"pace":V when targeted
    perMetrics += quoted(m.name) + 12 + (targeted.has(m.name) ? 49 : 0);
  }
  const perScores = checked.scorecards.length ? 11 + checked.scorecards.reduce((s, c) => s + quoted(c.name) + 3, 0) : 0;
  const incentivesOf = new Map<string, number>();
  for (const inc of checked.incentives) incentivesOf.set(inc.for, (incentivesOf.get(inc.for) ?? 0) + quoted(inc.name) + 4);
  const roots = n.entities === undefined ? undefined : new Set(n.entities.flatMap((id) => (entities.byId.has(id) ? [entities.byId.get(id)!] : [])));
  const order = roots ? subtreeOrder(entities.order, entities.parents, roots) : entities.order;
  let perPeriod = 0;
  for (let k = 0; k < order.length; k++) {
    const e = entities.list[order[k]!]!;
    const parent = e.parent < 0 ? 4 : quoted(entities.list[e.parent]!.id);
    // {"id":…,"kind":…,"name":…,"parent":…,"metrics":{…},"alerts":[]}
    perPeriod += 56 + quoted(e.id) + quoted(e.kind) + quoted(e.name) + parent + perMetrics + perScores;
    const inc = incentivesOf.get(e.kind);
    if (inc !== undefined) perPeriod += 27 + inc;
  }
  return { bytes: perPeriod * periods, entities: order.length };
}

/**
 * Thrown by a limited writer's `write` past the limit; the caller stops writing.
 * @example
 * try { writeResultJson(cols, w.write); } catch (e) { if (e instanceof ResultTooLarge) refuse(e.written); }
 */
export class ResultTooLarge extends Error {
  override name = "ResultTooLarge";
  /** `written`: bytes so far, the piece that passed the limit included; `pieces`: how many pieces that is. */
  constructor(
    readonly written: number,
    readonly pieces: number,
  ) {
    super(`the result passed ${written} bytes`);
  }
}

/**
 * A `write` for the result writers that keeps at most `limit` bytes (UTF-16
 * code units: a lower bound of UTF-8 bytes) and throws `ResultTooLarge` past it.
 * @example
 * const w = limitedWriter(64 << 20); writeResultJson(cols, w.write, undefined, "compact"); w.text();
 */
export function limitedWriter(limit: number): { write: (piece: string) => void; text: () => string } {
  const parts: string[] = [];
  let length = 0;
  return {
    write(piece) {
      length += piece.length;
      if (length > limit) throw new ResultTooLarge(length, parts.length + 1);
      parts.push(piece);
    },
    text: () => parts.join(""),
  };
}

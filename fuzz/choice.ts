/**
 * The one source of randomness the generators use: `Choice.int`. Behind it
 * is either a list of choices fast-check draws and shrinks (`choices`, so a
 * failing case shrinks choice by choice towards smaller templates and
 * datasets) or a plain seeded PRNG (for the linear-time samples, which are
 * never shrunk). Everything else here is built on `int`.
 * @module
 */
import fc from "fast-check";

/** Picks whole numbers in [min, max]; smaller is "simpler" when shrinking. */
export interface Choice {
  int(min: number, max: number): number;
}

/**
 * What a fast-check property draws: the first choices themselves (each
 * shrinks towards 0, the simplest option; the list shrinks by dropping
 * choices), then a seed for the rest. Far cheaper per choice than
 * `fc.gen()` (a template makes a few hundred choices).
 */
export type Choices = [prefix: number[], seed: number];

/**
 * The arbitrary of `Choices`.
 * @example
 * fc.property(choices(), (ch) => { const c = fromChoices(ch); c.int(0, 3); });
 */
export const choices = (): fc.Arbitrary<Choices> => fc.tuple(fc.array(fc.nat(), { maxLength: 300, size: "max" }), fc.nat());

/**
 * A Choice that reads the prefix, then a PRNG seeded with the seed.
 * @example
 * fromChoices([[0, 1], 7]).int(0, 9); // 0
 */
export function fromChoices([prefix, seed]: Choices): Choice {
  const rest = seeded(seed);
  let i = 0;
  return { int: (min, max) => (i < prefix.length ? min + (prefix[i++]! % (max - min + 1)) : rest.int(min, max)) };
}

/**
 * A Choice over a small seeded PRNG (mulberry32): same seed, same choices.
 * @example
 * seeded(42).int(1, 6); // always the same number for seed 42
 */
export function seeded(seed: number): Choice {
  let a = seed >>> 0;
  const next = (): number => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return { int: (min, max) => min + Math.floor(next() * (max - min + 1)) };
}

/**
 * One element of a non-empty list.
 * @example
 * pick(c, ["a", "b"]);
 */
export function pick<T>(c: Choice, items: readonly T[]): T {
  return items[c.int(0, items.length - 1)]!;
}

/**
 * True with probability about `p` (in hundredths, to keep choices whole numbers).
 * @example
 * if (chance(c, 20)) addComment();
 */
export function chance(c: Choice, percent: number): boolean {
  // 0 is the shrink target, so "false" is the simpler answer.
  return c.int(0, 99) >= 100 - percent;
}

/**
 * `n` distinct elements of `items` (n ≤ items.length), in a chosen order.
 * @example
 * distinct(c, 2, ["a", "b", "c"]); // e.g. ["c", "a"]
 */
export function distinct<T>(c: Choice, n: number, items: readonly T[]): T[] {
  const rest = [...items];
  const out: T[] = [];
  for (let i = 0; i < n && rest.length; i++) out.push(rest.splice(c.int(0, rest.length - 1), 1)[0]!);
  return out;
}

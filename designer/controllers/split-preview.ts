/**
 * The Targets tab's live split preview: a year's base target split into
 * quarters and months by the engine's own `splitYearTarget` (largest
 * remainder at each level), in hundredths, so the parts always sum exactly
 * to the whole — the numbers the evaluation will use.
 * @module
 */
import { splitYearTarget } from "../../engine/split.js";
import { literalValue } from "./commands.js";

/** The preview of one target, or why there is none. */
export type SplitPreview =
  | { ok: true; total: number; quarters: number[]; months: number[] }
  | { ok: false; reason: string };

/**
 * Splits `base` (a number literal) by quarter or month weights (literals).
 * @example
 * previewSplit("1_200_000", ["20%", "25%", "25%", "30%"]);
 * // { ok: true, total: 1200000, quarters: [240000, 300000, 300000, 360000], months: [80000, 80000, 80000, 100000, …] }
 */
export function previewSplit(base: string, quarters?: readonly string[], months?: readonly string[]): SplitPreview {
  const value = literalValue(base);
  if (!Number.isFinite(value)) return { ok: false, reason: `${base} is not a number` };
  const minor = Math.round(value * 100);
  try {
    const ms = splitYearTarget(minor, quarters && quarters.length === 4 ? quarters : undefined, months && months.length === 12 ? months : undefined).map((x) => x / 100);
    const qs = [0, 1, 2, 3].map((q) => Math.round((ms[3 * q]! + ms[3 * q + 1]! + ms[3 * q + 2]!) * 100) / 100);
    return { ok: true, total: minor / 100, quarters: qs, months: ms };
  } catch (e) {
    return { ok: false, reason: (e as Error).message };
  }
}

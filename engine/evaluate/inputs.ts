/**
 * Values of `= input` metrics, from the dataset's `inputs`. Decision: an
 * input applies to exactly the entity and period it names — it is not rolled
 * up the tree (a team without its own input is null, not the sum or average
 * of its reps: an input such as a satisfaction score has no meaningful
 * rollup, and a made-up one would silently feed pay), not spread over finer
 * periods, not summed into longer ones, and not part of a year to date.
 * An input row for a period finer than the grain can never apply and is
 * reported as an error by `index.ts`.
 * @module
 */
import type { InputValue } from "../dataset/types.js";

/**
 * Inputs by metric, then period text, then entity.
 * @example
 * const inputs = new InputTable(dataset.inputs);
 * inputs.get("satisfaction", "2026-03")?.get(3); // 4.5
 */
export class InputTable {
  private readonly byMetric = new Map<string, Map<string, Map<number, number | null>>>();

  constructor(rows: readonly InputValue[]) {
    for (const r of rows) {
      let byPeriod = this.byMetric.get(r.metric);
      if (!byPeriod) this.byMetric.set(r.metric, (byPeriod = new Map()));
      let byEntity = byPeriod.get(r.period);
      if (!byEntity) byPeriod.set(r.period, (byEntity = new Map()));
      byEntity.set(r.entity, r.value);
    }
  }

  /** The values of one metric in one period, by entity index. */
  get(metric: string, period: string): ReadonlyMap<number, number | null> | undefined {
    return this.byMetric.get(metric)?.get(period);
  }

  /**
   * Fills a column (NaN is null) for one metric and period.
   * @example
   * inputs.fill(col, "satisfaction", "2026-03");
   */
  fill(col: Float64Array, metric: string, period: string): void {
    const values = this.get(metric, period);
    if (!values) return;
    for (const [e, v] of values) col[e] = v === null ? NaN : v;
  }
}

/**
 * How both sides of W1 time their evaluations, alike: `warmup` untimed runs
 * (the first of them reported as the cold run), then `runs` timed ones, of
 * which the median and every figure are reported. Used by w1-baseline.ts
 * and w1-engine.ts.
 * @module
 */

/**
 * Timed evaluations: the first one's time, the median of the timed ones, and each of them.
 * @example
 * const t: RunTimes = { coldMs: 150, evalMs: 42, evalRunsMs: [41, 42, 44] };
 */
export interface RunTimes {
  coldMs: number;
  evalMs: number;
  evalRunsMs: number[];
}

/**
 * Runs `evaluate` `warmup + runs` times (at least one timed), timing each
 * call alone; `after` sees every result, untimed (`last` for the final one).
 * @example
 * const times = timeRuns({ warmup: 3, runs: 9 }, () => evaluateBaseline(t, "half_even"), (r) => (sums = computeChecksums(r)));
 */
export function timeRuns<T>(options: { warmup?: number; runs?: number }, evaluate: () => T, after: (result: T, last: boolean) => void): RunTimes {
  const warmup = Math.max(0, options.warmup ?? 0);
  const total = warmup + Math.max(1, options.runs ?? 1);
  const evalRunsMs: number[] = [];
  let coldMs = NaN;
  for (let r = 0; r < total; r++) {
    const t0 = performance.now();
    const result = evaluate();
    const ms = performance.now() - t0;
    if (r === 0) coldMs = ms;
    if (r >= warmup) evalRunsMs.push(ms);
    after(result, r === total - 1);
  }
  const sorted = [...evalRunsMs].sort((a, b) => a - b);
  return { coldMs, evalMs: sorted[Math.floor(sorted.length / 2)]!, evalRunsMs };
}

/**
 * A fixed-seed slice of `npm run fuzz` (fuzz/): a few hundred cases of each
 * property and six linear-time pairs (run, not timed), so `npm test` keeps
 * the generators and the oracles honest. The seeds are fixed: a failure here reproduces with
 * `npm run fuzz -- --only NAME --seed SEED --jobs 1`.
 */
import fc from "fast-check";
import { afterAll, describe, expect, it } from "vitest";
import { fuzzServer } from "../../fuzz/http.js";
import { checkLinear } from "../../fuzz/linear.js";
import { httpProperty, mutantsProperty, noiseProperty, roundtripProperty, type Stats } from "../../fuzz/properties.js";

const SEED = 20261207;

describe("fuzz slice (fixed seeds)", () => {
  it("broken templates: parse and check never throw, every diagnostic is located", () => {
    const stats: Stats = new Map();
    fc.assert(mutantsProperty(stats), { numRuns: 300, seed: SEED });
    expect(stats.get("cases")).toBe(300);
    // Most mutants are broken; a few still check clean and must print idempotently.
    expect(stats.get("with errors") ?? 0).toBeGreaterThan(200);
  });

  it("random text as a template and as a formula", () => {
    const stats: Stats = new Map();
    fc.assert(noiseProperty(stats), { numRuns: 300, seed: SEED + 1 });
    expect(stats.get("cases")).toBe(300);
  });

  it("good templates: evaluate(print(parse(x))) equals evaluate(x); print is idempotent", () => {
    const stats: Stats = new Map();
    fc.assert(roundtripProperty(stats), { numRuns: 150, seed: SEED + 2 });
    // The generator's templates check clean, and most evaluations give a result.
    expect(stats.get("clean")).toBe(150);
    expect(stats.get("results") ?? 0).toBeGreaterThan(75);
  });

  const server = fuzzServer();
  afterAll(() => server.close());
  it("check, format and evaluate over HTTP never answer 5xx", async () => {
    const stats: Stats = new Map();
    await fc.assert(httpProperty(server, stats), { numRuns: 100, seed: SEED + 3 });
    expect(stats.get("/v1/evaluate 200") ?? 0).toBeGreaterThan(5);
  });

  it("the linear-time pairs run (the ratio is held by npm run fuzz, not by a timed unit test)", () => {
    // The project measures speed in benchmarks, never in timed tests: under
    // `npm test` the other files share the cores. This runs the pairs' code.
    // A dataset pair is skipped when its dataset has no records, so six pairs for all three families.
    const samples = checkLinear({ seed: SEED, samples: 6, chars: 5_000, maxRatio: Infinity });
    expect(new Set(samples.map((s) => s.family))).toEqual(new Set(["template", "mutant", "dataset"]));
    for (const s of samples) expect(s.ratio).toBeGreaterThan(0);
  });
});

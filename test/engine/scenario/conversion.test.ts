/**
 * A funnel step's conversion in a scenario (apply-conversion.ts), on the
 * SaaS example's March 2026 funnel for the whole company: leads 1,102 →
 * opportunities 211 → follow-ups 198 → quotes 141 → signed 68. Quotes'
 * conversion +10%: quotes and signed × 1.1 (155.1, 74.8), the steps before
 * as they were, the quote rate 155.1 / 198, the signing rate 74.8 / 155.1 =
 * 68 / 141 as before, the funnel's conversion 74.8 / 1,102.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { createBaseLoader } from "../../../cli/base-loader.js";
import { checkSource } from "../../../engine/check/index.js";
import { loadDatasetFolder } from "../../../engine/dataset/index.js";
import { datasetSpecOf, evaluate } from "../../../engine/evaluate/index.js";
import { prepareScenarios, simulate } from "../../../engine/scenario/index.js";
import { ROOT } from "../../golden/examples.js";

const file = join(ROOT, "examples/saas/growth.kpi");
const checked = checkSource(readFileSync(file, "utf8"), { file, loadBase: createBaseLoader().load }).checked!;
const loaded = await loadDatasetFolder(join(ROOT, "examples/saas/dataset"), datasetSpecOf(checked));
if (!loaded.ok) throw new Error(JSON.stringify(loaded.errors.slice(0, 3)));

const funnelOfAll = (t: typeof checked): Record<string, number> => {
  const out = evaluate(t, loaded.dataset, { period: "2026-03" });
  if (!out.ok) throw new Error(JSON.stringify(out.errors));
  const all = out.result.periods[0]!.entities.find((e) => e.id === "all")!;
  return Object.fromEntries(Object.entries(all.metrics).filter(([k]) => k.startsWith("pipeline.")).map(([k, v]) => [k, v.value as number]));
};

describe("a funnel step's conversion", () => {
  it("multiplies the step and every later step by 1 + by, and nothing before", () => {
    const p = prepareScenarios(checked, [{ name: "quotes +10%", changes: [{ kind: "conversion", funnel: "pipeline", step: "quotes", by: "+10%" }] }]);
    if (!p.ok) throw new Error(JSON.stringify(p.errors));
    const before = funnelOfAll(checked);
    const after = funnelOfAll(p.prepared[0]!.checked);
    expect([before["pipeline.leads"], before["pipeline.opportunities"], before["pipeline.followups"], before["pipeline.quotes"], before["pipeline.signed"]]).toEqual([1102, 211, 198, 141, 68]);
    expect(after["pipeline.leads"]).toBe(1102);
    expect(after["pipeline.opportunities"]).toBe(211);
    expect(after["pipeline.followups"]).toBe(198);
    expect(after["pipeline.quotes"]).toBeCloseTo(155.1, 10);
    expect(after["pipeline.signed"]).toBeCloseTo(74.8, 10);
    expect(after["pipeline.quotes_rate"]).toBeCloseTo(155.1 / 198, 12);
    expect(after["pipeline.signed_rate"]).toBeCloseTo(68 / 141, 12);
    expect(after["pipeline.conversion"]).toBeCloseTo(74.8 / 1102, 12);
    // The baseline template is not changed by the scenario.
    expect(funnelOfAll(checked)["pipeline.quotes"]).toBe(141);
  });

  it("locates a funnel, a step or a change that does not fit", () => {
    const p = prepareScenarios(checked, [
      {
        name: "x",
        changes: [
          { kind: "conversion", funnel: "pipe", step: "quotes", by: "+10%" },
          { kind: "conversion", funnel: "pipeline", step: "quote", by: "+10%" },
          { kind: "conversion", funnel: "pipeline", step: "leads", by: "+10%" },
          { kind: "conversion", funnel: "pipeline", step: "signed", by: "-120%" },
          { kind: "conversion", funnel: "pipeline", step: "__proto__", by: "+1%" },
        ],
      },
    ]);
    expect(p).toEqual({
      ok: false,
      errors: [
        { path: "/scenarios/0/changes/0/funnel", message: 'the template has no funnel "pipe" (its funnels: pipeline)' },
        { path: "/scenarios/0/changes/1/step", message: 'funnel pipeline has no step "quote" (its steps: leads, opportunities, followups, quotes, signed)' },
        { path: "/scenarios/0/changes/2/step", message: 'leads is the first step of funnel pipeline: nothing converts into it; change its source\'s records with a "scale" instead' },
        { path: "/scenarios/0/changes/3/by", message: "-120% would make the counts of pipeline.signed negative; the most a conversion can take away is -100%" },
        { path: "/scenarios/0/changes/4/step", message: 'funnel pipeline has no step "__proto__" (its steps: leads, opportunities, followups, quotes, signed)' },
      ],
    });
  });

  it("is compared like any other scenario: what reads the funnel follows, the records do not change", () => {
    const out = simulate(checked, loaded.dataset, { period: "2026-03", scenarios: [{ name: "signed +10%", changes: [{ kind: "conversion", funnel: "pipeline", step: "signed", by: "+10%" }] }] });
    if (out.kind !== "ok") throw new Error(JSON.stringify(out));
    // Revenue is a sum of deal amounts: unchanged, since no record changed.
    expect(out.value.scenarios[0]!.revenue).toBe(out.value.baseline.revenue);
  });
});

/**
 * The scenario form's controller (designer/controllers/scenarios.ts) in
 * Node: drafts → the API's scenarios and back (what Save draft sends and
 * the next browser reads), which drafts are held back while half-typed, and
 * where a server problem is placed.
 */
import { describe, expect, it } from "vitest";
import { fromScenarios, normalizeBy, placeOf, savable, toScenarios, type ScenarioDraft } from "../../designer/controllers/scenarios.js";

const TOP: ScenarioDraft = { name: " top tier 10% ", changes: [{ kind: "set", slot: "incentive|commission|/tiers/steps/2/rate", value: "10%" }] };
const NEW: ScenarioDraft = { name: "new +10%", changes: [{ kind: "scale", field: "deals.amount", by: "10", where: 'kind == "new"' }] };

describe("scenario drafts", () => {
  it("become the API's scenarios (names trimmed, 10 read as +10%) and come back as the form edits them", () => {
    const api = toScenarios([TOP, NEW]);
    expect(api).toEqual([
      { name: "top tier 10%", changes: [{ kind: "set", in: "incentive", name: "commission", path: "/tiers/steps/2/rate", value: "10%" }] },
      { name: "new +10%", changes: [{ kind: "scale", source: "deals", field: "amount", by: "+10%", where: 'kind == "new"' }] },
    ]);
    expect(fromScenarios(api)).toEqual([
      { ...TOP, name: "top tier 10%" },
      { ...NEW, changes: [{ kind: "scale", field: "deals.amount", by: "+10%", where: 'kind == "new"' }] },
    ]);
    // A funnel conversion change goes by its funnel.step key, both ways; a scale without a filter has an empty one.
    const conv = [{ name: "c", changes: [{ kind: "conversion" as const, funnel: "pipeline", step: "quotes", by: "+1%" }, { kind: "scale" as const, source: "deals", field: "amount", by: "-5%" }] }];
    expect(fromScenarios(conv)).toEqual([
      { name: "c", changes: [{ kind: "conversion", step: "pipeline.quotes", by: "+1%" }, { kind: "scale", field: "deals.amount", by: "-5%", where: "" }] },
    ]);
    expect(toScenarios(fromScenarios(conv))).toEqual(conv);
    expect(savable(fromScenarios(conv)).held).toEqual([]);
    expect(savable([{ name: "half", changes: [{ kind: "conversion", step: "pipeline.quotes", by: "+" }] }]).held).toEqual(["half"]);
  });

  it("holds back the half-typed ones (a value that is not a number yet, an empty name, a bad change) so the draft still saves", () => {
    const half: ScenarioDraft = { name: "half", changes: [{ kind: "set", slot: "incentive|commission|/cap", value: "1." }] };
    const nameless: ScenarioDraft = { name: "  ", changes: [] };
    const badBy: ScenarioDraft = { name: "by", changes: [{ kind: "scale", field: "deals.amount", by: "ten", where: "" }] };
    expect(savable([TOP, half, nameless, NEW, badBy])).toEqual({ ok: [TOP, NEW], held: ["half", "?", "by"] });
    expect(savable([{ name: "neg", changes: [{ kind: "set", slot: "incentive|commission|/floor", value: "-1_000.50" }] }]).held).toEqual([]);
    expect(normalizeBy(" 2.5 % ")).toBe("+2.5%");
  });

  it("places a server problem by scenario name and change number", () => {
    expect(placeOf("/scenarios/1/changes/0/by", [TOP, NEW])).toEqual({ scenario: "new +10%", change: 1 });
    expect(placeOf("/scenarios/0/name", [TOP])).toEqual({ scenario: " top tier 10% " });
    expect(placeOf("/period", [TOP])).toBeUndefined();
  });
});

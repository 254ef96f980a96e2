/**
 * Challenge targets: `challenge P%` is P% of the base at each cell, rounded
 * once there by the template's mode; `challenge N` splits like the base;
 * dataset challenges replace the template's where given.
 * @module
 */
import { describe, expect, it } from "vitest";
import { buildTargets } from "../../../engine/targets/index.js";
import { cell, dataset, noHistory, template, type RowSpec } from "./helpers.js";

const tree = (rows: RowSpec[] = []) => dataset([{ id: "east", kind: "team" }, { id: "r1", parent: "east" }, { id: "r2", parent: "east" }], rows);
const yearly = (challenge: string, header = "") =>
  template(`target amount {\n base 1_200_000 per rep per year\n quarters 20% 25% 25% 30%\n challenge ${challenge}\n}`, header);

describe("challenge P%", () => {
  it("is 120% of the base: 80,000.00 → 96,000.00", () => {
    const ds = tree();
    const t = buildTargets(yearly("120%"), ds, noHistory);
    expect(t.target("amount", cell(ds, "r1", "2026-03"))).toEqual({ base: 8_000_000, challenge: 9_600_000 });
    expect(t.target("amount", cell(ds, "east", "2026"))).toEqual({ base: 240_000_000, challenge: 288_000_000 });
  });

  it("is P% of a longer period's base, rounded once (not the sum of rounded months)", () => {
    const ds = tree([{ entity: "r1", metric: "amount", period: "2026", base: 60_007_919 }]);
    const t = buildTargets(template("target amount {\n quarters 20% 25% 25% 30%\n challenge 120%\n}"), ds, noHistory);
    // March: 4,000,528 × 1.2 = 4,800,633.6 → 4,800,634; Q1: 12,001,584 × 1.2 = 14,401,900.8 → 14,401,901 (three months would give 14,401,902).
    expect(t.target("amount", cell(ds, "r1", "2026-03")).challenge).toBe(4_800_634);
    expect(t.target("amount", cell(ds, "r1", "2026-Q1")).challenge).toBe(14_401_901);
  });

  it("applies to a dataset base", () => {
    const ds = tree([{ entity: "r2", metric: "amount", period: "2026", base: 60_039_595 }]);
    const t = buildTargets(yearly("120%"), ds, noHistory);
    // March 4,002,639 × 1.2 = 4,803,166.8 → 4,803,167.
    expect(t.target("amount", cell(ds, "r2", "2026-03"))).toEqual({ base: 4_002_639, challenge: 4_803_167 });
  });

  it.each([["half_up", 17], ["half_even", 16]] as const)("rounds an exact half by the template's mode (%s): 15 × 110%% = 16.5 → %i", (mode, expected) => {
    const ds = tree();
    const t = buildTargets(template("target deals_won {\n base 15 per rep per month\n challenge 110%\n}", `rounding ${mode}`), ds, noHistory);
    expect(t.target("deals_won", cell(ds, "r1", "2026-03")).challenge).toBe(expected);
  });

  it("explains the multiplication", () => {
    const ds = tree();
    const t = buildTargets(yearly("120%"), ds, noHistory);
    expect(t.explain("amount", cell(ds, "r1", "2026-03")).steps.at(-1)).toBe("challenge 120% × 80,000.00 = 96,000.00 (rounded half_up)");
  });
});

describe("challenge N", () => {
  it("splits 1,500,000.00 per rep per year like the base", () => {
    const ds = tree();
    const t = buildTargets(yearly("1_500_000"), ds, noHistory);
    expect(t.target("amount", cell(ds, "r1", "2026-03"))).toEqual({ base: 8_000_000, challenge: 10_000_000 });
    expect(t.target("amount", cell(ds, "r1", "2026-12")).challenge).toBe(15_000_000);
    expect(t.target("amount", cell(ds, "east", "2026")).challenge).toBe(300_000_000);
    expect(t.explain("amount", cell(ds, "r1", "2026-03")).steps.at(-1)).toBe("challenge 1,500,000.00 annual per rep, split like the base → 100,000.00");
  });
});

describe("dataset challenges", () => {
  it("replace P% of the base where given; sums include them", () => {
    const ds = tree([{ entity: "r1", metric: "amount", period: "2026-03", challenge: 9_000_000 }]);
    const t = buildTargets(yearly("120%"), ds, noHistory);
    const at = (id: string, p: string) => t.target("amount", cell(ds, id, p));
    expect(at("r1", "2026-03")).toEqual({ base: 8_000_000, challenge: 9_000_000 });
    expect(at("r1", "2026-Q1").challenge).toBe(9_600_000 + 9_600_000 + 9_000_000);
    expect(at("r1", "2026-Q2").challenge).toBe(36_000_000);
    expect(at("east", "2026-03").challenge).toBe(9_000_000 + 9_600_000);
    expect(at("east", "2026-04").challenge).toBe(24_000_000);
  });

  it("split like a base when the template has no challenge", () => {
    const ds = tree([{ entity: "r1", metric: "amount", period: "2026", challenge: 150_000_000 }]);
    const t = buildTargets(template("target amount {\n base 1_200_000 per rep per year\n quarters 20% 25% 25% 30%\n}"), ds, noHistory);
    expect(t.target("amount", cell(ds, "r1", "2026-03"))).toEqual({ base: 8_000_000, challenge: 10_000_000 });
    expect(t.target("amount", cell(ds, "r2", "2026-03"))).toEqual({ base: 8_000_000, challenge: null });
  });

  it("are null with no challenge anywhere", () => {
    const ds = tree();
    const t = buildTargets(template("target amount { base 1_200_000 per rep per year }"), ds, noHistory);
    expect(t.target("amount", cell(ds, "r1", "2026-03"))).toEqual({ base: 10_000_000, challenge: null });
  });
});

describe("flat metrics", () => {
  it("take P% of the base exactly, or N as written", () => {
    const ds = tree();
    const t = buildTargets(template("target rate {\n base 80%\n challenge 110%\n}\ntarget cycle {\n base 45\n challenge 40\n}"), ds, noHistory);
    expect(t.target("rate", cell(ds, "east", "2026-Q1"))).toEqual({ base: 0.8, challenge: 0.88 });
    expect(t.target("cycle", cell(ds, "r1", "2026-03"))).toEqual({ base: 45, challenge: 40 });
  });
});

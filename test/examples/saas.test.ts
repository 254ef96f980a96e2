/**
 * Spot checks of the SaaS templates (examples/saas/) on their generated
 * dataset: headline figures computed by hand from the CSV rows, compared with
 * what `kpi eval --format json` returns. A golden file only says the numbers
 * did not move; these say they are right. Each check first pins the CSV rows
 * its arithmetic starts from, so a regenerated dataset fails here with the
 * rows that changed rather than with a mysterious number.
 *
 * Most checks use 周敏 (r025, 西部大区) in June 2026, whose month is short
 * enough to add up by hand (examples/saas/dataset/*.csv, rows `r025,2026-06-…`):
 *
 *   deals:   06-01 c04463 new       lost  29000.00
 *            06-11 c04398 renewal   lost  45000.00
 *            06-19 c04466 new       won   41800.00  cost 10116.00  36 days
 *            06-23 c04360 expansion won   13800.00  cost  1659.00
 *            06-30 c04357 renewal   won   52000.00  cost 10286.00
 *   surveys: scores 4, 10, 10, 8, 9, 9, 7, 5 → 4 promoters (≥ 9), 2 detractors (≤ 6)
 *   leads:   39 rows; followups: 8 distinct customers.
 *   inputs:  csat 4.4 for 2026-06.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { exampleEntities, exampleEntity, ROOT } from "../golden/examples.js";
import type { EntityResult } from "../../schemas/generated/result.js";

/** One entity of a saas template's result (evaluated once per template and period). */
const entity = (stem: string, period: string, id: string): Promise<EntityResult> => exampleEntity("saas", stem, period, id);
const entities = (stem: string, period: string): Promise<EntityResult[]> => exampleEntities("saas", stem, period);

/** The data lines of a dataset CSV that start with `prefix` (e.g. `r025,2026-06`). */
function rows(file: string, prefix: string): string[] {
  return readFileSync(join(ROOT, "examples/saas/dataset", file), "utf8")
    .split("\n")
    .filter((l) => l.startsWith(prefix));
}

const alertNames = (e: EntityResult): string[] => e.alerts.map((a) => a.alert);

describe("the hand-checked rows", () => {
  it("周敏 (r025) in June 2026 has the rows the arithmetic below starts from", () => {
    expect(rows("deals.csv", "r025,2026-06")).toEqual([
      "r025,2026-06-01,c04463,new,lost,29000.00,0.00,41",
      "r025,2026-06-11,c04398,renewal,lost,45000.00,0.00,38",
      "r025,2026-06-19,c04466,new,won,41800.00,10116.00,36",
      "r025,2026-06-23,c04360,expansion,won,13800.00,1659.00,19",
      "r025,2026-06-30,c04357,renewal,won,52000.00,10286.00,39",
    ]);
    expect(rows("surveys.csv", "r025,2026-06").map((l) => Number(l.split(",")[3]))).toEqual([4, 10, 10, 8, 9, 9, 7, 5]);
    expect(rows("leads.csv", "r025,2026-06")).toHaveLength(39);
    expect(new Set(rows("followups.csv", "r025,2026-06").map((l) => l.split(",")[3])).size).toBe(8);
    expect(rows("inputs.csv", "r025,csat,2026-06,")).toEqual(["r025,csat,2026-06,4.4"]);
  });
});

describe("saas_base", () => {
  it("new contract amount and attainment of 周敏 for 2026-06", async () => {
    const e = await entity("base", "2026-06", "r025");
    // One won new contract: 41800.00. Target 1_200_000 × Q2 25% / 3 months = 100000.00.
    expect(e.metrics.new_amount).toMatchObject({ value: "41800.00", target: "100000.00", attainment: 0.418 });
    // Renewals: 1 won (c04357) of 2 decided → 50%; below the 70% gate, and 41.8% pays no tier anyway.
    expect(e.metrics.renewal_rate!.value).toBe(0.5);
    expect(e.incentives).toEqual({ commission: "0.00", challenge_bonus: "0.00" });
  });
});

describe("saas_growth", () => {
  it("scores 周敏's June by hand over all five KPIs", async () => {
    const e = await entity("growth", "2026-06", "r025");
    // new_amount 41800.00 / June target 1_200_000 × 10% = 120000.00 → 0.348333…
    expect(e.metrics.new_amount).toMatchObject({ value: "41800.00", target: "120000.00", attainment: 41800 / 120000 });
    // conversion: 1 signed / 39 leads = 0.025641…, target 5% → 0.512820…
    expect(e.metrics["pipeline.conversion"]!.value).toBeCloseTo(1 / 39, 15);
    // NRR: (renewed 52000 + expansion 13800) / (renewed 52000 + churned 45000) = 65800 / 97000
    expect(e.metrics.nrr!.value).toBeCloseTo(65800 / 97000, 15);
    // cycle: one won new deal of 36 days; lower is better → 40 / 36
    expect(e.metrics.cycle_days).toMatchObject({ value: 36, attainment: 40 / 36 });
    // NPS: 100 × (4 − 2) / 8 = 25
    expect(e.metrics.nps!.value).toBe(25);
    // Score = 35% × 0.348333 + 20% × 0.512821 + 20% × min(0.678351 / 1.05, 120%) + 15% × 1.111111 + 10% × 25/40
    //       = 0.121917 + 0.102564 + 0.129210 + 0.166667 + 0.0625 = 0.582857
    const expected = 0.35 * (41800 / 120000) + 0.2 * (1 / 39 / 0.05) + 0.2 * (65800 / 97000 / 1.05) + 0.15 * (40 / 36) + 0.1 * (25 / 40);
    expect(e.scores!.monthly).toBeCloseTo(expected, 12);
    expect(e.scores!.monthly).toBeCloseTo(0.582857, 6);
    // Nothing pays: attainment under 80%, NRR under 95%, one deal (fast_close needs 2).
    expect(e.incentives).toEqual({ commission: "0.00", challenge_bonus: "0.00", expansion_commission: "0.00", fast_close: "0.00" });
    expect(e.payout).toBe("0.00");
    // Behind pace (34.8% < 80%) and low NRR (67.8% < 90% with churn).
    expect(e.alerts).toEqual([
      { alert: "behind_pace", severity: "warning", message: "周敏 新签合同额进度 34.8%，本年累计 227900.00" },
      { alert: "low_nrr", severity: "warning", message: "周敏 净收入留存率 67.8%，流失额 45000.00" },
    ]);
  });

  it("caps the commission of the huge June contract (胡伟, r002)", async () => {
    expect(rows("deals.csv", "r002,2026-06").filter((l) => l.includes(",new,won,"))).toEqual([
      "r002,2026-06-03,c00292,new,won,101700.00,23249.00,43",
      "r002,2026-06-13,c00296,new,won,14000.00,3251.00,48",
      "r002,2026-06-24,c90001,new,won,3800000.00,1250000.00,163",
    ]);
    const e = await entity("growth", "2026-06", "r002");
    // 101700 + 14000 + 3800000 = 3915700.00. His targets.csv quota 2000000.00 × June weight 10% = 200000.00.
    expect(e.metrics.new_amount).toMatchObject({ value: "3915700.00", target: "200000.00", challenge: "240000.00", attainment: 19.5785 });
    // 8% × 3915700 = 313256.00 → cap 50000.00; challenge 240000.00 reached → 5000.00;
    // fast_close gate fails: cycle (43 + 48 + 163) / 3 = 84.7 days > 35.
    expect(e.incentives).toMatchObject({ commission: "50000.00", challenge_bonus: "5000.00", fast_close: "0.00" });
  });

  it("a team's renewal rate is its own count, not an average of reps (华北大区)", async () => {
    // Renewal rows of north reps (r009–r016) closed in June: 12 won, 1 lost.
    const north = ["r009", "r010", "r011", "r012", "r013", "r014", "r015", "r016"];
    const renewals = north.flatMap((r) => rows("deals.csv", `${r},2026-06`)).filter((l) => l.includes(",renewal,"));
    expect([renewals.filter((l) => l.includes(",won,")).length, renewals.filter((l) => l.includes(",lost,")).length]).toEqual([12, 1]);
    const e = await entity("growth", "2026-06", "north");
    expect(e.metrics.renewal_rate!.value).toBe(12 / 13);
  });
});

describe("saas_startup", () => {
  it("pays the new hire 胡强 (r016) a marginal commission on his one June deal", async () => {
    // Hired 2026-04-15; in June he is active all month.
    expect(rows("deals.csv", "r016,2026-06")).toEqual(["r016,2026-06-22,c02544,new,won,211800.00,71658.00,31"]);
    const e = await entity("startup", "2026-06", "r016");
    // June target: 1_000_000 × Q2 25% = 250000.00 split over three months by largest
    // remainder (83333.34 to April) → 83333.33; challenge 130% → 108333.33.
    expect(e.metrics.new_amount).toMatchObject({ value: "211800.00", target: "83333.33", challenge: "108333.33" });
    // Marginal slices: 4% × 83333.33 = 3333.33
    //                + 8% × (108333.33 − 83333.33) = 2000.00
    //                + 10% × (211800.00 − 108333.33) = 10346.67  → 15680.00
    // First-deal bonus: 1 new customer → 1000.00; logo challenge needs 3 → 0.
    expect(e.incentives).toEqual({ commission: "15680.00", first_deals: "1000.00", logo_challenge: "0.00" });
    expect(e.payout).toBe("16680.00");
  });

  it("pays 孙娜 (r024), hired in September, nothing for June", async () => {
    // entities.csv: r024 starts 2026-09-12, so June has no active day: targets 0.00 and 0 (prorated
    // over 0 of 30 days), and `new_customers >= challenge(new_customers)` holds at 0 ≥ 0 — but the
    // engine pays no one for a period they were not employed in, so no `challenge(m) > 0` guard is needed.
    expect(rows("entities.csv", "r024,")).toEqual(["r024,rep,孙娜,south,2026-09-12,,华南,24"]);
    const e = await entity("startup", "2026-06", "r024");
    expect(e.metrics.new_customers).toMatchObject({ value: 0, target: 0, challenge: 0 });
    expect(e.incentives).toEqual({ commission: "0.00", first_deals: "0.00", logo_challenge: "0.00" });
    expect(e.payout).toBe("0.00");
  });

  it("pays 周敏 4% of a below-target amount plus the first-deal bonus", async () => {
    const e = await entity("startup", "2026-06", "r025");
    // 41800.00 < 83333.33: only the first slice, 4% × 41800 = 1672.00; one new customer → 1000.00.
    expect(e.incentives).toEqual({ commission: "1672.00", first_deals: "1000.00", logo_challenge: "0.00" });
    expect(e.payout).toBe("2672.00");
    // Coverage: 8 distinct customers followed up, target 10 per rep per month → 80%.
    expect(e.metrics.covered_accounts).toMatchObject({ value: 8, target: 10, attainment: 0.8 });
  });

  it("flags the planted order padding of 朱娜 (r021) and holds back her commission", async () => {
    const late = rows("deals.csv", "r021,2026-06-").filter((l) => /,2026-06-(28|29|30),/.test(l) && l.includes(",won,"));
    const small = late.filter((l) => Number(l.split(",")[5]) < 5000);
    // Ten won orders under 5000 in June's last three days, all from customer c90002.
    expect(small).toHaveLength(10);
    expect(new Set(small.map((l) => l.split(",")[2]))).toEqual(new Set(["c90002"]));
    const e = await entity("startup", "2026-06", "r021");
    expect(e.metrics.late_small_orders!.value).toBe(10);
    expect(e.metrics.late_small_customers!.value).toBe(1);
    expect(e.metrics.padding_suspected!.value).toBe(true);
    expect(e.alerts).toContainEqual({ alert: "order_padding", severity: "critical", message: "朱娜 月末3天内 10 笔小额订单仅来自 1 个客户" });
    // New amount 55100 + 22800 = 77900.00 would earn 4% = 3116.00, but the gate holds it back.
    expect(e.metrics.new_amount!.value).toBe("77900.00");
    expect(e.incentives!.commission).toBe("0.00");
    // Only her team and the company see the alert too; other reps do not.
    const flagged = (await entities("startup", "2026-06")).filter((x) => alertNames(x).includes("order_padding")).map((x) => x.id);
    expect(flagged).toEqual(["all", "south", "r021"]);
  });
});

describe("saas_mature", () => {
  it("周敏's gross margin, lifetime value and renewal floor", async () => {
    const e = await entity("mature", "2026-06", "r025");
    // Won 41800 + 13800 + 52000 = 107600.00; cost 10116 + 1659 + 10286 = 22061.00 → margin 85539.00
    expect(e.metrics.gross_margin!.value).toBe("85539.00");
    expect(e.metrics.margin_rate!.value).toBe(85539 / 107600);
    // CLV multiple: margin rate / max(1 − 50%, 10%) = 0.794972 / 0.5
    expect(e.metrics.clv_multiple!.value).toBeCloseTo(85539 / 107600 / 0.5, 14);
    // Her margin target (split by 2025 history) is 158220.90, above 85539.00, so only the 2% slice:
    // 2% × 85539.00 = 1710.78. Renewal rate 50% reaches no tier → 0, raised to the floor 300.00.
    // NPS 25 < 45 → no satisfaction bonus.
    expect(e.metrics.gross_margin!.target).toBe("158220.90");
    expect(e.incentives).toEqual({ margin_commission: "1710.78", renewal_bonus: "300.00", satisfaction_bonus: "0.00" });
    expect(e.payout).toBe("2010.78");
  });

  it("caps the margin commission on the huge deal and flags its thin margin", async () => {
    const e = await entity("mature", "2026-06", "r002");
    // The huge deal alone: 2% × (3800000 − 1250000) = 51000.00 ≥ cap 40000.00.
    expect(e.incentives!.margin_commission).toBe("40000.00");
    // June: won 101700 + 14000 + 5600 + 3800000 + 42600 = 3963900.00,
    // cost 23249 + 3251 + 532 + 1250000 + 2634 = 1279666.00 → margin rate 2684234 / 3963900 = 67.7% < 70%.
    expect(e.metrics.gross_margin!.value).toBe("2684234.00");
    expect(alertNames(e)).toContain("margin_squeeze");
  });

  it("fires the year-on-year alert for 吴敏 (r012), idle in June 2026", async () => {
    expect(rows("deals.csv", "r012,2026-06")).toEqual([]);
    // June 2025: three won deals totalling 123300.00.
    const won2025 = rows("deals.csv", "r012,2025-06").filter((l) => l.includes(",won,"));
    expect(won2025.reduce((s, l) => s + Number(l.split(",")[5]) * 100, 0)).toBe(12_330_000);
    const e = await entity("mature", "2026-06", "r012");
    expect(e.alerts).toContainEqual({ alert: "yoy_decline", severity: "warning", message: "吴敏 签约总额 0.00，去年同期 123300.00" });
    expect(e.payout).toBe("0.00");
  });
});

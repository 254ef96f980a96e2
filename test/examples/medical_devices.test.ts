/**
 * Spot checks of the medical-devices templates (examples/medical_devices/):
 * headline figures computed by hand from the committed CSV rows of
 * examples/medical_devices/dataset/, compared with what `kpi eval --format
 * json` returns. The goldens pin every number; these pin that the numbers are
 * right, not merely stable.
 *
 * The reps used have few records in the month checked:
 * - r040 陈洋 (west, hired 2026-04-05): 7 orders, 5 opportunities, 3 surveys in June;
 * - r035 刘芳 (west): 11 orders, 5 opportunities in June;
 * - r021 郭勇 (south): the planted order padding at the end of June;
 * - r001 张霞 (east): 3 surveys in June.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { evaluateCase } from "../golden/examples.js";

interface MetricResult {
  value: string | number | null;
  target?: string | number | null;
  challenge?: string | number | null;
  attainment?: number | null;
}
interface EntityResult {
  id: string;
  metrics: Record<string, MetricResult>;
  scores?: Record<string, number>;
  incentives?: Record<string, string>;
  payout?: string;
  alerts?: { alert: string; severity: string; message: string }[];
}

const results = new Map<string, EntityResult[]>();

async function load(template: string, period: string): Promise<void> {
  const json = await evaluateCase({
    template: `examples/medical_devices/${template}.kpi`,
    dataset: "examples/medical_devices/dataset",
    period,
    golden: "",
  });
  const parsed = JSON.parse(json) as { periods: { entities: EntityResult[] }[] };
  results.set(`${template} ${period}`, parsed.periods[0]!.entities);
}

function entity(template: string, period: string, id: string): EntityResult {
  const found = results.get(`${template} ${period}`)?.find((e) => e.id === id);
  if (!found) throw new Error(`${template} ${period}: no entity ${id}`);
  return found;
}

beforeAll(async () => {
  for (const t of ["base", "startup", "growth", "mature"]) await load(t, "2026-06");
  await load("growth", "2026-Q2");
}, 120_000);

describe("medical_devices base (June 2026)", () => {
  it("r040's sales, new customers and average sales per customer", () => {
    const r = entity("base", "2026-06", "r040");
    // Orders 2026-06: 1,430,000 (t02, first order) + 21,100 (c24) + 14,900 (s13) + 52,400 (s14)
    // + 22,100 (s13) + 55,000 (c18, first order) + 33,100 (t02) = 1,628,600.00
    expect(r.metrics.sales_amount!.value).toBe("1628600.00");
    // First orders from t02 and c18: 2 new hospitals.
    expect(r.metrics.new_customers!.value).toBe(2);
    // Buying customers t02, c24, s13, s14, c18 = 5; 1,628,600 / 5 = 325,720.00
    expect(r.metrics.active_customers!.value).toBe(5);
    expect(r.metrics.avg_sales_per_customer!.value).toBe("325720.00");
    // Opportunities closed in June: 5, won 2 (t02 133 days, c18 18 days): 40%, cycle (133 + 18) / 2 = 75.5
    expect(r.metrics.win_rate!.value).toBe(0.4);
    expect(r.metrics.cycle_days!.value).toBe(75.5);
  });

  it("r040's core scorecard", () => {
    const r = entity("base", "2026-06", "r040");
    // Surveys 4, 5, 5: satisfaction 14/3 = 4.6667, attainment 4.6667 / 4.5 = 1.037037.
    // new_customers 2 / 1 = 200% → cap 150%: 35% × 1.5 = 0.525
    // sales 1,628,600 / 650,000 (7.8M × 25% / 3) = 2.5055 → cap 150%: 35% × 1.5 = 0.525
    // satisfaction 30% × 1.037037 = 0.311111; total 1.361111
    expect(r.metrics.sales_amount!.target).toBe("650000.00");
    expect(r.scores!.core).toBeCloseTo(0.525 + 0.525 + 0.3 * (14 / 3 / 4.5), 12);
  });

  it("the order-padding alert fires on r021's end-of-June burst", () => {
    const r = entity("base", "2026-06", "r021");
    // Orders under 3,000 on 06-28..06-30 (the last three days): 14 from clinic r021-c11 and
    // 2 from r021-c21 → 16 orders from 2 customers; 16 ≥ 8 and 16 / 2 = 8 ≥ 4.
    expect(r.metrics.late_small_orders!.value).toBe(16);
    expect(r.metrics.late_small_customers!.value).toBe(2);
    expect(r.alerts).toContainEqual({ alert: "order_padding", severity: "critical", message: "郭勇 月末3天内小额订单 16 笔，仅来自 2 家客户" });
    // A rep without such orders does not get it.
    expect(entity("base", "2026-06", "r040").alerts ?? []).not.toContainEqual(expect.objectContaining({ alert: "order_padding" }));
  });
});

describe("medical_devices startup (June 2026)", () => {
  it("r040's new-customer commission, first-deal bonus and coverage", () => {
    const r = entity("startup", "2026-06", "r040");
    // Coverage: 13 distinct hospitals visited / 29 target hospitals (inputs.csv) = 44.83% < challenge
    // 55% × 125% = 68.75%, so no coverage bonus.
    expect(r.metrics.coverage!.value).toBeCloseTo(13 / 29, 15);
    // new customers 2 / target 1 = 200% → rate 5% of new-customer sales 1,430,000 + 55,000 = 1,485,000
    // = 74,250.00, gate visits 17 ≥ 15 passes, cap 40,000 → 40,000.00
    expect(r.metrics.new_customer_amount!.value).toBe("1485000.00");
    expect(r.metrics.new_customers!.attainment).toBe(2);
    expect(r.incentives).toEqual({ new_customer_commission: "40000.00", first_deal_bonus: "1500.00", coverage_bonus: "0.00" });
    // 2 equipment deals won: the "from 1" tier pays 1,500. Payout 40,000 + 1,500 + 0.
    expect(r.payout).toBe("41500.00");
  });

  it("the idle rep r012 (no records in June) is paid nothing and raises three alerts", () => {
    const r = entity("startup", "2026-06", "r012");
    // No visits: the commission's gate (visits ≥ 15) fails, so the 800 floor does not apply.
    expect(r.payout).toBe("0.00");
    expect((r.alerts ?? []).map((a) => a.alert).sort()).toEqual(["behind_pace", "low_coverage", "no_activity"]);
  });
});

describe("medical_devices growth: base target + challenge target", () => {
  it("r040 reaches the challenge in June: base bonus, challenge bonus and three-bracket commission", () => {
    const r = entity("growth", "2026-06", "r040");
    // Target 650,000, challenge 120% = 780,000; sales 1,628,600 ≥ both.
    expect(r.metrics.sales_amount!.challenge).toBe("780000.00");
    // Commission (marginal): 1% × 650,000 = 6,500 + 2% × 130,000 = 2,600 + 3% × 848,600 = 25,458 → 34,558.00
    // (gate: win rate 40% ≥ 25%). Consumables 21,100 + 14,900 + 52,400 + 22,100 + 33,100 = 143,600 < 250,000 → 0.
    expect(r.incentives).toEqual({ base_bonus: "6000.00", challenge_bonus: "8000.00", commission: "34558.00", reorder_bonus: "0.00" });
    expect(r.payout).toBe("48558.00");
    // Scorecard: sales 35% × min(2.5055, 150%) = 0.525; win rate 25% × 40%/45%; repeat rate 20% × (4/5)/85%
    // (repeat buyers c24, s13, s14, t02); cycle 20% × 50/75.5 (lower is better).
    expect(r.scores!.growth).toBeCloseTo(0.525 + 0.25 * (0.4 / 0.45) + 0.2 * (0.8 / 0.85) + 0.2 * (50 / 75.5), 12);
  });

  it("r035 reaches the base only: the guaranteed bonus without the extra one", () => {
    const r = entity("growth", "2026-06", "r035");
    // Orders: 28,000 + 5,000 + 11,100 + 3,600 + 133,800 + 87,000 + 306,000 + 26,700 + 13,100 + 5,800 + 90,100
    // = 710,200.00: ≥ 650,000 (base), < 780,000 (challenge).
    expect(r.metrics.sales_amount!.value).toBe("710200.00");
    expect(r.metrics.sales_amount!.attainment).toBeCloseTo(710_200 / 650_000, 15);
    // Commission 1% × 650,000 + 2% × 60,200 = 6,500 + 1,204 = 7,704.00 (3 of 5 opportunities won: 60%).
    // Consumables 5,000 + 11,100 + 3,600 + 133,800 + 26,700 + 13,100 + 5,800 + 90,100 = 289,200;
    // (289,200 − 250,000) × 2% = 784.00.
    expect(r.incentives).toEqual({ base_bonus: "6000.00", challenge_bonus: "0.00", commission: "7704.00", reorder_bonus: "784.00" });
    expect(r.payout).toBe("14488.00");
  });

  it("a rep not hired yet does not reach a zero challenge", () => {
    // r008 starts 2026-07-18: target and challenge are 0 in June.
    expect(entity("growth", "2026-06", "r008").payout).toBe("0.00");
  });

  it("r040's second quarter: prorated target, below base, commission only", () => {
    const r = entity("growth", "2026-Q2", "r040");
    // Hired 2026-04-05: April's 650,000 × 26/30 = 563,333.33; + May 650,000 + June 650,000 = 1,863,333.33.
    expect(r.metrics.sales_amount!.target).toBe("1863333.33");
    // Sales: April 6,500 + May 62,000 + 15,100 + June 1,628,600 = 1,712,200.00 → 91.9%, below base.
    expect(r.metrics.sales_amount!.value).toBe("1712200.00");
    // Commission 1% × 1,712,200 = 17,122.00; no bonuses.
    expect(r.incentives).toEqual({ base_bonus: "0.00", challenge_bonus: "0.00", commission: "17122.00", reorder_bonus: "0.00" });
  });
});

describe("medical_devices mature (June 2026)", () => {
  it("r040's margin, satisfaction bonus and the null margin target of a hire without history", () => {
    const r = entity("mature", "2026-06", "r040");
    // Costs 635,990.65 + 6,491.49 + 5,005.57 + 20,541.51 + 7,147.71 + 26,082.33 + 13,323.68 = 714,582.94;
    // gross margin 1,628,600 − 714,582.94 = 914,017.06; margin rate 914,017.06 / 1,628,600.
    expect(r.metrics.gross_margin!.value).toBe("914017.06");
    expect(r.metrics.margin_rate!.value).toBeCloseTo(914_017.06 / 1_628_600, 12);
    // Split by history: no 2025 margin, so no share of the plan and no attainment → no margin commission.
    expect(r.metrics.gross_margin!.target).toBe("0.00");
    expect(r.metrics.gross_margin!.attainment).toBeNull();
    // Satisfaction 14/3 = 4.67 ≥ 4.5 (not 4.8) with 3 surveys → 1,500.
    expect(r.incentives).toEqual({ margin_commission: "0.00", service_bonus: "1500.00" });
    expect(r.payout).toBe("1500.00");
  });

  it("the low-satisfaction alert fires for r001", () => {
    const r = entity("mature", "2026-06", "r001");
    // Surveys 4, 3, 3: (4 + 3 + 3) / 3 = 3.33 < 3.6 with 3 surveys.
    expect(r.metrics.satisfaction!.value).toBeCloseTo(10 / 3, 15);
    expect(r.alerts).toContainEqual({ alert: "low_satisfaction", severity: "critical", message: "张霞 满意度 3.33（3 份调研）" });
  });
});

/**
 * Spot checks of the e-commerce templates (examples/ecommerce/) on their
 * generated dataset: headline figures computed by hand from the CSV rows,
 * compared with what `kpi eval --format json` returns. They keep the goldens
 * honest: a golden file only says the numbers did not move, these say they
 * are right.
 *
 * Most checks use 马玲 (r008, beauty shop), hired on 2026-06-19, because her
 * June is short enough to add up by hand. Her 15 June orders
 * (examples/ecommerce/dataset/orders.csv), none cancelled or refunded:
 *
 *   amount: 931.00 + 467.00 + 523.90 + 249.90 + 408.90 + 351.00 + 499.00 + 340.00
 *         + 342.00 + 318.00 + 741.90 + 637.90 + 290.00 + 1059.00 + 507.00 = 7666.50
 *   cost:   372.32 + 120.90 + 240.47 + 142.94 + 191.44 + 194.33 + 255.06 + 128.49
 *         + 121.33 + 135.22 + 328.41 + 243.57 + 129.96 + 385.73 + 232.97 = 3223.14
 *   buyers: 14 new customers, and u11396 (天津) bought again on 06-26 (repeat);
 *   cities: 13 (成都 and 天津 twice).
 *
 * Her 12 traffic rows of June (06-19..06-30) have sessions
 *   21 + 44 + 31 + 28 + 33 + 19 + 24 + 30 + 43 + 31 + 25 + 33 = 362.
 * Her targets.csv rows: gmv 240000.00 and gross_profit 60000.00 for 2026;
 * inputs.csv: satisfaction 4.52 for 2026-06. She is active 12 of June's 30 days.
 */
import { describe, expect, it } from "vitest";
import { exampleEntities, exampleEntity } from "../golden/examples.js";
import type { EntityResult } from "../../schemas/generated/result.js";

/** One entity of a ecommerce template's result (evaluated once per template and period). */
const entity = (stem: string, period: string, id: string): Promise<EntityResult> => exampleEntity("ecommerce", stem, period, id);
const entities = (stem: string, period: string): Promise<EntityResult[]> => exampleEntities("ecommerce", stem, period);

const alertNames = (e: EntityResult): string[] => (e.alerts ?? []).map((a) => a.alert);

describe("examples/ecommerce · base (2026-06)", () => {
  it("r008: GMV, conversion and AOV from her 15 orders and 362 sessions", async () => {
    const e = await entity("base", "2026-06", "r008");
    expect(e.metrics.gmv!.value).toBe("7666.50");
    expect(e.metrics.conversion!.value).toBeCloseTo(15 / 362, 12);
    // 7666.50 / 15 = 511.10
    expect(e.metrics.aov!.value).toBe("511.10");
    expect(e.metrics.active_users!.value).toBe(14);
  });

  it("r008: AOV against its flat 550.00 target, not prorated although she started on 19 June", async () => {
    const e = await entity("base", "2026-06", "r008");
    // `target aov { base 550 flat }`: 511.10 / 550.00 = 92.927…%; pace is the attainment so far.
    expect(e.metrics.aov).toMatchObject({ target: "550.00", challenge: null });
    expect(e.metrics.aov!.attainment).toBeCloseTo(511.1 / 550, 12);
    // Her shop (beauty) and the quarter get the same 550.00, never a sum of reps or months.
    expect((await entity("base", "2026-06", "beauty")).metrics.aov!.target).toBe("550.00");
    expect((await entity("base", "2026-Q2", "r008")).metrics.aov!.target).toBe("550.00");
  });

  it("r008: her GMV target is the ramp quota's June share, prorated, and she is behind", async () => {
    const e = await entity("base", "2026-06", "r008");
    // 240000.00 × 12% (June's month weight) = 28800.00; × 12/30 active days = 11520.00
    expect(e.metrics.gmv!.target).toBe("11520.00");
    expect(e.metrics.gmv!.challenge).toBe("13824.00"); // 288000.00 × 12% × 12/30
    // 7666.50 / 11520.00
    expect(e.metrics.gmv!.attainment).toBeCloseTo(0.66549479166667, 12);
    // Below the first commission tier (80%): the commission pays nothing.
    expect(e.incentives).toEqual({ commission: "0.00" });
    expect(alertNames(e)).toEqual(["behind_pace"]);
  });

  it("the padding alert fires on r006 (14 planted small orders + 1 genuine, from 2 customers) and on her shop", async () => {
    const e = await entity("base", "2026-06", "r006");
    // June 28–30, amount < 100, not cancelled: u16266 × 14 (29.90 … 89.90) and u11627 × 1 (48.00)
    expect(e.metrics.late_small_orders!.value).toBe(15);
    expect(e.metrics.late_small_customers!.value).toBe(2);
    expect(e.alerts).toContainEqual({ alert: "order_padding", severity: "critical", message: "林杰 月末3天小额订单 15 笔，仅 2 位客户" });
    const fired = (await entities("base", "2026-06")).filter((x) => alertNames(x).includes("order_padding")).map((x) => x.id);
    expect(fired).toEqual(["all", "beauty", "r006"]);
  });

  it("r014 (no activity in June) is at 0% pace", async () => {
    const e = await entity("base", "2026-06", "r014");
    expect(e.metrics.gmv!.value).toBe("0.00");
    expect(e.alerts).toContainEqual({ alert: "behind_pace", severity: "warning", message: "孙艳 GMV 进度 0%" });
  });
});

describe("examples/ecommerce · startup (2026-06)", () => {
  it("r008: 14 new customers in 13 cities", async () => {
    const e = await entity("startup", "2026-06", "r008");
    expect(e.metrics.new_customers!.value).toBe(14);
    expect(e.metrics.cities!.value).toBe(13);
    // cities has a flat target of 20: 13 / 20
    expect(e.metrics.cities!.attainment).toBeCloseTo(0.65, 12);
  });

  it("r008's payout: the commission floor, the new-customer bounty, no first-orders bonus", async () => {
    const e = await entity("startup", "2026-06", "r008");
    // commission: marginal 2% of net sales up to target: 7666.50 × 2% = 153.33 (all below
    // 100% of 11520.00); the gate new_customers >= 10 holds (14), so the floor lifts it to 500.00.
    // first_orders: 14 new customers < 20, the first tier → 0.00.
    // new_customer_bounty: her new-customer target is 9000 × 30% (beauty's potential share)
    // / 8 reps × 26% (Q2) / 3 × 12/30 days ≈ 11.7 → 12; 14 / 12 ≥ 100% → 14 × 20.00 = 280.00.
    expect(e.metrics.new_customers!.target).toBe(12);
    expect(e.incentives).toEqual({ commission: "500.00", first_orders: "0.00", new_customer_bounty: "280.00" });
    expect(e.payout).toBe("780.00");
  });

  it("r014 gets nothing and the no-first-order alert: the failed gate skips the floor", async () => {
    const e = await entity("startup", "2026-06", "r014");
    expect(e.payout).toBe("0.00");
    expect(alertNames(e)).toContain("no_first_order");
  });
});

describe("examples/ecommerce · growth (2026-06)", () => {
  it("r008: GMV target from the quarters split, attainment, and the repeat-rate gate", async () => {
    const e = await entity("growth", "2026-06", "r008");
    // 240000.00 × 27% (Q2) / 3 = 21600.00; × 12/30 = 8640.00
    expect(e.metrics.gmv!.target).toBe("8640.00");
    expect(e.metrics.gmv!.attainment).toBeCloseTo(7666.5 / 8640, 12);
    // repeat rate 1 / 14 active users ≈ 7.1% < 20%: the gate fails, the 2% tier (≥ 80%) pays 0.
    expect(e.metrics.repeat_rate!.value).toBeCloseTo(1 / 14, 12);
    expect(e.incentives!.commission).toBe("0.00");
  });

  it("r008: first-purchase cycle is the mean of the new orders' cycle_days", async () => {
    const e = await entity("growth", "2026-06", "r008");
    // (10 + 6 + 8 + 5 + 7 + 8 + 17 + 3 + 17 + 29 + 4 + 2 + 10 + 6) / 14 = 132 / 14
    expect(e.metrics.first_purchase_days!.value).toBeCloseTo(132 / 14, 12);
  });

  it("r025's huge order hits the commission cap", async () => {
    const e = await entity("growth", "2026-06", "r025");
    // GMV 303152.20 (incl. the 268000.00 group-buy) − refunds 1258.00 = net sales 301894.20;
    // attainment far above 120% → 5% = 15094.71, capped at 15000.00; + challenge bonus 2000.00
    expect(e.metrics.net_sales!.value).toBe("301894.20");
    expect(e.incentives!.commission).toBe("15000.00");
    expect(e.incentives!.challenge_bonus).toBe("2000.00");
  });
});

describe("examples/ecommerce · mature (2026-06)", () => {
  it("r008: gross profit, margin and the profit share's marginal slices", async () => {
    const e = await entity("mature", "2026-06", "r008");
    // 7666.50 − 3223.14 = 4443.36
    expect(e.metrics.gross_profit!.value).toBe("4443.36");
    // 60000.00 × 26% / 3 = 5200.00; × 12/30 = 2080.00
    expect(e.metrics.gross_profit!.target).toBe("2080.00");
    // slices: 2080.00 × 6% = 124.80; (2704.00 − 2080.00) × 10% = 62.40;
    // (4443.36 − 2704.00) × 15% = 260.904; total 448.104 → 448.10.
    // Gate: satisfaction 4.52 ≥ 4.4, refund rate 0 ≤ 10%. Challenge bonus: 4443.36 ≥ 2496.00 → 1500.00.
    expect(e.incentives).toEqual({ profit_share: "448.10", challenge_bonus: "1500.00" });
    expect(e.payout).toBe("1948.10");
  });

  it("r008: the monthly score", async () => {
    const e = await entity("mature", "2026-06", "r008");
    // gross_profit 40% × min(4443.36 / 2080, 150%) = 0.6
    // margin       20% × min((4443.36 / 7666.50) / 54%, 120%)
    // customer_value_growth: no 2025 → null attainment → 0
    // satisfaction 20% × min(4.52 / 4.6, 110%)
    const expected = 0.4 * 1.5 + 0.2 * (4443.36 / 7666.5 / 0.54) + 0.2 * (4.52 / 4.6);
    expect(e.scores!.monthly).toBeCloseTo(expected, 12);
  });

  it("r002's low satisfaction (4.23) closes the profit-share gate and fires the alert", async () => {
    const e = await entity("mature", "2026-06", "r002");
    expect(e.metrics.satisfaction!.value).toBe(4.23);
    expect(e.incentives!.profit_share).toBe("0.00");
    expect(e.alerts).toContainEqual({ alert: "low_satisfaction", severity: "critical", message: "林秀英 满意度 4.23" });
  });
});

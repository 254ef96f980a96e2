/**
 * Hand-checked headline figures of the FMCG templates (examples/fmcg/), so the
 * goldens are not merely self-consistent. Each expected value is worked out in
 * its comment from the rows of examples/fmcg/dataset/ and asserted as a
 * literal; the first test pins those rows, so a regenerated dataset that moves
 * them fails loudly here instead of silently re-blessing the arithmetic.
 *
 * The subject is 杨霞 (r031, team west) in June 2026: 29 orders, and a lower
 * annual quota in targets.csv (480,000.00, challenge 560,000.00) that every
 * template's per-rep or split sales target gives way to. Her June sales target
 * is the Q2 share of the quota split evenly over the quarter's months:
 * 480,000.00 × 23% / 3 = 36,800.00.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { evaluateCase, ROOT } from "../golden/examples.js";

interface MetricResult {
  value: unknown;
  target?: unknown;
  challenge?: unknown;
  attainment?: number | null;
  pace?: number | null;
}
interface EntityResult {
  id: string;
  name: string;
  metrics: Record<string, MetricResult>;
  scores?: Record<string, number | null>;
  incentives?: Record<string, string>;
  payout?: string;
  alerts?: { alert: string; severity: string; message: string }[];
}

const results = new Map<string, Promise<Map<string, EntityResult>>>();

/** One template's entities for June 2026, as `kpi eval --format json` prints them (evaluated once per file). */
function june(template: "base" | "startup" | "growth" | "mature"): Promise<Map<string, EntityResult>> {
  let r = results.get(template);
  if (!r) {
    const c = { template: `examples/fmcg/${template}.kpi`, dataset: "examples/fmcg/dataset", period: "2026-06", golden: "" };
    r = evaluateCase(c).then((json) => {
      const out = JSON.parse(json) as { periods: { entities: EntityResult[] }[] };
      return new Map(out.periods[0]!.entities.map((e) => [e.id, e]));
    });
    results.set(template, r);
  }
  return r;
}

async function entity(template: "base" | "startup" | "growth" | "mature", id: string): Promise<EntityResult> {
  const e = (await june(template)).get(id);
  if (!e) throw new Error(`${template}: no entity ${id}`);
  return e;
}

/** The CSV rows of a dataset file as records (no quoting occurs in these files). */
function rows(file: string): Record<string, string>[] {
  const [head, ...lines] = readFileSync(join(ROOT, "examples/fmcg/dataset", file), "utf8").trimEnd().split("\n");
  const cols = head!.split(",");
  return lines.map((l) => Object.fromEntries(l.split(",").map((v, i) => [cols[i]!, v])));
}

const inJune = (date: string | undefined): boolean => date !== undefined && date.startsWith("2026-06");

describe("examples/fmcg hand-checked figures (June 2026)", () => {
  it("the rows the arithmetic below uses are the dataset's", () => {
    const orders = rows("orders.csv").filter((r) => r.rep === "r031" && inJune(r.ordered_on));
    expect(orders.map((r) => r.amount)).toEqual(
      // prettier-ignore
      ["1160.00", "510.00", "2070.00", "770.00", "1360.00", "1300.00", "490.00", "470.00", "710.00", "310.00",
       "2080.00", "300.00", "830.00", "1210.00", "1760.00", "560.00", "440.00", "670.00", "4240.00", "700.00",
       "1610.00", "440.00", "250.00", "2350.00", "840.00", "520.00", "1260.00", "530.00", "540.00"],
    );
    expect(orders.map((r) => r.cost)).toEqual(
      // prettier-ignore
      ["932.48", "413.02", "1862.33", "727.78", "1089.12", "1088.85", "403.96", "386.99", "563.03", "250.16",
       "1586.86", "242.67", "685.48", "942.95", "1404.51", "456.22", "356.54", "513.26", "3612.10", "576.62",
       "1302.04", "357.30", "207.30", "2102.21", "711.40", "417.41", "1046.02", "432.93", "436.92"],
    );
    // Two first orders (new outlets S01546 670.00 and S01531 250.00); 20 distinct outlets, 18 of them with a repeat order.
    expect(orders.filter((r) => r.order_type === "first").map((r) => `${r.outlet} ${r.amount}`)).toEqual(["S01546 670.00", "S01531 250.00"]);
    expect(new Set(orders.map((r) => r.outlet)).size).toBe(20);
    expect(new Set(orders.filter((r) => r.order_type === "repeat").map((r) => r.outlet)).size).toBe(18);
    expect(rows("inputs.csv").find((r) => r.entity === "r031" && r.metric === "territory_outlets" && r.period === "2026-06")?.value).toBe("43");
    const visits = rows("visits.csv").filter((r) => r.rep === "r031" && inJune(r.visited_on));
    expect([visits.length, visits.filter((r) => r.ordered === "true").length, new Set(visits.map((r) => r.outlet)).size]).toEqual([56, 29, 35]);
    expect(rows("surveys.csv").filter((r) => r.rep === "r031" && inJune(r.answered_on)).map((r) => r.score)).toEqual(["6", "6"]);
    expect(rows("targets.csv")).toEqual([{ entity: "r031", metric: "sales", period: "2026", base: "480000.00", challenge: "560000.00" }]);
    // The padding rep's last three days: 12 orders under 500 from S00420 (4 a day, June 28–30), the rest ≥ 500.
    const late = rows("orders.csv").filter((r) => r.rep === "r009" && r.ordered_on! >= "2026-06-28" && r.ordered_on! <= "2026-06-30" && Number(r.amount) < 500);
    expect(late.map((r) => r.outlet)).toEqual(Array(12).fill("S00420"));
    // The sick rep has no June records at all.
    expect(rows("orders.csv").some((r) => r.rep === "r020" && inJune(r.ordered_on))).toBe(false);
  });

  describe("base (fmcg_base)", () => {
    it("r031: sales, target from targets.csv, attainment, coverage", async () => {
      const m = (await entity("base", "r031")).metrics;
      // 1160 + 510 + 2070 + 770 + 1360 + 1300 + 490 + 470 + 710 + 310 + 2080 + 300 + 830 + 1210 + 1760
      // + 560 + 440 + 670 + 4240 + 700 + 1610 + 440 + 250 + 2350 + 840 + 520 + 1260 + 530 + 540 = 30,280.00
      expect(m.sales!.value).toBe("30280.00");
      // 480,000.00 × 23% / 3 = 36,800.00; challenge 560,000.00 × 23% / 3 = 42,933.33(3…) → 42,933.33.
      expect(m.sales!.target).toBe("36800.00");
      expect(m.sales!.challenge).toBe("42933.33");
      // 30,280 / 36,800 = 0.82282608695652…
      expect(m.sales!.attainment).toBeCloseTo(30_280 / 36_800, 12);
      // 20 outlets ordered of 43 in the territory (inputs.csv): 20 / 43 = 46.51…%
      expect(m.coverage!.value).toBeCloseTo(20 / 43, 12);
      // Σ costs = 25,108.46, so gross profit = 30,280.00 − 25,108.46 = 5,171.54.
      expect(m.gross_profit!.value).toBe("5171.54");
    });

    it("r031: scorecard and commission", async () => {
      const e = await entity("base", "r031");
      // sales 50% × 0.822826 + coverage 25% × (0.465116 / 50%) + repurchase 25% × ((18 / 20) / 95%)
      // = 0.411413 + 0.232558 + 0.236842 = 0.880813
      expect(e.scores!.monthly).toBeCloseTo(0.5 * (30_280 / 36_800) + 0.25 * (20 / 43 / 0.5) + 0.25 * (0.9 / 0.95), 12);
      expect(e.scores!.monthly).toBeCloseTo(0.880813, 6);
      // Attainment 82.3% reaches the 80% tier: 1% of all of 30,280.00 = 302.80.
      expect(e.incentives).toEqual({ commission: "302.80" });
    });

    it("behind pace fires for the sick rep and padding for the padder", async () => {
      // r020 has no June records: pace 0% against 660,000 × 23% / 3 = 50,600.00.
      expect((await entity("base", "r020")).alerts).toEqual([{ alert: "behind_pace", severity: "warning", message: "李芳 订货额进度 0%，本期目标 50600.00" }]);
      // r009: 12 orders under 500 in the last 3 days, all from S00420: 12 ≥ 8 and 12 / 1 ≥ 4.
      const r009 = await entity("base", "r009");
      expect(r009.metrics.late_small_orders!.value).toBe(12);
      expect(r009.metrics.late_small_outlets!.value).toBe(1);
      expect(r009.alerts).toContainEqual({ alert: "order_padding", severity: "critical", message: "高鹏 月末三天 12 笔小额订单只来自 1 家门店" });
      expect((await entity("base", "r031")).alerts).toEqual([]);
    });
  });

  describe("startup (fmcg_startup)", () => {
    it("r031: new outlets, first-order gate, commission and payout", async () => {
      const e = await entity("startup", "r031");
      // Two first orders: new_outlets 2 against 12 per year = 1 a month (attainment 200%);
      // average first order (670.00 + 250.00) / 2 = 460.00.
      expect(e.metrics.new_outlets).toMatchObject({ value: 2, target: 1, attainment: 2 });
      expect(e.metrics.avg_first_order!.value).toBe("460.00");
      // commission: marginal, 82.3% < 100%, so all 30,280.00 is in the 1% slice = 302.80 (gate: coverage 46.5% ≥ 35%).
      // open_bonus: basis 2 × 300, but the gate 460.00 ≥ 500 fails → 0.00.
      // coverage_bonus: 46.5% is below the 50% target → 0.00.
      expect(e.incentives).toEqual({ commission: "302.80", open_bonus: "0.00", coverage_bonus: "0.00" });
      expect(e.payout).toBe("302.80");
    });

    it("r031: scorecard", async () => {
      const e = await entity("startup", "r031");
      // new_outlets 35% × min(200%, 150%) + coverage 25% × 0.930233 + sales 25% × 0.822826 + visits 15% × (56 / 60)
      // = 0.525 + 0.232558 + 0.205707 + 0.14 = 1.103265
      expect(e.scores!.monthly).toBeCloseTo(0.35 * 1.5 + 0.25 * (20 / 43 / 0.5) + 0.25 * (30_280 / 36_800) + 0.15 * (56 / 60), 12);
      expect(e.scores!.monthly).toBeCloseTo(1.103265, 6);
    });
  });

  describe("growth (fmcg_growth)", () => {
    it("r031: funnel, reorder cycle and payout", async () => {
      const e = await entity("growth", "r031");
      // 35 outlets visited → 20 ordering → 18 reordering; 20 / 35 = 57.14%.
      expect(e.metrics["outlet_funnel.visited"]!.value).toBe(35);
      expect(e.metrics["outlet_funnel.ordering"]!.value).toBe(20);
      expect(e.metrics["outlet_funnel.ordering_rate"]!.value).toBeCloseTo(20 / 35, 12);
      expect(e.metrics["outlet_funnel.repeat"]!.value).toBe(18);
      // days_since_last of the 27 repeat orders: 11 + 12 + 32 + 1 + 24 + 15 + 41 + 38 + 18 + 15 + 55 + 83 + 37 + 2
      // + 18 + 7 + 17 + 37 + 5 + 34 + 90 + 27 + 77 + 11 + 4 + 2 + 11 = 724; 724 / 27 = 26.81 days.
      // lower_better: attainment 30 / 26.81 = 1.11878.
      expect(e.metrics.reorder_days!.value).toBeCloseTo(724 / 27, 12);
      expect(e.metrics.reorder_days!.attainment).toBeCloseTo(30 / (724 / 27), 12);
      // commission: retroactive, 82.3% reaches the 80% tier: 1.5% × 30,280.00 = 454.20; gate 18 / 20 = 90% ≥ 85%.
      // challenge_bonus: 30,280.00 < 42,933.33 → 0. repeat_bonus: 18 reordering outlets reach "from 18" → 300.
      expect(e.incentives).toEqual({ commission: "454.20", challenge_bonus: "0.00", repeat_bonus: "300.00" });
      expect(e.payout).toBe("754.20");
    });

    it("r031: scorecard", async () => {
      const e = await entity("growth", "r031");
      // sales 40% × 0.822826 + conversion 25% × ((29 / 56) / 55%) + repurchase 20% × (90% / 95%) + cycle 15% × 1.118785
      // = 0.3291304 + 0.2353896 + 0.1894737 + 0.1678177 = 0.9218114
      expect(e.scores!.monthly).toBeCloseTo(0.4 * (30_280 / 36_800) + 0.25 * (29 / 56 / 0.55) + 0.2 * (0.9 / 0.95) + 0.15 * (30 / (724 / 27)), 12);
      expect(e.scores!.monthly).toBeCloseTo(0.921811, 6);
    });
  });

  describe("mature (fmcg_mature)", () => {
    it("r031: margin, profit share with its floor, satisfaction alert", async () => {
      const e = await entity("mature", "r031");
      // margin 5,171.54 / 30,280.00 = 17.079%; against 16.5%: 1.035095.
      expect(e.metrics.margin_rate!.value).toBeCloseTo(5_171.54 / 30_280, 12);
      expect(e.metrics.margin_rate!.attainment).toBeCloseTo(5_171.54 / 30_280 / 0.165, 12);
      // The gross-profit target comes from last year's history; she is below it, so all of
      // 5,171.54 is in the 5% slice: 258.577 → 258.58, raised to the floor of 300.00
      // (gate: margin 17.1% ≥ 14%). service_bonus: satisfaction (6 + 6) / 2 = 6 < 8 → 0.
      expect(e.metrics.gross_profit!.attainment).toBeLessThan(1);
      expect(e.incentives).toEqual({ profit_share: "300.00", service_bonus: "0.00" });
      expect(e.payout).toBe("300.00");
      // Satisfaction 6 < 6.5 fires the info alert; target 7.5.
      expect(e.metrics.satisfaction!.value).toBe(6);
      expect(e.alerts).toEqual([{ alert: "low_satisfaction", severity: "info", message: "杨霞 门店满意度 6 分（目标 7.5）" }]);
    });

    it("the padding alert is inherited from the base", async () => {
      expect((await entity("mature", "r009")).alerts).toContainEqual({ alert: "order_padding", severity: "critical", message: "高鹏 月末三天 12 笔小额订单只来自 1 家门店" });
    });
  });
});

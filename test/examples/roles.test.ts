/**
 * Spot checks of the sales-model templates (examples/roles/): headline
 * figures computed by hand from the rows of examples/roles/dataset/ (the rows
 * are quoted in the comments) and compared with what `kpi eval --format json`
 * returns. The golden files pin every number; these pin a few of them to
 * arithmetic a person did, so the goldens are not merely self-consistent.
 */
import { describe, expect, it } from "vitest";
import { evaluateCase } from "../golden/examples.js";

interface Metric {
  value: string | number | null;
  target?: string | number | null;
  challenge?: string | number | null;
  attainment?: number | null;
  pace?: number | null;
}
interface Entity {
  id: string;
  metrics: Record<string, Metric>;
  scores: Record<string, number | null>;
  incentives?: Record<string, string>;
  payout?: string;
  alerts: { alert: string; severity: string; message: string }[];
}

const results = new Map<string, Promise<Entity[]>>();

/** The entities of one template's result for one period, evaluated once per file and period. */
function evaluate(template: string, period: string): Promise<Entity[]> {
  const key = `${template} ${period}`;
  let p = results.get(key);
  if (p === undefined) {
    p = evaluateCase({ template: `examples/roles/${template}.kpi`, dataset: "examples/roles/dataset", period, golden: "" }).then(
      (json) => (JSON.parse(json) as { periods: { entities: Entity[] }[] }).periods[0]!.entities,
    );
    results.set(key, p);
  }
  return p;
}

async function entity(template: string, period: string, id: string): Promise<Entity> {
  const e = (await evaluate(template, period)).find((x) => x.id === id);
  if (e === undefined) throw new Error(`no entity ${id} in ${template} ${period}`);
  return e;
}

const alertNames = (e: Entity): string[] => e.alerts.map((a) => a.alert).sort();

describe("examples/roles: direct sales (direct.kpi)", () => {
  it("r004, June 2026: follow-up quality, conversion, satisfaction and the weighted score", async () => {
    // opportunities.csv, r004 created in June: 11 rows; status won on 06-03 (×2),
    // 06-08, 06-30 → 4 won, 7 lost, none open. first_followup_days
    // 0,4,1,1,1,0,0,1,1,0,1: only the 4 is above 3 → 10 of 11 timely.
    // surveys.csv June: scores 9 (06-09) and 10 (06-18) → 9.5.
    // followups.csv: 29 rows in June → 29 / 11.
    const e = await entity("direct", "2026-06", "r004");
    expect(e.metrics["opportunity_count"]!.value).toBe(11);
    expect(e.metrics["contract_conversion"]!.value).toBeCloseTo(4 / 11, 12);
    expect(e.metrics["timely_followup_rate"]!.value).toBeCloseTo(10 / 11, 12);
    expect(e.metrics["satisfaction"]!.value).toBe(9.5);
    expect(e.metrics["followups_per_opportunity"]!.value).toBeCloseTo(29 / 11, 12);
    // orders.csv: one June order, C004-043 84,500.00 (06-03). Quota (targets.csv)
    // 3,650,000.00 for 2026; Q2 is 25% = 912,500.00; months evenly by largest
    // remainder (the odd cents go to April and May): June 304,166.66.
    expect(e.metrics["order_amount"]!.value).toBe("84500.00");
    expect(e.metrics["order_amount"]!.target).toBe("304166.66");
    // Score = 40% × 84,500/304,166.66 + 20% × min((4/11)/30%, 130%)
    //       + 20% × min((10/11)/80%, 120%) + 20% × min(9.5/8.5, 110%)
    //       = 0.1111233 + 0.2424242 + 0.2272727 + 0.22 = 0.8008203
    expect(e.scores["monthly"]).toBeCloseTo(0.8008203, 6);
    // 27.8% of quota: below the first tier (80%) → no commission; behind pace.
    expect(e.payout).toBe("0.00");
    expect(alertNames(e)).toEqual(["behind_pace"]);
  });

  it("r003, June 2026: the huge deal pays the capped commission and the challenge bonus", async () => {
    // orders.csv June: 123,900.00 + 162,000.00 + 3,800,000.00 = 4,085,900.00.
    // Quota 2,990,000.00 → June 249,166.66; challenge 3,588,000.00 → June 299,000.00.
    // Attainment 1,640% ≥ 120% → 4.5% × 4,085,900.00 = 183,865.50 → cap 60,000.00;
    // gate: satisfaction (one survey, 9) ≥ 7. Challenge bonus: 4,085,900 ≥ 299,000
    // and timely follow-up 83.3% ≥ 80% → 6,000.00. Payout 66,000.00.
    const e = await entity("direct", "2026-06", "r003");
    expect(e.metrics["order_amount"]!.value).toBe("4085900.00");
    expect(e.metrics["order_amount"]!.challenge).toBe("299000.00");
    expect(e.incentives).toEqual({ commission: "60000.00", challenge_bonus: "6000.00" });
    expect(e.payout).toBe("66000.00");
    expect(e.alerts.find((a) => a.alert === "big_order")?.message).toBe("赵娜 本期单笔最大订单 3800000.00, 请核实合同");
  });
});

describe("examples/roles: channel (channel.kpi)", () => {
  it("r019, June 2026: distribution amount, year on year, partner activity, coverage and the marginal bonus", async () => {
    // orders.csv, r019 partner orders in June 2026: 19,500 + 25,900 + 7,900 +
    // 13,400 + 17,900 + 47,200 + 20,800 = 152,600.00 from partners 01, 03, 04,
    // 05, 06 → 5 active of partner_count 6 (inputs.csv).
    // June 2025: 33,100 + 18,600 + 40,500 + 22,800 + 12,000 + 26,800 + 12,800 +
    // 47,600 + 31,100 = 245,300.00 → YoY 152,600 / 245,300 − 1 = −37.79% (< −10%).
    // sellout.csv June: 64 distinct outlets of outlet_universe 135 → 47.4% (< 60%: no coverage bonus).
    const e = await entity("channel", "2026-06", "r019");
    expect(e.metrics["distribution_amount"]!.value).toBe("152600.00");
    expect(e.metrics["distribution_yoy"]!.value).toBeCloseTo(152_600 / 245_300 - 1, 12);
    expect(e.metrics["partner_activity"]!.value).toBeCloseTo(5 / 6, 12);
    expect(e.metrics["coverage"]!.value).toBeCloseTo(64 / 135, 12);
    // Under target (71.6%), so the whole basis is in the first marginal slice:
    // 0.5% × 152,600.00 = 763.00; gate 83.3% ≥ 50%.
    expect(e.incentives).toEqual({ distribution_bonus: "763.00", coverage_bonus: "0.00" });
    expect(e.payout).toBe("763.00");
    expect(alertNames(e)).toEqual(["behind_pace", "yoy_decline"]);
    expect(e.alerts.find((a) => a.alert === "yoy_decline")?.message).toBe("刘超 进货额同比 -37.8%");
  });

  it("channel_west, June 2026: the plan split by last year's sell-in and the team bonus", async () => {
    // 2025 partner orders: west (r016–r019) 2,484,200 + 1,880,000 + 2,282,700 +
    // 2,174,000 = 8,820,900 of 24,235,700 for all channel managers (36.40%).
    // June plan 31,000,000 × 23% / 3 = 2,376,666.67 → west ≈ 865,019.
    // West sold 1,290,200.00 in June → attainment ≈ 149.2% ≥ 100% → 10,000.00.
    const e = await entity("channel", "2026-06", "channel_west");
    expect(e.metrics["distribution_amount"]!.value).toBe("1290200.00");
    expect(Number(e.metrics["distribution_amount"]!.target)).toBeCloseTo((31_000_000 * 0.23 * 8_820_900) / 24_235_700 / 3, -1);
    expect(e.metrics["distribution_amount"]!.attainment).toBeCloseTo(1.4915, 3);
    expect(e.incentives).toEqual({ team_bonus: "10000.00" });
  });

  it("r013, Q2 2026: the planted padding fires order_padding", async () => {
    // orders.csv, r013 partner orders under 5,000 in the last three days of a
    // month in Q2: 04-30 P013-02 4,300; 05-29 P013-01 4,200, 4,800, 2,800;
    // 05-30 4,700, 2,600, 3,900; 05-31 2,200, 4,600, 4,500 → 10 orders from 2
    // partners: 10 ≥ 8 and 10 / 2 = 5 ≥ 4.
    const e = await entity("channel", "2026-Q2", "r013");
    expect(e.metrics["late_small_orders"]!.value).toBe(10);
    expect(e.metrics["late_small_customers"]!.value).toBe(2);
    expect(e.alerts).toContainEqual({ alert: "order_padding", severity: "critical", message: "周明 月末 10 笔小额订单仅来自 2 个客户" });
    // June alone has none of it.
    expect(alertNames(await entity("channel", "2026-06", "r013"))).not.toContain("order_padding");
  });
});

describe("examples/roles: telesales (telesales.kpi)", () => {
  it("r027, June 2026: effective calls, conversion, padding and the floored commission", async () => {
    // calls.csv, r027 June: 264 calls, 70 of them ≥ 60 s or interested/sale → 26.5%.
    // orders.csv June: 2,300 + 1,390 + 1,320 + 2,750 + 1,610 = 9,370.00 in five
    // normal orders, and twelve from T027-0999 on 06-28..30 (270 350 380 260 480
    // 410 360 410 310 240 420 410 = 4,300.00) → 17 orders, 13,670.00;
    // conversion 17 / 70.
    const e = await entity("telesales", "2026-06", "r027");
    expect(e.metrics["calls"]!.value).toBe(264);
    expect(e.metrics["effective_calls"]!.value).toBe(70);
    expect(e.metrics["conversion"]!.value).toBeCloseTo(17 / 70, 12);
    expect(e.metrics["phone_amount"]!.value).toBe("13670.00");
    // Effective-call target: 8,400 × 4/10 seats = 3,360 for tele_central, 672 per
    // rep (five reps), months 7 5 9 8 8 9 9 9 9 8 9 10 % → June 60.48 → 61 after
    // largest remainder. 70 / 61 = 114.8% → activity bonus 500.00 (below 120%).
    expect(e.metrics["effective_calls"]!.target).toBe(61);
    // Quota 250,000.00 → June 20,833.33; 13,670 / 20,833.33 = 65.6% → the 2% tier:
    // 2% × 13,670.00 = 273.40, gate 26.5% ≥ 25% passed, raised to the floor 300.00.
    expect(e.metrics["order_amount"]!.target).toBe("20833.33");
    expect(e.incentives).toEqual({ commission: "300.00", activity_bonus: "500.00" });
    expect(e.payout).toBe("800.00");
    // Padding: 12 orders under 800 in the last three days, all from 1 customer.
    expect(e.alerts).toEqual([{ alert: "order_padding", severity: "critical", message: "吴秀英 月末 12 笔小额订单仅来自 1 个客户" }]);
  });

  it("r024, June 2026: no calls at all fires idle against the call plan", async () => {
    // calls.csv has no r024 row in June. Call plan 30,000 × 6/10 seats = 18,000
    // for tele_east, 3,600 per rep, June 9% = 324.
    const e = await entity("telesales", "2026-06", "r024");
    expect(e.metrics["calls"]).toMatchObject({ value: 0, target: 324, attainment: 0 });
    expect(e.alerts.find((a) => a.alert === "idle")).toEqual({ alert: "idle", severity: "critical", message: "高娜 本期无外呼记录 (计划 324 通)" });
    expect(e.payout).toBe("0.00");
  });

  it("the base template's generic padding alert catches r027 too", async () => {
    const e = await entity("base", "2026-06", "r027");
    expect(e.metrics["late_small_orders"]!.value).toBe(12);
    expect(alertNames(e)).toContain("order_padding");
  });
});

describe("examples/roles: online (online.kpi)", () => {
  it("r031, June 2026: funnel, retention, score and the formula commission", async () => {
    // leads.csv, r031 June: 202 leads; stages new 26, contacted 111, engaged 63,
    // ordered 2 → conversion 2 / 202.
    // orders.csv web June: 12 orders, 6,665.00, from 12 customers of whom 10 had
    // bought before (kind repeat) → retention 10 / 12.
    const e = await entity("online", "2026-06", "r031");
    expect(e.metrics["online_funnel.leads"]!.value).toBe(202);
    expect(e.metrics["online_funnel.contacted"]!.value).toBe(176);
    expect(e.metrics["online_funnel.ordered"]!.value).toBe(2);
    expect(e.metrics["online_funnel.conversion"]!.value).toBeCloseTo(2 / 202, 12);
    expect(e.metrics["retention"]!.value).toBeCloseTo(10 / 12, 12);
    // Quota 250,000.00 → June 20,833.33; attainment 32.0% < 100% → 1.5% ×
    // 6,665.00 = 99.975 → 99.98 (half_up). Retention 83% ≥ 45% → 2,000.00 (202 leads ≥ 30).
    expect(e.incentives).toEqual({ sales_commission: "99.98", retention_bonus: "2000.00" });
    expect(e.payout).toBe("2099.98");
    // Score = 30% × (2/202)/12% + 30% × min((10/12)/35%, 120%) + 40% × 6,665/20,833.33
    //       = 0.0247525 + 0.36 + 0.1279680 = 0.5127205
    expect(e.scores["monthly"]).toBeCloseTo(0.5127205, 6);
  });

  it("r039, June 2026: converted leads against the traffic-share plan; behind pace and weak engagement", async () => {
    // leads.csv, r039 June: 156 leads; new 18, contacted 93, engaged 37, ordered 8.
    // Plan: 2,000 × 45% traffic = 900 for online_south, 180 per rep (five reps);
    // Q2 26% = 46.8 → 47 after largest remainder over the quarters; months
    // evenly, the odd one to April and May: June 15. 8 / 15 = 53.3% < 80%.
    const e = await entity("online", "2026-06", "r039");
    expect(e.metrics["online_funnel.ordered"]).toMatchObject({ value: 8, target: 15 });
    expect(e.metrics["online_funnel.ordered"]!.attainment).toBeCloseTo(8 / 15, 12);
    // Engaged step: engaged + ordered = 45 of 138 contacted (156 − 18) = 32.6% < 40%.
    expect(e.metrics["online_funnel.engaged_rate"]!.value).toBeCloseTo(45 / 138, 12);
    expect(alertNames(e)).toEqual(["behind_pace", "weak_engagement"]);
    // Web sales 19,723.00 against a June quota of 20,000.00 (240,000 × 25% / 3):
    // 98.6% → 1.5% × 19,723.00 = 295.845 → 295.85.
    expect(e.incentives?.["sales_commission"]).toBe("295.85");
  });
});

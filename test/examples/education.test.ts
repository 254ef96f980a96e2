/**
 * Spot checks of the education templates (examples/education/): headline
 * figures computed by hand from the CSV rows of examples/education/dataset/
 * and compared with what `kpi eval --format json` returns, so that the golden
 * results are not merely self-consistent. The consultants are chosen for few
 * records: 刘秀英 (r014) joins on 2026-09-13, so September has one order and a
 * prorated target; 罗丹 (r012) has nine June orders; the planted outliers
 * come from examples/gen/education.ts.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { HUGE_DEAL_REP, IDLE_REP, PADDING_REP, QA_FAIL_REP } from "../../examples/gen/education.js";
import { evaluateCase } from "../golden/examples.js";

interface MetricOut {
  value: string | number | null;
  target?: string | number | null;
  attainment?: number | null;
}
interface EntityOut {
  id: string;
  metrics: Record<string, MetricOut>;
  scores?: Record<string, number | null>;
  incentives?: Record<string, string>;
  payout?: string;
  alerts?: { alert: string; severity: string; message: string }[];
}

const results = new Map<string, EntityOut[]>();
const RUNS: [string, string][] = [
  ["base", "2026-09"],
  ["startup", "2026-06"],
  ["startup", "2026-09"],
  ["growth", "2026-06"],
  ["mature", "2026-06"],
  ["mature", "2026-07"],
  ["mature", "2026-09"],
  ["mature", "2026-11"],
];

beforeAll(async () => {
  for (const [stem, period] of RUNS) {
    const json = await evaluateCase({ template: `examples/education/${stem}.kpi`, dataset: "examples/education/dataset", period, golden: "" });
    const parsed = JSON.parse(json) as { periods: { entities: EntityOut[] }[] };
    results.set(`${stem} ${period}`, parsed.periods[0]!.entities);
  }
}, 180_000);

/** One entity of one evaluated template and period. */
function entity(stem: string, period: string, id: string): EntityOut {
  const e = results.get(`${stem} ${period}`)?.find((x) => x.id === id);
  if (!e) throw new Error(`no ${id} in ${stem} ${period}`);
  return e;
}

const alertNames = (e: EntityOut): string[] => (e.alerts ?? []).map((a) => a.alert);

describe("education_base", () => {
  // r014 in 2026-09, orders.csv: one order, r014,S08912,new,walk_in,chinese,48,10200.00,paid,14,2026-09-30.
  // Target: 1_800_000 a year × Q3 33% / 3 months = 198,000.00 for September; r014 is active from
  // the 13th, 18 of 30 days: 198,000 × 18 / 30 = 118,800.00. Attainment 10,200 / 118,800.
  it("prorates a mid-month hire's course-sales target and measures against it", () => {
    const e = entity("base", "2026-09", "r014");
    expect(e.metrics.course_sales).toMatchObject({ value: "10200.00", target: "118800.00" });
    expect(e.metrics.course_sales!.attainment).toBeCloseTo(10_200 / 118_800, 12);
  });

  // Same month: the only new order came from a walk-in (referral rate 0 / 1 = 0); 48 hours sold on
  // the 30th and none consumed yet (lessons.csv has no r014 row in September): 0 / 48 = 0.
  it("computes the referral rate and the class-hour consumption rate", () => {
    const e = entity("base", "2026-09", "r014");
    expect(e.metrics.referral_rate!.value).toBe(0);
    expect(e.metrics.hours_sold!.value).toBe(48);
    expect(e.metrics.consumption_rate!.value).toBe(0);
  });

  // 8.6% attainment is below the first tier (80%): commission 0.00; pace 8.6% < 80% fires behind_pace.
  it("pays no commission below 80% and raises behind_pace", () => {
    const e = entity("base", "2026-09", "r014");
    expect(e.incentives).toEqual({ commission: "0.00" });
    expect(e.alerts).toContainEqual({ alert: "behind_pace", severity: "warning", message: "刘秀英 课程销售额进度 8.6%" });
  });
});

describe("education_startup", () => {
  // r014 in 2026-09: new_sales 10,200.00 against 900_000 × 32% / 3 = 96,000 × 18/30 = 57,600.00.
  // Marginal tiers: the whole 10,200 lies in the first slice (0%–100% of target) at 4% = 408.00.
  // First deal: ytd(new_students) = 1 = new_students this month, so 800.00. Headcount bonus needs 5: 0.
  // Payout 408.00 + 800.00 + 0.00 = 1,208.00.
  it("pays the marginal new-student commission and the first-deal bonus", () => {
    const e = entity("startup", "2026-09", "r014");
    expect(e.metrics.new_sales).toMatchObject({ value: "10200.00", target: "57600.00" });
    expect(e.incentives).toEqual({ new_commission: "408.00", headcount_bonus: "0.00", first_deal: "800.00" });
    expect(e.payout).toBe("1208.00");
  });

  // new_students target: 72 a year split by quarters 27/22/32/19% with largest remainders
  // (19.44, 15.84, 23.04, 13.68 → 19, 16, 23, 14); Q3's 23 over three months → 8, 8, 7, so
  // September is 7, prorated 7 × 18/30 = 4.2 → 4. One new student: attainment 1 / 4 = 25%.
  it("splits an integer target by quarters and months and prorates it", () => {
    const e = entity("startup", "2026-09", "r014");
    expect(e.metrics.new_students).toMatchObject({ value: 1, target: 4, attainment: 0.25 });
  });

  // HUGE_DEAL_REP (张勇), June new orders: 12,040 + 11,400 + 14,230 + 240,000 (the VIP package)
  // + 5,700 + 8,640 + 28,450 = 320,460.00 against 900_000 × 22% / 3 = 66,000.00. Marginal:
  // 4% × 66,000 + 6% × (85,800 − 66,000) + 8% × (320,460 − 85,800) = 2,640 + 1,188 + 18,772.80
  // = 22,600.80, over the 20,000 cap → 20,000.00.
  it("caps the commission on the planted huge deal", () => {
    const e = entity("startup", "2026-06", HUGE_DEAL_REP);
    expect(e.metrics.new_sales).toMatchObject({ value: "320460.00", target: "66000.00" });
    expect(e.incentives!.new_commission).toBe("20000.00");
  });

  // orders.csv, PADDING_REP (罗军) on 2026-06-28, 29 and 30: twelve rows
  // r010,S06941,new,walk_in,math,2,398.00,paid,0,… (four a day), all for one student;
  // the other orders of those days are 17,100.00 and 19,800.00. late_small_orders = 12,
  // late_small_students = 1, 12 ≥ 8 and 12 / 1 ≥ 4: the padding alert fires.
  it("flags the planted month-end order padding", () => {
    const e = entity("startup", "2026-06", PADDING_REP);
    expect(e.metrics.late_small_orders!.value).toBe(12);
    expect(e.metrics.late_small_students!.value).toBe(1);
    expect(e.alerts).toContainEqual({ alert: "order_padding", severity: "critical", message: "罗军 月末3天 12 笔小额订单仅来自 1 名学员" });
    const reps = results.get("startup 2026-06")!.filter((x) => /^r\d+$/.test(x.id));
    expect(reps.filter((x) => alertNames(x).includes("order_padding")).map((x) => x.id)).toEqual([PADDING_REP]);
  });

  // IDLE_REP (吴玲) has no leads.csv or events.csv row in June: no_activity fires for her alone.
  it("flags the consultant with no activity in June, and nobody else", () => {
    const idle = results.get("startup 2026-06")!.filter((x) => alertNames(x).includes("no_activity"));
    expect(idle.map((x) => x.id)).toEqual([IDLE_REP]);
    expect(entity("startup", "2026-06", IDLE_REP).payout).toBe("0.00");
  });
});

describe("education_growth", () => {
  // r012 (罗丹), orders.csv for 2026-06, all paid:
  //   renewals 19,800.00 + 6,600.00 + 25,650.00 + 15,600.00 + 27,000.00 + 11,880.00 = 106,530.00
  //   new       5,610.00 + 11,220.00 + 14,820.00 + 11,880.00 + 18,810.00           =  62,340.00
  //   course_sales = 168,870.00; target 1_800_000 × 23% / 3 = 138,000.00; attainment 122.4% ≥ 120%
  //   → retroactive 4% × 168,870.00 = 6,754.80 (no refunds: the gate holds; under the 30,000 cap).
  // Renewal quota from targets.csv: 600,000.00 a year × 23% / 3 = 46,000.00; marginal:
  //   1% × 46,000.00 + 2.5% × (106,530.00 − 46,000.00) = 460.00 + 1,513.25 = 1,973.25.
  // leads.csv June: 12 trials, 7 enrolled → 58.3% ≥ 50% with ≥ 8 trials: conversion bonus 1,500.00.
  // One referral enrolment (S08299) × 200 = referral bonus 200.00 (before `= referral_enrolments * 200`
  // the pay-tier staircase paid nothing below 2).
  // Payout 6,754.80 + 1,973.25 + 1,500.00 + 200.00 = 10,428.05.
  it("pays the retroactive commission, the marginal renewal commission, the conversion and referral bonuses", () => {
    const e = entity("growth", "2026-06", "r012");
    expect(e.metrics.course_sales).toMatchObject({ value: "168870.00", target: "138000.00" });
    expect(e.metrics.renewal_sales).toMatchObject({ value: "106530.00", target: "46000.00" });
    expect(e.incentives).toEqual({ commission: "6754.80", renewal_commission: "1973.25", conversion_bonus: "1500.00", referral_bonus: "200.00" });
    expect(e.payout).toBe("10428.05");
  });

  // renewals.csv June: S08153, S08169, S08037, S08070, S08145 renewed; S08053, S08109, S08059
  // churned → 5 / 8 = 62.5%. New orders' days_to_close 9, 6, 7, 9, 14 → 45 / 5 = 9 days.
  it("computes the renewal rate and the sales cycle", () => {
    const e = entity("growth", "2026-06", "r012");
    expect(e.metrics.renewal_rate!.value).toBe(0.625);
    expect(e.metrics.cycle_days!.value).toBe(9);
    expect(e.metrics.trial_conversion!.value).toBeCloseTo(7 / 12, 12);
  });

  // Scorecard: 35% × min(168,870 / 138,000, 150%) + 25% × min((7/12) / 45%, 130%)
  //          + 25% × (62.5% / 60%) + 15% × min(10 / 9, 120%) (cycle_days is lower_better).
  it("scores the growth scorecard", () => {
    const expected = 0.35 * (168_870 / 138_000) + 0.25 * (7 / 12 / 0.45) + 0.25 * (0.625 / 0.6) + 0.15 * (10 / 9);
    expect(entity("growth", "2026-06", "r012").scores!.monthly).toBeCloseTo(expected, 12);
  });
});

describe("education_mature", () => {
  // QA_FAIL_REP (陈静) scored 72 in the June quality check (inputs.csv): the margin commission's
  // gate (≥ 80) fails → 0.00. Renewals: S09104 and S09214 renewed, S09176 and S09155 churned
  // → 50% → tier 2% × (11,860.00 + 10,560.00) = 448.40. Payout 448.40.
  it("withholds the margin commission when the quality check fails", () => {
    const e = entity("mature", "2026-06", QA_FAIL_REP);
    expect(e.metrics.quality_score!.value).toBe(72);
    expect(e.metrics.renewal_rate!.value).toBe(0.5);
    expect(e.incentives).toMatchObject({ margin_commission: "0.00", retention_commission: "448.40" });
    expect(e.payout).toBe("448.40");
  });

  // r014 in 2026-11, lessons.csv: S08914 9 h 2,632.50 / 1,242.00 and S08912 7 h 1,487.50 / 756.00.
  // Recognised 4,120.00, teacher pay 1,998.00, gross profit 2,122.00, margin 51.5% → tier from 45%:
  // 4% × 2,122.00 = 84.88 (quality 85 ≥ 80). No renewals due: renewal rate null pays no tier, so
  // the retention commission is raised to its 300.00 floor. Payout 84.88 + 300.00 = 384.88.
  it("pays the margin commission on consumed revenue and the retention floor", () => {
    const e = entity("mature", "2026-11", "r014");
    expect(e.metrics.gross_profit!.value).toBe("2122.00");
    expect(e.metrics.gross_margin!.value).toBeCloseTo(2_122 / 4_120, 12);
    expect(e.incentives).toEqual({ margin_commission: "84.88", retention_commission: "300.00", clv_bonus: "0.00" });
    expect(e.payout).toBe("384.88");
  });

  // The floor is paid only to consultants in post: r014 joins on 13 September, so in July it has
  // no active day and the engine pays it nothing (no gate needed); in September it is in post (300.00).
  it("pays the retention floor only in months the consultant is employed", () => {
    expect(entity("mature", "2026-07", "r014").payout).toBe("0.00");
    expect(entity("mature", "2026-09", "r014").incentives!.retention_commission).toBe("300.00");
  });
});

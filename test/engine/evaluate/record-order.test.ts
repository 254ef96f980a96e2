/**
 * The loader keeps each source's records in date order and every pass walks
 * a period's run of them (engine/dataset/date-order.ts, pass.ts): the order
 * of the records in the file must change no number, in any period, at any
 * as-of date, for any aggregate (sums, counts, distinct, min, max, avg,
 * year to date, prev).
 * @module
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { resultJson } from "../../../engine/evaluate/index.js";
import { evaluate } from "../../../engine/evaluate/index.js";
import { check, deal, header, load, metric, run, TEAMS } from "./helpers.js";

const TEMPLATE =
  header() +
  `
metric won "Won": money = sum(deals.amount where status == "won")
metric deals_n "Deals" = count(deals)
metric customers "Customers" = distinct(deals.customer)
metric smallest "Smallest": money = min(deals.amount)
metric largest "Largest": money = max(deals.amount)
metric average "Average": money = avg(deals.amount where status != "open")
metric visits_n "Visits" = count(visits)
metric won_ytd "Won YTD": money = ytd(won)
metric won_prev "Won last month": money = prev(won)
metric per_visit "Won per visit": number = deals_n / visits_n
`;

const REPS = ["zhang", "li", "wang", "zhao"];
const STATUSES = ["open", "won", "lost"];

/** A deterministic pseudo-random dataset: deals and visits over January to April 2026. */
function records(seed: number): { deals: Record<string, unknown>[]; visits: Record<string, unknown>[] } {
  let a = seed | 0;
  const u = (): number => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
  const day = (): string => `2026-0${1 + Math.floor(u() * 4)}-${String(1 + Math.floor(u() * 28)).padStart(2, "0")}`;
  const deals = Array.from({ length: 120 }, () =>
    deal(REPS[Math.floor(u() * 4)]!, (Math.floor(u() * 1_000_000) / 100).toFixed(2), {
      status: STATUSES[Math.floor(u() * 3)],
      customer: `c${Math.floor(u() * 15)}`,
      closed_on: day(),
    }),
  );
  const visits = Array.from({ length: 80 }, () => ({ rep: REPS[Math.floor(u() * 4)]!, visited_on: day() }));
  return { deals, visits };
}

describe("record order in the file", () => {
  const checked = check(TEMPLATE);

  it("changes no number: any permutation of the records gives the same result text, with and without an as-of date", () => {
    const base = records(7);
    const doc = (r: ReturnType<typeof records>) => ({ entities: TEAMS, records: r });
    const requests = [{ period: "2026-01..2026-04" }, { period: "2026-Q1" }, { period: "2026-03", asOf: "2026-03-17" }];
    const expected = requests.map((q) => {
      const out = evaluate(checked, load(checked, doc(base)), q);
      if (!out.ok) throw new Error(out.errors[0]!.message);
      return resultJson(out.columns);
    });
    fc.assert(
      fc.property(fc.array(fc.nat(), { minLength: 200, maxLength: 200 }), (keys) => {
        // A permutation of each source, driven by the random keys.
        const order = <T>(xs: T[], off: number): T[] => xs.map((x, i) => [keys[(i + off) % keys.length]!, i, x] as const).sort((p, q) => p[0] - q[0] || p[1] - q[1]).map((p) => p[2]);
        const ds = load(checked, doc({ deals: order(base.deals, 0), visits: order(base.visits, 120) }));
        requests.forEach((q, k) => {
          const out = evaluate(checked, ds, q);
          if (!out.ok) throw new Error(out.errors[0]!.message);
          expect(resultJson(out.columns)).toBe(expected[k]);
        });
      }),
      { numRuns: 25 },
    );
  });

  it("counts records given latest first up to the as-of date and no further", () => {
    const ds = load(checked, {
      entities: TEAMS,
      records: {
        deals: [
          deal("zhang", "400.00", { closed_on: "2026-03-31" }),
          deal("zhang", "300.00", { closed_on: "2026-03-20" }),
          deal("zhang", "200.00", { closed_on: "2026-03-11" }),
          deal("zhang", "100.00", { closed_on: "2026-03-10" }),
          deal("zhang", "50.00", { closed_on: "2026-02-28" }),
        ],
        visits: [],
      },
    });
    // As of March 11: 100 + 200 in March; February's 50 is last month's.
    const r = run(checked, ds, { period: "2026-03", asOf: "2026-03-11" });
    expect(metric(r, "2026-03", "zhang", "won").value).toBe("300.00");
    expect(metric(r, "2026-03", "zhang", "deals_n").value).toBe(2);
    expect(metric(r, "2026-03", "zhang", "largest").value).toBe("200.00");
    expect(metric(r, "2026-03", "zhang", "won_ytd").value).toBe("350.00");
    expect(metric(r, "2026-03", "zhang", "won_prev").value).toBe("50.00");
    // The whole month: 1,000.00 over 4 deals; the team and the root the same.
    const whole = run(checked, ds, { period: "2026-03" });
    expect(metric(whole, "2026-03", "zhang", "won").value).toBe("1000.00");
    expect(metric(whole, "2026-03", "east", "won").value).toBe("1000.00");
    expect(metric(whole, "2026-03", "all", "average").value).toBe("250.00");
  });
});

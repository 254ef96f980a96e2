/**
 * Nulls (DESIGN.md "Nulls"; contract.ts): division by zero is null, null
 * propagates through arithmetic and functions except `coalesce` and
 * `is null`, a comparison with null is false, `and`/`or`/`not` are
 * three-valued and a condition treats null as false; over an empty set
 * `sum`/`count`/`distinct` are 0 and `avg`/`min`/`max` null.
 */
import { describe, expect, it } from "vitest";
import { check, deal, header, load, metric, run, TEAMS } from "./helpers.js";

const TEMPLATE = header() + `
metric won "won" = count(deals where status == "won")
metric vis = count(visits)
metric ratio: percent = won / vis
metric plus_one = ratio + 1
metric fallback = coalesce(ratio, 0)
metric is_missing = if(ratio is null, 1, 0)
metric gt_pick = if(ratio > 0, 1, 2)
metric ne_pick = if(ratio != 1, 1, 2)
metric not_gt_pick = if(not (ratio > 0), 1, 2)
metric and_null = if(ratio > 0 and vis == 0, 1, 2)
metric or_null = if(ratio is null or ratio > 0, 1, 2)
metric empty_sum: money = sum(deals.amount where status == "lost")
metric empty_count = count(deals where status == "lost")
metric empty_distinct = distinct(deals.customer where status == "lost")
metric empty_avg: money = avg(deals.amount where status == "lost")
metric empty_min: money = min(deals.amount where status == "lost")
metric empty_max: money = max(deals.amount where status == "lost")
metric min_of = min(ratio, 5)
metric abs_of = abs(ratio)
metric rounded = round(ratio, 2)
metric clamped = clamp(ratio, 0, 1)
metric null_amount_sum: money = sum(deals.amount)
metric null_amount_avg: money = avg(deals.amount)
metric null_amount_count = count(deals)
`;

describe("nulls", () => {
  const checked = check(TEMPLATE);
  // zhang: 2 won deals (one without an amount), no visits; li: nothing at all.
  const ds = load(checked, {
    entities: TEAMS,
    records: { deals: [deal("zhang", "10.00"), deal("zhang", null)], visits: [] },
  });
  const result = run(checked, ds, { period: "2026-03" });
  const v = (name: string, entity = "zhang") => metric(result, "2026-03", entity, name).value;

  it("gives null for a division by zero and propagates it", () => {
    expect(v("won")).toBe(2);
    expect(v("vis")).toBe(0);
    expect(v("ratio")).toBeNull();
    expect(v("plus_one")).toBeNull();
    expect(v("min_of")).toBeNull();
    expect(v("abs_of")).toBeNull();
    expect(v("rounded")).toBeNull();
    expect(v("clamped")).toBeNull();
  });

  it("lets coalesce and is null see through null", () => {
    expect(v("fallback")).toBe(0);
    expect(v("is_missing")).toBe(1);
  });

  it("makes every comparison with null false, and a null condition false", () => {
    expect(v("gt_pick")).toBe(2);
    expect(v("ne_pick")).toBe(2);
    // not (null > 0): the comparison is false, so `not` makes it true.
    expect(v("not_gt_pick")).toBe(1);
  });

  it("uses three-valued and/or", () => {
    // (false) and (true) is false; (true) or (false) is true.
    expect(v("and_null")).toBe(2);
    expect(v("or_null")).toBe(1);
  });

  it("gives sum, count and distinct 0 and avg, min, max null over an empty set", () => {
    expect(v("empty_sum")).toBe("0.00");
    expect(v("empty_count")).toBe(0);
    expect(v("empty_distinct")).toBe(0);
    expect(v("empty_avg")).toBeNull();
    expect(v("empty_min")).toBeNull();
    expect(v("empty_max")).toBeNull();
    // li has no records at all.
    expect(v("null_amount_sum", "li")).toBe("0.00");
    expect(v("null_amount_avg", "li")).toBeNull();
  });

  it("skips a record's missing value in sum and avg but counts the record", () => {
    expect(v("null_amount_sum")).toBe("10.00");
    expect(v("null_amount_avg")).toBe("10.00");
    expect(v("null_amount_count")).toBe(2);
  });
});

/**
 * Requests and errors: a period is `P` or `P1..P2` of one unit, not finer
 * than the grain; `asOf` is `YYYY-MM-DD`; `explain` names entities; the
 * dataset must be the one loaded for the template. Every mistake is an
 * error with the part of the request it is about — never a throw, never a
 * partial result. Determinism: the same inputs give byte-identical JSON.
 */
import { describe, expect, it } from "vitest";
import { loadDatasetJson } from "../../../engine/dataset/index.js";
import { datasetSpecOf, evaluate } from "../../../engine/evaluate/index.js";
import type { EvaluateRequest } from "../../../engine/evaluate/index.js";
import { check, deal, errorsOf, header, load, run, TEAMS } from "./helpers.js";

const checked = check(header() + `metric amt: money = sum(deals.amount)\nmetric n = count(deals)\nmetric r: percent = n / count(visits)\n`);
const doc = { entities: TEAMS, records: { deals: [deal("zhang", "10.00"), deal("li", "5.00", { closed_on: "2026-02-01" })], visits: [{ rep: "li", visited_on: "2026-03-03" }] } };
const ds = load(checked, doc);

describe("periods", () => {
  it("evaluates every period of a range's unit, in order", () => {
    expect(run(checked, ds, { period: "2026-01..2026-04" }).periods.map((p) => p.period)).toEqual(["2026-01", "2026-02", "2026-03", "2026-04"]);
    expect(run(checked, ds, { period: "2026-Q1..2026-Q2" }).periods.map((p) => p.period)).toEqual(["2026-Q1", "2026-Q2"]);
    expect(run(checked, ds, { period: " 2026 " }).periods.map((p) => [p.period, p.asOf])).toEqual([["2026", "2026-12-31"]]);
  });

  const cases: [EvaluateRequest, { message: string; path?: string }[]][] = [
    [{ period: "2026-13" }, [{ message: "2026-13: month 13 does not exist", path: "period" }]],
    [{ period: "banana" }, [{ message: '"banana" is not a period; write 2026, 2026-Q1, 2026-03, 2026-W05 or 2026-03-15', path: "period" }]],
    [{ period: "" }, [{ message: "a period is required: 2026, 2026-Q1, 2026-03, 2026-W05, 2026-03-15 or a range P1..P2", path: "period" }]],
    [{ period: "2026-03-15" }, [{ message: "2026-03-15 is a day, finer than the template's grain (month); use a month such as 2026-03 or a longer period", path: "period" }]],
    [{ period: "2026-W05" }, [{ message: "2026-W05 is a week, finer than the template's grain (month); use a month such as 2026-01 or a longer period", path: "period" }]],
    [{ period: "2026-03..2026-01" }, [{ message: "2026-03..2026-01 ends before it starts", path: "period" }]],
    [{ period: "2026-01..2026-Q2" }, [{ message: "2026-01..2026-Q2 mixes a month and a quarter; both ends need the same unit", path: "period" }]],
    [{ period: "2026-01..2026-02..2026-03" }, [{ message: '"2026-01..2026-02..2026-03" is not a range; write P1..P2', path: "period" }]],
    [{ period: "1000-01..9999-12" }, [{ message: "1000-01..9999-12 has more than 10000 periods", path: "period" }]],
    [{ period: "2026-03", asOf: "2026-02-30" }, [{ message: "2026-02 has 28 days, so 2026-02-30 is not a date", path: "asOf" }]],
    [{ period: "2026-03", asOf: "March 3" }, [{ message: '"March 3" is not a date; write YYYY-MM-DD', path: "asOf" }]],
    [{ period: "2026-03", explain: ["zhang", "nobody"] }, [{ message: 'no entity has the id "nobody"', path: "explain" }]],
    [{ period: 202603 as unknown as string }, [{ message: "a period is required: 2026, 2026-Q1, 2026-03, 2026-W05, 2026-03-15 or a range P1..P2", path: "period" }]],
  ];
  for (const [request, errors] of cases) {
    it(`refuses ${JSON.stringify(request)}`, () => expect(errorsOf(checked, ds, request)).toEqual(errors));
  }

  it("reports a period and an as-of date together", () => {
    expect(errorsOf(checked, ds, { period: "x", asOf: "y" }).map((e) => e.path)).toEqual(["period", "asOf"]);
  });
});

describe("datasets and limits", () => {
  it("refuses a dataset loaded for another template", () => {
    const other = check(header().replace('"open" | "won" | "lost"', '"open" | "won"') + "metric n = count(deals)");
    const theirs = load(other, { entities: TEAMS, records: { deals: [], visits: [] } });
    expect(errorsOf(checked, theirs, { period: "2026-03" })).toEqual([{ message: "the dataset was not loaded for this template: field deals.status is not an enum column", path: "dataset" }]);
  });

  it("reports money beyond the exact range instead of a wrong total", () => {
    const big = load(checked, { entities: TEAMS, records: { deals: [deal("zhang", "50000000000000.00"), deal("li", "50000000000000.00")], visits: [] } });
    const out = evaluate(checked, big, { period: "2026-03" });
    expect(out.ok).toBe(false);
    if (!out.ok) expect(out.errors[0]!.message).toMatch(/deals\.amount add up to more than can be summed exactly/);
  });
});

describe("determinism", () => {
  it("gives byte-identical JSON for identical inputs", () => {
    const a = JSON.stringify(evaluate(checked, ds, { period: "2026-01..2026-03", asOf: "2026-03-15" }));
    const again = JSON.stringify(evaluate(checked, ds, { period: "2026-01..2026-03", asOf: "2026-03-15" }));
    const reloaded = loadDatasetJson(JSON.stringify(doc), datasetSpecOf(checked), "data.json");
    expect(again).toBe(a);
    if (!reloaded.ok) throw new Error("reload");
    expect(JSON.stringify(evaluate(checked, reloaded.dataset, { period: "2026-01..2026-03", asOf: "2026-03-15" }))).toBe(a);
  });
});

/**
 * The Preview's pure controllers in node (issue 13): the Results tree and
 * its rows, sorting within parents, the columns a result offers, money
 * formatted from exact strings, the CSV of the visible table, and the
 * dashboard's figures (bars, funnel, alerts, histogram), over a hand-made
 * period whose every expected value is worked out in the comments.
 */
import { describe, expect, it } from "vitest";
import type { EntityResult, PeriodResult } from "../../schemas/generated/result.js";
import { attainmentBars, firedAlerts, funnelFigures, payoutHistogram, targetedMetrics, totalPayout } from "../../designer/controllers/preview-dashboard.js";
import { cellValue, childrenOf, columnsOf, defaultColumns, formatCell, formatMoney, initialExpanded, toCsv, visibleRows, type Column } from "../../designer/controllers/preview-table.js";

const rep = (id: string, parent: string, amount: string, att: number | null, payout: string, name = id): EntityResult => ({
  id,
  kind: "rep",
  name,
  parent,
  metrics: { amount: { value: amount, target: "1000.00", attainment: att, pace: att }, "pipe.leads": { value: 10 }, "pipe.deals": { value: 4 }, "pipe.deals_rate": { value: 0.4 } },
  scores: { monthly: att },
  incentives: { bonus: payout },
  payout,
  alerts: att !== null && att < 0.5 ? [{ alert: "behind", severity: "warning", message: `${id} is behind` }] : [],
});

/** all → east (ann 1200.50, bob 300.00), west (cy 99999999999999999.99, "=cmd" 0.00). */
const PERIOD: PeriodResult = {
  period: "2026-03",
  asOf: "2026-03-31",
  entities: [
    { id: "all", kind: "all", name: "all", parent: null, metrics: { amount: { value: "100000000000001500.49", target: "4000.00", attainment: 2.5, pace: 2.5 }, "pipe.leads": { value: 40 }, "pipe.deals": { value: 10 }, "pipe.deals_rate": { value: 0.25 } }, alerts: [{ alert: "padding", severity: "critical", message: "padding suspected", }] },
    { id: "east", kind: "team", name: "East", parent: "all", metrics: { amount: { value: "1500.50", target: "2000.00", attainment: 0.75025, pace: 0.8 } }, payout: "0.00", alerts: [] },
    rep("ann", "east", "1200.50", 1.2005, "120.05", "Ann"),
    rep("bob", "east", "300.00", 0.3, "0.00", "Bob, Jr."),
    { id: "west", kind: "team", name: "West", parent: "all", metrics: { amount: { value: "99999999999999999.99", target: "2000.00", attainment: null, pace: null } }, payout: "0.00", alerts: [] },
    rep("cy", "west", "99999999999999999.99", null, "9999999999999999.99", "Cy"),
    rep("zed", "west", "0.00", 0, "0.00", "=cmd"),
  ],
};

describe("the Results table's controller", () => {
  it("offers value, target, attainment and pace per targeted metric, then scores, incentives and payout", () => {
    const cols = columnsOf(PERIOD, { amount: "money" });
    expect(cols.map((c) => `${c.key}/${c.kind}`)).toEqual([
      "m:amount/money", "t:amount/money", "a:amount/percent", "p:amount/percent",
      "m:pipe.leads/number", "m:pipe.deals/number", "m:pipe.deals_rate/number",
      "s:monthly/number", "i:bonus/money", "payout/money",
    ]);
    // By default: the targeted metric's value and attainment, the scores and the payout.
    expect(defaultColumns(cols)).toEqual(["m:amount", "a:amount", "s:monthly", "payout"]);
    // A template of metrics only (no target, score or payout) shows its metrics, never an empty table.
    const metricsOnly: PeriodResult = { period: "2026-03", asOf: "2026-03-31", entities: [{ id: "all", kind: "all", name: "all", parent: null, metrics: { won: { value: "5.00" }, deals: { value: 2 } }, alerts: [] }] };
    expect(defaultColumns(columnsOf(metricsOnly))).toEqual(["m:won", "m:deals"]);
    // Without declared types a decimal string is money.
    expect(columnsOf(PERIOD)[0]!.kind).toBe("money");
  });

  it("builds the tree all → team → rep and shows only the children of open rows", () => {
    const kids = childrenOf(PERIOD);
    expect(kids.get("")!.map((e) => e.id)).toEqual(["all"]);
    expect(kids.get("west")!.map((e) => e.id)).toEqual(["cy", "zed"]);
    const open = initialExpanded(kids);
    expect([...open].sort()).toEqual(["all", "east", "west"]);
    const rows = visibleRows(kids, open, [], undefined);
    expect(rows.map((r) => `${r.entity.id}:${r.level}:${r.hasChildren ? (r.expanded ? "open" : "closed") : "leaf"}`)).toEqual([
      "all:1:open", "east:2:open", "ann:3:leaf", "bob:3:leaf", "west:2:open", "cy:3:leaf", "zed:3:leaf",
    ]);
    const closed = visibleRows(kids, new Set(["all", "west"]), [], undefined);
    expect(closed.map((r) => r.entity.id)).toEqual(["all", "east", "west", "cy", "zed"]);
    expect(closed[1]!.expanded).toBe(false);
  });

  it("sorts the children of each parent by a column (money exactly), missing values last in both directions", () => {
    const cols = columnsOf(PERIOD, { amount: "money" });
    const kids = childrenOf(PERIOD);
    const open = initialExpanded(kids);
    const ids = (key: string, dir: "ascending" | "descending") => visibleRows(kids, open, cols, { key, dir }).map((r) => r.entity.id);
    // Payouts: east ann 120.05 > bob 0.00; west cy 9999999999999999.99 > zed 0.00 (a float would still order these, the next case would not).
    expect(ids("payout", "ascending")).toEqual(["all", "east", "bob", "ann", "west", "zed", "cy"]);
    // Teams by amount: west 99999999999999999.99 > east 1500.50; reps inside stay under their team.
    expect(ids("m:amount", "descending")).toEqual(["all", "west", "cy", "zed", "east", "ann", "bob"]);
    // Attainment: west and cy have none, so they go last, ascending and descending alike.
    expect(ids("a:amount", "descending")).toEqual(["all", "east", "ann", "bob", "west", "zed", "cy"]);
    expect(ids("a:amount", "ascending")).toEqual(["all", "east", "bob", "ann", "west", "zed", "cy"]);
  });

  it("formats money from the exact string in the currency and the language, never through a float", () => {
    expect(formatMoney("1234567.05", "CNY", "zh-CN")).toBe("¥1,234,567.05");
    expect(formatMoney("1234567.05", "CNY", "en")).toBe("CN¥1,234,567.05");
    // 17 significant digits: a double would print 100000000000000000.00.
    expect(formatMoney("99999999999999999.99", "CNY", "en")).toBe("CN¥99,999,999,999,999,999.99");
    expect(formatMoney("-0.10", "USD", "en")).toBe("-$0.10");
    // As many fraction digits as the string has: a 3-decimal money is not rounded to cents.
    expect(formatMoney("2.125", "CNY", "en")).toBe("CN¥2.125");
    expect(formatMoney("5", "EUR", "en")).toBe("€5");
    expect(formatCell(1.0723, "percent", "CNY", "en")).toBe("107.2%");
    expect(formatCell(null, "money", "CNY", "en")).toBe("—");
    expect(formatCell(35.764705, "number", "CNY", "en")).toBe("35.76");
    expect(formatCell(true, "bool", "CNY", "en")).toBe("✓");
    const payout: Column = { key: "payout", group: "payout", kind: "money" };
    expect(cellValue(PERIOD.entities[5]!, payout)).toBe("9999999999999999.99");
  });

  it("exports the visible rows and chosen columns as CSV with the exact strings, quoted where needed, formulas made inert", () => {
    const cols = columnsOf(PERIOD, { amount: "money" }).filter((c) => c.key === "m:amount" || c.key === "a:amount" || c.key === "payout");
    const rows = visibleRows(childrenOf(PERIOD), new Set(["all", "east", "west"]), cols, undefined);
    const csv = toCsv(rows, cols, ["Amount", "Amount · Attainment", "Payout"]);
    expect(csv).toBe(
      [
        "id,name,kind,parent,Amount,Amount · Attainment,Payout",
        "all,all,all,,100000000000001500.49,2.5,",
        "east,East,team,all,1500.50,0.75025,0.00",
        "ann,Ann,rep,east,1200.50,1.2005,120.05",
        'bob,"Bob, Jr.",rep,east,300.00,0.3,0.00',
        "west,West,team,all,99999999999999999.99,,0.00",
        "cy,Cy,rep,west,99999999999999999.99,,9999999999999999.99",
        "zed,'=cmd,rep,west,0.00,0,0.00",
        "",
      ].join("\r\n"),
    );
  });
});

describe("the dashboard's controller", () => {
  it("gives attainment and pace per team and the reps furthest behind, lowest pace first", () => {
    expect(targetedMetrics(PERIOD)).toEqual(["amount"]);
    const bars = attainmentBars(PERIOD, "amount", 2);
    expect(bars.teams).toEqual([
      { id: "east", name: "East", attainment: 0.75025, pace: 0.8 },
      { id: "west", name: "West", attainment: null, pace: null },
    ]);
    // Paces: zed 0, bob 0.3, ann 1.2005, cy none (last): the two furthest behind are zed and bob.
    expect(bars.reps.map((b) => b.id)).toEqual(["zed", "bob"]);
    expect(bars.repsTotal).toBe(4);
  });

  it("reads the funnel's steps and conversions at the top of the tree", () => {
    expect(funnelFigures(PERIOD, { name: "pipe", steps: [{ name: "leads", label: "Leads" }, { name: "deals" }] })).toEqual([
      { step: "leads", label: "Leads", value: 40, rate: undefined },
      { step: "deals", label: "deals", value: 10, rate: 0.25 },
    ]);
  });

  it("lists the alerts that fire, the most severe first", () => {
    expect(firedAlerts(PERIOD)).toEqual([
      { severity: "critical", alert: "padding", message: "padding suspected", entity: "all", entityName: "all" },
      { severity: "warning", alert: "behind", message: "bob is behind", entity: "bob", entityName: "Bob, Jr." },
      { severity: "warning", alert: "behind", message: "zed is behind", entity: "zed", entityName: "=cmd" },
    ]);
  });

  it("sums every payout exactly", () => {
    // east 0.00 + ann 120.05 + bob 0.00 + west 0.00 + cy 9999999999999999.99 + zed 0.00 (a double gives 10000000000000120).
    expect(totalPayout(PERIOD)).toBe("10000000000000120.04");
    expect(totalPayout({ ...PERIOD, entities: [PERIOD.entities[0]!] })).toBeUndefined();
  });

  it("bins the reps' payouts exactly", () => {
    const small: PeriodResult = { ...PERIOD, entities: PERIOD.entities.filter((e) => e.id !== "cy") };
    // Reps: ann 120.05, bob 0.00, zed 0.00; 0 … 120.05 in 2 bins of 60.025: [0, 60.025) has 2, [60.025, 120.05] has 1.
    expect(payoutHistogram(small, 2)).toEqual([
      { from: "0.00", to: "60.03", count: 2 },
      { from: "60.03", to: "120.05", count: 1 },
    ]);
    expect(payoutHistogram({ ...PERIOD, entities: [] }, 4)).toEqual([]);
  });
});

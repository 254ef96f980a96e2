/** The checked model of the DESIGN.md examples: order, types, resolved formulas, funnel expansion. */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import type { CheckedTemplate } from "../../../engine/check/checked-model.js";
import { checkSource } from "../../../engine/check/index.js";
import { sexpr } from "./sexpr.js";

const SAAS = readFileSync("test/fixtures/design/saas_growth.kpi", "utf8");
/** funnel.kpi is a fragment: it counts `leads` and `deals` (with a `quoted` flag), declared here. */
const FUNNEL_CONTEXT = `entity rep
source leads by rep at created_on {
  created_on: date
}
source deals by rep at closed_on {
  status: "open" | "won" | "lost"
  quoted: boolean
  closed_on: date
}
`;
const FUNNEL = FUNNEL_CONTEXT + readFileSync("test/fixtures/design/funnel.kpi", "utf8");

function checked(text: string): CheckedTemplate {
  const r = checkSource(text);
  expect(r.diagnostics).toEqual([]);
  expect(r.checked).toBeDefined();
  return r.checked!;
}

describe("the SaaS example", () => {
  const c = checked(SAAS);
  const metric = (name: string) => c.metrics.find((m) => m.name === name)!;

  it("checks without diagnostics and is plain JSON", () => {
    expect(JSON.parse(JSON.stringify(c))).toEqual(c);
  });

  it("fills the settings' defaults", () => {
    expect(c.settings).toEqual({ industry: "saas", stage: "growth", grain: "month", currency: "CNY", currencyDigits: 2, rounding: "half_up", fiscalYearStarts: "january" });
  });

  it("orders entity kinds from the root down", () => {
    expect(c.entityKinds).toEqual([
      { name: "team", label: "销售团队", parent: "all" },
      { name: "rep", label: "销售代表", parent: "team" },
    ]);
    expect(c.leafKind).toBe("rep");
  });

  it("lists metrics in dependency order", () => {
    expect(c.metrics.map((m) => m.name)).toEqual([
      "new_amount", "new_deals", "new_customers", "visit_count", "visit_conversion", "renewal_rate", "nps", "cycle_days", "satisfaction",
    ]);
    expect(metric("visit_conversion").deps).toEqual(["new_deals", "visit_count"]);
  });

  it("infers types", () => {
    const types = Object.fromEntries(c.metrics.map((m) => [m.name, [m.declaredType, m.formulaType, m.inferredType]]));
    expect(types).toEqual({
      new_amount: ["money", "money", "money"],
      new_deals: [undefined, "integer", "integer"],
      new_customers: [undefined, "integer", "integer"],
      visit_count: [undefined, "integer", "integer"],
      visit_conversion: ["percent", "number", "percent"],
      renewal_rate: ["percent", "number", "percent"],
      nps: [undefined, "number", "number"],
      cycle_days: ["number", "number", "number"],
      satisfaction: [undefined, undefined, "number"],
    });
    expect(metric("cycle_days").lowerBetter).toBe(true);
    expect(metric("satisfaction").input).toBe(true);
  });

  it("resolves formulas into typed nodes", () => {
    expect(sexpr(metric("new_amount").formula!)).toBe('(sum deals.amount (and (== status:string "won"):boolean (== kind:string "new"):boolean):boolean):money');
    expect(sexpr(metric("nps").formula!)).toBe(
      "(/ (* 100:integer (- (count surveys (>= score:integer 9:integer):boolean):integer (count surveys (<= score:integer 6:integer):boolean):integer):integer):integer (count surveys):integer):number",
    );
    expect(metric("new_amount").text).toBe('sum(deals.amount where status == "won" and kind == "new")');
  });

  it("adapts untyped literals to money in an incentive formula", () => {
    const bonus = c.incentives.find((i) => i.name === "challenge_bonus")!;
    expect(sexpr(bonus.formula!)).toBe("(if (>= new_amount:money (challenge new_amount):money):boolean 5_000:money 0:money):money");
    expect(bonus.for).toBe("rep");
  });

  it("keeps tiers, gate and cap of the commission", () => {
    const commission = c.incentives.find((i) => i.name === "commission")!;
    expect(commission.tiers?.steps).toEqual([{ from: "80%", rate: "3%" }, { from: "100%", rate: "5%" }, { from: "120%", rate: "8%" }]);
    expect(sexpr(commission.tiers!.on!)).toBe("(attainment new_amount):percent");
    expect(sexpr(commission.gate!)).toBe("(or (>= renewal_rate:percent 70%:percent):boolean (is-null renewal_rate:percent)):boolean");
    expect(commission.cap).toBe("50_000");
  });

  it("keeps targets with their literals as written", () => {
    expect(c.targets[0]).toEqual({
      metric: "new_amount",
      base: { value: "1_200_000", perEntity: "rep", per: "year" },
      quarters: ["20%", "25%", "25%", "30%"],
      challenge: { value: "120%", percent: true },
    });
    expect(c.targets.find((t) => t.metric === "new_customers")).toEqual({ metric: "new_customers", base: { value: "600", per: "year" }, split: { by: "history" } });
  });

  it("splits alert messages into parts", () => {
    const alert = c.alerts.find((a) => a.name === "behind_pace")!;
    expect(alert.message?.map((p) => (p.kind === "expr" ? `{${sexpr(p.expr)}}` : p.kind === "entity" ? "{entity}" : p.text)).join("")).toBe(
      "{entity} 新签合同额进度 {(pace new_amount):percent}",
    );
  });
});

describe("the funnel example", () => {
  const c = checked(FUNNEL);

  it("defines steps, step rates and the conversion as ordinary metrics", () => {
    expect(c.metrics.map((m) => `${m.name}:${m.inferredType}`)).toEqual([
      "pipeline.leads:integer",
      "pipeline.opportunities:integer",
      "pipeline.opportunities_rate:percent",
      "pipeline.quotes:integer",
      "pipeline.quotes_rate:percent",
      "pipeline.signed:integer",
      "pipeline.signed_rate:percent",
      "pipeline.conversion:percent",
    ]);
    const rate = c.metrics.find((m) => m.name === "pipeline.quotes_rate")!;
    expect(sexpr(rate.formula!)).toBe("(/ pipeline.quotes:integer pipeline.opportunities:integer):percent");
    expect(rate.funnel).toEqual({ name: "pipeline", step: "quotes", role: "rate" });
    expect(rate.deps).toEqual(["pipeline.quotes", "pipeline.opportunities"]);
    const conversion = c.metrics.find((m) => m.name === "pipeline.conversion")!;
    expect(sexpr(conversion.formula!)).toBe("(/ pipeline.signed:integer pipeline.leads:integer):percent");
    expect(sexpr(c.metrics[3]!.formula!)).toBe("(count deals quoted:boolean):integer");
  });

  it("lets formulas, targets and scorecards use funnel metrics", () => {
    const more = `${FUNNEL}
metric lead_share: percent = pipeline.signed / pipeline.leads
target pipeline.conversion { base 10% }
scorecard s { pipeline.conversion weight 100% }
`;
    const m = checked(more);
    expect(m.metrics.find((x) => x.name === "lead_share")?.deps).toEqual(["pipeline.signed", "pipeline.leads"]);
    expect(m.scorecards[0]?.items).toEqual([{ metric: "pipeline.conversion", weight: "100%" }]);
  });
});

describe("metric order and periods", () => {
  const c = checked(`entity rep
source deals by rep at d {
  amount: money
  d: date
}
metric growth: percent = (revenue - prev(revenue)) / prev(revenue)
metric share = revenue / total
metric total: money = sum(deals.amount) + 0
metric revenue: money = sum(deals.amount)
metric running: money = coalesce(prev(running), 0) + revenue
`);

  it("puts every metric after the metrics it reads in the same period", () => {
    expect(c.metrics.map((m) => m.name)).toEqual(["revenue", "growth", "total", "share", "running"]);
  });

  it("lists earlier-period reads apart from same-period dependencies", () => {
    const growth = c.metrics.find((m) => m.name === "growth")!;
    expect(growth.deps).toEqual(["revenue"]);
    expect(growth.periodDeps).toEqual(["revenue"]);
    const running = c.metrics.find((m) => m.name === "running")!;
    expect(running.deps).toEqual(["revenue"]);
    expect(running.periodDeps).toEqual(["running"]);
  });

  it("types money − money / money as a number and literals added to money as money", () => {
    expect(c.metrics.find((m) => m.name === "share")?.formulaType).toBe("number");
    expect(sexpr(c.metrics.find((m) => m.name === "total")!.formula!)).toBe("(+ (sum deals.amount):money 0:money):money");
  });
});

describe("defaults", () => {
  it("gives a template without a header the default settings", () => {
    expect(checked("metric a = 1").settings).toEqual({ grain: "month", currency: "CNY", currencyDigits: 2, rounding: "half_up", fiscalYearStarts: "january" });
  });

  it("knows the digits of the currency", () => {
    expect(checked("template t {\n  currency JPY\n}").settings.currencyDigits).toBe(0);
  });
});

/** `extends` and `drop`: the merged template, the settings merge and the checked model of a child. */
import { describe, expect, it } from "vitest";
import type { BaseSource } from "../../../engine/check/api.js";
import { checkSource } from "../../../engine/check/index.js";

const BASE = `template saas_base "SaaS" {
  currency USD
  grain week
}
entity rep
source deals by rep at closed_on {
  amount: money
  status: "open" | "won" | "lost"
  closed_on: date
}
metric revenue: money = sum(deals.amount where status == "won")
metric deals_won = count(deals where status == "won")
metric nps = 40
target revenue { base 1000 }
alert low warning when deals_won < 1
`;

const CHILD = `template saas_startup "SaaS 初创期" extends saas_base {
  stage startup
  grain quarter
}
metric deals_won = count(deals)
drop metric nps
metric avg_deal: money = revenue / deals_won
`;

const loader = (files: Record<string, string>) => (name: string): BaseSource | undefined =>
  Object.hasOwn(files, `${name}.kpi`) ? { file: `${name}.kpi`, text: files[`${name}.kpi`]! } : undefined;

describe("extends", () => {
  const r = checkSource(CHILD, { file: "saas_startup.kpi", loadBase: loader({ "saas_base.kpi": BASE }) });

  it("checks the child with its base", () => {
    expect(r.diagnostics).toEqual([]);
  });

  it("keeps the file's own model as parsed", () => {
    expect(r.model.header?.extends).toBe("saas_base");
    expect(r.model.declarations.map((d) => d.kind)).toEqual(["metric", "drop", "metric"]);
  });

  it("merges: inherited declarations in place, replaced ones in their slot, dropped ones gone", () => {
    const names = r.merged.declarations.map((d) => `${d.kind} ${"name" in d ? d.name : d.metric}`);
    expect(names).toEqual(["entity rep", "source deals", "metric revenue", "metric deals_won", "target revenue", "alert low", "metric avg_deal"]);
    expect(r.merged.declarations[3]).toMatchObject({ kind: "metric", name: "deals_won", formula: "count(deals)" });
  });

  it("merges header settings key by key, the child winning", () => {
    expect(r.merged.header).toEqual({ name: "saas_startup", label: "SaaS 初创期", settings: { currency: "USD", grain: "quarter", stage: "startup" } });
    expect(r.checked?.settings).toMatchObject({ currency: "USD", grain: "quarter", stage: "startup" });
    expect(r.checked?.name).toBe("saas_startup");
  });

  it("marks inherited metrics with their file", () => {
    expect(r.checked?.metrics.map((m) => [m.name, m.file])).toEqual([
      ["revenue", "saas_base.kpi"],
      ["deals_won", undefined],
      ["avg_deal", undefined],
    ]);
  });

  it("reports a mistake in the base with the base's file, line and column", () => {
    const broken = BASE.replace("sum(deals.amount where", "sum(deals.amout where");
    const d = checkSource(CHILD, { loadBase: loader({ "saas_base.kpi": broken }) }).diagnostics;
    expect(d.map((x) => [x.file, x.code, x.span.line, x.span.column, x.path])).toEqual([
      ["saas_base.kpi", "resolve-unknown-field", 11, 29, "/declarations/2/formula"],
    ]);
  });

  it("inherits through several levels", () => {
    const mid = "template mid extends saas_base\nmetric extra = deals_won + 1\n";
    const top = "template top extends mid\ndrop alert low\n";
    const c = checkSource(top, { loadBase: loader({ "saas_base.kpi": BASE, "mid.kpi": mid }) });
    expect(c.diagnostics).toEqual([]);
    expect(c.checked?.metrics.map((m) => m.name)).toEqual(["revenue", "deals_won", "nps", "extra"]);
    expect(c.checked?.alerts).toEqual([]);
    expect(c.checked?.settings.currency).toBe("USD");
  });

  it("passes the file that extends to loadBase", () => {
    const asked: [string, string | undefined][] = [];
    checkSource("template t extends b", { file: "dir/t.kpi", loadBase: (name, from) => void asked.push([name, from]) });
    expect(asked).toEqual([["b", "dir/t.kpi"]]);
  });
});

/** The embedded default `npm start` evaluates: it checks clean and pays what was computed by hand. */
import { execFileSync } from "node:child_process";
import { describe, expect, it } from "vitest";

describe("examples/demo", () => {
  it("evaluates March 2026 with the hand-checked payouts", () => {
    const out = execFileSync("node", ["bin/kpi.js", "eval", "examples/demo/demo_saas_growth.kpi", "--data", "examples/demo/dataset", "--period", "2026-03", "--format", "json"], { encoding: "utf8" });
    const result = JSON.parse(out) as { periods: { entities: { id: string; payout?: string }[] }[] };
    const payouts = Object.fromEntries(result.periods[0]!.entities.filter((e) => e.payout !== undefined).map((e) => [e.id, e.payout]));
    expect(payouts).toEqual({ zhang: "5160.00", li: "8000.00", wang: "2375.01", zhao: "14000.00", chen: "0.00" });
  });
});

/**
 * evaluateAlert: fires only when `when` is true (null does not fire), and
 * formats its message: `{entity}`, money with its digits (rounded once by the
 * template's mode), percent as `87.5%`, dates, null as `—`, literal braces;
 * the label or name when there is no message.
 */
import { describe, expect, it } from "vitest";
import { evaluateAlert } from "../../../engine/alerts/index.js";
import { CELL, checked, fakeEnv, type FakeSpec } from "../incentives/fake-env.js";

const TEMPLATE = `template t {
  grain month
  currency CNY
  rounding half_even
}
entity rep
source deals by rep at closed_on {
  amount: money
  closed_on: date
}
metric new_amount: money = sum(deals.amount)
metric last_close = max(deals.closed_on)
metric renewal_rate: percent = input
target new_amount { base 100_000 }
alert behind_pace "进度落后" warning when pace(new_amount) < 80%
  message "{entity} 新签合同额进度 {pace(new_amount)}"
alert gap critical when new_amount < target(new_amount)
  message "{entity}: {target(new_amount) - new_amount} to go, {new_amount * 5%} so far, last {last_close}, renewal {renewal_rate} {{ok}}"
alert low_renewal "续签率偏低" info when renewal_rate < 70%
alert quiet info when renewal_rate is null
`;
const c = checked(TEMPLATE);
const alert = (name: string, spec: FakeSpec) => evaluateAlert(c.alerts.find((a) => a.name === name)!, fakeEnv(c, spec), CELL, "张伟");

describe("evaluateAlert", () => {
  it("fires when the condition is true, with the formatted message", () => {
    expect(alert("behind_pace", { pace: { new_amount: 0.75 } })).toEqual({ alert: "behind_pace", severity: "warning", message: "张伟 新签合同额进度 75%" });
    expect(alert("behind_pace", { pace: { new_amount: 0.775 } })?.message).toBe("张伟 新签合同额进度 77.5%");
  });

  it("does not fire when the condition is false or null", () => {
    expect(alert("behind_pace", { pace: { new_amount: 0.8 } })).toBeNull();
    expect(alert("behind_pace", { pace: { new_amount: null } })).toBeNull();
    expect(alert("low_renewal", { metrics: { renewal_rate: null } })).toBeNull();
  });

  it("formats money with its digits (rounded once by the template's mode), dates, percents and null", () => {
    const spec: FakeSpec = { metrics: { new_amount: 1050, last_close: 20527, renewal_rate: null }, targets: { new_amount: { base: 10_000_000 } } };
    // 100,000.00 − 10.50; 10.50 × 5% = 0.525 → 0.52 (half_even)
    expect(alert("gap", spec)?.message).toBe("张伟: 99989.50 to go, 0.52 so far, last 2026-03-15, renewal — {ok}");
  });

  it("uses the label, else the name, when there is no message", () => {
    expect(alert("low_renewal", { metrics: { renewal_rate: 0.5 } })).toEqual({ alert: "low_renewal", severity: "info", message: "续签率偏低" });
    expect(alert("quiet", {})).toEqual({ alert: "quiet", severity: "info", message: "quiet" });
  });
});

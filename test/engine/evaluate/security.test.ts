/**
 * Generated code and user text (DESIGN.md "Design rules"): the fused pass is
 * generated JavaScript, so no user name or string may reach its code — enum
 * values, string literals, field and source names, entity ids. Hostile
 * names (quote-breaking text, `__proto__`, `constructor`) must evaluate as
 * plain data, and result keys named `__proto__` must be own properties.
 */
import { describe, expect, it } from "vitest";
import type { CheckedTemplate } from "../../../engine/check/checked-model.js";
import { passCode } from "../../../engine/evaluate/pass.js";
import { periodEndOf } from "../../../engine/periods.js";
import { planTemplate } from "../../../engine/evaluate/plan.js";
import { objectMaker } from "../../../engine/evaluate/object-factory.js";
import { check, load, metric, run } from "./helpers.js";

const HOSTILE = '"); process.exit(1); ("';
const q = (s: string) => JSON.stringify(s);

const TEMPLATE = `template t { grain month }
entity rep
source deals by rep at closed_on {
  amount: money
  status: ${q(HOSTILE)} | "__proto__" | "constructor" | "won"
  customer: string
  closed_on: date
}
metric __proto__ = count(deals where status == ${q(HOSTILE)})
metric constructor = count(deals where status in ("__proto__", "constructor"))
metric hostile_customer = count(deals where customer == ${q(HOSTILE)} or customer == "toString")
metric not_hostile: money = sum(deals.amount where status != ${q(HOSTILE)})
`;

const DOC = {
  entities: [{ id: "__proto__", kind: "rep", name: HOSTILE }, { id: "constructor", kind: "rep" }],
  records: {
    deals: [
      { rep: "__proto__", amount: "1.00", status: HOSTILE, customer: HOSTILE, closed_on: "2026-03-01" },
      { rep: "__proto__", amount: "2.00", status: "__proto__", customer: "toString", closed_on: "2026-03-01" },
      { rep: "constructor", amount: "4.00", status: "constructor", customer: "x", closed_on: "2026-03-01" },
      { rep: "constructor", amount: "8.00", status: "won", customer: null, closed_on: "2026-03-01" },
    ],
  },
};

/** The only text generated code may contain: identifiers we make, numbers, operators, `"use strict"`. */
// Indexes, integers and fixed operators only (`*` multiplies an accumulator's value by its filter's 0 or 1).
const SAFE_CODE = /^(?:"use strict";|[\sA-Za-z0-9_;=<>!&|+*\-[\](){}.,?:])*$/;

describe("generated passes and hostile text", () => {
  it("evaluates hostile enum values, strings, metric names and entity ids as plain data", () => {
    const checked = check(TEMPLATE);
    const result = run(checked, load(checked, DOC), { period: "2026-03" });
    const ids = result.periods[0]!.entities.map((e) => e.id);
    expect(ids).toEqual(["all", "__proto__", "constructor"]);
    const proto = result.periods[0]!.entities[1]!;
    expect(proto.name).toBe(HOSTILE);
    expect(Object.getPrototypeOf(proto.metrics)).toBe(Object.prototype);
    expect(Object.keys(proto.metrics)).toEqual(["__proto__", "constructor", "hostile_customer", "not_hostile"]);
    expect(metric(result, "2026-03", "__proto__", "__proto__").value).toBe(1);
    expect(metric(result, "2026-03", "all", "constructor").value).toBe(2);
    expect(metric(result, "2026-03", "__proto__", "hostile_customer").value).toBe(2);
    expect(metric(result, "2026-03", "all", "not_hostile").value).toBe("14.00");
    expect(JSON.stringify(result)).toContain('"__proto__":{"value":1}');
  });

  it("keeps every name and string out of the generated code", () => {
    const checked = check(TEMPLATE);
    // Rename the source and its fields to hostile text too: the checked model is plain data a caller could hand over.
    const renamed = JSON.parse(JSON.stringify(checked).replaceAll('"deals"', q(HOSTILE + "src")).replaceAll('"status"', q(HOSTILE)).replaceAll('"customer"', q("__proto__"))) as CheckedTemplate;
    const doc = {
      entities: DOC.entities,
      records: { [HOSTILE + "src"]: DOC.records.deals.map(({ status, customer, ...rest }) => ({ ...rest, [HOSTILE]: status, ["__proto__"]: customer })) },
    };
    const ds = load(renamed, doc);
    const plan = planTemplate(renamed);
    for (const sp of plan.sources) {
      const { code } = passCode(plan, sp, ds.sources.get(sp.name)!, { entities: ds.entities, digits: 2, rounding: "half_up", periodEnd: periodEndOf("month") });
      expect(code).toMatch(SAFE_CODE);
      expect(code).not.toContain("process");
    }
    const result = run(renamed, ds, { period: "2026-03" });
    expect(metric(result, "2026-03", "__proto__", "__proto__").value).toBe(1);
    expect(metric(result, "2026-03", "all", "constructor").value).toBe(2);
    expect(metric(result, "2026-03", "all", "not_hostile").value).toBe("14.00");
  });

  it("makes result objects whose keys are names, __proto__ included, as own properties", () => {
    const make = objectMaker<number>(["__proto__", HOSTILE, "constructor", "\u2028"]);
    const o = make([1, 2, 3, 4]);
    expect(Object.getPrototypeOf(o)).toBe(Object.prototype);
    expect(Object.entries(o)).toEqual([["__proto__", 1], [HOSTILE, 2], ["constructor", 3], ["\u2028", 4]]);
  });
});

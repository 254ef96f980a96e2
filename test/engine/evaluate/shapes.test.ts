/**
 * Less common metric shapes: true/false, date and text metrics come out in
 * their natural JSON form, which schemas/result.schema.json allows; a metric that reads
 * its own previous value terminates at the dataset's first record.
 */
import { describe, expect, it } from "vitest";
import { evaluate } from "../../../engine/evaluate/index.js";
import { schemaValidator } from "../../../schemas/validators.js";
import { check, deal, header, load, metric, run, TEAMS } from "./helpers.js";

describe("metric shapes", () => {
  it("gives true/false, date and text metrics in their natural JSON form", () => {
    const checked = check(header() + `
metric n = count(deals)
metric busy: boolean = n > 1
metric last_close = max(deals.closed_on)
metric size = if(n > 1, "big", "small")
`);
    const ds = load(checked, { entities: TEAMS, records: { deals: [deal("zhang", "1.00"), deal("zhang", "1.00", { closed_on: "2026-03-21" })], visits: [] } });
    const out = evaluate(checked, ds, { period: "2026-03" });
    if (!out.ok) throw new Error("failed");
    const zhang = out.result.periods[0]!.entities.find((e) => e.id === "zhang")!.metrics;
    const li = out.result.periods[0]!.entities.find((e) => e.id === "li")!.metrics;
    expect([zhang.busy!.value, zhang.last_close!.value, zhang.size!.value]).toEqual([true, "2026-03-21", "big"]);
    expect([li.busy!.value, li.last_close!.value, li.size!.value]).toEqual([false, null, "small"]);
    const valid = schemaValidator("result");
    expect(valid(out.result), JSON.stringify(valid.errors())).toBe(true);
  });

  it("ends a chain of prev() at the dataset's first record", () => {
    const checked = check(header() + "metric running = coalesce(prev(running), 0) + count(deals)");
    const ds = load(checked, { entities: TEAMS, records: { deals: [deal("zhang", "1.00", { closed_on: "2025-03-15" }), deal("zhang", "1.00", { closed_on: "2026-03-15" })], visits: [] } });
    // 2025-03 is the first month with data; before it prev() is null, so the running count starts there.
    expect(metric(run(checked, ds, { period: "2026-03" }), "2026-03", "zhang", "running").value).toBe(2);
    expect(metric(run(checked, ds, { period: "2025-03" }), "2025-03", "zhang", "running").value).toBe(1);
  });
});

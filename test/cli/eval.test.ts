/**
 * `kpi eval` end to end (spawning `node bin/kpi.js`): hand-computed payouts
 * over a small folder dataset (test/fixtures/eval/saas: 2 teams, 5 reps),
 * JSON valid against schemas/result.schema.json and byte-identical across
 * runs, the table (money right-aligned, CJK names lined up), CSV, explanations,
 * and every kind of bad input with its located message and exit status.
 *
 * Payouts for 2026-03, targets 1,200,000 per rep per year × Q1 20% / 3 = 80,000.00
 * a month (challenge 120% = 96,000.00); wang's target comes from targets.csv:
 * - zhang: 83,200.00 new (104%) → commission 5% = 4,160.00; 3 deals → 1,000.00; payout 5,160.00
 * - li: 107,345.67 (134.2%) but renewals 1 of 3 (33.3%) fail the gate → 0.00;
 *   challenge reached → 5,000.00; 5 deals → 3,000.00; payout 8,000.00
 * - wang: 45,833.50 of 50,000.00 (91.7%) → 3% = 1,375.005 → 1,375.01 (half_up);
 *   no renewals (null) passes the gate; 2 deals → 1,000.00; payout 2,375.01
 * - zhao: 100,000.00 (125%) → 8% = 8,000.00; challenge 5,000.00; 1 deal 1,000.00; payout 14,000.00
 * - chen: nothing sold → 0.00; behind pace (0%) and 20 visits at 0% conversion
 */
import { readFileSync } from "node:fs";
import { afterAll, describe, expect, it } from "vitest";
import { collectExplanations } from "../../cli/eval.js";
import { csvCell, renderCsv } from "../../cli/eval-csv.js";
import { renderTable } from "../../cli/eval-table.js";
import { textWidth } from "../../cli/text-width.js";
import { checkSource } from "../../engine/check/index.js";
import type { Result } from "../../schemas/generated/result.js";
import { schemaValidator } from "../../schemas/validators.js";
import { CLEAN, kpi, tempDir } from "./helpers.js";

const T = "test/fixtures/eval/saas_growth.kpi";
const DATA = "test/fixtures/eval/saas";
const dir = tempDir();
afterAll(() => dir.cleanup());

const evalJson = (...args: string[]): Result => {
  const r = kpi(["eval", T, "--data", DATA, ...args]);
  if (r.code !== 0) throw new Error(`exit ${r.code}: ${r.stderr}`);
  return JSON.parse(r.stdout) as Result;
};
const entity = (result: Result, id: string, period = 0) => result.periods[period]!.entities.find((e) => e.id === id)!;

describe("kpi eval: usage and template errors (before any data is read)", () => {
  it("prints the template's diagnostics like kpi check, on standard error, and exits 1", () => {
    dir.write({ "bad.kpi": `${CLEAN}metric x = won_amout\n` });
    const r = kpi(["eval", "bad.kpi", "--data", "nowhere", "--period", "2026-03"], { cwd: dir.path });
    expect(r.code).toBe(1);
    expect(r.stdout).toBe("");
    expect(r.stderr).toBe(
      [
        "bad.kpi:16:12: error resolve-unknown-metric unknown metric `won_amout`; did you mean `won_amount`?",
        " 16 | metric x = won_amout",
        "    |            ^^^^^^^^^",
        "kpi eval: 1 error in the template; nothing was evaluated",
        "",
      ].join("\n"),
    );
  });

  it.each([
    [["--period", "2026-13"], 'kpi: bad --period "2026-13": 2026-13: month 13 does not exist'],
    [["--period", "2026-03-15"], 'kpi: bad --period "2026-03-15": 2026-03-15 is a day, finer than the template\'s grain (month); use a month such as 2026-03 or a longer period'],
    [["--period", "2026-03..2026-01"], 'kpi: bad --period "2026-03..2026-01": 2026-03..2026-01 ends before it starts'],
    [["--period", "March"], 'kpi: bad --period "March": "March" is not a period; write 2026, 2026-Q1, 2026-03, 2026-W05 or 2026-03-15'],
    [["--period", "2026-03", "--as-of", "2026-02-30"], 'kpi: bad --as-of "2026-02-30": 2026-02 has 28 days, so 2026-02-30 is not a date'],
    [["--period", "2026-03", "--format", "xml"], "kpi: option '--format <format>' argument 'xml' is invalid. Allowed choices are json, ndjson, table, csv."],
  ])("bad usage %j exits 2 with one line and no stack trace", (args, message) => {
    const r = kpi(["eval", T, "--data", DATA, ...args]);
    expect({ code: r.code, stdout: r.stdout, stderr: r.stderr }).toEqual({ code: 2, stdout: "", stderr: `${message}\n` });
  });

  it("an unreadable template or data path is bad usage", () => {
    expect(kpi(["eval", "nope.kpi", "--data", DATA, "--period", "2026-03"])).toMatchObject({ code: 2, stderr: "kpi: cannot read nope.kpi: no such file\n" });
    expect(kpi(["eval", T, "--data", "test/fixtures/eval/nope", "--period", "2026-03"])).toMatchObject({ code: 2, stderr: "kpi: cannot read test/fixtures/eval/nope: no such file or folder\n" });
  });
});

describe("kpi eval: results", () => {
  it("pays what was computed by hand, in JSON that follows schemas/result.schema.json", () => {
    const r = kpi(["eval", T, "--data", DATA, "--period", "2026-03"]);
    expect(r.code).toBe(0);
    const result = JSON.parse(r.stdout) as Result;
    const validate = schemaValidator<Result>("result");
    expect(validate(result), JSON.stringify(validate.errors())).toBe(true);
    expect(r.stdout).toBe(`${JSON.stringify(result, null, 2)}\n`);
    expect(result).toMatchObject({ template: "saas_growth", currency: "CNY", periods: [{ period: "2026-03", asOf: "2026-03-31" }] });
    const pay = (id: string) => [entity(result, id).incentives, entity(result, id).payout];
    expect(pay("zhang")).toEqual([{ commission: "4160.00", challenge_bonus: "0.00", first_deals: "1000.00" }, "5160.00"]);
    expect(pay("li")).toEqual([{ commission: "0.00", challenge_bonus: "5000.00", first_deals: "3000.00" }, "8000.00"]);
    expect(pay("wang")).toEqual([{ commission: "1375.01", challenge_bonus: "0.00", first_deals: "1000.00" }, "2375.01"]);
    expect(pay("zhao")).toEqual([{ commission: "8000.00", challenge_bonus: "5000.00", first_deals: "1000.00" }, "14000.00"]);
    expect(pay("chen")).toEqual([{ commission: "0.00", challenge_bonus: "0.00", first_deals: "0.00" }, "0.00"]);
  });

  it("computes metrics, targets, attainment, rollups and alerts", () => {
    const result = evalJson("--period", "2026-03");
    expect(result.periods[0]!.entities.map((e) => [e.id, e.kind, e.parent])).toEqual([
      ["all", "all", null], ["east", "team", "all"], ["zhang", "rep", "east"], ["li", "rep", "east"],
      ["west", "team", "all"], ["wang", "rep", "west"], ["zhao", "rep", "west"], ["chen", "rep", "west"],
    ]);
    const zhang = entity(result, "zhang");
    expect(zhang.metrics["new_amount"]).toEqual({ value: "83200.00", target: "80000.00", challenge: "96000.00", attainment: 1.04, pace: 1.04 });
    expect(zhang.metrics["new_deals"]).toEqual({ value: 3 });
    expect(zhang.metrics["visit_conversion"]).toEqual({ value: 0.5 });
    expect(zhang.metrics["renewal_rate"]).toMatchObject({ value: 1, attainment: 1 / 0.85 });
    expect(zhang.scores?.["monthly"]).toBeCloseTo(0.6 * 1.04 + 0.4 * (1 / 0.85), 12);
    expect(entity(result, "wang").metrics["new_amount"]).toMatchObject({ value: "45833.50", target: "50000.00", challenge: "60000.00" });
    expect(entity(result, "wang").metrics["renewal_rate"]?.value).toBeNull();
    expect(entity(result, "east").metrics["new_amount"]).toMatchObject({ value: "190545.67", target: "160000.00" });
    expect(entity(result, "west").metrics["new_amount"]).toMatchObject({ value: "145833.50", target: "210000.00" });
    expect(entity(result, "all").metrics["new_customers"]).toEqual({ value: 11 });
    expect(entity(result, "chen").alerts).toEqual([
      { alert: "behind_pace", severity: "warning", message: "陈静 新签合同额进度 0%" },
      { alert: "low_conversion", severity: "info", message: "拜访转化率偏低" },
    ]);
    expect(entity(result, "west").alerts).toEqual([{ alert: "behind_pace", severity: "warning", message: "华西 新签合同额进度 69.4%" }]);
    expect(entity(result, "zhang").alerts).toEqual([]);
  });

  it("is byte-identical across runs", () => {
    const a = kpi(["eval", T, "--data", DATA, "--period", "2026-02..2026-03", "--explain", "zhang"]);
    const b = kpi(["eval", T, "--data", DATA, "--period", "2026-02..2026-03", "--explain", "zhang"]);
    expect(a.code).toBe(0);
    expect(a.stdout).toBe(b.stdout);
  });

  it("evaluates each period of a range, and leaves out records after --as-of", () => {
    const range = evalJson("--period", "2026-02..2026-03");
    expect(range.periods.map((p) => p.period)).toEqual(["2026-02", "2026-03"]);
    expect(entity(range, "zhang", 0).metrics["new_amount"]?.value).toBe("50000.00");
    expect(entity(range, "zhang", 0).payout).toBe("1000.00"); // 62.5%: below the first tier; 1 deal
    const early = evalJson("--period", "2026-03", "--as-of", "2026-03-15");
    expect(early.periods[0]!.asOf).toBe("2026-03-15");
    const nz = entity(early, "zhang").metrics["new_amount"]!;
    expect(nz.value).toBe("55000.50");
    expect(nz.pace).toBeCloseTo(55_000.5 / ((80_000 * 15) / 31), 12);
  });

  it("explains one entity in JSON, and the explanation follows the schema", () => {
    const result = evalJson("--period", "2026-03", "--explain", "zhang");
    expect(schemaValidator<Result>("result")(result)).toBe(true);
    const [e] = collectExplanations(result.explanations);
    expect(e?.entity).toMatchObject({ id: "zhang", name: "张伟" });
    expect(e?.incentives.map((i) => [i.incentive, i.value])).toEqual([["commission", "4160.00"], ["challenge_bonus", "0.00"], ["first_deals", "1000.00"]]);
  });
});

describe("kpi eval: table and csv", () => {
  it("prints a table with money right-aligned and names lined up by display width", () => {
    const r = kpi(["eval", T, "--data", DATA, "--period", "2026-03", "--format", "table"], { env: { COLUMNS: "200" } });
    expect(r.code).toBe(0);
    const lines = r.stdout.split("\n");
    expect(lines[0]).toBe("2026-03 (as of 2026-03-31), amounts in CNY");
    const head = lines[1]!;
    expect(head.startsWith("entity")).toBe(true);
    const rows = lines.slice(3, 11);
    expect(rows.map((l) => l.trim().split(/\s+/)[0])).toEqual(["all", "华东", "张伟", "李娜", "华西", "王芳", "赵强", "陈静"]);
    // The id column starts at the same display column on every row (CJK names are two columns a character).
    const idAt = (l: string, id: string) => textWidth(l.slice(0, l.indexOf(` ${id} `) + 1));
    expect(new Set(["all", "east", "zhang", "li", "west", "wang", "zhao", "chen"].map((id, i) => idAt(rows[i]!, id))).size).toBe(1);
    // Payouts end at the right edge: the rep rows end with the payout, all at one display width.
    const zhang = rows[2]!;
    expect(zhang.endsWith("5,160.00")).toBe(true);
    expect(rows.slice(2, 4).concat(rows.slice(5)).map(textWidth)).toEqual(Array(5).fill(textWidth(head)));
    expect(zhang).toContain("83,200.00");
    expect(r.stdout).toContain(["alerts", "  华西 (west)  warning   behind_pace: 华西 新签合同额进度 69.4%", "  陈静 (chen)  warning   behind_pace: 陈静 新签合同额进度 0%", "  陈静 (chen)  info      low_conversion: 拜访转化率偏低", ""].join("\n"));
  });

  it("prints CSV with a stable header, one row per period × entity × metric, and payout rows", () => {
    const r = kpi(["eval", T, "--data", DATA, "--period", "2026-03", "--format", "csv"]);
    expect(r.code).toBe(0);
    const lines = r.stdout.split("\n");
    expect(lines[0]).toBe("period,entity,kind,item,name,value,target,challenge,attainment,pace");
    expect(lines).toContain("2026-03,zhang,rep,metric,new_amount,83200.00,80000.00,96000.00,1.04,1.04");
    expect(lines).toContain("2026-03,zhang,rep,metric,new_deals,3,,,,");
    expect(lines).toContain("2026-03,wang,rep,incentive,commission,1375.01,,,,");
    expect(lines).toContain("2026-03,wang,rep,payout,payout,2375.01,,,,");
    expect(lines.filter((l) => l.startsWith("2026-03,zhang,rep,metric,")).length).toBe(7);
  });

  it("prints the text explanation after the table (CSV: on standard error)", () => {
    const t = kpi(["eval", T, "--data", DATA, "--period", "2026-03", "--format", "table", "--explain", "wang"]);
    expect(t.code).toBe(0);
    expect(t.stdout).toContain("\n王芳 (rep wang, in west) — 2026-03, as of 2026-03-31\n");
    expect(t.stdout).toContain("    rounded half_up to the minor unit: 1,375.005 → 1,375.01\n");
    expect(t.stdout).toContain("  payout 2,375.01\n");
    const c = kpi(["eval", T, "--data", DATA, "--period", "2026-03", "--format", "csv", "--explain", "wang"]);
    expect(c.stdout.startsWith("period,")).toBe(true);
    expect(c.stderr).toContain("王芳 (rep wang, in west)");
  });

  it("refuses an --explain entity the dataset does not have (exit 2)", () => {
    const r = kpi(["eval", T, "--data", DATA, "--period", "2026-03", "--explain", "wangg"]);
    expect({ code: r.code, stdout: r.stdout, stderr: r.stderr }).toEqual({ code: 2, stdout: "", stderr: 'kpi: --explain "wangg": no entity has this id; did you mean "wang"?\n' });
  });
});

describe("kpi eval: bad data is located, and nothing is evaluated", () => {
  it.each([
    ["bad-date", 'deals.csv:3: field closed_on: "2026-02-30" is not a valid date; write dates as YYYY-MM-DD'],
    ["bad-enum", 'deals.csv:3: field status: "wonn" is not one of "open", "won", "lost"'],
    ["money-decimals", 'deals.csv:3: field amount: "12.345" has 3 decimals; the currency allows 2'],
    ["unknown-entity", 'deals.csv:3: field rep: no entity has the id "wang"'],
    ["missing-column", 'deals.csv:1: field customer: missing column "customer"'],
    ["duplicate-entity", 'entities.csv:5: field id: duplicate id "zhang" (first at line 3)'],
    // With `rep in team` a cycle of parents is a team whose parent is a rep: refused at the first wrong parent.
    ["cycle", "entities.csv:2: field parent: a team has no parent kind in the template; leave parent empty (or write all)"],
  ])("%s", (name, message) => {
    const data = `test/fixtures/eval/${name}`;
    const r = kpi(["eval", T, "--data", data, "--period", "2026-03"]);
    expect({ code: r.code, stdout: r.stdout, stderr: r.stderr }).toEqual({
      code: 1,
      stdout: "",
      stderr: `${data}/${message}\nkpi eval: 1 data error; nothing was evaluated\n`,
    });
  });
});

describe("renderTable and renderCsv (in-process, on a hand-made result)", () => {
  const checked = checkSource(`template t {
  grain month
  currency CNY
}
entity rep in team
entity team
metric new_amount "新签合同额": money = input
metric conversion: percent = input
metric 拜访量: integer = input
target new_amount { base 100 }
scorecard s {
  new_amount weight 100%
}
incentive bonus for rep = 1
`).checked!;
  const result: Result = {
    template: "t",
    currency: "CNY",
    periods: [{ period: "2026-03", asOf: "2026-03-31", entities: [
      { id: "all", kind: "all", name: "All", parent: null, metrics: { new_amount: { value: "1234567.50", target: null, challenge: null, attainment: null, pace: null }, conversion: { value: 0.875 }, 拜访量: { value: 1200 } }, scores: { s: null }, alerts: [] },
      { id: "east", kind: "team", name: "华东区", parent: "all", metrics: { new_amount: { value: "1234567.50" }, conversion: { value: null }, 拜访量: { value: 3 } }, scores: { s: 0.5 }, alerts: [] },
      { id: "=zhang", kind: "rep", name: "张伟", parent: "east", metrics: { new_amount: { value: "-5.00", target: "100.00", challenge: null, attainment: -0.05, pace: -0.05 }, conversion: { value: 0.25 }, 拜访量: { value: 3 } }, scores: { s: -0.05 }, incentives: { bonus: "1.00" }, payout: "1.00", alerts: [{ alert: "a", severity: "warning", message: "x\u001b[31m, \"y\"" }] },
    ] }],
  };

  it("aligns by display width, right-aligns numbers, and shows %, — and separators", () => {
    expect(renderTable(result, checked)).toBe(
      [
        "2026-03 (as of 2026-03-31), amounts in CNY",
        "entity    id        new_amount  conversion  拜访量       s  payout",
        "--------  ------  ------------  ----------  ------  ------  ------",
        "All       all     1,234,567.50      87.50%   1,200       —",
        "  华东区  east    1,234,567.50           —       3  50.00%",
        "    张伟  =zhang         -5.00      25.00%       3  -5.00%    1.00",
        "",
        "alerts",
        '  张伟 (=zhang)  warning   a: x\ufffd[31m, "y"',
        "",
      ].join("\n"),
    );
  });

  it("writes RFC 4180 CSV, defusing formulas in data cells", () => {
    expect(renderCsv(result, checked).split("\n").slice(0, 4)).toEqual([
      "period,entity,kind,item,name,value,target,challenge,attainment,pace",
      "2026-03,all,all,metric,new_amount,1234567.50,,,,",
      "2026-03,all,all,metric,conversion,0.875,,,,",
      "2026-03,all,all,metric,拜访量,1200,,,,",
    ]);
    expect(renderCsv(result, checked)).toContain("2026-03,'=zhang,rep,metric,new_amount,-5.00,100.00,,-0.05,-0.05\n2026-03,'=zhang,rep,metric,conversion,0.25,,,,\n");
    expect(renderCsv(result, checked)).toContain("2026-03,'=zhang,rep,score,s,-0.05,,,,\n2026-03,'=zhang,rep,incentive,bonus,1.00,,,,\n2026-03,'=zhang,rep,payout,payout,1.00,,,,\n");
    expect(csvCell('a "b", c')).toBe('"a ""b"", c"');
  });
});

describe("kpi eval --entities and --fields; CSV from the columns", () => {
  it("prints only the asked-for subtree and metrics, in every format", () => {
    const full = evalJson("--period", "2026-03");
    const east = full.periods[0]!.entities.filter((e) => e.id === "east" || e.parent === "east").map((e) => e.id);
    const narrow = evalJson("--period", "2026-03", "--entities", "east", "--fields", "new_amount");
    expect(narrow.periods[0]!.entities.map((e) => e.id)).toEqual(east);
    for (const e of narrow.periods[0]!.entities) expect(e).toEqual({ ...entity(full, e.id), metrics: { new_amount: entity(full, e.id).metrics["new_amount"] } });
    const csv = kpi(["eval", T, "--data", DATA, "--period", "2026-03", "--format", "csv", "--entities", "east", "--fields", "new_amount"]);
    const metricRows = csv.stdout.split("\n").filter((l) => l.includes(",metric,"));
    expect(metricRows.map((l) => l.split(",").slice(1, 5).join(","))).toEqual(east.map((id) => `${id},${entity(full, id).kind},metric,new_amount`));
  });

  it("names an unknown entity or metric with a suggestion, exit 2", () => {
    const r = kpi(["eval", T, "--data", DATA, "--period", "2026-03", "--fields", "new_amont"]);
    expect({ code: r.code, stderr: r.stderr }).toEqual({ code: 2, stderr: 'kpi: --fields no metric is named "new_amont"; did you mean "new_amount"?\n' });
  });

  it("writes the same CSV period by period as renderCsv does from the whole result", () => {
    const r = kpi(["eval", T, "--data", DATA, "--period", "2026-01..2026-06", "--format", "csv"]);
    const checked = checkSource(readFileSync(T, "utf8")).checked!;
    expect(r.stdout).toBe(renderCsv(evalJson("--period", "2026-01..2026-06"), checked));
  });
});

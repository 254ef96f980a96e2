/**
 * Real exports in through a mapping, evaluated by `kpi eval --map` (in
 * process), with every total worked out by hand from the fixture rows in
 * the comments. The fixtures (test/fixtures/import/) look like what the CRMs
 * write: BOM, CRLF, all-quoted cells, `$`/`￥` amounts, `(250.00)`, 万,
 * M/D/YYYY, YYYY年M月D日, ISO date-times with offsets, footers, extra columns,
 * owner names, GBK and UTF-16 files; the .xlsx is written by exceljs here.
 */
import { copyFileSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { run } from "../../../cli/run.js";
import { ROOT } from "../../cli/helpers.js";

const FX = join(ROOT, "test/fixtures/import");
const USD = join(FX, "usd.kpi");
const CNY = join(FX, "cny.kpi");
const temps: string[] = [];
afterAll(() => temps.forEach((d) => rmSync(d, { recursive: true, force: true })));

async function kpiEval(template: string, data: string, map: string, extra: string[] = []): Promise<{ code: number; out: string; err: string }> {
  let out = "";
  let err = "";
  const code = await run(["eval", template, "--data", data, "--map", map, "--period", "2026-03", ...extra], { out: (s) => void (out += s), err: (s) => void (err += s), readStdin: () => "" });
  return { code, out, err };
}

/** `{entity id: {metric: value}}` of the first period of a JSON result. */
async function values(template: string, data: string, map: string): Promise<Record<string, Record<string, unknown>>> {
  const r = await kpiEval(template, data, map);
  if (r.code !== 0) throw new Error(r.err);
  const result = JSON.parse(r.out) as { periods: { entities: { id: string; metrics: Record<string, { value: unknown }> }[] }[] };
  return Object.fromEntries(result.periods[0]!.entities.map((e) => [e.id, Object.fromEntries(Object.entries(e.metrics).map(([k, v]) => [k, v.value]))]));
}

/** A copy of a fixture folder in which `edit` may change files. */
function copyOf(name: string, edit: (dir: string) => void = () => {}): string {
  const dir = mkdtempSync(join(tmpdir(), `kpi-import-${name}-`));
  temps.push(dir);
  for (const f of readdirSync(join(FX, name))) copyFileSync(join(FX, name, f), join(dir, f));
  edit(dir);
  return dir;
}

const editJson = (file: string, change: (m: Record<string, any>) => void): void => {
  const m = JSON.parse(readFileSync(file, "utf8")) as Record<string, any>;
  change(m);
  writeFileSync(file, JSON.stringify(m));
};

describe("exports evaluated through a mapping", () => {
  it("Salesforce: BOM, CRLF, quoted cells, $ and (negative) amounts, M/D/YYYY, owner names, footer", async () => {
    const v = await values(USD, join(FX, "salesforce"), join(FX, "salesforce/mapping.json"));
    // Sam: won 12,345.67 (3/5) + 1,000.00 (3/31); "sam ortiz" won 4,000.00 on 4/2 (April, left out); open 2,200.00.
    expect(v["005A2"]).toEqual({ won_amount: "13345.67", won_deals: 2, pipeline: "2200.00" });
    // Priya: won 7,500.50 + (250.00) = 7,250.50; the lost 3,000.00 is not won.
    expect(v["005A3"]).toEqual({ won_amount: "7250.50", won_deals: 2, pipeline: "0.00" });
    // Dana is the manager (Role "Sales Manager" → team): the sum of both.
    expect(v["005A1"]).toEqual({ won_amount: "20596.17", won_deals: 4, pipeline: "2200.00" });
  });

  it("Salesforce: the footer is skipped with a note that names its lines", async () => {
    const r = await kpiEval(USD, join(FX, "salesforce"), join(FX, "salesforce/mapping.json"), ["--format", "csv"]);
    expect(r.code).toBe(0);
    expect(r.err).toContain("Opportunities.csv: skipped 5 lines at the end that are not data (a report footer or totals) (lines 10, 12, 13, 14, 15)");
  });

  it("HubSpot: ISO date-times taken in the mapping's time zone, the hierarchy from columns, an empty amount warned about", async () => {
    const dir = join(FX, "hubspot");
    const v = await values(USD, dir, join(dir, "mapping.json"));
    // Alex: 2026-03-01T02:30Z is Feb 28, 21:30 in New York: not March.
    expect(v["Alex Kim"]).toEqual({ won_amount: "0.00", won_deals: 0, pipeline: "0.00" });
    // Jordan: 2026-03-31T23:30-05:00 is 00:30 on April 1 in New York (EDT): not March.
    expect(v["Jordan Lee"]).toEqual({ won_amount: "0.00", won_deals: 0, pipeline: "0.00" });
    // Chris: won Litware (no amount: counted, not summed) and Adatum 300.25; open Tailspin 800.
    expect(v["Chris Park"]).toEqual({ won_amount: "300.25", won_deals: 2, pipeline: "800.00" });
    expect(v["West Team"]).toEqual(v["Chris Park"]);
    const r = await kpiEval(USD, dir, join(dir, "mapping.json"), ["--format", "csv"]);
    expect(r.err).toContain('deals.csv: column "Amount" (field amount): 1 empty cell read as missing values (line 6); left out of pipeline, won_amount');
  });

  it("纷享销客: GBK, ￥ amounts, 万 and 万元, YYYY年M月D日, a 合计 footer", async () => {
    const v = await values(CNY, join(FX, "fxiaoke"), join(FX, "fxiaoke/mapping.json"));
    // 张伟: ￥12,000.00 + 1.5万 (15,000) = 27,000.00.
    expect(v["张伟"]).toEqual({ won_amount: "27000.00", won_deals: 2, pipeline: "0.00" });
    // 李娜: won ￥8,800.50; open ￥6,000.00.
    expect(v["李娜"]).toEqual({ won_amount: "8800.50", won_deals: 1, pipeline: "6000.00" });
    // 王芳: lost ￥3,000.00; won 2.35万元 (23,500).
    expect(v["王芳"]).toEqual({ won_amount: "23500.00", won_deals: 1, pipeline: "0.00" });
    expect(v["all"]).toEqual({ won_amount: "59300.50", won_deals: 4, pipeline: "6000.00" });
  });

  it("简道云: UTF-16 detected, tabs detected, a title line skipped, YYYY/M/D", async () => {
    const v = await values(CNY, join(FX, "jiandaoyun"), join(FX, "jiandaoyun/mapping.json"));
    // 5000 (张伟) + 0.8万 (李娜, 8,000) + 2000 (王芳; her 1200.00 was lost).
    expect(v["all"]).toEqual({ won_amount: "15000.00", won_deals: 3, pipeline: "0.00" });
    expect(v["李娜"]).toEqual({ won_amount: "8000.00", won_deals: 1, pipeline: "0.00" });
  });

  it(".xlsx: date cells, number cells with binary noise, a formula total row, the sheet by name", async () => {
    const { default: ExcelJS } = await import("exceljs");
    const dir = mkdtempSync(join(tmpdir(), "kpi-import-xlsx-"));
    temps.push(dir);
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet("Notes").addRow(["exported by the generic Excel preset test"]);
    const ws = wb.addWorksheet("Deals");
    ws.addRow(["Owner", "Team", "Amount", "Stage", "Close Date"]);
    ws.addRow(["Ann", "North", 0.1 + 0.2, "Won", new Date(Date.UTC(2026, 2, 5))]); // 0.30000000000000004 → 0.30
    ws.addRow(["Ann", "North", 1234.5, "Won", new Date(Date.UTC(2026, 2, 31, 15, 30))]);
    ws.addRow(["Bo", "North", 99.995, "Open", "2026-03-07"]); // 99.995 is 99.99499999… as a double; its text 99.995 rounds half-even to 100.00
    ws.addRow(["Bo", "North", 10, "Won", new Date(Date.UTC(2026, 3, 1))]); // April
    ws.addRow(["Total", "", { formula: "SUM(C2:C5)", result: 1344.795 }]);
    for (const r of [2, 3, 5]) ws.getCell(`E${r}`).numFmt = "yyyy-mm-dd";
    await wb.xlsx.writeFile(join(dir, "deals.xlsx"));
    const map = join(dir, "map.json");
    writeFileSync(map, JSON.stringify({
      entities: { file: "deals.xlsx", sheet: "Deals", levels: [{ kind: "rep", column: "Owner" }, { kind: "team", column: "Team" }] },
      sources: { deals: { file: "deals.xlsx", sheet: "Deals", columns: { rep: "Owner", amount: "Amount", status: "Stage", closed_on: "Close Date" }, values: { status: { Won: "won", Open: "open" } } } },
    }));
    const v = await values(USD, dir, map);
    // Ann: 0.30 + 1,234.50 = 1,234.80; Bo: open 100.00, his won 10 is in April.
    expect(v["Ann"]).toEqual({ won_amount: "1234.80", won_deals: 2, pipeline: "0.00" });
    expect(v["Bo"]).toEqual({ won_amount: "0.00", won_deals: 0, pipeline: "100.00" });
    expect(v["North"]).toEqual({ won_amount: "1234.80", won_deals: 2, pipeline: "100.00" });
    // kpi map infer finds the data sheet (not the notes before it) and proposes the same.
    let err = "";
    const proposed = join(dir, "proposed.json");
    expect(await run(["map", "infer", USD, "--data", dir, "--out", proposed], { out: () => {}, err: (s) => void (err += s), readStdin: () => "" }), err).toBe(0);
    expect(JSON.parse(readFileSync(proposed, "utf8"))).toMatchObject({ preset: "excel", sources: { deals: { file: "deals.xlsx", sheet: "Deals" } } });
    expect(await values(USD, dir, proposed)).toEqual(v);
  });

  it("converts foreign amounts with the rates file, exactly, rounding half-even once per record", async () => {
    const dir = mkdtempSync(join(tmpdir(), "kpi-import-fx-"));
    temps.push(dir);
    writeFileSync(join(dir, "reps.csv"), "Rep,Team\nwu,east\n");
    writeFileSync(join(dir, "deals.csv"), "Rep,Amount,Currency,Stage,Date\nwu,100.00,USD,won,2026-03-05\nwu,10.01,USD,won,2026-03-20\nwu,€5,,won,2026-03-21\nwu,￥50,CNY,won,2026-03-22\n");
    writeFileSync(join(dir, "rates.csv"), "currency,period,rate\nUSD,2026,7.0000\nUSD,2026-03-20,7.25\nEUR,2026-03,7.8125\n");
    writeFileSync(join(dir, "map.json"), JSON.stringify({
      entities: { file: "reps.csv", levels: [{ kind: "rep", column: "Rep" }, { kind: "team", column: "Team" }] },
      rates: { file: "rates.csv" },
      sources: { deals: { columns: { rep: "Rep", amount: "Amount", status: "Stage", closed_on: "Date" }, currency: { column: "Currency" } } },
    }));
    const v = await values(CNY, dir, join(dir, "map.json"));
    // 100.00 × 7 = 700.00; 10.01 × 7.25 (the day's rate beats the year's) = 72.5725 → 72.57;
    // €5 × 7.8125 = 39.0625 → 39.06 (half-even); ￥50 is home currency: 50.00. Sum 861.63.
    expect(v["wu"]).toEqual({ won_amount: "861.63", won_deals: 4, pipeline: "0.00" });
  });
});

describe("kpi map infer", () => {
  async function infer(template: string, dir: string, extra: string[] = []): Promise<{ code: number; err: string; map: string }> {
    const out = join(mkdtempSync(join(tmpdir(), "kpi-infer-")), "map.json");
    temps.push(join(out, ".."));
    let err = "";
    const code = await run(["map", "infer", template, "--data", dir, "--out", out, ...extra], { out: () => {}, err: (s) => void (err += s), readStdin: () => "" });
    return { code, err, map: out };
  }
  it.each([
    ["salesforce", USD, []],
    ["hubspot", USD, ["--timezone", "America/New_York"]],
    ["fxiaoke", CNY, []],
    ["jiandaoyun", CNY, []],
  ] as const)("proposes for %s a mapping that evaluates as the hand-written one", async (name, template, extra) => {
    const dir = join(FX, name);
    const r = await infer(template, dir, [...extra]);
    expect(r.code, r.err).toBe(0);
    expect(await values(template, dir, r.map)).toEqual(await values(template, dir, join(dir, "mapping.json")));
  });
  it("detects the preset and says what it leaves to the user", async () => {
    const sf = await infer(USD, join(FX, "salesforce"));
    expect(JSON.parse(readFileSync(sf.map, "utf8"))).toMatchObject({ preset: "salesforce", sources: { deals: { match: { rep: "name" }, formats: { closed_on: "M/D/YYYY" }, values: { status: { "Closed Won": "won", "Closed Lost": "lost", "*": "open" } } } } });
    expect(sf.err).toContain('users.csv: roles read as entity kinds: "Sales Manager" → team, "Account Executive" → rep');
    const hs = await infer(USD, join(FX, "hubspot"));
    expect(hs.err).toContain('deals.csv: column "Close Date" holds date-times: their day is taken in UTC unless the mapping has a "timezone"');
    const fx = await infer(CNY, join(FX, "fxiaoke"));
    expect(JSON.parse(readFileSync(fx.map, "utf8"))).toMatchObject({ preset: "fxiaoke", sources: { deals: { encoding: "gbk", formats: { closed_on: "YYYY年M月D日" } } } });
    const jd = await infer(CNY, join(FX, "jiandaoyun"));
    expect(JSON.parse(readFileSync(jd.map, "utf8"))).toMatchObject({ sources: { deals: { encoding: "utf-16le", delimiter: "\t", skipRows: 1 } } });
  });
});

describe("bad exports: a located error and exit 1", () => {
  it("a file that is not valid in the declared encoding names the likely one", async () => {
    const dir = copyOf("fxiaoke", (d) => editJson(join(d, "mapping.json"), (m) => {
      m["entities"].encoding = "utf-8";
    }));
    const r = await kpiEval(CNY, dir, join(dir, "mapping.json"));
    expect(r.code).toBe(1);
    expect(r.err).toContain(`${join(dir, "人员.csv")}:1: the file is not valid UTF-8; it looks like gbk: set "encoding": "gbk" in the mapping (or "auto")`);
  });

  it("a GBK file read with no encoding at all is refused too, never mojibake", async () => {
    const dir = copyOf("fxiaoke", (d) => editJson(join(d, "mapping.json"), (m) => {
      delete m["sources"].deals.encoding;
    }));
    const r = await kpiEval(CNY, dir, join(dir, "mapping.json"));
    expect(r.code).toBe(1);
    expect(r.err).toContain(`${join(dir, "商机.csv")}:1: the file is not valid UTF-8; it looks like gbk`);
  });

  it("an unmapped value gets a did-you-mean", async () => {
    const dir = copyOf("salesforce", (d) => editJson(join(d, "mapping.json"), (m) => {
      m["sources"].deals.values.status = { "Closed Won": "won", "Closed Lost": "lost" };
    }));
    const r = await kpiEval(USD, dir, join(dir, "mapping.json"));
    expect(r.code).toBe(1);
    expect(r.err).toContain(`${join(dir, "Opportunities.csv")}:6: column "Stage": "Negotiation/Review" is not mapped to a value of status`);
  });

  it("an ambiguous owner name lists the ids", async () => {
    const dir = copyOf("salesforce", (d) => writeFileSync(join(d, "users.csv"), readFileSync(join(d, "users.csv"), "utf8") + '"005A4","Sam Ortiz","Account Executive","005A1","sam2@example.com"\r\n'));
    const r = await kpiEval(USD, dir, join(dir, "mapping.json"));
    expect(r.code).toBe(1);
    expect(r.err).toContain(`${join(dir, "Opportunities.csv")}:2: column "Opportunity Owner": "Sam Ortiz" is ambiguous: 2 reps have this name (ids "005A2", "005A4")`);
  });

  it("an unknown owner name gets a suggestion", async () => {
    const dir = copyOf("salesforce", (d) => writeFileSync(join(d, "Opportunities.csv"), readFileSync(join(d, "Opportunities.csv"), "utf8").replace('"Priya Nair","Initech"', '"Priya Nayr","Initech"')));
    const r = await kpiEval(USD, dir, join(dir, "mapping.json"));
    expect(r.code).toBe(1);
    expect(r.err).toContain(`Opportunities.csv:4: column "Opportunity Owner": no rep is named "Priya Nayr" (did you mean "Priya Nair"?)`);
  });

  it("dollar amounts in a yuan template without rates are never summed", async () => {
    const r = await kpiEval(CNY, join(FX, "salesforce"), join(FX, "salesforce/mapping.json"));
    expect(r.code).toBe(1);
    expect(r.err).toContain(`Opportunities.csv:2: column "Amount": the amount is in USD, not the template's CNY; it is never summed as is`);
  });

  it("a foreign currency without a rate for the record's date", async () => {
    const dir = mkdtempSync(join(tmpdir(), "kpi-import-norate-"));
    temps.push(dir);
    writeFileSync(join(dir, "reps.csv"), "Rep,Team\nwu,east\n");
    writeFileSync(join(dir, "deals.csv"), "Rep,Amount,Currency,Stage,Date\nwu,100.00,USD,won,2026-03-05\nwu,5.00,EUR,won,2026-03-06\n");
    writeFileSync(join(dir, "rates.csv"), "currency,period,rate\nUSD,2026-03,7.1\n");
    writeFileSync(join(dir, "map.json"), JSON.stringify({
      entities: { file: "reps.csv", levels: [{ kind: "rep", column: "Rep" }, { kind: "team", column: "Team" }] },
      rates: {},
      sources: { deals: { columns: { rep: "Rep", amount: "Amount", status: "Stage", closed_on: "Date" }, currency: { column: "Currency" } } },
    }));
    const r = await kpiEval(CNY, dir, join(dir, "map.json"));
    expect(r.code).toBe(1);
    expect(r.err).toContain(`deals.csv:3: column "Amount": the amount is in EUR: no rate for EUR on this record's date`);
  });

  it("a date that does not fit the format says the format", async () => {
    const dir = copyOf("salesforce", (d) => writeFileSync(join(d, "Opportunities.csv"), readFileSync(join(d, "Opportunities.csv"), "utf8").replace('"3/12/2026"', '"13/45/2026"')));
    const r = await kpiEval(USD, dir, join(dir, "mapping.json"));
    expect(r.code).toBe(1);
    expect(r.err).toContain(`Opportunities.csv:4: column "Close Date": "13/45/2026" is not a date of the form M/D/YYYY`);
  });

  it("a rep listed under two managers", async () => {
    const dir = copyOf("hubspot", (d) => writeFileSync(join(d, "owners.csv"), readFileSync(join(d, "owners.csv"), "utf8") + "Alex Kim,West Team,Americas\n"));
    const r = await kpiEval(USD, dir, join(dir, "mapping.json"));
    expect(r.code).toBe(1);
    expect(r.err).toContain(`owners.csv:5: column "Team": rep "Alex Kim" is listed under "West Team" here and under "East Team" on line 2; a rep belongs to one team`);
  });

  it("a mapping that does not fit the template is located by JSON pointer", async () => {
    const dir = copyOf("salesforce", (d) => editJson(join(d, "mapping.json"), (m) => {
      m["sources"].deals.formats.closed_on = "D/M";
      m["sources"].deals.values.status["Closed Won"] = "wonn";
      m["sources"].dealz = {};
    }));
    const r = await kpiEval(USD, dir, join(dir, "mapping.json"));
    expect(r.code).toBe(1);
    expect(r.err).toContain(`mapping.json: /sources/deals/formats/closed_on: "D/M": a date format needs YYYY`);
    expect(r.err).toContain(`mapping.json: /sources/deals/values/status/Closed Won: "wonn" is not a value of status (did you mean won?)`);
    expect(r.err).toContain(`mapping.json: /sources/dealz: the template has no source "dealz" (did you mean deals?)`);
  });
});

describe("nothing is silent, totals are exact", () => {
  it("prints the exact total of data errors above the first 100", async () => {
    const dir = mkdtempSync(join(tmpdir(), "kpi-import-many-"));
    temps.push(dir);
    writeFileSync(join(dir, "entities.csv"), "id,kind,name,parent\neast,team,East,\nann,rep,Ann,east\n");
    writeFileSync(join(dir, "deals.csv"), ["rep,amount,status,closed_on", ...Array.from({ length: 1234 }, (_, i) => `ann,${i}.001,won,2026-03-05`)].join("\n") + "\n");
    let err = "";
    const code = await run(["eval", USD, "--data", dir, "--period", "2026-03"], { out: () => {}, err: (s) => void (err += s), readStdin: () => "" });
    expect(code).toBe(1);
    const lines = err.trimEnd().split("\n");
    expect(lines[0]).toBe("kpi eval: 1,234 data errors; the first 100 follow");
    expect(lines[1]).toBe(`${join(dir, "deals.csv")}:2: field amount: "0.001" has 3 decimals; the currency allows 2`);
    expect(lines).toHaveLength(102);
    expect(lines[101]).toBe("kpi eval: 1,234 data errors; nothing was evaluated");
  });

  it("warns about empty cells without a mapping too, naming the metrics that skip them", async () => {
    const dir = mkdtempSync(join(tmpdir(), "kpi-import-empty-"));
    temps.push(dir);
    writeFileSync(join(dir, "entities.csv"), "id,kind,name,parent\neast,team,East,\nann,rep,Ann,east\n");
    writeFileSync(join(dir, "deals.csv"), "rep,amount,status,closed_on\nann,10.00,won,2026-03-05\nann,,won,2026-03-06\nann,5.00,,2026-03-07\n");
    let err = "";
    let out = "";
    const code = await run(["eval", USD, "--data", dir, "--period", "2026-03"], { out: (s) => void (out += s), err: (s) => void (err += s), readStdin: () => "" });
    expect(code).toBe(0);
    // Two won deals counted, one amount summed; the deal without a status is in no metric.
    const ann = (JSON.parse(out) as { periods: { entities: { id: string; metrics: Record<string, { value: unknown }> }[] }[] }).periods[0]!.entities.find((e) => e.id === "ann")!;
    expect([ann.metrics["won_amount"]!.value, ann.metrics["won_deals"]!.value, ann.metrics["pipeline"]!.value]).toEqual(["10.00", 2, "0.00"]);
    expect(err).toBe(
      "kpi eval: 2 warnings about the data:\n" +
        `  ${join(dir, "deals.csv")}: field amount: 1 empty cell read as missing values (line 3); left out of pipeline, won_amount\n` +
        `  ${join(dir, "deals.csv")}: field status: 1 empty cell read as missing values (line 4); left out of pipeline, won_amount, won_deals\n`,
    );
  });
});

describe("names that are also Object.prototype's keys are plain data", () => {
  it("a source and fields named constructor, toString and __proto__ load through a mapping (European number and date forms)", async () => {
    const dir = mkdtempSync(join(tmpdir(), "kpi-import-proto-"));
    temps.push(dir);
    const template = join(dir, "proto.kpi");
    writeFileSync(template, `template proto "Proto" {\n  grain month\n  currency CNY\n}\n\nentity rep\n\nsource constructor by rep at toString {\n  __proto__: money\n  toString: date\n}\n\nmetric total: money = sum(constructor.__proto__)\n`);
    writeFileSync(join(dir, "reps.csv"), "Rep\nann\n");
    writeFileSync(join(dir, "export.csv"), "Owner,Betrag,Datum\nann,\"1.234,50\",5.3.2026\nann,\"10,00\",31.3.2026\n");
    const map = join(dir, "map.json");
    writeFileSync(map, JSON.stringify({ entities: { file: "reps.csv", levels: [{ kind: "rep", column: "Rep" }] }, sources: JSON.parse('{"constructor": {"file": "export.csv", "columns": {"rep": "Owner", "__proto__": "Betrag", "toString": "Datum"}, "formats": {"__proto__": {"decimal": ",", "group": "."}, "toString": "D.M.YYYY"}}}') }));
    // 1.234,50 + 10,00 = 1,244.50
    expect(await values(template, dir, map)).toMatchObject({ ann: { total: "1244.50" } });
  });
});

describe("a mapped NDJSON export", () => {
  it("reads like a table: the first record's keys are the header, each record a row (Salesforce as NDJSON)", async () => {
    // The same opportunities as Opportunities.csv, as an API export would write them; numbers and nulls as JSON.
    const rows = [
      { "Opportunity Owner": "Sam Ortiz", Stage: "Closed Won", Amount: "$12,345.67", "Close Date": "3/5/2026", Probability: 100 },
      { "Opportunity Owner": "Sam Ortiz", Stage: "Closed Won", Amount: 1000, "Close Date": "3/31/2026", Probability: 100 },
      { "Opportunity Owner": "Priya Nair", Stage: "Closed Won", Amount: "$7,500.50", "Close Date": "3/12/2026", Probability: 100 },
      { "Opportunity Owner": "Priya Nair", Stage: "Prospecting", Amount: "2,200.00", "Close Date": "3/20/2026", Probability: null },
    ];
    const dir = copyOf("salesforce", (d) => {
      rmSync(join(d, "Opportunities.csv"));
      writeFileSync(join(d, "Opportunities.ndjson"), rows.map((r) => JSON.stringify(r)).join("\n") + "\n");
      editJson(join(d, "mapping.json"), (m) => (m["sources"]["deals"]["file"] = "Opportunities.ndjson"));
    });
    const v = await values(USD, dir, join(dir, "mapping.json"));
    // Sam: 12,345.67 + 1,000 = 13,345.67 won; Priya: 7,500.50 won, 2,200.00 open (Prospecting → "*" → open).
    expect(v["005A2"]).toEqual({ won_amount: "13345.67", won_deals: 2, pipeline: "0.00" });
    expect(v["005A3"]).toEqual({ won_amount: "7500.50", won_deals: 1, pipeline: "2200.00" });
  });

  it("says which line is not a record", async () => {
    const dir = copyOf("salesforce", (d) => {
      rmSync(join(d, "Opportunities.csv"));
      writeFileSync(join(d, "Opportunities.ndjson"), '{"Opportunity Owner":"Sam Ortiz","Stage":"Closed Won","Amount":"1.00","Close Date":"3/5/2026"}\n[1,2]\n');
      editJson(join(d, "mapping.json"), (m) => (m["sources"]["deals"]["file"] = "Opportunities.ndjson"));
    });
    const r = await kpiEval(USD, dir, join(dir, "mapping.json"));
    expect(r.code).toBe(1);
    expect(r.err).toContain("Opportunities.ndjson:2: not a JSON object; each line of an NDJSON file is one record");
  });
});

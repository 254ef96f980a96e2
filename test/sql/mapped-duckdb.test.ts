// `kpi eval --engine duckdb --map M`: the mapping's columns, formats, value
// maps, name matching and missing policies as DuckDB SQL over the export
// files give byte for byte the in-process result with the same mapping (the
// import fixtures of test/engine/mapping/exports.test.ts, and copies of them
// in forms DuckDB reads: UTF-8, as NDJSON); what has no SQL
// form yet is refused by name; a cell the mapping cannot read is the
// in-process loader's located error; and the aggregates do come from the files DuckDB reads.
import { copyFileSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { run } from "../../cli/run.js";
import { checkSource } from "../../engine/check/index.js";
import { loadDataset, readMapping } from "../../engine/dataset/index.js";
import { datasetSpecOf, evaluate } from "../../engine/evaluate/index.js";
import { duckdbAggregates } from "../../engine/sql/duckdb-run.js";
import { ROOT } from "../golden/examples.js";

const FX = join(ROOT, "test/fixtures/import");
const USD = join(FX, "usd.kpi");
const CNY = join(FX, "cny.kpi");
const temps: string[] = [];
afterAll(() => temps.forEach((d) => rmSync(d, { recursive: true, force: true })));

async function kpi(args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = "";
  let err = "";
  const code = await run(args, { out: (s) => void (out += s), err: (s) => void (err += s), readStdin: () => "" });
  return { code, out, err };
}

/** Both engines on the same folder and mapping: exit codes, outputs and messages. */
async function both(template: string, dir: string, map: string, period = "2026-03") {
  const args = ["eval", template, "--data", dir, "--map", map, "--period", period, "--format", "json"];
  return { inprocess: await kpi(args), duckdb: await kpi([...args, "--engine", "duckdb"]) };
}

function copyOf(name: string, edit: (dir: string) => void = () => {}): string {
  const dir = mkdtempSync(join(tmpdir(), `kpi-sqlmap-${name}-`));
  temps.push(dir);
  for (const f of readdirSync(join(FX, name))) copyFileSync(join(FX, name, f), join(dir, f));
  edit(dir);
  return dir;
}

const value = (json: string, id: string, metric: string): unknown =>
  (JSON.parse(json) as { periods: { entities: { id: string; metrics: Record<string, { value: unknown }> }[] }[] }).periods[0]!.entities.find((e) => e.id === id)!.metrics[metric]!.value;

describe("--engine duckdb --map", () => {
  it("HubSpot: ISO date-times in the mapping's time zone, grouped amounts, values with *, an empty amount: byte-identical", async () => {
    const dir = join(FX, "hubspot");
    const r = await both(USD, dir, join(dir, "mapping.json"));
    expect(r.duckdb.code).toBe(0);
    expect(r.duckdb.out).toBe(r.inprocess.out);
    expect(r.duckdb.err).toBe(r.inprocess.err);
    // Chris: won Adatum 300.25 (Litware has no amount); Alex's 2026-03-01T02:30Z is February in New York.
    expect(value(r.duckdb.out, "Chris Park", "won_amount")).toBe("300.25");
    expect(value(r.duckdb.out, "Alex Kim", "won_deals")).toBe(0);
  });

  it("Salesforce as NDJSON: owners by name (any case), $ and (negative) amounts, JSON numbers, M/D/YYYY and ISO dates: byte-identical", async () => {
    const rows = [
      { "Opportunity Owner": "Sam Ortiz", Stage: "Closed Won", Amount: "$12,345.67", "Close Date": "3/5/2026" },
      { "Opportunity Owner": "SAM ORTIZ", Stage: "Closed Won", Amount: 1000, "Close Date": "3/31/2026" },
      { "Opportunity Owner": "Priya Nair", Stage: "Closed Won", Amount: "($250.00)", "Close Date": "2026-03-25" },
      { "Opportunity Owner": "005A3", Stage: "Prospecting", Amount: "2,200.00", "Close Date": "3/20/2026 14:02" },
    ];
    const dir = copyOf("salesforce", (d) => {
      rmSync(join(d, "Opportunities.csv"));
      writeFileSync(join(d, "Opportunities.ndjson"), rows.map((x) => JSON.stringify(x)).join("\n") + "\n");
      const m = JSON.parse(readFileSync(join(d, "mapping.json"), "utf8"));
      m.sources.deals.file = "Opportunities.ndjson";
      writeFileSync(join(d, "mapping.json"), JSON.stringify(m));
    });
    const r = await both(USD, dir, join(dir, "mapping.json"));
    expect(r.duckdb.code).toBe(0);
    expect(r.duckdb.out).toBe(r.inprocess.out);
    // Sam: 12,345.67 + 1,000 = 13,345.67; Priya (005A3): won −250.00, open 2,200.00 (Prospecting → * → open).
    expect(value(r.duckdb.out, "005A2", "won_amount")).toBe("13345.67");
    expect(value(r.duckdb.out, "005A3", "won_amount")).toBe("-250.00");
    expect(value(r.duckdb.out, "005A3", "pipeline")).toBe("2200.00");
  });

  it("纷享销客 in UTF-8: ￥ amounts, 万 and 万元, YYYY年M月D日, owners as levels, a 合计 footer: byte-identical", async () => {
    const gbk = new TextDecoder("gbk");
    const dir = copyOf("fxiaoke", (d) => {
      for (const f of ["人员.csv", "商机.csv"]) {
        const text = gbk.decode(readFileSync(join(FX, "fxiaoke", f)));
        writeFileSync(join(d, f), text);
      }
      const m = JSON.parse(readFileSync(join(d, "mapping.json"), "utf8"));
      delete m.entities.encoding;
      delete m.sources.deals.encoding;
      writeFileSync(join(d, "mapping.json"), JSON.stringify(m));
    });
    const r = await both(CNY, dir, join(dir, "mapping.json"));
    expect(r.inprocess.code).toBe(0);
    expect(r.duckdb.out).toBe(r.inprocess.out);
    expect(r.duckdb.err).toBe(r.inprocess.err);
    expect(r.duckdb.err).toContain("not data (a report footer or totals)");
    // 张伟: ￥12,000.00 + 1.5万 = 27,000.00; 王芳: 2.35万元 = 23,500.00.
    expect(value(r.duckdb.out, "张伟", "won_amount")).toBe("27000.00");
    expect(value(r.duckdb.out, "王芳", "won_amount")).toBe("23500.00");
  });

  it("European forms, names that are Object.prototype's keys, missing cells as zero and skipped, percents: byte-identical", async () => {
    const dir = mkdtempSync(join(tmpdir(), "kpi-sqlmap-eu-"));
    temps.push(dir);
    const template = join(dir, "eu.kpi");
    writeFileSync(
      template,
      `template eu "EU" {\n  grain month\n  currency EUR\n}\n\nentity rep\n\nsource constructor by rep at toString {\n  __proto__: money\n  toString: date\n  rate: percent\n  stage: "open" | "won"\n}\n\n` +
        `metric total: money = sum(constructor.__proto__)\nmetric won: money = sum(constructor.__proto__ where stage == "won")\nmetric deals = count(constructor)\nmetric top_rate: percent = max(constructor.rate)\n`,
    );
    writeFileSync(join(dir, "reps.csv"), "Rep\nann\nbob\n");
    // ann: 1.234,50 € won + 10,00 open + 1,00 (in no-break and ideographic spaces); an empty Betrag is 0; bob's record without a stage is skipped.
    writeFileSync(join(dir, "export.csv"), "Owner;Betrag;Datum;Satz;Phase\nann;1.234,50 €;5.3.2026;12,3 %;Gewonnen\nann;10,00;31.3.2026;7%;offen\nann;;15.3.2026;;GEWONNEN\nbob;99,00;1.3.2026;;\n bob ;(5,00);2.3.2026;1,5%;offen\nann;\u00a01,00\u3000;\t20.3.2026 ;;offen\n");
    const mapping = {
      entities: { file: "reps.csv", levels: [{ kind: "rep", column: "Rep" }] },
      sources: JSON.parse(
        '{"constructor": {"file": "export.csv", "delimiter": ";", "columns": {"rep": "Owner", "__proto__": "Betrag", "toString": "Datum", "rate": "Satz", "stage": "Phase"}, "formats": {"__proto__": {"decimal": ",", "group": "."}, "rate": {"decimal": ","}, "toString": "D.M.YYYY"}, "values": {"stage": {"gewonnen": "won", "offen": "open"}}, "missing": {"__proto__": "zero", "stage": "skip"}}}',
      ),
    };
    writeFileSync(join(dir, "map.json"), JSON.stringify(mapping));
    const r = await both(template, dir, join(dir, "map.json"));
    expect(r.inprocess.code).toBe(0);
    expect(r.duckdb.out).toBe(r.inprocess.out);
    expect(r.duckdb.err).toBe(r.inprocess.err);
    // ann: 1,234.50 + 10.00 + 0 + 1.00 = 1,245.50, won 1,234.50 + 0; bob: the skipped 99,00 left out, −5.00.
    expect(value(r.duckdb.out, "ann", "total")).toBe("1245.50");
    expect(value(r.duckdb.out, "ann", "won")).toBe("1234.50");
    expect(value(r.duckdb.out, "ann", "deals")).toBe(4);
    expect(value(r.duckdb.out, "bob", "total")).toBe("-5.00");
  });

  it("a cell the mapping cannot read is the in-process loader's located error, word for word", async () => {
    const dir = copyOf("hubspot", (d) => {
      const f = join(d, "deals.csv");
      writeFileSync(f, readFileSync(f, "utf8").replace("2026-03-10T12:00:00Z", "10/03/2026"));
    });
    const r = await both(USD, dir, join(dir, "mapping.json"));
    expect(r.inprocess.code).toBe(1);
    expect(r.duckdb.code).toBe(1);
    expect(r.duckdb.err).toBe(r.inprocess.err);
    expect(r.duckdb.err).toContain(`${join(dir, "deals.csv")}:4: column "Close Date": "10/03/2026" is not a date of the form iso`);
  });

  it("Salesforce: BOM, CRLF, quoted cells, $ and (negative) amounts, M/D/YYYY, owner names, a report footer: byte-identical", async () => {
    const sf = join(FX, "salesforce");
    const r = await both(USD, sf, join(sf, "mapping.json"));
    expect(r.duckdb.code).toBe(0);
    expect(r.duckdb.out).toBe(r.inprocess.out);
    expect(r.duckdb.err).toBe(r.inprocess.err);
    // Dana's team: Sam 13,345.67 + Priya 7,250.50 (with the (250.00) refund); the footer's "Total" row is no record.
    expect(value(r.duckdb.out, "005A1", "won_amount")).toBe("20596.17");
  });

  it("refuses by name what has no SQL form yet: an encoding other than UTF-8, a detected delimiter", async () => {
    const fx = join(FX, "fxiaoke");
    const gbk = await both(CNY, fx, join(fx, "mapping.json"));
    expect(gbk.duckdb.code).toBe(2);
    expect(gbk.duckdb.out).toBe("");
    expect(gbk.duckdb.err).toContain('--engine duckdb cannot read source deals (商机.csv) through the mapping yet: its encoding is "gbk" (DuckDB reads UTF-8); use the in-process engine');
    const jd = join(FX, "jiandaoyun");
    const auto = await both(CNY, jd, join(jd, "mapping.json"));
    expect(auto.duckdb.code).toBe(2);
    expect(auto.duckdb.err).toContain('its encoding is "auto"');
  });

  it("a source the mapping does not name is read as in an unmapped folder (NDJSON records as JSON values): byte-identical", async () => {
    const src = join(ROOT, "examples/demo/dataset");
    const dir = mkdtempSync(join(tmpdir(), "kpi-sqlmap-demo-"));
    temps.push(dir);
    for (const f of ["entities.csv", "targets.csv", "deals.csv"]) copyFileSync(join(src, f), join(dir, f));
    const [head, ...lines] = readFileSync(join(src, "visits.csv"), "utf8").trim().split("\n");
    const keys = head!.split(",");
    writeFileSync(join(dir, "visits.ndjson"), lines.map((l) => JSON.stringify(Object.fromEntries(l.split(",").map((v, i) => [keys[i], v])))).join("\n") + "\n");
    writeFileSync(join(dir, "map.json"), JSON.stringify({ entities: { file: "entities.csv" } }));
    const r = await both(join(ROOT, "examples/demo/demo_saas_growth.kpi"), dir, join(dir, "map.json"));
    expect(r.inprocess.code).toBe(0);
    expect(r.duckdb.out).toBe(r.inprocess.out);
  });

  it("takes the aggregates from the export DuckDB reads, not from the loaded dataset", async () => {
    const src = join(FX, "hubspot");
    // Adatum's 300.25 becomes 1,300.25 in the file DuckDB reads; the loaded dataset keeps the original.
    const dir = copyOf("hubspot", (d) => writeFileSync(join(d, "deals.csv"), readFileSync(join(src, "deals.csv"), "utf8").replace(",300.25,", ",1300.25,")));
    const checked = checkSource(readFileSync(USD, "utf8"), {}).checked!;
    const spec = datasetSpecOf(checked);
    const mapping = readMapping(readFileSync(join(src, "mapping.json"), "utf8"), "mapping.json", spec);
    if (!mapping.ok) throw new Error("mapping");
    const loaded = await loadDataset(src, spec, { mapping: mapping.mapping });
    if (!loaded.ok) throw new Error("hubspot");
    const agg = await duckdbAggregates(checked, loaded.dataset.entities.byId, dir, undefined, {
      mapping: mapping.mapping,
      context: { entities: loaded.dataset.entities, kinds: new Set(["rep", "team"]), footers: new Set() },
    });
    const out = evaluate(checked, loaded.dataset, { period: "2026-03" }, { aggregates: agg });
    if (!out.ok) throw new Error(JSON.stringify(out.errors));
    expect(out.result.periods[0]!.entities.find((e) => e.id === "Chris Park")!.metrics.won_amount!.value).toBe("1300.25");
  });
});

/**
 * The mapped loader's quote-free span path (`MappedSource.plainRow`) gives
 * what its general path (`row`, cells as strings) gives: the same dataset,
 * errors and warnings for any rows of awkward cells. The reference is the
 * same file with its header's first name quoted, which sends the whole file
 * through csv-parse and so through `row` (a quoted header reads the same).
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { checkSource } from "../../../engine/check/index.js";
import { checkMapping, formatDataError, loadDatasetFiles, memoryFiles } from "../../../engine/dataset/index.js";
import { datasetSpecOf } from "../../../engine/evaluate/dataset-spec.js";

const TEMPLATE = `template spans {
  grain month
  currency USD
}
entity team
entity rep in team
source deals by rep at closed_on {
  amount: money
  status: "won" | "lost"
  note: string
  n: integer
  closed_on: date
}
metric won_amount: money = sum(deals.amount where status == "won")
`;
const spec = datasetSpecOf(checkSource(TEMPLATE).checked!);

const ENTITIES = "id,kind,name,parent\nt1,team,T1,\nr1,rep,R1,t1\nr2,rep,R2,t1\n";
const mapping = (() => {
  const m = checkMapping({ sources: { deals: { file: "deals.csv", columns: { rep: "Owner", amount: "Amount", status: "Stage", closed_on: "Close" }, values: { status: { "Closed Won": "won", won: "lost", lost: "lost" } }, missing: { note: "null", n: "zero" } } } }, spec, "map.json");
  if (!m.ok) throw new Error(JSON.stringify(m.errors));
  return m.mapping;
})();

async function load(csv: string) {
  const r = await loadDatasetFiles(memoryFiles(new Map([["entities.csv", ENTITIES], ["deals.csv", csv]])), spec, { mapping });
  return r.ok ? { ok: true, deals: r.dataset.sources.get("deals"), warnings: r.warnings } : r;
}

describe("the mapped span path", () => {
  it("loads clean rows (the comparison below is not of two failures)", async () => {
    const r = await load("Owner,Amount,Stage,Note,N,Close\nr1,12.50,Closed Won,a,3,2026-03-15\nr2,-3,lost,,,2026-03-01\n");
    if (!r.ok) throw new Error(("errors" in r ? r.errors : []).map(formatDataError).join("\n"));
    if (!("deals" in r)) return;
    expect(r.deals!.length).toBe(2);
    expect(Array.from((r.deals!.fields.get("amount") as { values: Float64Array }).values).sort((a, b) => a - b)).toEqual([-300, 1250]);
  });

  it("reads any rows as the general path does", async () => {
    const cell = (options: string[]) => fc.constantFrom(...options);
    const row = fc.tuple(
      cell(["r1", "r2", " r1", "r1 ", "r3", "", "t1", "R1"]),
      cell(["12.50", "-3", "1,234.50", "12.345", "", " 7", "abc", "5.", "0.10", "$5"]),
      cell(["won", "lost", "Closed Won", "WON", "", " won", "open"]),
      cell(["a note", "", " x ", "\u00a0y"]),
      cell(["3", "", "2.5", "x"]),
      cell(["2026-03-15", "2026-02-30", "", "3/15/2026", " 2026-03-01", "2026-3-1"]),
      fc.constantFrom(0, 0, 0, 1, -1),
    ).map(([rep, amount, status, note, n, on, extra]) => {
      const cells = [rep, amount, status, note, n, on];
      if (extra === 1) cells.push("x");
      if (extra === -1) cells.pop();
      return cells.join(",");
    });
    await fc.assert(
      fc.asyncProperty(fc.array(row, { minLength: 1, maxLength: 12 }), fc.constantFrom("", "Total,,,,,\n"), async (rows, footer) => {
        const body = `${rows.join("\n")}\n${footer}`;
        const plain = await load(`Owner,Amount,Stage,Note,N,Close\n${body}`);
        const general = await load(`"Owner",Amount,Stage,Note,N,Close\n${body}`);
        expect(plain).toEqual(general);
      }),
      { numRuns: 400 },
    );
  });
});

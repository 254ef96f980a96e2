/**
 * `npm run bench:csv`: CSV parsers on W1's files (issue 14). Each parser reads
 * the whole decoded text of deals.csv and visits.csv into rows of cell
 * strings, the form the loader's column builders take; the runs alternate
 * between parsers, and every parser's rows must agree (row count and total
 * cell length; exit 1 otherwise). What is compared:
 *
 * - csv-parse (sync), the loader's parser for quoted text, with located errors;
 * - papaparse, which reports errors by row;
 * - udsv, the fastest JavaScript CSV parser we know of, which reports no
 *   errors at all (a malformed quote is read as something);
 * - the quote-free split (`engine/dataset/plain-lines.ts`), what the loader
 *   does for the part of a file before its first quote, where CSV has no
 *   syntax to get wrong.
 *
 * The data comes from `bench/w1-data.ts` (generated when missing).
 * @module
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parse as csvParse } from "csv-parse/sync";
import Papa from "papaparse";
import { inferSchema, initParser } from "udsv";
import { cellsOf, PlainPrefix } from "../engine/dataset/plain-lines.js";
import { generateW1, W1_DATA_ROOT, W1_FULL } from "./w1-data.js";

const runsArg = process.argv.indexOf("--runs");
const RUNS = runsArg === -1 ? 5 : Number(process.argv[runsArg + 1]);

type Rows = string[][];
const parsers: Record<string, (text: string) => Rows> = {
  "csv-parse": (text) => csvParse(text, { relax_column_count: true }) as Rows,
  papaparse: (text) => {
    const r = Papa.parse<string[]>(text, { skipEmptyLines: false });
    if (r.errors.length > 0) throw new Error(`papaparse: ${r.errors[0]!.message}`);
    // papaparse gives the empty text after the last line break as a row of its own; csv-parse does not.
    const last = r.data.at(-1);
    if (last && last.length === 1 && last[0] === "") r.data.pop();
    return r.data;
  },
  udsv: (text) => initParser(inferSchema(text, { header: () => [] })).stringArrs(text),
  "quote-free split": (text) => {
    const rows: Rows = [];
    const p = new PlainPrefix((t, from, end) => (rows.push(cellsOf(t, from, end, ",")), true));
    if (p.take(text) !== undefined || p.end() !== undefined) throw new Error("the text has quotes");
    return rows;
  },
};

const shape = (rows: Rows): string => {
  let n = 0;
  for (const r of rows) for (const c of r) n += c.length;
  return `${rows.length} rows, ${n} characters of cells`;
};

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
};

function main(): void {
  generateW1(W1_DATA_ROOT, W1_FULL, false);
  let failed = false;
  console.log(`CSV parsers on W1, ms: median of ${RUNS} alternating runs (fastest) (Node ${process.version})`);
  console.log(`${"file".padEnd(12)}${"parser".padEnd(18)}${"median".padStart(8)}${"fastest".padStart(9)}${"× csv-parse".padStart(13)}   errors located`);
  for (const name of ["deals.csv", "visits.csv"]) {
    const text = readFileSync(join(W1_DATA_ROOT, "csv", name), "utf8");
    const times = new Map<string, number[]>(Object.keys(parsers).map((k) => [k, []]));
    const shapes = new Map<string, string>();
    for (let run = 0; run < RUNS + 1; run++) {
      for (const [p, f] of Object.entries(parsers)) {
        const t = performance.now();
        const rows = f(text);
        const ms = performance.now() - t;
        if (run > 0) times.get(p)!.push(ms); // the first round warms each parser up
        shapes.set(p, shape(rows));
      }
    }
    const base = median(times.get("csv-parse")!);
    const located: Record<string, string> = { "csv-parse": "line and field", papaparse: "row", udsv: "none", "quote-free split": "(no syntax)" };
    for (const [p, ts] of times) {
      console.log(`${name.padEnd(12)}${p.padEnd(18)}${median(ts).toFixed(0).padStart(8)}${Math.min(...ts).toFixed(0).padStart(9)}${`${(median(ts) / base).toFixed(2)}×`.padStart(13)}   ${located[p]}`);
    }
    const shapesSeen = new Set(shapes.values());
    if (shapesSeen.size !== 1) {
      failed = true;
      console.error(`${name}: the parsers disagree: ${[...shapes].map(([p, s]) => `${p}: ${s}`).join("; ")}`);
    }
  }
  if (failed) process.exit(1);
}

main();

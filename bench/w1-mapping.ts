/**
 * The mapping's overhead on W1's load (issue 11: at most 10%): the W1 CSV
 * folder loaded as is, and loaded through a mapping that states every
 * column, the date form, the number form, the extra-columns policy and the
 * footers (what a CRM export's mapping does when its cells are already
 * clean). Loads alternate (plain, mapped, plain, …) so that drift in the
 * machine's load hits both; the median of each is compared.
 * `npx tsx bench/w1-mapping.ts [--runs N] [--dir DIR]`; `npm run bench` runs it after W1.
 * @module
 */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { checkSource } from "../engine/check/index.js";
import { checkMapping, loadDatasetFolder, type LoadOptions, type Mapping } from "../engine/dataset/index.js";
import { datasetSpecOf } from "../engine/evaluate/dataset-spec.js";

/** The mapping W1 is loaded through: every column named, forms stated. */
export const W1_MAPPING: Mapping = {
  entities: { file: "entities.csv", columns: { id: "id", kind: "kind", name: "name", parent: "parent", start: "start", end: "end" } },
  sources: {
    deals: { file: "deals.csv", encoding: "utf-8", delimiter: ",", extra: "ignore", columns: { rep: "rep", amount: "amount", status: "status", kind: "kind", closed_on: "closed_on" }, formats: { closed_on: "YYYY-MM-DD", amount: { decimal: ".", group: "," } } },
    visits: { file: "visits.csv", columns: { rep: "rep", visited_on: "visited_on" }, formats: { visited_on: "YYYY-MM-DD" } },
  },
  targets: { file: "targets.csv", columns: { entity: "entity", metric: "metric", period: "period", base: "base", challenge: "challenge" } },
};

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/**
 * Times `runs` plain and `runs` mapped loads of `dir`; prints and returns the medians.
 * @example
 * const r = await measureMappingOverhead("bench/.data/w1/csv", 3); // { plainMs, mappedMs, overhead }
 */
export async function measureMappingOverhead(dir: string, runs = 3): Promise<{ plainMs: number; mappedMs: number; overhead: number }> {
  const text = readFileSync(fileURLToPath(new URL("./w1.kpi", import.meta.url)), "utf8");
  const spec = datasetSpecOf(checkSource(text, { file: "w1.kpi" }).checked!);
  const m = checkMapping(W1_MAPPING, spec, "w1-mapping");
  if (!m.ok) throw new Error(JSON.stringify(m.errors));
  const time = async (o: LoadOptions): Promise<number> => {
    const t0 = performance.now();
    const r = await loadDatasetFolder(dir, spec, o);
    const ms = performance.now() - t0;
    if (!r.ok) throw new Error(`W1 did not load: ${JSON.stringify(r.errors.slice(0, 3))}`);
    return ms;
  };
  await time({}); // warm-up: the first load also compiles the loader's code
  const plain: number[] = [];
  const mapped: number[] = [];
  for (let i = 0; i < runs; i++) {
    plain.push(await time({}));
    mapped.push(await time({ mapping: m.mapping }));
  }
  const plainMs = median(plain);
  const mappedMs = median(mapped);
  const overhead = mappedMs / plainMs - 1;
  console.log(`\nmapping overhead on W1's load (median of ${runs}): plain ${plainMs.toFixed(0)} ms, mapped ${mappedMs.toFixed(0)} ms, ${overhead >= 0 ? "+" : ""}${(overhead * 100).toFixed(1)}% (goal ≤ 10%)`);
  return { plainMs, mappedMs, overhead };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const arg = (name: string): string | undefined => {
    const i = process.argv.indexOf(name);
    return i === -1 ? undefined : process.argv[i + 1];
  };
  const r = await measureMappingOverhead(arg("--dir") ?? fileURLToPath(new URL("./.data/w1/csv", import.meta.url)), Number(arg("--runs") ?? 3));
  if (r.overhead > 0.1) process.exitCode = 1;
}

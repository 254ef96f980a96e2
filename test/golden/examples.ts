/**
 * The golden results of the template library: every `*.kpi` of an
 * examples/<folder>/ that has a `dataset/` is evaluated, as `kpi eval
 * --format json` would print it, for the periods its `golden.json` lists
 * (default: a month and a quarter), and compared with
 * test/golden/<folder>/<template>.<period>.json. `npm run golden` rewrites
 * them (test/golden/update.ts) and prints the diff.
 * @module
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { CliIO } from "../../cli/io.js";
import { runEval } from "../../cli/eval.js";
import type { EntityResult, Result } from "../../schemas/generated/result.js";

/** The repository root. */
export const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const DEFAULT_PERIODS = ["2026-06", "2026-Q2"];

/** One golden result: a template evaluated for one period. */
export interface GoldenCase {
  /** examples/<folder>/<file>, relative to the root. */
  template: string;
  dataset: string;
  period: string;
  /** test/golden/<folder>/<stem>.<period>.json, relative to the root. */
  golden: string;
}

/**
 * Every golden case, in a stable order.
 * @example
 * for (const c of goldenCases()) console.log(c.golden);
 */
export function goldenCases(): GoldenCase[] {
  const out: GoldenCase[] = [];
  const examples = join(ROOT, "examples");
  for (const folder of readdirSync(examples).sort()) {
    const dir = join(examples, folder);
    if (!existsSync(join(dir, "dataset"))) continue;
    const manifest = join(dir, "golden.json");
    const periods = existsSync(manifest) ? (JSON.parse(readFileSync(manifest, "utf8")) as { periods: string[] }).periods : DEFAULT_PERIODS;
    for (const file of readdirSync(dir).filter((f) => f.endsWith(".kpi")).sort()) {
      for (const period of periods) {
        out.push({
          template: `examples/${folder}/${file}`,
          dataset: `examples/${folder}/dataset`,
          period,
          golden: `test/golden/${folder}/${file.replace(/\.kpi$/, "")}.${period}.json`,
        });
      }
    }
  }
  return out;
}

/**
 * Evaluates a case through `kpi eval --format json`; throws with the CLI's
 * messages when the template or data has errors.
 * @example
 * const json = await evaluateCase(goldenCases()[0]!);
 */
export async function evaluateCase(c: GoldenCase): Promise<string> {
  let out = "";
  let err = "";
  const io: CliIO = { out: (s) => (out += s), err: (s) => (err += s), readStdin: () => "" };
  const code = await runEval(join(ROOT, c.template), { data: join(ROOT, c.dataset), period: c.period, format: "json" }, io);
  if (code !== 0) throw new Error(`${c.template} ${c.period}: exit ${code}\n${err}`);
  return out;
}

const evaluated = new Map<string, Promise<EntityResult[]>>();

/**
 * The entities of an example template's result for one period (the first
 * period asked), evaluated once per test file and shared by its checks.
 * @example
 * const zhang = await exampleEntity("saas", "growth", "2026-06", "r025");
 */
export function exampleEntities(folder: string, stem: string, period: string): Promise<EntityResult[]> {
  const key = `${folder}/${stem} ${period}`;
  let hit = evaluated.get(key);
  if (!hit) {
    const c: GoldenCase = { template: `examples/${folder}/${stem}.kpi`, dataset: `examples/${folder}/dataset`, period, golden: "" };
    hit = evaluateCase(c).then((json) => (JSON.parse(json) as Result).periods[0]!.entities);
    evaluated.set(key, hit);
  }
  return hit;
}

/**
 * One entity of an example's result; throws when the result has no such entity.
 * @example
 * (await exampleEntity("fmcg", "base", "2026-06", "r031")).payout; // "302.80"
 */
export async function exampleEntity(folder: string, stem: string, period: string, id: string): Promise<EntityResult> {
  const found = (await exampleEntities(folder, stem, period)).find((e) => e.id === id);
  if (!found) throw new Error(`examples/${folder}/${stem}.kpi ${period}: no entity ${id}`);
  return found;
}

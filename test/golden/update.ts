/**
 * `npm run golden`: re-evaluates every golden case, rewrites the files that
 * changed, removes goldens no case produces, and prints `git diff --stat`
 * so that an intentional change shows exactly what it moved.
 * `npm run golden -- saas fmcg` limits it to those examples/ folders.
 * @module
 */
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { evaluateCase, goldenCases, ROOT } from "./examples.js";

const only = process.argv.slice(2);
const all = goldenCases();
const inFolder = (path: string): boolean => only.length === 0 || only.some((f) => path.startsWith(`test/golden/${f}/`));
const cases = all.filter((c) => inFolder(c.golden));
const wanted = new Set(all.map((c) => join(ROOT, c.golden)));
let changed = 0;
for (const c of cases) {
  const file = join(ROOT, c.golden);
  const json = await evaluateCase(c);
  if (existsSync(file) && readFileSync(file, "utf8") === json) continue;
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, json);
  changed++;
}
const goldenRoot = join(ROOT, "test", "golden");
for (const folder of readdirSync(goldenRoot, { withFileTypes: true }).filter((d) => d.isDirectory() && inFolder(`test/golden/${d.name}/`))) {
  for (const f of readdirSync(join(goldenRoot, folder.name))) {
    const file = join(goldenRoot, folder.name, f);
    if (f.endsWith(".json") && !wanted.has(file)) {
      rmSync(file);
      changed++;
      process.stdout.write(`removed ${relative(ROOT, file)}\n`);
    }
  }
}
process.stdout.write(`${cases.length} golden results, ${changed} written or removed\n`);
if (changed > 0) process.stdout.write(execFileSync("git", ["diff", "--stat", "--", "test/golden"], { cwd: ROOT, encoding: "utf8" }));

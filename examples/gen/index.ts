/**
 * `npm run examples:data`: writes each industry's dataset folder
 * (examples/<industry>/dataset/) from its generator. Files are replaced
 * atomically (`npm run examples:data -- saas` writes only that folder) and files no generator writes are removed, so the folder is
 * exactly what the generator produces; test/examples/data.test.ts checks the
 * committed folders equal a fresh run, byte for byte.
 * @module
 */
import { mkdirSync, readdirSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { GENERATORS } from "./generators.js";

const EXAMPLES = fileURLToPath(new URL("..", import.meta.url));

/**
 * The dataset folder of a generator.
 * @example
 * datasetFolder("saas"); // "/…/examples/saas/dataset"
 */
export function datasetFolder(folder: string): string {
  return join(EXAMPLES, folder, "dataset");
}

function write(only: readonly string[]): void {
  for (const g of GENERATORS.filter((x) => only.length === 0 || only.includes(x.folder))) {
    const dir = datasetFolder(g.folder);
    mkdirSync(dir, { recursive: true });
    const files = g.generate();
    for (const old of readdirSync(dir)) if (!(old in files)) rmSync(join(dir, old));
    let rows = 0;
    for (const [name, text] of Object.entries(files)) {
      const tmp = join(dir, `.${name}.tmp`);
      writeFileSync(tmp, text);
      renameSync(tmp, join(dir, name));
      rows += text.split("\n").length - 2;
    }
    process.stdout.write(`examples/${g.folder}/dataset: ${Object.keys(files).length} files, ${rows.toLocaleString("en")} rows\n`);
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) write(process.argv.slice(2));

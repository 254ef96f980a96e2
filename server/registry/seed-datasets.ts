/**
 * Seeds the registry with the example datasets: every `examples/FOLDER/dataset/`
 * folder becomes a stored dataset named FOLDER (the folder form: file name →
 * text, as `POST /v1/datasets` with `files` stores it), by the actor `seed`.
 * Runs at every start next to the templates' seed; a name the seed already
 * stored is left alone, so a restart adds nothing (one deleted comes back at
 * the next start: the examples are meant to be there). A published package
 * ships only `examples/demo/`; folders that are absent are not seeded.
 * @module
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { listDatasets, saveDataset } from "../db/datasets.js";
import type { Db } from "../db/open.js";

/** The names of the datasets the seed stored before (paged through the whole list). */
function seededNames(db: Db): Set<string> {
  const names = new Set<string>();
  let after: string | undefined;
  for (;;) {
    const page = listDatasets(db, { limit: 500, ...(after !== undefined ? { after } : {}) });
    if (!page) break;
    for (const d of page.datasets) if (d.createdBy === "seed" && d.name !== undefined) names.add(d.name);
    if (page.next === undefined) break;
    after = page.next;
  }
  return names;
}

/**
 * Stores each `dir/FOLDER/dataset/` the registry has no seeded dataset named FOLDER for; returns the names stored.
 * @example
 * seedExampleDatasets(db, "examples", new Date().toISOString()); // ["demo", "ecommerce", …] on the first start, [] after
 */
export function seedExampleDatasets(db: Db, dir: string, at: string): string[] {
  let folders: string[];
  try {
    folders = readdirSync(dir, { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => e.name).sort();
  } catch {
    return [];
  }
  const have = seededNames(db);
  const stored: string[] = [];
  for (const folder of folders) {
    const data = join(dir, folder, "dataset");
    if (have.has(folder) || !existsSync(data)) continue;
    const names = readdirSync(data, { withFileTypes: true }).filter((e) => e.isFile() && /\.(csv|ndjson)$/.test(e.name)).map((e) => e.name).sort();
    if (!names.includes("entities.csv")) continue;
    const files = new Map<string, string>(names.map((n) => [n, readFileSync(join(data, n), "utf8")]));
    saveDataset(db, { name: folder, content: { form: "files", files }, at, actor: "seed" });
    stored.push(folder);
  }
  return stored;
}

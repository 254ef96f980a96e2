/**
 * `npm run sql:snapshots`: rewrites test/sql/dialects/*.sql from `kpi sql` and prints
 * `git diff --stat` of them, so that an intended change of the rendered SQL is reviewed.
 * @module
 */
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { ROOT } from "../golden/examples.js";
import { renderSnapshot, snapshotFile, SNAPSHOT_DIALECTS } from "./dialect-snapshots.js";

let changed = 0;
for (const d of SNAPSHOT_DIALECTS) {
  const file = snapshotFile(d);
  const sql = await renderSnapshot(d);
  if (existsSync(file) && readFileSync(file, "utf8") === sql) continue;
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, sql);
  changed++;
}
process.stdout.write(`${SNAPSHOT_DIALECTS.length} dialect snapshots, ${changed} written\n`);
if (changed > 0) process.stdout.write(execFileSync("git", ["diff", "--stat", "--", "test/sql/dialects"], { cwd: ROOT, encoding: "utf8" }));

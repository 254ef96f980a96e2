/**
 * The dialect snapshots: `kpi sql` of one SaaS template (examples/saas/growth.kpi,
 * as of 2026-06-15) in every dialect, kept as golden files in test/sql/dialects/.
 * They change only through `npm run sql:snapshots` (update-dialect-snapshots.ts),
 * so that a change to the rendered SQL is a reviewed diff.
 * @module
 */
import { join } from "node:path";
import type { CliIO } from "../../cli/io.js";
import { runSql } from "../../cli/sql.js";
import { DIALECTS, type DialectName } from "../../engine/sql/dialect.js";
import { ROOT } from "../golden/examples.js";

export const SNAPSHOT_TEMPLATE = "examples/saas/growth.kpi";
export const SNAPSHOT_AS_OF = "2026-06-15";
export const SNAPSHOT_DIALECTS: readonly DialectName[] = DIALECTS;

/** The golden file of a dialect. */
export const snapshotFile = (d: DialectName): string => join(ROOT, "test", "sql", "dialects", `saas-growth.${d}.sql`);

/** What `kpi sql examples/saas/growth.kpi --dialect D --as-of 2026-06-15` prints. */
export async function renderSnapshot(d: DialectName): Promise<string> {
  let out = "";
  let err = "";
  const io: CliIO = { out: (s) => (out += s), err: (s) => (err += s), readStdin: () => "" };
  const code = await runSql(join(ROOT, SNAPSHOT_TEMPLATE), { dialect: d, asOf: SNAPSHOT_AS_OF }, io);
  if (code !== 0) throw new Error(`kpi sql --dialect ${d}: exit ${code}\n${err}`);
  return out;
}

/**
 * The statements of a snapshot: its blocks are separated by blank lines, each a `--` comment and one
 * statement ending in `;` (kpi sql prints no blank line inside a statement).
 */
export function snapshotStatements(text: string): { comment: string; sql: string }[] {
  return text
    .split("\n\n")
    .slice(1)
    .map((block) => {
      const lines = block.split("\n");
      const comment = lines.filter((l) => l.startsWith("-- ")).join("\n");
      const sql = lines.filter((l) => !l.startsWith("-- ")).join("\n").trim();
      return { comment, sql: sql.replace(/;$/, "") };
    });
}

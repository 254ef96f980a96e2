/**
 * The SaaS example's dataset folder as tables of one PostgreSQL schema, for
 * the tests on a throw-away cluster (pg-cluster.ts): every file a table,
 * all text, or typed as a warehouse keeps it (numeric(18, 2) money, date,
 * bigint).
 * @module
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type pg from "pg";
import { dialect } from "../../engine/sql/dialect.js";
import { ROOT } from "../golden/examples.js";

const d = dialect("postgres");

/** The example's folder. */
export const SAAS = join(ROOT, "examples/saas/dataset");

/** The SQL type of a SaaS column when typed: money numeric, dates date, counts bigint, the rest text. */
function typedColumn(table: string, column: string): string {
  if (["amount", "cost", "potential", "value", "base", "challenge"].includes(column)) return table === "entities" ? "text" : "numeric(18, 2)";
  if (/_on$|^start$|^end$/.test(column)) return "date";
  if (["days_to_close", "score", "touch"].includes(column)) return "bigint";
  return "text";
}

/**
 * Creates `schema` with a table per CSV file of `folder` (the SaaS example's by default) (typed, or all text; `amountType` overrides deals.amount's type).
 * @example
 * await loadSchema(client, "saas_typed", true);
 */
export async function loadSchema(client: pg.Client, schema: string, typed: boolean, amountType?: string, folder = SAAS): Promise<void> {
  await client.query(`CREATE SCHEMA ${d.ident(schema)}`);
  for (const file of readdirSync(folder).filter((f) => f.endsWith(".csv"))) {
    const name = file.replace(/\.csv$/, "");
    const lines = readFileSync(join(folder, file), "utf8").split("\n").filter((l) => l !== "");
    const header = lines[0]!.replace(/^\uFEFF/, "").split(",");
    const type = (c: string) => (amountType && name === "deals" && c === "amount" ? amountType : typed && !["targets", "inputs"].includes(name) ? typedColumn(name, c) : "text");
    const table = `${d.ident(schema)}.${d.ident(name)}`;
    await client.query(`CREATE TABLE ${table} (${header.map((h) => `${d.ident(h)} ${type(h)}`).join(", ")})`);
    const rows = lines.slice(1).map((l) => l.split(","));
    for (let i = 0; i < rows.length; i += 500) {
      const batch = rows.slice(i, i + 500);
      const values = batch.map((_, r) => `(${header.map((__, c) => `$${r * header.length + c + 1}`).join(", ")})`).join(", ");
      // A typed column holds NULL where the file has an empty cell.
      await client.query(`INSERT INTO ${table} VALUES ${values}`, batch.flatMap((row) => header.map((h, c) => (type(h) !== "text" && row[c] === "" ? null : (row[c] ?? "")))));
    }
  }
}

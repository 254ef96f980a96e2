// The compiled queries on a real PostgreSQL server (a throw-away cluster,
// pg-cluster.ts) give byte for byte the golden results: each example
// folder's source files are loaded as text tables into a schema of its own
// (bound-parameter INSERTs), and the evaluator takes the server's aggregates instead of its passes.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { checkSource } from "../../engine/check/index.js";
import { loadDataset } from "../../engine/dataset/index.js";
import { datasetSpecOf, evaluate, writeResultJson } from "../../engine/evaluate/index.js";
import { dialect } from "../../engine/sql/dialect.js";
import { pgAggregates, tableRelation } from "../../engine/sql/pg-run.js";
import { createBaseLoader } from "../../cli/base-loader.js";
import { goldenCases, ROOT } from "../golden/examples.js";
import { pgBin, startCluster, type PgCluster } from "./pg-cluster.js";

const d = dialect("postgres");
const TABLES = new Set(["entities", "targets", "inputs", "rates"]);
const available = pgBin() !== undefined;
if (!available) console.warn("test/sql/golden-postgres: PostgreSQL binaries absent (/usr/lib/postgresql/*/bin); skipped — `apt-get install -y postgresql` to run it (CI does)");

describe.skipIf(!available)("PostgreSQL", () => {
  let cluster: PgCluster | undefined;
  beforeAll(async () => {
    cluster = await startCluster();
    const client = new pg.Client({ connectionString: cluster!.url });
    await client.connect();
    try {
      for (const folder of new Set(goldenCases().map((c) => c.dataset))) {
        const schema = folder.split("/")[1]!;
        await client.query(`CREATE SCHEMA ${d.ident(schema)}`);
        for (const file of readdirSync(join(ROOT, folder)).filter((f) => f.endsWith(".csv"))) {
          const name = file.replace(/\.csv$/, "");
          if (TABLES.has(name)) continue;
          const path = join(ROOT, folder, file);
          const header = readFileSync(path, "utf8").split("\n", 1)[0]!.replace(/^\uFEFF/, "").trim().split(",");
          const table = `${d.ident(schema)}.${d.ident(name)}`;
          await client.query(`CREATE TABLE ${table} (${header.map((h) => `${d.ident(h)} TEXT`).join(", ")})`);
          // Read by the client (pg has no COPY stream): rows inserted in batches as bound parameters.
          const lines = readFileSync(path, "utf8").split("\n").slice(1).filter((l) => l !== "");
          for (let i = 0; i < lines.length; i += 500) {
            const batch = lines.slice(i, i + 500).map((l) => l.split(","));
            const values = batch.map((_, r) => `(${header.map((__, c) => `$${r * header.length + c + 1}`).join(", ")})`).join(", ");
            await client.query(`INSERT INTO ${table} VALUES ${values}`, batch.flat());
          }
        }
      }
    } finally {
      await client.end();
    }
  }, 120_000);
  afterAll(() => cluster?.stop());

  for (const c of goldenCases().filter((g) => !g.period.includes("Q") || g.template.startsWith("examples/saas/"))) {
    it(`${c.template} ${c.period} is byte-identical to ${c.golden}`, async () => {
      const loader = createBaseLoader();
      const file = join(ROOT, c.template);
      const checked = checkSource(readFileSync(file, "utf8"), { file, loadBase: loader.load }).checked!;
      const loaded = await loadDataset(join(ROOT, c.dataset), datasetSpecOf(checked));
      if (!loaded.ok) throw new Error(`${c.dataset} does not load`);
      const agg = await pgAggregates(checked, loaded.dataset.entities.byId, cluster!.url, tableRelation(c.dataset.split("/")[1], true), undefined);
      const out = evaluate(checked, loaded.dataset, { period: c.period }, { aggregates: agg });
      if (!out.ok) throw new Error(JSON.stringify(out.errors));
      let json = "";
      writeResultJson(out.columns, (s) => (json += s));
      expect(`${json}\n`).toBe(readFileSync(join(ROOT, c.golden), "utf8"));
    });
  }
});

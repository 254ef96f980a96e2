/**
 * The example datasets seeded at start-up (issue 13): one stored dataset per
 * examples/FOLDER/dataset, named FOLDER, stored once however often the server
 * starts, and evaluating by its id gives the CLI's result over the folder
 * (the golden file test/golden/saas/growth.2026-06.json is `kpi eval --format json`).
 */
import { readdirSync, readFileSync, existsSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import type { DatasetList } from "../../schemas/generated/api.js";
import type { Result } from "../../schemas/generated/result.js";
import { seedExamples } from "../../server/registry/seed.js";
import { closePool, json, ROOT, testServer } from "./helpers.js";

const EXAMPLES = join(ROOT, "examples");
/** Folders with a dataset, read from the disk (not a copy of the list). */
const FOLDERS = readdirSync(EXAMPLES).filter((f) => existsSync(join(EXAMPLES, f, "dataset", "entities.csv"))).sort();

afterAll(closePool);

describe("seeded example datasets", () => {
  const t = testServer();
  afterAll(() => t.close());

  it("stores one dataset per example folder, named after it, and a second start adds none", async () => {
    expect(FOLDERS).toEqual(["demo", "ecommerce", "education", "fmcg", "medical_devices", "roles", "saas"]);
    expect(seedExamples(t.db, EXAMPLES, "2026-01-01T00:00:00.000Z").datasets).toEqual(FOLDERS);
    expect(seedExamples(t.db, EXAMPLES, "2026-01-02T00:00:00.000Z").datasets).toEqual([]);
    const list = await json<DatasetList>(await t.req("GET", "/v1/datasets?limit=100", { key: "viewer" }), 200);
    expect(list.datasets.map((d) => d.name).sort()).toEqual(FOLDERS);
    const saas = list.datasets.find((d) => d.name === "saas")!;
    expect(saas).toMatchObject({ form: "files", createdBy: "seed" });
    expect(saas.files).toEqual(readdirSync(join(EXAMPLES, "saas", "dataset")).sort());
  });

  it("evaluates saas_growth over the seeded saas dataset by id exactly as the CLI over the folder", async () => {
    const list = await json<DatasetList>(await t.req("GET", "/v1/datasets?limit=100"), 200);
    const id = list.datasets.find((d) => d.name === "saas")!.id;
    const r = await json<Result>(await t.req("POST", "/v1/evaluate", { body: { template: { id: "saas_growth" }, dataset: { datasetId: id }, period: "2026-06" } }), 200);
    const golden = JSON.parse(readFileSync(join(ROOT, "test/golden/saas/growth.2026-06.json"), "utf8")) as Result;
    expect(r).toEqual(golden);
    // One figure by name, so a regenerated golden file cannot hide a change of meaning.
    expect(r.periods[0]!.entities.find((e) => e.id === "r010")?.payout).toBe(golden.periods[0]!.entities.find((e) => e.id === "r010")?.payout);
  });
});

/**
 * Shared by the dataset loader tests: the dataset spec of a small SaaS
 * template (teams of reps, deals and visits) and helpers that load a fixture
 * folder from test/fixtures/datasets/ and format its errors relative to it.
 * @module
 */
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { formatDataError, loadDatasetFolder, type DatasetSpec, type LoadResult } from "../../../engine/dataset/index.js";

/** The fixture folders. */
export const FIXTURES = fileURLToPath(new URL("../../fixtures/datasets/", import.meta.url));

/**
 * `entity team`, `entity rep in team`, `source deals by rep at closed_on {…}`, `source visits by rep at visited_on`.
 * @example
 * await loadDatasetFolder(join(FIXTURES, "good"), SPEC);
 */
export const SPEC: DatasetSpec = {
  currencyDigits: 2,
  entityKinds: [{ name: "team" }, { name: "rep", parent: "team" }],
  sources: [
    {
      name: "deals",
      by: "rep",
      at: "closed_on",
      fields: [
        { name: "amount", type: "money" },
        { name: "status", type: "enum", values: ["open", "won", "lost"] },
        { name: "customer", type: "string" },
        { name: "days_to_close", type: "integer" },
        { name: "quoted", type: "boolean" },
        { name: "discount", type: "percent" },
        { name: "closed_on", type: "date" },
      ],
    },
    { name: "visits", by: "rep", at: "visited_on", fields: [{ name: "visited_on", type: "date" }] },
  ],
  metrics: new Map([
    ["new_amount", { type: "money", input: false }],
    ["renewal_rate", { type: "percent", input: false }],
    ["satisfaction", { type: "number", input: true }],
  ]),
};

/**
 * Loads a fixture folder.
 * @example
 * const r = await loadFixture("good");
 */
export const loadFixture = (name: string, spec: DatasetSpec = SPEC): Promise<LoadResult> => loadDatasetFolder(join(FIXTURES, name), spec);

/**
 * The formatted errors of loading a fixture (file names relative to the fixture folder); [] when it loads.
 * @example
 * expect(await fixtureErrors("bad-date")).toEqual(['deals.csv:3: field closed_on: …']);
 */
export async function fixtureErrors(name: string, spec: DatasetSpec = SPEC): Promise<string[]> {
  const r = await loadFixture(name, spec);
  if (r.ok) return [];
  const prefix = join(FIXTURES, name) + "/";
  return r.errors.map((e) => formatDataError({ ...e, file: e.file.startsWith(prefix) ? e.file.slice(prefix.length) : e.file }));
}

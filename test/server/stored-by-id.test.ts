/**
 * A stored dataset is sent to the worker by its id alone, and its content
 * only when the worker has not loaded it (for the template's view): a
 * W1-size dataset was read from the database and copied to the worker on
 * every preview (~1.5 s of ~1.7 s, bench/README.md "Preview"). Here the
 * jobs go to the real worker code in process (runJob, runSimJob), and a
 * recorder notes what each call was sent.
 */
import { afterAll, describe, expect, it } from "vitest";
import type { Evaluator } from "../../server/eval/pool.js";
import { runJob, runSimJob } from "../../server/eval/job.js";
import type { Result } from "../../schemas/generated/result.js";
import { DEMO_PAYOUTS, DEMO_SOURCE, demoFiles, json, testServer, tinySource } from "./helpers.js";

const sent: string[] = [];
const recorder: Evaluator = {
  run: async (job) => {
    sent.push(job.dataset.form);
    return runJob(job);
  },
  simulate: async (job) => {
    sent.push(`simulate:${job.dataset.form}`);
    return runSimJob(job);
  },
  close: async () => {},
};
const t = testServer({ evaluator: recorder });
afterAll(() => t.close());

const payouts = (r: Result) => Object.fromEntries(r.periods[0]!.entities.filter((e) => e.payout !== undefined).map((e) => [e.id, e.payout]));

describe("stored datasets by id", () => {
  it("sends the content once per worker and view: the first evaluation asks for it, the next ones do not, another template's view asks again", async () => {
    const { id } = await json<{ id: string }>(await t.req("POST", "/v1/datasets", { key: "integrator", body: { files: demoFiles() } }), 201);
    const evaluate = async (source: string) => json<Result>(await t.req("POST", "/v1/evaluate", { body: { template: { source }, dataset: { datasetId: id }, period: "2026-03" } }), 200);
    expect(payouts(await evaluate(DEMO_SOURCE))).toEqual(DEMO_PAYOUTS);
    expect(sent).toEqual(["stored", "files"]);
    // The same figures, from the loaded dataset the worker kept.
    expect(payouts(await evaluate(DEMO_SOURCE))).toEqual(DEMO_PAYOUTS);
    expect(sent).toEqual(["stored", "files", "stored"]);
    // A comparison over it reuses it too.
    await json(await t.req("POST", "/v1/simulate", { body: { template: { source: DEMO_SOURCE }, dataset: { datasetId: id }, period: "2026-03", scenarios: [] } }), 200);
    expect(sent.slice(3)).toEqual(["simulate:stored"]);
    // A template declaring other sources reads the files differently: its view is loaded from the content.
    sent.length = 0;
    const tiny = tinySource("tiny");
    await t.req("POST", "/v1/evaluate", { body: { template: { source: tiny }, dataset: { datasetId: id }, period: "2026-03" } });
    expect(sent).toEqual(["stored", "files"]);
  });

  it("404 for an unknown id, before any worker is asked", async () => {
    sent.length = 0;
    expect(await json(await t.req("POST", "/v1/evaluate", { body: { template: { source: DEMO_SOURCE }, dataset: { datasetId: "ds_000000000000000000000000" }, period: "2026-03" } }), 404)).toMatchObject({ detail: 'no dataset has the id "ds_000000000000000000000000"' });
    expect(sent).toEqual([]);
  });
});

/**
 * `kpi eval`'s streamed output (cli/output.ts): on every golden case the JSON
 * written in chunks to a slow stream (back-pressure at every write) is byte
 * for byte the golden result, NDJSON lines parse and re-assemble to the same
 * result, `--out` writes the same bytes and is atomic (a failing run leaves
 * neither the file nor a temp file, and an older file untouched), and
 * `--metrics` is `--fields`.
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Writable } from "node:stream";
import { afterAll, describe, expect, it } from "vitest";
import { runEval, type EvalOptions } from "../../cli/eval.js";
import type { CliIO } from "../../cli/io.js";
import { writeFileAtomically } from "../../cli/output.js";
import type { EntityResult, NdjsonLine, Result } from "../../schemas/generated/result.js";
import { goldenCases, ROOT } from "../golden/examples.js";

const dir = mkdtempSync(join(tmpdir(), "kpi-output-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A stream that takes 64 bytes before asking to wait, and drains a tick later: every write meets back-pressure. */
function slowStream(): { stream: Writable; text: () => string; waits: () => number } {
  const parts: Buffer[] = [];
  let waits = 0;
  const stream = new Writable({
    highWaterMark: 64,
    write(chunk: Buffer, _enc, cb) {
      parts.push(chunk);
      setImmediate(cb);
    },
  });
  const write = stream.write.bind(stream);
  stream.write = ((chunk: string) => {
    const ok = write(chunk);
    if (!ok) waits++;
    return ok;
  }) as typeof stream.write;
  return { stream, text: () => Buffer.concat(parts).toString("utf8"), waits: () => waits };
}

async function evalTo(c: { template: string; dataset: string; period: string }, opts: Partial<EvalOptions>, io: Partial<CliIO> = {}): Promise<{ code: number; out: string; err: string }> {
  let out = "";
  let err = "";
  const full: CliIO = { out: (s) => (out += s), err: (s) => (err += s), readStdin: () => "", ...io };
  const code = await runEval(join(ROOT, c.template), { data: join(ROOT, c.dataset), period: c.period, format: "json", ...opts }, full);
  return { code, out, err };
}

describe("streamed output on every golden case", () => {
  for (const c of goldenCases()) {
    it(`${c.golden}: JSON through back-pressure and --out are the golden bytes; NDJSON re-assembles to it`, async () => {
      const golden = readFileSync(join(ROOT, c.golden), "utf8");
      const slow = slowStream();
      const streamed = await evalTo(c, {}, { outStream: slow.stream });
      expect(streamed.code).toBe(0);
      await new Promise<void>((resolve) => slow.stream.end(resolve));
      expect(slow.text()).toBe(golden);
      expect(slow.waits()).toBeGreaterThan(0);

      const file = join(dir, `${c.golden.replace(/\W/g, "_")}.json`);
      expect((await evalTo(c, { out: file })).out).toBe("");
      expect(readFileSync(file, "utf8")).toBe(golden);

      const nd = await evalTo(c, { format: "ndjson" });
      expect(nd.code).toBe(0);
      expect(nd.out.endsWith("\n")).toBe(true);
      const lines = nd.out.slice(0, -1).split("\n");
      const parsed = lines.map((l) => JSON.parse(l) as NdjsonLine);
      // Each line is compact JSON with period and asOf first, then the entity's keys in the result's order.
      lines.forEach((l, i) => expect(JSON.stringify(parsed[i])).toBe(l));
      const result = JSON.parse(golden) as Result;
      const periods: { period: string; asOf: string; entities: EntityResult[] }[] = [];
      for (const { period, asOf, ...entity } of parsed) {
        if (periods.at(-1)?.period !== period) periods.push({ period, asOf, entities: [] });
        periods.at(-1)!.entities.push(entity);
      }
      expect(JSON.stringify(periods)).toBe(JSON.stringify(result.periods));
    });
  }
});

describe("--out", () => {
  const saas = { template: "examples/saas/growth.kpi", dataset: "examples/saas/dataset", period: "2026-06" };

  it("leaves no file and no temp file when the run fails, and an older file as it was", async () => {
    const bad = join(dir, "bad");
    rmSync(bad, { recursive: true, force: true });
    const data = join(dir, "bad-data.json");
    writeFileSync(data, '{"entities": [{"id": "a"}]}');
    mkdirSync(bad);
    // A dataset with errors: exit 1, nothing evaluated, nothing written.
    const r = await evalTo(saas, { data, out: join(bad, "r.json") });
    expect(r.code).toBe(1);
    expect(readdirSync(bad)).toEqual([]);
    writeFileSync(join(bad, "r.json"), "old\n");
    expect((await evalTo(saas, { data, out: join(bad, "r.json") })).code).toBe(1);
    expect(readdirSync(bad)).toEqual(["r.json"]);
    expect(readFileSync(join(bad, "r.json"), "utf8")).toBe("old\n");
  });

  it("removes the temp file and keeps the older file when writing fails part way", async () => {
    const file = join(dir, "partial.json");
    writeFileSync(file, "old\n");
    function* failing(): Generator<string> {
      yield "{\n";
      throw new Error("the evaluation broke");
    }
    await expect(writeFileAtomically(file, failing())).rejects.toThrow("the evaluation broke");
    expect(readFileSync(file, "utf8")).toBe("old\n");
    expect(readdirSync(dir).filter((f) => f.includes("partial"))).toEqual(["partial.json"]);
  });

  it("is bad usage for a folder that does not exist, before anything is evaluated", async () => {
    await expect(evalTo(saas, { out: join(dir, "no/such/r.json") })).rejects.toThrow(`cannot write ${join(dir, "no/such/r.json")}: no such folder`);
    expect(existsSync(join(dir, "no"))).toBe(false);
  });
});

describe("--metrics", () => {
  it("chooses the metrics printed, as --fields does", async () => {
    const saas = { template: "examples/saas/growth.kpi", dataset: "examples/saas/dataset", period: "2026-06" };
    const viaMetrics = await evalTo(saas, { metrics: "new_amount,win_rate", format: "ndjson" });
    const viaFields = await evalTo(saas, { fields: "new_amount,win_rate", format: "ndjson" });
    expect(viaMetrics.out).toBe(viaFields.out);
    const first = JSON.parse(viaMetrics.out.split("\n")[0]!) as NdjsonLine;
    expect(Object.keys(first.metrics)).toEqual(["new_amount", "win_rate"]);
    await expect(evalTo(saas, { metrics: "nope" })).rejects.toThrow(/^--metrics /);
  });
});

/** The progress line: only on a terminal, only after the step has run for a while, erased at the end. */
import { describe, expect, it } from "vitest";
import { withProgress } from "../../cli/progress.js";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe("withProgress", () => {
  it("shows the label with the elapsed time on a terminal, then erases it", async () => {
    let err = "";
    const out = await withProgress({ err: (s) => (err += s), errIsTTY: true }, "kpi eval: loading data/", async () => (await sleep(120), 42), 50);
    expect(out).toBe(42);
    expect(err.startsWith("\r\u001b[Kkpi eval: loading data/… 0 s")).toBe(true);
    expect(err.endsWith("\r\u001b[K")).toBe(true);
  });

  it("prints nothing for a quick step, and nothing at all when standard error is not a terminal", async () => {
    let err = "";
    await withProgress({ err: (s) => (err += s), errIsTTY: true }, "x", async () => 1, 1000);
    await withProgress({ err: (s) => (err += s), errIsTTY: false }, "x", async () => (await sleep(80), 1), 10);
    expect(err).toBe("");
  });

  it("erases the line when the step fails", async () => {
    let err = "";
    await expect(withProgress({ err: (s) => (err += s), errIsTTY: true }, "x", async () => (await sleep(60), Promise.reject(new Error("boom"))), 10)).rejects.toThrow("boom");
    expect(err.endsWith("\r\u001b[K")).toBe(true);
  });
});

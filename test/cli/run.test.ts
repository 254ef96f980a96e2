/**
 * `run`, in-process: how each way a run can end becomes an exit code, and
 * that a bug in kpi is reported as `kpi: internal error: …` (exit 70) with
 * its stack only when asked for.
 */
import { describe, expect, it } from "vitest";
import { run } from "../../cli/run.js";
import type { CliIO } from "../../cli/io.js";
import { ROOT } from "./helpers.js";

/** An IO that records what is written; `out` can be made to fail like a bug would. */
function recorder(failOut = false): CliIO & { stdout: string; stderr: string } {
  const io = {
    stdout: "",
    stderr: "",
    out(s: string) {
      if (failOut) throw new TypeError("boom");
      io.stdout += s;
    },
    err(s: string) {
      io.stderr += s;
    },
    readStdin: () => "metric a = 1\n",
  };
  return io;
}

describe("run", () => {
  const file = `${ROOT}test/fixtures/design/saas_growth.kpi`;

  it("returns the command's exit code", async () => {
    const io = recorder();
    expect(await run(["fmt", "--check", file], io)).toBe(0);
    expect(await run(["fmt", "-"], io)).toBe(0);
    expect(io.stdout).toBe("metric a = 1\n");
  });

  it("reports an internal error with exit 70 and no stack trace", async () => {
    const io = recorder(true);
    expect(await run(["fmt", file], io)).toBe(70);
    expect(io.stderr).toBe("kpi: internal error: boom\nkpi: this is a bug in kpi; run again with KPI_DEBUG=1 for details\n");
  });

  it("prints the stack of an internal error in debug mode", async () => {
    const io = recorder(true);
    expect(await run(["fmt", file], io, { debug: true })).toBe(70);
    expect(io.stderr).toMatch(/^kpi: internal error: boom\nTypeError: boom\n\s+at /);
  });

  it("maps usage errors and help to 2 and 0", async () => {
    const io = recorder();
    expect(await run(["check", "--nope", file], io)).toBe(2);
    expect(await run(["--help"], io)).toBe(0);
    expect(await run([], io)).toBe(2);
  });
});

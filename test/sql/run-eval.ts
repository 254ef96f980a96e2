/**
 * `kpi eval` in process for the SQL tests: stdout, stderr and the exit code,
 * a usage error (thrown) as exit 2 with its message on stderr, as the `kpi`
 * binary would give them.
 * @module
 */
import type { CliIO } from "../../cli/io.js";
import { runEval, type EvalOptions } from "../../cli/eval.js";

/** What a `kpi eval` run printed and its exit code. */
export interface EvalRun {
  code: number;
  out: string;
  err: string;
}

/**
 * Runs `kpi eval TEMPLATE` with these options.
 * @example
 * const r = await evalRun("examples/saas/growth.kpi", { data: "examples/saas/dataset", period: "2026-06", format: "json" });
 */
export async function evalRun(template: string, opts: EvalOptions): Promise<EvalRun> {
  let out = "";
  let err = "";
  const io: CliIO = { out: (s) => (out += s), err: (s) => (err += s), readStdin: () => "" };
  try {
    const code = await runEval(template, opts, io);
    return { code, out, err };
  } catch (e) {
    return { code: 2, out, err: err + (e instanceof Error ? e.message : String(e)) };
  }
}

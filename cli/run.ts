/**
 * Runs one `kpi` invocation and turns every way it can end into an exit
 * code: the command's own (0 or 1), 2 for bad usage (commander's errors and
 * `UsageError`), 0 for `--help` and `--version`, 70 for a bug. A user's
 * mistake never shows a stack trace; a bug shows one only with `KPI_DEBUG=1`.
 * @module
 */
import { CommanderError } from "commander";
import { buildProgram } from "./program.js";
import { ExitCode, UsageError, type CliIO } from "./io.js";

/**
 * How `run` reports internal errors.
 * @example
 * await run(argv, io, { debug: process.env["KPI_DEBUG"] === "1" });
 */
export interface RunOptions {
  /** Print the stack of an internal error (set by `KPI_DEBUG=1`). */
  debug?: boolean;
}

/**
 * Runs `kpi` with the arguments after the program name.
 * @example
 * const code = await run(["check", "saas.kpi"], io); // 0, 1, 2 or 70
 */
export async function run(argv: readonly string[], io: CliIO, options: RunOptions = {}): Promise<ExitCode> {
  let code: ExitCode = ExitCode.ok;
  try {
    const program = await buildProgram(io, (c) => (code = c), argv);
    await program.parseAsync([...argv], { from: "user" });
    return code;
  } catch (e) {
    if (e instanceof CommanderError) return commanderExit(e);
    if (e instanceof UsageError) {
      io.err(`kpi: ${e.message}\n`);
      return ExitCode.usage;
    }
    io.err(`kpi: internal error: ${e instanceof Error ? e.message : String(e)}\n`);
    if (options.debug && e instanceof Error && e.stack) io.err(`${e.stack}\n`);
    else io.err("kpi: this is a bug in kpi; run again with KPI_DEBUG=1 for details\n");
    return ExitCode.internal;
  }
}

/** Commander has already printed its message (or the help); only the code is left. */
function commanderExit(e: CommanderError): ExitCode {
  if (e.code === "commander.helpDisplayed" || e.code === "commander.version") return ExitCode.ok;
  // `kpi` alone prints the help to standard error: that is bad usage too.
  return ExitCode.usage;
}

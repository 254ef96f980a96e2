/**
 * The `kpi` program: commander with one subcommand per file (`check`, `fmt`,
 * `eval`, `serve`, `keys`). Commander never exits the process or prints its own
 * `error:` prefix here: errors come back to `run` as exceptions, and its
 * messages are written as `kpi: …` to the given `CliIO`.
 * @module
 */
import { Command } from "commander";
import { packageVersion } from "../engine/version.js";
import { registerCheck } from "./check.js";
import { registerEval } from "./eval.js";
import { registerFmt } from "./fmt.js";
import type { CliIO, ExitCode } from "./io.js";
import { registerKeys } from "./keys.js";
import { registerMap } from "./map.js";
import { registerServe } from "./serve.js";
import { registerSql } from "./sql.js";

/**
 * Builds the program; `done` receives the exit code of the command that ran.
 * @example
 * let code = 0;
 * await buildProgram(io, (c) => (code = c)).parseAsync(["check", "saas.kpi"], { from: "user" });
 */
export function buildProgram(io: CliIO, done: (code: ExitCode) => void): Command {
  const program = new Command("kpi")
    .description("The KPI engine's command line: check, format and evaluate KPI templates.")
    .version(packageVersion(), "-V, --version", "print the version")
    .helpOption("-h, --help", "print help")
    .helpCommand("help [command]", "print help for a command")
    .configureOutput({
      writeOut: (s) => io.out(s),
      writeErr: (s) => io.err(s),
      outputError: (s, write) => write(s.replace(/^error: /, "kpi: ")),
    })
    .showSuggestionAfterError(true)
    .exitOverride();
  registerCheck(program, io, done);
  registerFmt(program, io, done);
  registerEval(program, io, done);
  registerMap(program, io, done);
  registerServe(program, io, done);
  registerKeys(program, io, done);
  registerSql(program, io, done);
  return program;
}

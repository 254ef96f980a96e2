/**
 * The `kpi` program: commander with one subcommand per file (`check`, `fmt`,
 * `eval`, `simulate`, `map`, `serve`, `keys`, `sql`). Commander never exits the process
 * or prints its own `error:` prefix here: errors come back to `run` as
 * exceptions, and its messages are written as `kpi: …` to the given `CliIO`.
 *
 * Start-up (issue 14: `kpi --help` ≤ 150 ms): a command's module, and what it
 * imports (the checker, the evaluator, the server, DuckDB…), is loaded only
 * when that command runs or shows its own help. The others are stubs made
 * from `COMMANDS` (name, usage term, summary), which is all the program's
 * help and "did you mean" need; test/cli/program.test.ts checks that every
 * stub reads exactly as its loaded command.
 * @module
 */
import { Command, Help } from "commander";
import { packageVersion } from "../engine/version.js";
import type { CliIO, ExitCode } from "./io.js";

/** How a command file adds its command (`registerCheck`, `registerEval`, …). */
export type Register = (program: Command, io: CliIO, done: (code: ExitCode) => void) => void;

/** A command as the program's help lists it, and how to load it. */
export interface LazyCommand {
  name: string;
  /** The help's term for it: commander's `[options]` and arguments, as the loaded command gives them. */
  term: string;
  summary: string;
  load: () => Promise<Register>;
}

/** The commands, in the help's order. A new command is one line here (a test keeps term and summary true). */
export const COMMANDS: readonly LazyCommand[] = [
  { name: "check", term: "check [options] <files...>", summary: "report errors and warnings in templates", load: async () => (await import("./check.js")).registerCheck },
  { name: "fmt", term: "fmt [options] <files...>", summary: "print templates in canonical form", load: async () => (await import("./fmt.js")).registerFmt },
  { name: "eval", term: "eval [options] <template>", summary: "compute metrics, targets, scores, incentives and alerts", load: async () => (await import("./eval.js")).registerEval },
  { name: "simulate", term: "simulate [options] <template>", summary: "compare what-if scenarios with the baseline", load: async () => (await import("./simulate.js")).registerSimulate },
  { name: "map", term: "map", summary: "work with mappings of CRM and Excel exports", load: async () => (await import("./map.js")).registerMap },
  { name: "serve", term: "serve [options]", summary: "run the HTTP API", load: async () => (await import("./serve.js")).registerServe },
  { name: "keys", term: "keys", summary: "manage the API keys of kpi serve", load: async () => (await import("./keys.js")).registerKeys },
  { name: "sql", term: "sql [options] <template>", summary: "print the SQL a template's aggregates compile to", load: async () => (await import("./sql.js")).registerSql },
];

/**
 * The command an argument list runs or asks help for: the first argument
 * that is not an option (the program's own options take no values), or the
 * one after `help`. `"*"` loads every command.
 * @example
 * commandOf(["--help"]); // undefined
 * commandOf(["help", "eval"]); // "eval"
 */
export function commandOf(argv: readonly string[]): string | undefined {
  const words = argv.filter((a) => !a.startsWith("-"));
  return words[0] === "help" ? words[1] : words[0];
}

/**
 * Builds the program for these arguments (only the command they name is
 * loaded; `"*"` loads all); `done` receives the exit code of the command that ran.
 * @example
 * let code = 0;
 * const argv = ["check", "saas.kpi"];
 * await (await buildProgram(io, (c) => (code = c), argv)).parseAsync(argv, { from: "user" });
 */
export async function buildProgram(io: CliIO, done: (code: ExitCode) => void, argv: readonly string[] | "*" = "*"): Promise<Command> {
  const wanted = argv === "*" ? undefined : commandOf(argv);
  const loaded = new Map<string, Register>();
  await Promise.all(COMMANDS.filter((c) => argv === "*" || c.name === wanted).map(async (c) => loaded.set(c.name, await c.load())));
  const terms = new Map(COMMANDS.filter((c) => !loaded.has(c.name)).map((c) => [c.name, c.term]));
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
    .configureHelp({ subcommandTerm: (cmd) => terms.get(cmd.name()) ?? Help.prototype.subcommandTerm.call(new Help(), cmd) })
    .showSuggestionAfterError(true)
    .exitOverride();
  for (const c of COMMANDS) {
    const register = loaded.get(c.name);
    if (register) register(program, io, done);
    // A stub is never run: the arguments that would run it load the real command.
    else program.command(c.name).summary(c.summary);
  }
  return program;
}

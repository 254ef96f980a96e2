/**
 * `kpi eval TEMPLATE --data PATH --period P|P1..P2`: evaluates a template over
 * a dataset (DESIGN.md "Interfaces"). The options are registered so that
 * `kpi eval --help` documents them; evaluating belongs to the engine's issue,
 * and until it lands the command says so and exits with status 2.
 * @module
 */
import { Option, type Command } from "commander";
import { ExitCode, type CliIO } from "./io.js";

/**
 * Options of `kpi eval`, as DESIGN.md lists them.
 * @example
 * const options: EvalOptions = { data: "data/", period: "2026-03", format: "json" };
 */
export interface EvalOptions {
  data: string;
  period: string;
  asOf?: string;
  format: "json" | "table" | "csv";
  explain?: string;
}

/**
 * Adds `kpi eval` to the program.
 * @example
 * registerEval(program, io, (code) => (exitCode = code));
 */
export function registerEval(program: Command, io: CliIO, done: (code: ExitCode) => void): void {
  program
    .command("eval")
    .summary("compute metrics, targets, scores, incentives and alerts")
    .description("Evaluate a template over a dataset for a period or a range of periods.")
    .argument("<template>", "template file (.kpi)")
    .requiredOption("--data <path>", "dataset JSON file, or a folder with entities.csv and one SOURCE.csv or SOURCE.ndjson per source")
    .requiredOption("--period <period>", "a period (2026, 2026-Q1, 2026-03, 2026-W05, 2026-03-15) or a range P1..P2")
    .option("--as-of <date>", "leave out records dated after DATE (YYYY-MM-DD)")
    .addOption(new Option("--format <format>", "output format").choices(["json", "table", "csv"]).default("json"))
    .option("--explain <entity>", "explain every number of one entity")
    .action((_template: string, _opts: EvalOptions) => {
      io.err("kpi eval: not implemented yet\n");
      done(ExitCode.usage);
    });
}

/**
 * `kpi serve [--port N] [--db FILE]`: the HTTP API and the designer
 * (DESIGN.md "Interfaces"). The options are registered so that
 * `kpi serve --help` documents them; the server belongs to the HTTP API's
 * issue, and until it lands the command says so and exits with status 2.
 * @module
 */
import { InvalidArgumentError, type Command } from "commander";
import { ExitCode, type CliIO } from "./io.js";

/**
 * Options of `kpi serve`.
 * @example
 * const options: ServeOptions = { port: 8080, db: "kpi.db" };
 */
export interface ServeOptions {
  port?: number;
  db?: string;
}

/**
 * A TCP port number from the command line.
 * @example
 * parsePort("8080"); // 8080
 */
export function parsePort(value: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value) || n < 1 || n > 65535) throw new InvalidArgumentError("a port is a whole number from 1 to 65535");
  return n;
}

/**
 * Adds `kpi serve` to the program.
 * @example
 * registerServe(program, io, (code) => (exitCode = code));
 */
export function registerServe(program: Command, io: CliIO, done: (code: ExitCode) => void): void {
  program
    .command("serve")
    .summary("run the HTTP API and the designer")
    .description("Serve the HTTP API (/v1) and the designer.")
    .option("--port <n>", "port to listen on", parsePort)
    .option("--db <file>", "template registry database file")
    .action((_opts: ServeOptions) => {
      io.err("kpi serve: not implemented yet\n");
      done(ExitCode.usage);
    });
}

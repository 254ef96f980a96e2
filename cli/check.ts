/**
 * `kpi check FILE…`: parses and checks each template and prints its
 * diagnostics on standard output, `FILE:LINE:COL: SEVERITY CODE message` with
 * the source line and a caret line (or JSON with `--format json`), and a
 * count on standard error. A template that extends another finds its base
 * next to it (see `base-loader.ts`); diagnostics in the base name the base
 * file and are printed once even when several files share that base.
 * @module
 */
import type { Command } from "commander";
import { Option } from "commander";
import { resolve } from "node:path";
import type { Diagnostic } from "../dsl/diagnostics.js";
import { LineIndex } from "../dsl/span.js";
import { checkSource } from "../engine/check/index.js";
import { createBaseLoader } from "./base-loader.js";
import { readSource } from "./files.js";
import { ExitCode, plural, type CliIO } from "./io.js";
import { diagnosticJson, renderDiagnostic, type SourceLookup } from "./render.js";

/**
 * Options of `kpi check`.
 * @example
 * const options: CheckOptions = { format: "json" };
 */
export interface CheckOptions {
  format: "text" | "json";
}

/** One checked file's diagnostics (those not already reported for an earlier file). */
interface FileReport {
  file: string;
  diagnostics: Diagnostic[];
}

/**
 * Checks the files and prints the report; returns the exit code (0 clean or
 * warnings only, 1 with errors). Every file is read before any is checked, so
 * an unreadable one stops the run before anything is printed.
 * @throws UsageError when a file cannot be read
 * @example
 * const code = runCheck(["saas.kpi"], { format: "text" }, io);
 */
export function runCheck(files: readonly string[], options: CheckOptions, io: CliIO): ExitCode {
  const sources = files.map((f) => readSource(f, io));
  const loader = createBaseLoader();
  const texts = new Map(sources.map((s) => [s.file, s.text]));
  const lines = new Map<string, LineIndex>();
  const lookup: SourceLookup = (file) => {
    const cached = lines.get(file);
    if (cached) return cached;
    const text = texts.get(file) ?? loader.texts.get(file);
    if (text === undefined) return undefined;
    const index = new LineIndex(text);
    lines.set(file, index);
    return index;
  };

  const seen = new Set<string>();
  const reports = sources.map(({ file, text }): FileReport => ({
    file,
    diagnostics: fresh(checkSource(text, { file, loadBase: loader.load }).diagnostics, file, seen),
  }));
  const all = reports.flatMap((r) => r.diagnostics.map((d) => ({ d, file: r.file })));

  if (options.format === "json") io.out(`${JSON.stringify(all.map(({ d, file }) => diagnosticJson(d, file, lookup)), null, 2)}\n`);
  else for (const { d, file } of all) io.out(renderDiagnostic(d, file, lookup));

  const count = (s: Diagnostic["severity"]) => all.filter(({ d }) => d.severity === s).length;
  const errors = count("error");
  if (all.length) io.err(`${summary(errors, count("warning"), count("info"))} in ${plural(reports.filter((r) => r.diagnostics.length).length, "file")}\n`);
  return errors ? ExitCode.failed : ExitCode.ok;
}

/** Drops diagnostics already reported in this run (a shared base's, reported once). */
function fresh(ds: Diagnostic[], file: string, seen: Set<string>): Diagnostic[] {
  return ds.filter((d) => {
    const key = [resolve(d.file ?? file), d.span.start, d.span.end, d.code, d.message].join("\0");
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/**
 * `2 errors, 1 warning`: the non-zero counts, or `no problems`.
 * @example
 * summary(2, 1, 0); // "2 errors, 1 warning"
 */
export function summary(errors: number, warnings: number, infos: number): string {
  const parts = [];
  if (errors) parts.push(plural(errors, "error"));
  if (warnings) parts.push(plural(warnings, "warning"));
  if (infos) parts.push(`${infos} info`);
  return parts.join(", ") || "no problems";
}

/**
 * Adds `kpi check` to the program.
 * @example
 * registerCheck(program, io, (code) => (exitCode = code));
 */
export function registerCheck(program: Command, io: CliIO, done: (code: ExitCode) => void): void {
  program
    .command("check")
    .summary("report errors and warnings in templates")
    .description(
      "Parse and check each template. Diagnostics go to standard output as\n" +
        "FILE:LINE:COL: SEVERITY CODE message, each followed by the source line and\n" +
        "a caret line; a count goes to standard error. A template that extends NAME\n" +
        "finds NAME.kpi (or a .kpi file whose header is `template NAME`) in its own folder.",
    )
    .argument("<files...>", "template files (.kpi); - reads standard input")
    .addOption(new Option("--format <format>", "output format").choices(["text", "json"]).default("text"))
    .addHelpText("after", "\nExit status: 0 no errors (warnings allowed), 1 errors found, 2 bad usage.\n\nExample:\n  kpi check templates/*.kpi")
    .action((files: string[], opts: CheckOptions) => done(runCheck(files, opts, io)));
}

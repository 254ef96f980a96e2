/**
 * `kpi fmt FILE… [--write | --check]`: canonical formatting. The text is
 * parsed to the model and printed back (`printTemplate`), so formatting is
 * idempotent and keeps comments. Without options the canonical text goes to
 * standard output; `--write` replaces the files that change (atomically) and
 * lists them; `--check` lists the files that are not canonical and fails. A
 * file with syntax errors is never formatted: its diagnostics go to standard
 * error and the run fails. Only syntax matters here; `kpi check` does the rest.
 * @module
 */
import { Option, type Command } from "commander";
import { hasErrors } from "../dsl/diagnostics.js";
import { parseTemplate } from "../dsl/parse.js";
import { printTemplate } from "../dsl/printer.js";
import { readSource, STDIN_NAME, writeAtomic } from "./files.js";
import { ExitCode, plural, UsageError, type CliIO } from "./io.js";
import { renderDiagnostic } from "./render.js";

/**
 * Options of `kpi fmt`; at most one of them is set.
 * @example
 * const options: FmtOptions = { check: true };
 */
export interface FmtOptions {
  write?: boolean;
  check?: boolean;
}

/** The canonical text of a template, or undefined (diagnostics printed) when it has syntax errors. */
function canonical(file: string, text: string, io: CliIO): string | undefined {
  const parsed = parseTemplate(text);
  if (hasErrors(parsed.diagnostics)) {
    for (const d of parsed.diagnostics) io.err(renderDiagnostic(d, file, () => parsed.lines));
    return undefined;
  }
  const out = printTemplate(parsed.model);
  // The printer must produce text that parses; never write (or show) anything else.
  const again = parseTemplate(out);
  if (hasErrors(again.diagnostics)) {
    throw new Error(`the formatted text of ${file} does not parse: ${again.diagnostics[0]!.code} at ${again.diagnostics[0]!.span.line}:${again.diagnostics[0]!.span.column}`);
  }
  return out;
}

/**
 * Formats the files; returns the exit code. Every file is read first, so an
 * unreadable one stops the run before anything is written.
 * @throws UsageError when a file cannot be read or written, or `--write` is given standard input
 * @example
 * runFmt(["saas.kpi"], { check: true }, io); // 1 when saas.kpi is not canonical
 */
export function runFmt(files: readonly string[], options: FmtOptions, io: CliIO): ExitCode {
  const sources = files.map((f) => readSource(f, io));
  if (options.write && sources.some((s) => s.file === STDIN_NAME)) throw new UsageError("cannot --write standard input; leave out --write to print the result");
  let code: ExitCode = ExitCode.ok;
  let unformatted = 0;
  for (const { file, text } of sources) {
    const out = canonical(file, text, io);
    if (out === undefined) {
      code = ExitCode.failed;
    } else if (options.check) {
      if (out !== text) {
        io.out(`${file}\n`);
        unformatted++;
        code = ExitCode.failed;
      }
    } else if (options.write) {
      if (out !== text) {
        writeAtomic(file, out);
        io.out(`${file}\n`);
      }
    } else {
      io.out(out);
    }
  }
  if (unformatted) io.err(`${plural(unformatted, "file")} not formatted; run kpi fmt --write to fix\n`);
  return code;
}

/**
 * Adds `kpi fmt` to the program.
 * @example
 * registerFmt(program, io, (code) => (exitCode = code));
 */
export function registerFmt(program: Command, io: CliIO, done: (code: ExitCode) => void): void {
  program
    .command("fmt")
    .summary("print templates in canonical form")
    .description(
      "Print each template in canonical form (comments kept). A file with syntax\n" +
        "errors is not formatted: its diagnostics go to standard error.",
    )
    .argument("<files...>", "template files (.kpi); - reads standard input")
    .addOption(new Option("-w, --write", "rewrite the files that change, and list them").conflicts("check"))
    .addOption(new Option("-c, --check", "list the files that are not canonical; exit 1 if any"))
    .addHelpText("after", "\nExit status: 0 done, 1 syntax errors or (with --check) files to format, 2 bad usage.\n\nExamples:\n  kpi fmt saas.kpi\n  kpi fmt --write templates/*.kpi\n  kpi fmt --check templates/*.kpi")
    .action((files: string[], opts: FmtOptions) => done(runFmt(files, opts, io)));
}

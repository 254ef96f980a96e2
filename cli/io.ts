/**
 * What every command shares: where output goes, the exit codes, and the one
 * error type for a user's mistake in how the command was called. Commands
 * write through a `CliIO` rather than to `process` so tests can run them
 * in-process and the real entry point (`main.ts`) stays a few lines.
 * @module
 */

/**
 * Exit codes, as DESIGN.md fixes them; 70 is sysexits' EX_SOFTWARE.
 * @example
 * return errors ? ExitCode.failed : ExitCode.ok;
 */
export const ExitCode = {
  /** Nothing wrong (warnings allowed). */
  ok: 0,
  /** The input has errors: a template with errors, a file `fmt --check` would change. */
  failed: 1,
  /** Bad usage: unknown option, missing file, unreadable file. */
  usage: 2,
  /** A bug in kpi itself. */
  internal: 70,
} as const;

/** One of the exit codes. @example const code: ExitCode = ExitCode.usage; */
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

/**
 * Standard output and error, as the commands see them.
 * @example
 * const io: CliIO = { out: (s) => void process.stdout.write(s), err: (s) => void process.stderr.write(s), readStdin: () => "" };
 */
export interface CliIO {
  /** Writes to standard output: the command's result, machine-readable. */
  out(text: string): void;
  /** Writes to standard error: summaries and messages for a person. */
  err(text: string): void;
  /** Reads all of standard input (for the file name `-`). */
  readStdin(): string;
  /** Standard output's width in columns when it is a terminal (`--format table` fits it). */
  outColumns?: number | undefined;
  /**
   * Standard output as a stream, for results written in chunks that wait for
   * `drain` when it asks (back-pressure); without it they go through `out`.
   */
  outStream?: { write(chunk: string | Uint8Array): boolean; once(event: "drain", listener: () => void): unknown } | undefined;
  /** Whether standard error is a terminal (progress lines go there only then). */
  errIsTTY?: boolean | undefined;
}

/**
 * A mistake in how kpi was called (a file that cannot be read, options that
 * cannot go together). Printed as `kpi: MESSAGE` with exit code 2, never with
 * a stack trace.
 * @example
 * throw new UsageError("cannot read deals.kpi: no such file");
 */
export class UsageError extends Error {
  override name = "UsageError";
}

/**
 * English plural for counts in summaries.
 * @example
 * plural(2, "error"); // "2 errors"
 */
export const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? "" : "s"}`;

/**
 * File access for the commands: reading a template (or standard input for
 * `-`) with a clean message when that fails, and replacing a file atomically
 * so an interrupted `kpi fmt --write` never leaves a half-written template.
 * @module
 */
import { randomBytes } from "node:crypto";
import { chmodSync, readFileSync, realpathSync, renameSync, statSync, unlinkSync, writeFileSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { UsageError, type CliIO } from "./io.js";

/**
 * The file name that stands for standard input.
 * @example
 * readSource(STDIN, io).file; // "<stdin>"
 */
export const STDIN = "-";
/**
 * How diagnostics name standard input.
 * @example
 * `${STDIN_NAME}:1:12: error …`;
 */
export const STDIN_NAME = "<stdin>";

/**
 * A template's text and the name diagnostics use for it.
 * @example
 * const source: SourceText = { file: "saas.kpi", text: "metric a = 1\n" };
 */
export interface SourceText {
  file: string;
  text: string;
}

const REASONS: Record<string, string> = {
  ENOENT: "no such file",
  EACCES: "permission denied",
  EPERM: "permission denied",
  EISDIR: "is a directory",
  ENOTDIR: "a part of the path is not a directory",
  ELOOP: "too many symbolic links",
  ENAMETOOLONG: "the name is too long",
  EROFS: "read-only file system",
  ENOSPC: "no space left on the device",
};

/**
 * A short reason for a failed file operation, without Node's error prefix.
 * @example
 * reason(Object.assign(new Error("ENOENT: …"), { code: "ENOENT" })); // "no such file"
 */
export function reason(e: unknown): string {
  const code = (e as { code?: unknown } | null)?.code;
  if (typeof code === "string" && Object.hasOwn(REASONS, code)) return REASONS[code]!;
  return e instanceof Error ? e.message : String(e);
}

/**
 * Reads a template file as UTF-8; `-` reads standard input.
 * @throws UsageError `cannot read FILE: reason`
 * @example
 * readSource("examples/saas.kpi", io).text;
 */
export function readSource(file: string, io: CliIO): SourceText {
  if (file === STDIN) return { file: STDIN_NAME, text: io.readStdin() };
  try {
    return { file, text: readFileSync(file, "utf8") };
  } catch (e) {
    throw new UsageError(`cannot read ${file}: ${reason(e)}`);
  }
}

/**
 * Replaces a file's content: writes a temporary file beside it, then renames
 * it over the original, keeping the original's permissions. A symbolic link
 * is followed, so the link stays a link.
 * @throws UsageError `cannot write FILE: reason`
 * @example
 * writeAtomic("saas.kpi", canonicalText);
 */
export function writeAtomic(file: string, text: string): void {
  let tmp: string | undefined;
  try {
    const target = realpathSync(file);
    const mode = statSync(target).mode & 0o7777;
    tmp = join(dirname(target), `.${basename(target)}.${process.pid}.${randomBytes(4).toString("hex")}.tmp`);
    writeFileSync(tmp, text, { flag: "wx" });
    // Set after writing: the mode given to open() is narrowed by the umask.
    chmodSync(tmp, mode);
    renameSync(tmp, target);
    tmp = undefined;
  } catch (e) {
    throw new UsageError(`cannot write ${file}: ${reason(e)}`);
  } finally {
    if (tmp) {
      try {
        unlinkSync(tmp);
      } catch {
        // The temporary file was never created; nothing to clean up.
      }
    }
  }
}

/**
 * The process entry point of `kpi` (bin/kpi.js imports it): runs the command
 * against the real standard streams and sets the exit code. Output is never
 * cut short by `process.exit`; a reader that closes the pipe early
 * (`kpi fmt x.kpi | head`) just ends the output.
 * @module
 */
import { readFileSync } from "node:fs";
import type { CliIO } from "./io.js";
import { run } from "./run.js";

const io: CliIO = {
  out: (s) => void process.stdout.write(s),
  err: (s) => void process.stderr.write(s),
  readStdin: () => readFileSync(0, "utf8"),
  outStream: process.stdout,
  outColumns: process.stdout.isTTY ? process.stdout.columns : undefined,
  errIsTTY: process.stderr.isTTY,
};

process.stdout.on("error", (e: NodeJS.ErrnoException) => {
  if (e.code === "EPIPE") process.exit(process.exitCode ?? 0);
  throw e;
});

process.exitCode = await run(process.argv.slice(2), io, { debug: process.env["KPI_DEBUG"] === "1" });

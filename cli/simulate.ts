/**
 * `kpi simulate TEMPLATE --data PATH --period P --scenario FILE.json
 * [--map FILE] [--as-of DATE] [--format json|table]`: the what-if comparison
 * of `POST /v1/simulate` on the command line, computed by the same code
 * (engine/scenario), so the numbers are the API's. The scenario file is a
 * `ScenarioFile` of schemas/api.schema.json (`{scenarios, attainment?,
 * revenue?}`), checked with ajv: a bad one is reported with JSON paths,
 * exit 1. Exit codes as `kpi eval`: 0 done, 1 the template, data or
 * scenarios have errors (nothing is compared), 2 bad usage.
 * @module
 */
import { availableParallelism } from "node:os";
import { Option, type Command } from "commander";
import { statSync } from "node:fs";
import { LineIndex } from "../dsl/span.js";
import { checkSource } from "../engine/check/index.js";
import { formatDataError, loadDataset, readMapping, type LoadOptions } from "../engine/dataset/index.js";
import type { Scenario, SimulateOutput } from "../engine/scenario/index.js";
import type { ScenarioFile } from "../schemas/generated/api.js";
import { compileSchema, sharedAjv, toSchemaError } from "../schemas/validators.js";
import { createBaseLoader } from "./base-loader.js";
import { readSource, reason } from "./files.js";
import { ExitCode, plural, UsageError, type CliIO } from "./io.js";
import { printable, renderDiagnostic } from "./render.js";
import { textWidth } from "./text-width.js";

/**
 * Options of `kpi simulate`.
 * @example
 * const o: SimulateOptions = { data: "data/", period: "2026-03", scenario: "s.json", format: "table" };
 */
export interface SimulateOptions {
  data: string;
  map?: string;
  period: string;
  asOf?: string;
  scenario: string;
  format: "json" | "table";
}

/** The scenario file, checked against `ScenarioFile`; errors as `FILE: /json/path: message`. */
function readScenarios(file: string, io: CliIO): { ok: true; value: ScenarioFile } | { ok: false; errors: string[] } {
  const text = readSource(file, io).text;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    return { ok: false, errors: [`${file}: not JSON: ${reason(e)}`] };
  }
  for (const name of ["template", "dataset", "result", "mapping", "api"]) compileSchema(name);
  const fn = sharedAjv().getSchema("https://kpi-engine.dev/schemas/api.schema.json#/$defs/ScenarioFile")!;
  if (fn(value)) return { ok: true, value: value as ScenarioFile };
  return { ok: false, errors: (fn.errors ?? []).map((e) => {
    const s = toSchemaError(e);
    return `${file}: ${s.path}: ${s.message}`;
  }) };
}

/**
 * Runs `kpi simulate`; returns the exit code.
 * @throws UsageError (exit 2) for an unreadable file or a bad period
 * @example
 * const code = await runSimulate("saas.kpi", { data: "data", period: "2026-03", scenario: "s.json", format: "json" }, io);
 */
export async function runSimulate(template: string, opts: SimulateOptions, io: CliIO): Promise<ExitCode> {
  const source = readSource(template, io);
  const loader = createBaseLoader();
  const r = checkSource(source.text, { file: source.file, loadBase: loader.load });
  const lookup = (file: string): LineIndex | undefined => {
    const text = file === source.file ? source.text : loader.texts.get(file);
    return text === undefined ? undefined : new LineIndex(text);
  };
  for (const d of r.diagnostics) io.err(renderDiagnostic(d, source.file, lookup));
  const checked = r.checked;
  if (!checked) {
    io.err(`kpi simulate: ${plural(r.diagnostics.filter((d) => d.severity === "error").length, "error")} in the template; nothing was compared\n`);
    return ExitCode.failed;
  }
  const file = readScenarios(opts.scenario, io);
  if (!file.ok) {
    for (const e of file.errors) io.err(`${printable(e)}\n`);
    io.err(`kpi simulate: ${plural(file.errors.length, "error")} in the scenario file; nothing was compared\n`);
    return ExitCode.failed;
  }
  try {
    statSync(opts.data);
  } catch (e) {
    throw new UsageError(`cannot read ${opts.data}: ${reason(e) === "no such file" ? "no such file or folder" : reason(e)}`);
  }
  const { datasetSpecOf } = await import("../engine/evaluate/index.js");
  const { simulate } = await import("../engine/scenario/index.js");
  const spec = datasetSpecOf(checked);
  // Big source files load side by side, one worker thread per core (engine/dataset/source-workers.ts).
  const options: LoadOptions = { threads: availableParallelism() };
  if (opts.map !== undefined) {
    const read = readMapping(readSource(opts.map, io).text, opts.map, spec);
    if (!read.ok) {
      for (const e of read.errors) io.err(`${printable(formatDataError(e))}\n`);
      return ExitCode.failed;
    }
    options.mapping = read.mapping;
  }
  const loaded = await loadDataset(opts.data, spec, options);
  if (!loaded.ok) {
    for (const e of loaded.errors) io.err(`${printable(formatDataError(e))}\n`);
    io.err(`kpi simulate: ${loaded.total.toLocaleString("en-US")} data error${loaded.total === 1 ? "" : "s"}; nothing was compared\n`);
    return ExitCode.failed;
  }
  const s = file.value;
  const out = simulate(checked, loaded.dataset, {
    period: opts.period,
    ...(opts.asOf !== undefined ? { asOf: opts.asOf } : {}),
    scenarios: s.scenarios as Scenario[],
    ...(s.attainment !== undefined ? { attainment: s.attainment } : {}),
    ...(s.revenue !== undefined ? { revenue: s.revenue } : {}),
  });
  if (out.kind === "request-errors") throw new UsageError(out.errors.map((e) => `bad --${e.path === "/asOf" ? "as-of" : "period"}: ${e.message}`).join("\n"));
  if (out.kind !== "ok") {
    // Scenario errors point into the scenario file; data errors into the data.
    const where = out.kind === "scenario-errors" ? `${opts.scenario}: ` : "";
    for (const e of out.errors) io.err(`${printable(`${where}${e.path}: ${e.message}`)}\n`);
    io.err(`kpi simulate: ${plural(out.errors.length, "error")}; nothing was compared\n`);
    return ExitCode.failed;
  }
  io.out(opts.format === "json" ? `${JSON.stringify(out.value, null, 2)}\n` : renderComparison(out.value));
  return ExitCode.ok;
}

/**
 * The comparison as a text table: one column for the baseline and each scenario, then each scenario's ten largest changes per rep.
 * @example
 * io.out(renderComparison(out.value));
 */
export function renderComparison(v: SimulateOutput): string {
  const all = [v.baseline, ...v.scenarios];
  const rows: string[][] = [["Scenario comparison", ...all.map((s) => printable(s.name))]];
  rows.push([`Total payout (${v.currency})`, ...all.map((s) => s.totalPayout)]);
  rows.push(["Change", "", ...v.scenarios.map((s) => s.change ?? "")]);
  for (let i = 0; i < v.baseline.payoutByTeam.length; i++) rows.push([`  ${printable(v.baseline.payoutByTeam[i]!.name)}`, ...all.map((s) => s.payoutByTeam[i]?.payout ?? "")]);
  rows.push(["Reps paid", ...all.map((s) => String(s.repsPaid))]);
  rows.push([`Reps at or above 100% (${v.attainmentMetric})`, ...all.map((s) => String(s.repsAbove100))]);
  rows.push([`Cost share of ${v.revenueMetric}`, ...all.map((s) => (s.costShare === null ? "" : `${(Number(s.costShare) * 100).toFixed(2)}%`))]);
  // Padded by display width: a Chinese team name takes two columns per character.
  const widths = rows[0]!.map((_, j) => Math.max(...rows.map((r) => textWidth(r[j] ?? ""))));
  const pad = (c: string, j: number) => " ".repeat(widths[j]! - textWidth(c));
  const line = (r: string[]) => r.map((c, j) => (j === 0 ? c + pad(c, j) : pad(c, j) + c)).join("  ").trimEnd();
  let out = `${v.template} · ${v.period}\n${rows.map(line).join("\n")}\n`;
  for (const s of v.scenarios) {
    const top = (s.reps ?? []).filter((r) => r.change !== "0" && !/^-?0\.?0*$/.test(r.change)).slice(0, 10);
    if (!top.length) continue;
    out += `\n${printable(s.name)}: largest changes per rep\n`;
    for (const r of top) out += `  ${printable(r.id)} ${printable(r.name)}: ${r.baselinePayout} → ${r.payout} (${r.change.startsWith("-") ? "" : "+"}${r.change})\n`;
  }
  return out;
}

/**
 * Adds `kpi simulate` to the program.
 * @example
 * registerSimulate(program, io, (code) => (exitCode = code));
 */
export function registerSimulate(program: Command, io: CliIO, done: (code: ExitCode) => void): void {
  program
    .command("simulate")
    .summary("compare what-if scenarios with the baseline")
    .description("Evaluate a template's baseline and what-if scenarios (numbers set, source fields scaled) over one dataset for one period, and compare them (docs/scenarios.md).")
    .argument("<template>", "template file (.kpi)")
    .requiredOption("--data <path>", "dataset JSON file, or a folder of CSV/NDJSON files")
    .requiredOption("--period <period>", "one period (2026-03, 2026-Q1, 2026)")
    .requiredOption("--scenario <file>", "scenario file (JSON: {scenarios: [{name, changes}]}, schemas/api.schema.json ScenarioFile)")
    .option("--map <file>", "mapping file for a folder of exports")
    .option("--as-of <date>", "leave out records dated after DATE (YYYY-MM-DD)")
    .addOption(new Option("--format <format>", "output format").choices(["json", "table"]).default("table"))
    .addHelpText("after", "\nExit status: 0 done, 1 the template, data or scenario file has errors (nothing is compared), 2 bad usage.\n\nExample:\n  kpi simulate examples/saas/growth.kpi --data examples/saas/dataset --period 2026-03 --scenario top-rate.json")
    .action(async (template: string, opts: SimulateOptions) => done(await runSimulate(template, opts, io)));
}

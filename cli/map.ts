/**
 * `kpi map infer TEMPLATE --data DIR [--out FILE] [--preset NAME]`: proposes
 * a mapping (schemas/mapping.schema.json) for a folder of CRM or Excel
 * exports — headers matched to the template's fields by name, synonyms and
 * presets; encoding, delimiter, title lines, date and number forms detected
 * from the rows; enum value maps from the distinct values; owners matched by
 * name when the cells are names — and then loads the folder with it. The
 * mapping goes to standard output (or `--out`); what could not be decided
 * and the first load errors go to standard error. Exit 0 when the proposal
 * loads cleanly, 1 when it needs a hand (the mapping is still written).
 * @module
 */
import { writeFileSync } from "node:fs";
import { Option, type Command } from "commander";
import { checkSource } from "../engine/check/index.js";
import { checkMapping, folderFiles, formatDataError, loadDatasetFiles } from "../engine/dataset/index.js";
import { isTimeZone } from "../engine/dataset/date-format.js";
import { inferMapping } from "../engine/dataset/infer/infer.js";
import { PRESETS } from "../engine/dataset/infer/presets.js";
import { createBaseLoader } from "./base-loader.js";
import { readSource, reason } from "./files.js";
import { ExitCode, plural, UsageError, type CliIO } from "./io.js";
import { printable, renderDiagnostic } from "./render.js";

/**
 * Options of `kpi map infer`.
 * @example
 * const o: MapInferOptions = { data: "exports/", preset: "salesforce" };
 */
export interface MapInferOptions {
  data: string;
  out?: string;
  preset?: string;
  timezone?: string;
}

/**
 * Runs `kpi map infer`.
 * @example
 * await runMapInfer("saas.kpi", { data: "exports" }, io);
 */
export async function runMapInfer(template: string, opts: MapInferOptions, io: CliIO): Promise<ExitCode> {
  const source = readSource(template, io);
  const checked = checkSource(source.text, { file: source.file, loadBase: createBaseLoader().load });
  if (!checked.checked) {
    for (const d of checked.diagnostics) io.err(renderDiagnostic(d, source.file, () => undefined));
    io.err("kpi map: the template has errors; nothing was inferred\n");
    return ExitCode.failed;
  }
  if (opts.timezone !== undefined && !isTimeZone(opts.timezone)) throw new UsageError(`--timezone ${JSON.stringify(opts.timezone)}: not an IANA time zone (such as Asia/Shanghai)`);
  const engine = await import("../engine/evaluate/index.js");
  const spec = engine.datasetSpecOf(checked.checked);
  const files = folderFiles(opts.data);
  const listed = await files.names();
  if (!listed.ok) throw new UsageError(`cannot read ${opts.data}: ${listed.message}`);
  const proposal = await inferMapping(files, spec, { ...(opts.preset !== undefined ? { preset: opts.preset } : {}), ...(opts.timezone !== undefined ? { timezone: opts.timezone } : {}) });
  const text = `${JSON.stringify(proposal.mapping, null, 2)}\n`;
  if (opts.out !== undefined) {
    try {
      writeFileSync(opts.out, text);
    } catch (e) {
      throw new UsageError(`cannot write ${opts.out}: ${reason(e)}`);
    }
  } else io.out(text);
  io.err(`kpi map: preset ${proposal.preset} (${PRESETS.find((p) => p.name === proposal.preset)?.label ?? ""}); ${proposal.files.length} ${proposal.files.length === 1 ? "file" : "files"} read\n`);
  for (const u of proposal.undecided) io.err(`  undecided: ${printable(u)}\n`);
  const valid = checkMapping(proposal.mapping, spec, opts.out ?? "<proposal>");
  const loaded = valid.ok ? await loadDatasetFiles(files, spec, { mapping: valid.mapping }) : valid;
  if (!loaded.ok) {
    for (const e of loaded.errors.slice(0, 10)) io.err(`  ${printable(formatDataError(e))}\n`);
    io.err(`kpi map: the proposal does not load yet (${plural(loaded.total, "error")}); edit it and run kpi eval --map\n`);
    return ExitCode.failed;
  }
  io.err(`kpi map: the proposal loads: ${[...loaded.dataset.sources.values()].map((s) => `${s.name} ${plural(s.length, "record")}`).join(", ")}, ${plural(loaded.dataset.entities.list.length - 1, "entity").replace("entitys", "entities")}\n`);
  return ExitCode.ok;
}

/**
 * Adds `kpi map infer` to the program.
 * @example
 * registerMap(program, io, (code) => (exitCode = code));
 */
export function registerMap(program: Command, io: CliIO, done: (code: ExitCode) => void): void {
  const map = program.command("map").summary("work with mappings of CRM and Excel exports").description("Mappings say how a folder of exports becomes a dataset (schemas/mapping.schema.json).");
  map
    .command("infer")
    .summary("propose a mapping for a folder of exports")
    .argument("<template>", "template file (.kpi)")
    .requiredOption("--data <dir>", "the folder of exports (CSV, TSV, XLSX)")
    .option("--out <file>", "write the mapping here instead of standard output")
    .option("--timezone <zone>", "the IANA time zone in which date-times fall on their day (default UTC)")
    .addOption(new Option("--preset <name>", "the export style (detected when left out)").choices(PRESETS.map((p) => p.name)))
    .addHelpText("after", "\nExit status: 0 the proposal loads cleanly, 1 it needs a hand (it is written anyway), 2 bad usage.\n\nExample:\n  kpi map infer saas.kpi --data exports/ --out exports/mapping.json\n  kpi eval saas.kpi --data exports/ --map exports/mapping.json --period 2026-03")
    .action(async (template: string, opts: MapInferOptions) => done(await runMapInfer(template, opts, io)));
}

/**
 * The structure check of the folder form sent as file contents: the file
 * names (one `entities.csv`, `NAME.csv` or `NAME.ndjson`, never a path),
 * that every CSV file parses and has a header (`entities.csv` with `id` and
 * `kind`), that no source has both a CSV and an NDJSON file, and that every
 * NDJSON line is a JSON object. Whether the data fits a template (columns,
 * types, entity ids) is checked when it is evaluated, against that
 * template: the same files can serve several templates.
 * @module
 */
import { parse } from "csv-parse/sync";
import type { FieldError } from "../../schemas/generated/api.js";
import { jsonPointer } from "../../engine/dataset/errors.js";
import type { Mapping } from "../../schemas/generated/mapping.js";

/**
 * A file name of the folder form.
 * @example
 * FILE_NAME.test("deals.csv"); // true
 * FILE_NAME.test("../x.csv"); // false
 */
export const FILE_NAME = /^[\p{L}_][\p{L}\p{N}\p{M}_]*\.(csv|ndjson)$/u;

function csvErrors(name: string, text: string, path: string): FieldError[] {
  let rows: string[][];
  try {
    rows = parse(text, { bom: true, relax_column_count: true, skip_empty_lines: true }) as string[][];
  } catch (e) {
    const line = (e as { lines?: unknown }).lines;
    return [{ path, message: `${typeof line === "number" ? `line ${line}: ` : ""}malformed CSV: ${(e as Error).message}` }];
  }
  const header = rows[0];
  if (!header) return [{ path, message: "the file is empty; its first line must be the header" }];
  if (name === "entities.csv") {
    const cols = new Set(header.map((h) => h.trim()));
    return ["id", "kind"].filter((c) => !cols.has(c)).map((c) => ({ path, message: `missing column ${JSON.stringify(c)} in the header` }));
  }
  return [];
}

function ndjsonErrors(text: string, path: string): FieldError[] {
  const errors: FieldError[] = [];
  const lines = text.split("\n");
  for (let i = 0; i < lines.length && errors.length < 20; i++) {
    const line = lines[i]!.trim();
    if (line === "") continue;
    let value: unknown;
    try {
      value = JSON.parse(i === 0 && line.charCodeAt(0) === 0xfeff ? line.slice(1) : line);
    } catch (e) {
      errors.push({ path, message: `line ${i + 1}: not valid JSON: ${(e as Error).message}` });
      continue;
    }
    if (value === null || typeof value !== "object" || Array.isArray(value)) errors.push({ path, message: `line ${i + 1}: each line must be a JSON object (one record)` });
  }
  return errors;
}

/**
 * Every structural error of a set of files; `at` is the JSON pointer of the file map in the request.
 * @example
 * fileErrors(new Map([["entities.csv", "id,kind\n"]]), "/files"); // []
 */
export function fileErrors(files: ReadonlyMap<string, string>, at: string): FieldError[] {
  const errors: FieldError[] = [];
  if (!files.has("entities.csv")) errors.push({ path: at, message: "entities.csv is required (id,kind,name,parent,start,end)" });
  for (const [name, text] of files) {
    const path = `${at}${jsonPointer([name])}`;
    if (!FILE_NAME.test(name)) {
      errors.push({ path, message: "a file name is NAME.csv or NAME.ndjson (letters, digits and _)" });
      continue;
    }
    const stem = name.replace(/\.(csv|ndjson)$/, "");
    if (name.endsWith(".ndjson") && files.has(`${stem}.csv`)) errors.push({ path, message: `both ${stem}.csv and ${name} are given; keep one` });
    if (name.endsWith(".csv")) errors.push(...csvErrors(name, text, path));
    else if (stem === "entities" || stem === "inputs" || stem === "targets") errors.push({ path, message: `${stem} must be a CSV file` });
    else errors.push(...ndjsonErrors(text, path));
  }
  return errors;
}

/**
 * The file map of a validated request body, as a Map (never a plain object: file names are data).
 * @example
 * filesOf({ "entities.csv": "id,kind\n" }); // Map { "entities.csv" => "id,kind\n" }
 */
export const filesOf = (files: object): Map<string, string> => new Map(Object.entries(files) as [string, string][]);

/**
 * The file map of a mapped upload: text stays text, `{base64}` becomes bytes (a Map: file names are data).
 * @example
 * exportFilesOf({ "Deals.xlsx": { base64: "UEsDB…" } }); // Map { "Deals.xlsx" => Uint8Array […] }
 */
export function exportFilesOf(files: object): Map<string, string | Uint8Array> {
  const out = new Map<string, string | Uint8Array>();
  for (const [name, f] of Object.entries(files) as [string, string | { base64: string }][]) out.set(name, typeof f === "string" ? f : new Uint8Array(Buffer.from(f.base64, "base64")));
  return out;
}

/**
 * The structure check of exports with a mapping: every file the mapping names is there (the
 * entities file, each source's, the targets', inputs' and rates'). The data itself is checked
 * against the template when it is evaluated (or previewed).
 * @example
 * exportFileErrors(new Map([["users.csv", "…"]]), { entities: { file: "users.csv" } }); // []
 */
export function exportFileErrors(files: ReadonlyMap<string, string | Uint8Array>, mapping: Mapping): FieldError[] {
  const errors: FieldError[] = [];
  const need = (file: string | undefined, what: string, path: string): void => {
    if (file !== undefined && !files.has(file)) errors.push({ path, message: `the mapping names ${JSON.stringify(file)} for ${what}, but no such file was sent (the files are ${[...files.keys()].map((n) => JSON.stringify(n)).join(", ")})` });
  };
  need(mapping.entities?.file ?? (files.has("entities.xlsx") ? "entities.xlsx" : "entities.csv"), "the entities", "/mapping/entities/file");
  for (const [name, m] of Object.entries(mapping.sources ?? {})) need(m.file, `source ${name}`, `/mapping/sources${jsonPointer([name])}/file`);
  need(mapping.targets?.file, "the targets", "/mapping/targets/file");
  need(mapping.inputs?.file, "the inputs", "/mapping/inputs/file");
  if (mapping.rates) need(mapping.rates.file ?? "rates.csv", "the rates", "/mapping/rates/file");
  return errors;
}

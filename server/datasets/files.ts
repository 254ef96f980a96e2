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

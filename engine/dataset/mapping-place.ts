/**
 * Where a mapping's tables live: files in a folder (`file`, with its sheet,
 * encoding, delimiter and skipped rows) or tables of a PostgreSQL dataset
 * (`table` or `query`). One mapping speaks of one place: a `table` in a
 * mapping for a folder, or a `file` for `--data postgres://…`, is an error
 * at its JSON pointer. For PostgreSQL the mapping names tables and columns;
 * the conversions written for export files (formats, value maps, missing
 * policies, matching by name, currencies, levels, rates) are refused there,
 * with the reason: the database's own SQL, in a `query`, says them exactly.
 * @module
 */
import type { Mapping } from "../../schemas/generated/mapping.js";
import { ErrorList, jsonPointer, type DataError } from "./errors.js";

/** Where the dataset of a mapping is. */
export type MappingPlace = "files" | "postgres";

const FILE_KEYS = ["sheet", "encoding", "delimiter", "skipRows"] as const;
const FILE_ONLY = ["formats", "values", "missing", "match", "currency", "timezone", "extra", "levels"] as const;

/**
 * The problems of a checked mapping for the place its dataset is.
 * @example
 * mappingPlaceErrors({ sources: { deals: { table: "crm.opportunities" } } }, "files", "map.json");
 * // [{ file: "map.json", path: "/sources/deals/table", message: "a table names …" }]
 */
export function mappingPlaceErrors(mapping: Mapping, place: MappingPlace, file: string): { errors: DataError[]; total: number } {
  const errors = new ErrorList();
  const report = (path: (string | number)[], message: string): void => errors.add({ file, path: jsonPointer(path), message });
  const entries: [(string | number)[], Record<string, unknown> | undefined][] = [
    [["entities"], mapping.entities as Record<string, unknown> | undefined],
    [["targets"], mapping.targets as Record<string, unknown> | undefined],
    [["inputs"], mapping.inputs as Record<string, unknown> | undefined],
    ...Object.entries(mapping.sources ?? {}).map(([name, m]): [(string | number)[], Record<string, unknown>] => [["sources", name], m as Record<string, unknown>]),
  ];
  for (const [at, m] of entries) {
    if (!m) continue;
    const has = (k: string): boolean => m[k] !== undefined;
    if (has("table") && has("query")) report([...at, "query"], "give a table or a query, not both");
    if (place === "files") {
      for (const k of ["table", "query"]) if (has(k)) report([...at, k], `a ${k} names PostgreSQL data (--data postgres://…); this dataset is a folder of files: name its file with "file"`);
      continue;
    }
    if (has("file")) report([...at, "file"], `with --data postgres://… the data is in tables: give a "table" (or a "query") instead of a file`);
    for (const k of FILE_KEYS) if (has(k)) report([...at, k], `${k} is about reading a file; with --data postgres://… the rows come from a table`);
    for (const k of FILE_ONLY) if (has(k)) report([...at, k], `${k} is not read for PostgreSQL tables yet; write the conversion in the SQL of a "query" (for example CASE for value maps, to_date for date formats)`);
  }
  if (place === "postgres" && mapping.rates) report(["rates"], "currency rates are not read for PostgreSQL datasets yet; convert the amounts in a query");
  if (place === "postgres" && mapping.preset !== undefined) report(["preset"], "a preset describes a CRM's export files; with --data postgres://… name the tables and columns");
  return { errors: errors.list(file), total: errors.count };
}

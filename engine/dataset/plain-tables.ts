/**
 * The fixed-layout tables of the folder form, read without a mapping:
 * `entities.csv` (`id,kind,name,parent,start,end`, other columns are
 * attributes) and `inputs.csv` / `targets.csv`. Their headers must be exactly
 * the known column names (a missing required column, a repeated one or an
 * unknown one is an error).
 * @module
 */
import type { DataFiles } from "./data-files.js";
import { buildEntityTree, type EntityRow } from "./entities.js";
import type { ErrorList } from "./errors.js";
import { MetricRowsBuilder, type MetricRow } from "./metric-rows.js";
import { readCsv } from "./read-files.js";
import type { DatasetSpec, EntityTree } from "./types.js";

const ENTITY_COLUMNS = ["id", "kind", "name", "parent", "start", "end"] as const;

/**
 * Maps a header of a fixed-layout file onto its known columns: a missing required column
 * or a repeated one is an error; so is any other column unless `extra` takes it.
 * @example
 * bindColumns(["id", "kind"], ["id", "kind", "name"], ["id", "kind"], report); // Map { "id" => 0, "kind" => 1 }
 */
export function bindColumns(
  header: readonly string[],
  known: readonly string[],
  required: readonly string[],
  report: (field: string | undefined, message: string) => void,
  extra?: (name: string, cell: number) => boolean,
): Map<string, number> | undefined {
  const at = new Map<string, number>();
  let ok = true;
  header.forEach((raw, cell) => {
    const name = raw.trim();
    if (name === "") {
      ok = false;
      report(undefined, `column ${cell + 1} of the header has no name`);
    } else if (at.has(name)) {
      ok = false;
      report(name, `column ${JSON.stringify(name)} appears twice`);
    } else if (known.includes(name)) at.set(name, cell);
    else if (extra?.(name, cell)) at.set(name, cell);
    else {
      ok = false;
      report(name, `unknown column ${JSON.stringify(name)}; the columns are ${known.join(", ")}`);
    }
  });
  for (const r of required) {
    if (!at.has(r)) {
      ok = false;
      report(r, `missing column ${JSON.stringify(r)}`);
    }
  }
  return ok ? at : undefined;
}

/**
 * Reads `entities.csv` into the tree; undefined (errors reported) when anything is wrong.
 * @example
 * const tree = await readEntities(folderFiles("data"), "entities.csv", spec, errors);
 */
export async function readEntities(files: DataFiles, name: string, spec: DatasetSpec, errors: ErrorList): Promise<EntityTree | undefined> {
  const file = files.label(name);
  const rows: EntityRow[] = [];
  let cols: Map<string, number> | undefined;
  const attrCols: [string, number][] = [];
  await readCsv(files.open(name), file, errors, {
    header: (cells, line) => {
      cols = bindColumns(cells, ENTITY_COLUMNS, ["id", "kind"], (field, message) => errors.add({ file, line, message, ...(field !== undefined ? { field } : {}) }), (n, cell) => {
        attrCols.push([n, cell]);
        return true;
      });
      return cols !== undefined;
    },
    row: (cells, line) => {
      const get = (c: string): string => {
        const i = cols!.get(c);
        return i === undefined ? "" : (cells[i] ?? "");
      };
      const attrs = new Map<string, string>();
      for (const [n, cell] of attrCols) if (cells[cell]) attrs.set(n, cells[cell]);
      rows.push({ id: get("id"), kind: get("kind"), name: get("name"), parent: get("parent"), start: get("start"), end: get("end"), attrs, where: { line } });
    },
  });
  if (errors.count > 0) return undefined;
  return buildEntityTree(rows, spec.entityKinds, file, errors);
}

/**
 * Reads `inputs.csv` or `targets.csv`.
 * @example
 * const b = await readMetricRows(files, "targets.csv", "targets", spec, tree, errors); b.targets;
 */
export async function readMetricRows(files: DataFiles, name: string, form: "inputs" | "targets", spec: DatasetSpec, entities: EntityTree, errors: ErrorList): Promise<MetricRowsBuilder> {
  const file = files.label(name);
  const b = new MetricRowsBuilder(form, spec, entities, file, errors);
  const known = form === "inputs" ? ["entity", "metric", "period", "value"] : ["entity", "metric", "period", "base", "challenge"];
  let cols: Map<string, number> | undefined;
  await readCsv(files.open(name), file, errors, {
    header: (cells, line) => {
      const report = (field: string | undefined, message: string): void => errors.add({ file, line, message, ...(field !== undefined ? { field } : {}) });
      cols = bindColumns(cells, known, form === "inputs" ? known : ["entity", "metric", "period"], report);
      if (cols && form === "targets" && !cols.has("base") && !cols.has("challenge")) {
        report("base", `missing column "base" (or "challenge")`);
        cols = undefined;
      }
      return cols !== undefined;
    },
    row: (cells, line) => {
      const row: MetricRow = { entity: "", metric: "", period: "" };
      for (const [n, cell] of cols!) row[n as keyof MetricRow] = cells[cell];
      b.add(row, { line, index: line });
    },
  });
  return b;
}

/**
 * The folder form of a generated JSON dataset, as the file map of
 * `POST /v1/evaluate` (`{dataset: {files}}`): `entities.csv`, each source as
 * `SOURCE.csv` or `SOURCE.ndjson`, `inputs.csv`, `targets.csv`. The same data
 * in both forms must evaluate to the same result, which makes the CSV
 * reader, the NDJSON reader and the JSON loader oracles for each other.
 * @module
 */
import { chance, type Choice } from "./choice.js";
import type { DatasetDoc } from "./dataset-gen.js";
import type { TemplateInfo } from "./template-gen.js";

/** One CSV cell: quoted when it holds a comma, quote, line break or edge space. */
function cell(v: unknown): string {
  if (v === undefined || v === null) return "";
  const s = String(v);
  return /[",\r\n]|^\s|\s$/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

function csv(header: string[], rows: unknown[][], eol: string): string {
  return [header, ...rows].map((r) => r.map(cell).join(",")).join(eol) + eol;
}

/**
 * The files of a dataset for a template's sources.
 * @example
 * const files = folderForm(c, info, dataset); // { "entities.csv": "id,kind,…", "deals.csv": … }
 */
export function folderForm(c: Choice, info: TemplateInfo, d: DatasetDoc): Record<string, string> {
  const eol = chance(c, 20) ? "\r\n" : "\n";
  const files: Record<string, string> = {};
  const attrs = [...new Set(d.entities.flatMap((e) => Object.keys(e.attrs ?? {})))];
  files["entities.csv"] = csv(
    ["id", "kind", "name", "parent", "start", "end", ...attrs],
    d.entities.map((e) => [e.id, e.kind, e.name, e.parent, e.start, e.end, ...attrs.map((a) => e.attrs?.[a])]),
    eol,
  );
  for (const s of info.sources) {
    const rows = d.records[s.name];
    if (rows === undefined) continue;
    if (chance(c, 30)) {
      files[`${s.name}.ndjson`] = rows.map((r) => JSON.stringify(r)).join("\n") + (rows.length ? "\n" : "");
      continue;
    }
    const header = [s.by, ...s.fields.map((f) => f.name)];
    files[`${s.name}.csv`] = csv(header, rows.map((r) => header.map((h) => r[h])), eol);
  }
  if (d.inputs) files["inputs.csv"] = csv(["entity", "metric", "period", "value"], d.inputs.map((r) => [r["entity"], r["metric"], r["period"], r["value"]]), eol);
  if (d.targets) files["targets.csv"] = csv(["entity", "metric", "period", "base", "challenge"], d.targets.map((r) => [r["entity"], r["metric"], r["period"], r["base"], r["challenge"]]), eol);
  return files;
}

/**
 * `kpi map infer`: proposes a mapping for a folder of exports and a
 * template. Each file is sniffed (encoding, delimiter, title lines, header,
 * first rows); the preset is the one whose tell-tale headers the files have
 * most of (else the generic Excel one). Each source takes the file whose
 * headers fit its fields best; each field the header that matches its name,
 * its role's preset headers (owner, amount, stage, date) or synonyms. Date
 * forms are read off the values (a first number above 12 settles D/M
 * against M/D), number forms too (`1.234,56`); stage values are mapped to
 * the enum's values through the preset's names and by spelling; owners are
 * matched by name when the cells are names, not ids. The entities come from
 * a user list (a file with id/name/manager headers) or, failing that, from
 * the owner and team columns of the source itself (`levels`). What could not
 * be decided is said in words, never guessed silently.
 * @module
 */
import type { EntitiesMapping, Mapping, SourceMapping } from "../../../schemas/generated/mapping.js";
import { compileDateFormat } from "../date-format.js";
import type { DataFiles } from "../data-files.js";
import { normalizeNumber } from "../number-text.js";
import { NO_DATE, type DatasetFieldSpec, type DatasetSourceSpec, type DatasetSpec } from "../types.js";
import { headersFor, PRESETS, type Preset, type Role } from "./presets.js";
import { sniffFile, type Sniffed } from "./sniff.js";

/**
 * A proposal: the mapping, the preset it came from, what is undecided, and the sniffed files.
 * @example
 * const p = await inferMapping(folderFiles("exports"), spec); console.log(JSON.stringify(p.mapping, null, 2));
 */
export interface Proposal {
  mapping: Mapping;
  preset: string;
  undecided: string[];
  files: Sniffed[];
  /** Per file and header: the field read from it and the form detected. */
  columns: Map<string, Map<string, { field?: string; format?: string }>>;
}

const DATA_FILE = /\.(csv|tsv|txt|xlsx)$/i;
const key = (s: string): string => s.toLowerCase().replace(/[\s_\-()（）.]/g, "");
const DATE_CANDIDATES = ["YYYY-MM-DD", "iso", "M/D/YYYY", "D/M/YYYY", "YYYY/M/D", "YYYY年M月D日", "D.M.YYYY", "YYYY.M.D", "M-D-YYYY", "D-M-YYYY"];

function roleOf(f: DatasetFieldSpec, s: DatasetSourceSpec): Role | undefined {
  if (f.name === s.by) return "owner";
  if (f.name === s.at) return "date";
  if (f.type === "money") return "amount";
  if (f.type === "enum" && f.values?.some((v) => v === "won" || v === "lost")) return "status";
  return undefined;
}

/** How well a header fits a field: its own name, its role's preset headers, then synonyms. */
function score(header: string, f: DatasetFieldSpec, s: DatasetSourceSpec, p: Preset): number {
  const h = key(header);
  if (h === key(f.name)) return 100;
  const role = roleOf(f, s);
  if (role) {
    const list = headersFor(p, role);
    const i = list.findIndex((c) => key(c) === h);
    if (i !== -1) return 90 - Math.min(i, 30);
  }
  if (h.includes(key(f.name)) && f.name.length >= 3) return 40;
  return 0;
}

/** The date format all the sample values fit, preferring the preset's. */
function dateFormatOf(values: string[], p: Preset): string | undefined {
  const sample = values.filter((v) => v.trim() !== "").slice(0, 200);
  if (sample.length === 0) return undefined;
  if (sample.every((v) => /^\d{4}-\d{2}-\d{2}$/.test(v.trim()))) return "YYYY-MM-DD";
  if (sample.some((v) => /T\d{2}:\d{2}|[+-]\d{2}:\d{2}$|Z$/.test(v))) return "iso";
  // The form most values fit (a stray bad value is the load's to report, not a reason to give up); the preset's first on a tie.
  let best: string | undefined;
  let most = 0;
  for (const f of [...p.dateFormats, ...DATE_CANDIDATES]) {
    const parse = compileDateFormat(f);
    const n = sample.filter((v) => parse(v.trim()) !== NO_DATE).length;
    if (n > most) [best, most] = [f, n];
  }
  return most * 2 > sample.length ? best : undefined;
}

function numberFormatOf(values: string[]): { decimal: "." | ","; group: "." | "," } | undefined {
  const sample = values.filter((v) => v.trim() !== "").slice(0, 200);
  const european = sample.filter((v) => /^\D*\d{1,3}(\.\d{3})+,\d+\D*$|^\D*\d+,\d{1,2}\D*$/.test(v.trim())).length;
  return european > sample.length / 2 ? { decimal: ",", group: "." } : undefined;
}

/** Stage value → declared value, by the preset's names and spelling. */
function valueMap(distinct: string[], declared: readonly string[], p: Preset): { map: Record<string, string>; unmatched: string[] } {
  const map = Object.create(null) as Record<string, string>;
  const unmatched: string[] = [];
  const stages = new Map(Object.entries({ ...PRESETS.at(-1)!.stages, ...p.stages }).map(([k, v]) => [key(k), v]));
  for (const v of distinct) {
    const k = key(v);
    const exact = declared.find((d) => key(d) === k);
    const byPreset = stages.get(k);
    const to = exact ?? (byPreset !== undefined && declared.includes(byPreset) ? byPreset : declared.find((d) => k.includes(key(d))));
    if (to !== undefined) map[v] = to;
    else unmatched.push(v);
  }
  if (unmatched.length > 0 && declared.includes("open")) {
    map["*"] = "open";
    return { map, unmatched: [] };
  }
  return { map, unmatched };
}

function column(rows: string[][], i: number): string[] {
  return rows.map((r) => r[i] ?? "");
}

function pickPreset(files: Sniffed[], wanted?: string): Preset {
  if (wanted) return PRESETS.find((p) => p.name === wanted) ?? PRESETS.at(-1)!;
  // Three tell-tale headers at least: "Stage" and "Close Date" alone are any spreadsheet's.
  let best = PRESETS.at(-1)!;
  let most = 2;
  for (const p of PRESETS) {
    const n = Math.max(0, ...files.map((f) => p.signature.filter((s) => f.header.some((h) => key(h) === key(s))).length));
    if (n > most) [best, most] = [p, n];
  }
  return best;
}

function readingOptions(f: Sniffed): Pick<SourceMapping, "file" | "encoding" | "delimiter" | "skipRows" | "sheet"> {
  const o: Pick<SourceMapping, "file" | "encoding" | "delimiter" | "skipRows" | "sheet"> = { file: f.file };
  if (f.xlsx) {
    if (f.sheet !== undefined) o.sheet = f.sheet;
    return o;
  }
  if (f.encoding !== "utf-8") o.encoding = f.encoding as NonNullable<SourceMapping["encoding"]>;
  if (f.delimiter !== ",") o.delimiter = f.delimiter as NonNullable<SourceMapping["delimiter"]>;
  if (f.skipRows > 0) o.skipRows = f.skipRows;
  return o;
}

/**
 * Proposes a mapping for the files and the template.
 * @example
 * const p = await inferMapping(folderFiles("exports"), spec, { preset: "salesforce" });
 */
export async function inferMapping(files: DataFiles, spec: DatasetSpec, options: { preset?: string; rows?: number; timezone?: string } = {}): Promise<Proposal> {
  const undecided: string[] = [];
  const listed = await files.names();
  const names = listed.ok ? [...listed.names].filter((n) => DATA_FILE.test(n)).sort() : [];
  if (!listed.ok) undecided.push(`cannot list the files: ${listed.message}`);
  const sniffed: Sniffed[] = [];
  for (const n of names) {
    const s = await sniffFile(files, n, options.rows ?? 200);
    if ("problem" in s) undecided.push(`${n}: ${s.problem}`);
    else sniffed.push(s);
  }
  const preset = pickPreset(sniffed, options.preset);
  // Null-prototype maps: keys are the template's names, and `__proto__` is a name like any other.
  const dict = <T>(): Record<string, T> => Object.create(null) as Record<string, T>;
  const mapping: Mapping = { preset: preset.name, ...(options.timezone !== undefined ? { timezone: options.timezone } : {}), sources: dict() };
  const columns = new Map<string, Map<string, { field?: string; format?: string }>>();
  const note = (file: string, header: string, v: { field?: string; format?: string }): void => {
    const m = columns.get(file) ?? new Map();
    m.set(header, { ...m.get(header), ...v });
    columns.set(file, m);
  };

  // The user list: the file whose headers best fit the preset's entity headers.
  const entityFit = (f: Sniffed): number => (["id", "name", "parent"] as const).filter((r) => preset.entities[r].some((c) => f.header.some((h) => key(h) === key(c)))).length;
  const userList = sniffed.filter((f) => entityFit(f) >= 2).sort((a, b) => entityFit(b) - entityFit(a))[0];
  const used = new Set<string>();
  for (const s of spec.sources) {
    let bestFile: Sniffed | undefined;
    let bestScore = 0;
    for (const f of sniffed) {
      if (f === userList) continue;
      const total = s.fields.concat(s.fields.some((x) => x.name === s.by) ? [] : [{ name: s.by, type: s.by }]).reduce((n, fld) => n + Math.max(0, ...f.header.map((h) => score(h, fld, s, preset))), 0) + (key(f.file).startsWith(key(s.name)) ? 150 : 0);
      if (total > bestScore && !used.has(f.file)) [bestFile, bestScore] = [f, total];
    }
    if (!bestFile) {
      undecided.push(`source ${s.name}: no file fits its fields; set "file" and "columns" by hand`);
      continue;
    }
    used.add(bestFile.file);
    const sm: SourceMapping = { ...readingOptions(bestFile), columns: dict() };
    const fields = s.fields.some((x) => x.name === s.by) ? s.fields : [{ name: s.by, type: s.by } as DatasetFieldSpec, ...s.fields];
    for (const fld of fields) {
      let best = -1;
      let bestS = 0;
      bestFile.header.forEach((h, i) => {
        const sc = score(h, fld, s, preset);
        if (sc > bestS) [best, bestS] = [i, sc];
      });
      if (best === -1) {
        undecided.push(`${bestFile.file}: no column for ${s.name}.${fld.name} (${fld.type}); map it in "columns"${fld.name === s.by || fld.name === s.at ? "" : ' or give it "missing": "null"'}`);
        continue;
      }
      const header = bestFile.header[best]!;
      sm.columns![fld.name] = header;
      note(bestFile.file, header, { field: fld.name });
      const values = column(bestFile.rows, best);
      if (fld.type === "date") {
        const fmt = dateFormatOf(values, preset);
        if (fmt === undefined) undecided.push(`${bestFile.file}: column ${JSON.stringify(header)}: the date form is not one of ${DATE_CANDIDATES.join(", ")}; set it in "formats"`);
        else if (fmt !== "YYYY-MM-DD") {
          if (fmt === "iso" && options.timezone === undefined) undecided.push(`${bestFile.file}: column ${JSON.stringify(header)} holds date-times: their day is taken in UTC unless the mapping has a "timezone" (such as America/New_York)`);
          (sm.formats ??= dict())[fld.name] = fmt;
          note(bestFile.file, header, { format: fmt });
        }
      } else if (fld.type === "money" || fld.type === "number" || fld.type === "integer" || fld.type === "percent") {
        const nf = numberFormatOf(values);
        if (nf) (sm.formats ??= dict())[fld.name] = nf;
        const bad = values.filter((v) => v.trim() !== "" && !normalizeNumber(v, nf ?? { decimal: ".", group: "," }, spec.currency ?? "").ok);
        if (bad.length > 0) undecided.push(`${bestFile.file}: column ${JSON.stringify(header)}: ${bad.length} values are not numbers (e.g. ${JSON.stringify(bad[0])})`);
        note(bestFile.file, header, { format: nf ? "1.234,56" : "1,234.56" });
      } else if (fld.type === "enum") {
        const distinct = [...new Set(values.map((v) => v.trim()).filter((v) => v !== ""))];
        const { map, unmatched } = valueMap(distinct, fld.values ?? [], preset);
        if (Object.entries(map).some(([k, v]) => k !== v)) (sm.values ??= dict())[fld.name] = map;
        for (const u of unmatched) undecided.push(`${bestFile.file}: column ${JSON.stringify(header)}: the value ${JSON.stringify(u)} matches none of ${fld.values?.join(", ")}; add it to "values"`);
      }
    }
    mapping.sources![s.name] = sm;
  }
  mapping.entities = entitiesMapping(spec, preset, userList, sniffed, mapping, undecided);
  return { mapping, preset: preset.name, undecided, files: sniffed, columns };
}

/** The entities: from a user list, else levels from the first source's owner and team columns. */
function entitiesMapping(spec: DatasetSpec, preset: Preset, userList: Sniffed | undefined, sniffed: Sniffed[], mapping: Mapping, undecided: string[]): EntitiesMapping {
  const hasId = userList?.header.some((x) => preset.entities.id.some((c) => key(c) === key(x)) || key(x) === "id");
  if (userList && !hasId) {
    // A list without ids is a hierarchy in columns: each name is an entity, its team the next level up.
    const leaf = spec.entityKinds.find((k) => !spec.entityKinds.some((x) => x.parent === k.name));
    const nameCol = userList.header.find((x) => preset.entities.name.some((c) => key(c) === key(x)) || headersFor(preset, "owner").some((c) => key(c) === key(x)));
    if (leaf && nameCol) {
      const levels: { kind: string; column: string }[] = [{ kind: leaf.name, column: nameCol }];
      for (let kind = leaf.parent; kind; kind = spec.entityKinds.find((k) => k.name === kind)?.parent) {
        const h = userList.header.find((x) => key(x) === key(kind!)) ?? userList.header.find((x) => !levels.some((l) => l.column === x) && [...preset.entities.parent, ...headersFor(preset, "team")].some((c) => key(c) === key(x)));
        if (!h) {
          undecided.push(`${userList.file}: no column for the ${kind} level; add it to "entities.levels"`);
          break;
        }
        levels.push({ kind, column: h });
      }
      return { ...readingOptions(userList), levels };
    }
  }
  if (userList) {
    const em: EntitiesMapping = { ...readingOptions(userList), columns: {} };
    for (const r of ["id", "name", "kind", "parent"] as const) {
      const h = userList.header.find((x) => preset.entities[r].some((c) => key(c) === key(x)) || key(x) === r);
      if (h) em.columns![r] = h;
    }
    const kindCol = em.columns!["kind"];
    if (kindCol) {
      const roles = [...new Set(column(userList.rows, userList.header.indexOf(kindCol)).map((v) => v.trim()).filter(Boolean))];
      const kinds = spec.entityKinds.map((k) => k.name);
      const leaf = kinds.find((k) => !spec.entityKinds.some((x) => x.parent === k));
      const map = Object.create(null) as Record<string, string>;
      for (const r of roles) {
        const direct = kinds.find((k) => key(r) === key(k));
        map[r] = direct ?? (/manager|lead|head|director|经理|主管|总监/i.test(r) ? (spec.entityKinds.find((k) => k.name === leaf)?.parent ?? leaf!) : leaf!);
      }
      em.values = { kind: map };
      undecided.push(`${userList.file}: roles read as entity kinds: ${Object.entries(map).map(([r, k]) => `${JSON.stringify(r)} → ${k}`).join(", ")}; check "entities.values.kind"`);
    }
    const parentCol = em.columns!["parent"];
    const idCol = em.columns!["id"];
    if (parentCol && idCol) {
      const ids = new Set(column(userList.rows, userList.header.indexOf(idCol)).map((v) => v.trim()));
      const parents = column(userList.rows, userList.header.indexOf(parentCol)).map((v) => v.trim()).filter(Boolean);
      if (parents.length > 0 && parents.every((p) => !ids.has(p))) em.match = { parent: "name" };
    }
    // Owners in the sources are names when the name column, not the id column, holds them.
    const nameCol = em.columns!["name"];
    if (nameCol) {
      const names = new Set(column(userList.rows, userList.header.indexOf(nameCol)).map((v) => v.trim().toLowerCase()));
      for (const s of spec.sources) {
        const sm = mapping.sources?.[s.name];
        const f = sniffed.find((x) => x.file === sm?.file);
        const owner = sm?.columns?.[s.by];
        if (!f || !owner) continue;
        const cells = column(f.rows, f.header.indexOf(owner)).map((v) => v.trim().toLowerCase()).filter(Boolean);
        if (cells.length > 0 && cells.filter((c) => names.has(c)).length >= cells.length / 2) {
          sm.match = Object.create(null) as Record<string, "id" | "name">;
          sm.match[s.by] = "name";
        }
      }
    }
    return em;
  }
  // No user list: the tree from the first source's owner column and the columns of the kinds above it.
  const s = spec.sources[0];
  const sm = s ? mapping.sources?.[s.name] : undefined;
  const f = sniffed.find((x) => x.file === sm?.file);
  if (!s || !sm || !f || !sm.columns?.[s.by]) {
    undecided.push('entities: no user list and no owner column; set "entities" by hand');
    return {};
  }
  const levels: { kind: string; column: string }[] = [{ kind: s.by, column: sm.columns[s.by]! }];
  for (let kind = spec.entityKinds.find((k) => k.name === s.by)?.parent; kind; kind = spec.entityKinds.find((k) => k.name === kind)?.parent) {
    const h = f.header.find((x) => key(x) === key(kind!)) ?? f.header.find((x) => headersFor(preset, "team").some((c) => key(c) === key(x)) && !levels.some((l) => l.column === x));
    if (!h) {
      undecided.push(`${f.file}: no column for the ${kind} of each ${s.by}; the ${s.by}s hang under the root (add a level to "entities.levels")`);
      break;
    }
    levels.push({ kind, column: h });
  }
  const em: EntitiesMapping = { ...readingOptions(f), levels };
  return em;
}

/**
 * Reading a mapping file (schemas/mapping.schema.json): its shape with ajv,
 * then its meaning against the template (`DatasetSpec`): sources and fields
 * that exist, date formats that compile, number formats on number fields,
 * value maps on enum fields onto declared values, `match` on entity fields,
 * known time zones. Every problem is a `DataError` with the mapping file and
 * a JSON pointer into it, so a bad mapping is reported like bad data.
 * @module
 */
import { suggest } from "../../dsl/suggest.js";
import type { Mapping, SourceMapping } from "../../schemas/generated/mapping.js";
import { schemaValidator } from "../../schemas/validators.js";
import { dateFormatProblem, isTimeZone } from "./date-format.js";
import { ErrorList, jsonPointer, jsonSyntaxError, type DataError } from "./errors.js";
import type { DatasetSpec } from "./types.js";

export type { Mapping, SourceMapping } from "../../schemas/generated/mapping.js";

const NUMERIC = new Set(["money", "integer", "number", "percent"]);

/**
 * A mapping read and checked, or every problem in it.
 * @example
 * const r = readMapping(text, "map.json", spec); if (!r.ok) r.errors.forEach((e) => console.error(formatDataError(e)));
 */
export type MappingResult = { ok: true; mapping: Mapping } | { ok: false; errors: DataError[]; total: number };

const hint = (word: string, names: Iterable<string>): string => {
  const s = suggest(word, names);
  return s === undefined ? "" : ` (did you mean ${s}?)`;
};

function checkSource(name: string, m: SourceMapping, spec: DatasetSpec, report: (path: (string | number)[], message: string) => void): void {
  const source = spec.sources.find((s) => s.name === name);
  if (!source) {
    report(["sources", name], `the template has no source ${JSON.stringify(name)}${hint(name, spec.sources.map((s) => s.name))}; its sources are ${spec.sources.map((s) => s.name).join(", ")}`);
    return;
  }
  const kinds = new Set(spec.entityKinds.map((k) => k.name));
  const types = new Map(source.fields.map((f) => [f.name, f]));
  if (!types.has(source.by)) types.set(source.by, { name: source.by, type: source.by });
  const field = (section: string, f: string): { name: string; type: string; values?: readonly string[] } | undefined => {
    const t = types.get(f);
    if (!t) report(["sources", name, section, f], `source ${name} has no field ${JSON.stringify(f)}${hint(f, types.keys())}; its fields are ${[...types.keys()].join(", ")}`);
    return t;
  };
  for (const f of Object.keys(m.columns ?? {})) field("columns", f);
  for (const [f, fmt] of Object.entries(m.formats ?? {})) {
    const t = field("formats", f);
    if (!t) continue;
    if (typeof fmt === "string") {
      if (t.type !== "date") report(["sources", name, "formats", f], `${f} is a ${t.type} field; a date format applies to date fields (numbers take {"decimal", "group"})`);
      else {
        const p = dateFormatProblem(fmt);
        if (p) report(["sources", name, "formats", f], `${JSON.stringify(fmt)}: ${p}`);
      }
    } else if (!NUMERIC.has(t.type)) report(["sources", name, "formats", f], `${f} is a ${t.type} field; a number format applies to money, number, integer and percent fields`);
    else if (fmt.group !== undefined && fmt.group === (fmt.decimal ?? ".")) report(["sources", name, "formats", f], "the group separator cannot be the decimal separator");
  }
  for (const [f, policy] of Object.entries(m.missing ?? {})) {
    const t = field("missing", f);
    if (t && (f === source.by || f === source.at) && policy !== "error" && policy !== "skip") {
      report(["sources", name, "missing", f], `every ${name} record needs its ${f}; the policy can only be "error" or "skip"`);
    }
  }
  for (const [f, how] of Object.entries(m.match ?? {})) {
    const t = field("match", f);
    if (t && !kinds.has(t.type) && how === "name") report(["sources", name, "match", f], `${f} is a ${t.type} field, not an entity reference`);
  }
  for (const [f, map] of Object.entries(m.values ?? {})) {
    const t = field("values", f);
    if (!t) continue;
    if (t.type !== "enum") {
      report(["sources", name, "values", f], `${f} is a ${t.type} field; value maps apply to fields of listed values ("won" | "lost")`);
      continue;
    }
    for (const [from, to] of Object.entries(map)) {
      if (!t.values!.includes(to)) report(["sources", name, "values", f, from], `${JSON.stringify(to)} is not a value of ${f}${hint(to, t.values!)}; the values are ${t.values!.map((v) => JSON.stringify(v)).join(", ")}`);
    }
  }
  if (m.timezone !== undefined && !isTimeZone(m.timezone)) report(["sources", name, "timezone"], `unknown time zone ${JSON.stringify(m.timezone)} (write an IANA name such as Asia/Shanghai)`);
  if (m.currency && !source.fields.some((f) => f.type === "money")) report(["sources", name, "currency"], `source ${name} has no money field to convert`);
  if (m.currency && !spec.currency) report(["sources", name, "currency"], "currency conversion needs the template's currency");
}

/**
 * A deep copy whose objects have no prototype, so that looking up a field or
 * source named `constructor`, `toString` or `__proto__` finds only what the
 * mapping itself says (a mapping is keyed by the template's names, which are
 * the user's). Arrays stay arrays.
 * @example
 * const m = nullPrototype(JSON.parse('{"columns":{}}'));
 * m.columns.constructor; // undefined
 */
export function nullPrototype<T>(v: T): T {
  if (Array.isArray(v)) return v.map(nullPrototype) as T;
  if (v === null || typeof v !== "object") return v;
  const out = Object.create(null) as Record<string, unknown>;
  for (const [k, x] of Object.entries(v)) out[k] = nullPrototype(x);
  return out as T;
}

/**
 * Checks a parsed mapping against the template.
 * @example
 * const r = checkMapping(JSON.parse(text), spec, "map.json");
 */
export function checkMapping(input: unknown, spec: DatasetSpec, file: string): MappingResult {
  const errors = new ErrorList();
  const validate = schemaValidator<Mapping>("mapping");
  const value = nullPrototype(input);
  if (!validate(value)) {
    for (const e of validate.errors()) errors.add({ file, path: e.path, message: e.message });
    return errors.failure(file);
  }
  const report = (path: (string | number)[], message: string): void => errors.add({ file, path: jsonPointer(path), message });
  if (value.timezone !== undefined && !isTimeZone(value.timezone)) report(["timezone"], `unknown time zone ${JSON.stringify(value.timezone)} (write an IANA name such as Asia/Shanghai)`);
  for (const [name, m] of Object.entries(value.sources ?? {})) checkSource(name, m, spec, report);
  const levels = value.entities?.levels;
  if (levels) {
    const kinds = spec.entityKinds.map((k) => k.name);
    levels.forEach((l, i) => {
      if (!kinds.includes(l.kind)) report(["entities", "levels", i, "kind"], `the template has no entity kind ${JSON.stringify(l.kind)}${hint(l.kind, kinds)}; its kinds are ${kinds.join(", ")}`);
      const parent = spec.entityKinds.find((k) => k.name === l.kind)?.parent;
      const next = levels[i + 1]?.kind;
      if (next !== undefined && parent !== next) report(["entities", "levels", i + 1, "kind"], `levels go from the leaf up: the parent kind of ${l.kind} is ${parent ?? "none"}, not ${next}`);
    });
    if (value.entities?.columns?.["parent"] !== undefined) report(["entities", "columns", "parent"], "with levels the parents come from the level columns; leave out columns.parent");
  }
  if (errors.count > 0) return errors.failure(file);
  return { ok: true, mapping: value };
}

/**
 * Reads a mapping file's text (a byte order mark is allowed).
 * @example
 * const r = readMapping('{"sources":{"deals":{"file":"Opportunities.csv"}}}', "map.json", spec);
 */
export function readMapping(text: string, file: string, spec: DatasetSpec): MappingResult {
  let value: unknown;
  try {
    value = JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  } catch (err) {
    const { line, message } = jsonSyntaxError(text, (err as Error).message);
    return { ok: false, errors: [{ file, message, ...(line !== undefined ? { line } : {}) }], total: 1 };
  }
  return checkMapping(value, spec, file);
}

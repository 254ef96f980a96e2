/**
 * Small JSON datasets (schemas/dataset.schema.json) that fit a generated
 * template — an entity tree of its kinds, records of every source with a
 * value of each field's type (missing cells included), inputs of `= input`
 * metrics, target rows — and a period or range at or above the grain. With
 * `bad`, one cell is spoiled the way real exports are (three decimals of
 * money, a number as money, an unknown enum value or entity, a bad date, an
 * unknown key, a period finer than the grain); the loader must then name
 * the place.
 * @module
 */
import { chance, pick, type Choice } from "./choice.js";
import type { FieldInfo, TemplateInfo } from "./template-gen.js";

export interface EntityDoc {
  id: string;
  kind: string;
  name?: string;
  parent?: string | null;
  start?: string | null;
  end?: string | null;
  attrs?: Record<string, string | number>;
}

export interface DatasetDoc {
  entities: EntityDoc[];
  records: Record<string, Record<string, unknown>[]>;
  inputs?: Record<string, unknown>[];
  targets?: Record<string, unknown>[];
}

export interface GeneratedRequest {
  dataset: DatasetDoc;
  period: string;
  asOf?: string;
  /** What was spoiled, when a bad cell was written. */
  spoiled?: string;
}

const IDS = ["zhang", "li", "wang", "zhao", "chen", "__proto__", "constructor", "张伟", "a b", "toString", "e1", "e2", "e3", "x"];

const pad = (n: number): string => String(n).padStart(2, "0");

/** A day in 2025-2026, mostly in the first quarter of 2026. */
function day(c: Choice): string {
  if (chance(c, 70)) return `2026-${pad(c.int(1, 3))}-${pad(c.int(1, 28))}`;
  return `${c.int(2025, 2026)}-${pad(c.int(1, 12))}-${pad(c.int(1, 28))}`;
}

function money(c: Choice, digits: number): string {
  const whole = c.int(0, 20_000);
  const neg = chance(c, 5) ? "-" : "";
  return digits === 0 ? `${neg}${whole}` : `${neg}${whole}.${pad(c.int(0, 99))}`;
}

function value(c: Choice, f: FieldInfo, digits: number, ids: Map<string, string[]>): unknown {
  switch (f.type) {
    case "money":
      return money(c, digits);
    case "integer":
      return c.int(-2, 40);
    case "number":
      return chance(c, 50) ? c.int(0, 100) / 4 : String(c.int(0, 999) / 8);
    case "percent":
      return chance(c, 50) ? c.int(0, 100) / 100 : `${c.int(0, 100)}%`;
    case "string":
      return pick(c, ["c1", "c2", "客户", "", "c1 ", "__proto__"]);
    case "boolean":
      return chance(c, 50);
    case "date":
      return day(c);
    case "enum":
      return pick(c, f.values!);
    case "ref":
      return pick(c, ids.get(f.kind!) ?? ["nobody"]);
  }
}

/** The periods a request may ask for at this grain, as text. */
function period(c: Choice, info: TemplateInfo): string {
  const y = info.fiscalStart === 1 ? 2026 : pick(c, [2025, 2026]);
  switch (info.grain) {
    case "day":
      return pick(c, ["2026-03-15", "2026-03-01..2026-03-07", "2026-03", "2026-W11", "2026-Q1"]);
    case "week":
      return pick(c, ["2026-W10", "2026-W09..2026-W12", "2026-W01"]);
    case "month":
      return pick(c, ["2026-03", "2026-01..2026-03", "2026-Q1", `${y}`, "2026-02", "2025-12..2026-02"]);
    case "quarter":
      return pick(c, ["2026-Q1", `${y}`, "2026-Q1..2026-Q2"]);
    default:
      return pick(c, [`${y}`, "2025..2026"]);
  }
}

/**
 * A dataset and a request for a template's declarations.
 * @example
 * const { dataset, period } = generateRequest(c, info, false);
 */
export function generateRequest(c: Choice, info: TemplateInfo, bad: boolean): GeneratedRequest {
  const ids = new Map<string, string[]>();
  const entities: EntityDoc[] = [];
  const pool = [...IDS];
  const take = (): string => (pool.length ? pool.splice(c.int(0, pool.length - 1), 1)[0]! : `e${entities.length}`);
  // From the top kind down: each entity under one of the kind above's.
  for (let k = info.kinds.length - 1; k >= 0; k--) {
    const kind = info.kinds[k]!;
    const parents = k + 1 < info.kinds.length ? ids.get(info.kinds[k + 1]!)! : [undefined];
    const mine: string[] = [];
    for (const parent of parents) {
      for (let n = c.int(k === info.kinds.length - 1 ? 1 : 0, 2); n > 0; n--) {
        const e: EntityDoc = { id: take(), kind };
        if (chance(c, 60)) e.name = pick(c, ["Zhang", "李", "", "Team \"A\""]);
        if (parent !== undefined) e.parent = parent;
        else if (chance(c, 10)) e.parent = null;
        if (chance(c, 10)) e.start = "2026-02-10";
        if (chance(c, 5)) e.end = "2026-03-20";
        if (info.attrs.length && chance(c, 85)) e.attrs = Object.fromEntries(info.attrs.map((a) => [a, chance(c, 50) ? c.int(0, 9) : String(c.int(1, 9))]));
        entities.push(e);
        mine.push(e.id);
      }
    }
    ids.set(kind, mine);
  }
  const records: DatasetDoc["records"] = {};
  for (const s of info.sources) {
    const by = ids.get(s.by) ?? [];
    const rows: Record<string, unknown>[] = [];
    for (let n = by.length ? c.int(0, 10) : 0; n > 0; n--) {
      const r: Record<string, unknown> = { [s.by]: pick(c, by) };
      for (const f of s.fields) {
        if (f.name === s.at) r[f.name] = day(c);
        else if (chance(c, 10)) {
          if (chance(c, 50)) r[f.name] = null;
        } else r[f.name] = value(c, f, info.digits, ids);
      }
      rows.push(r);
    }
    records[s.name] = rows;
  }
  const dataset: DatasetDoc = { entities, records };
  const all = entities.map((e) => e.id);
  const inputs = info.metrics.filter((m) => m.input);
  if (inputs.length && all.length && chance(c, 80)) {
    dataset.inputs = [];
    const seen = new Set<string>();
    for (let n = c.int(1, 6); n > 0; n--) {
      const row = { entity: pick(c, all), metric: pick(c, inputs).name, period: grainPeriod(c, info), value: chance(c, 10) ? null : c.int(0, 100) };
      const key = `${row.entity}\u0000${row.metric}\u0000${row.period}`;
      if (!seen.has(key)) dataset.inputs.push(row);
      seen.add(key);
    }
  }
  const targeted = info.metrics.filter((m) => m.targeted && (m.unit === "money" || m.unit === "int" || m.unit === "num" || m.unit === "pct"));
  if (targeted.length && all.length && chance(c, 30)) {
    dataset.targets = [];
    const seen = new Set<string>();
    for (let n = c.int(1, 3); n > 0; n--) {
      const m = pick(c, targeted);
      const row: Record<string, unknown> = { entity: pick(c, all), metric: m.name, period: chance(c, 50) ? "2026" : grainPeriod(c, info) };
      const key = `${row["entity"]}\u0000${m.name}\u0000${row["period"]}`;
      if (seen.has(key)) continue;
      seen.add(key);
      row["base"] = m.unit === "money" ? money(c, info.digits).replace("-", "") : m.unit === "pct" ? 0.9 : c.int(1, 50);
      dataset.targets.push(row);
    }
  }
  const out: GeneratedRequest = { dataset, period: period(c, info) };
  if (chance(c, 30)) out.asOf = pick(c, ["2026-03-20", "2026-01-31", "2026-12-31", "2026-03-01"]);
  if (bad) spoil(c, out, info);
  return out;
}

/** A period of the grain in the first quarter of 2026 (where most records are). */
function grainPeriod(c: Choice, info: TemplateInfo): string {
  switch (info.grain) {
    case "day":
      return `2026-03-${pad(c.int(1, 28))}`;
    case "week":
      return `2026-W${pad(c.int(1, 12))}`;
    case "month":
      return `2026-${pad(c.int(1, 3))}`;
    case "quarter":
      return "2026-Q1";
    default:
      return "2026";
  }
}

/** Spoils one cell of the dataset, or the request. */
function spoil(c: Choice, out: GeneratedRequest, info: TemplateInfo): void {
  const d = out.dataset;
  const sources = info.sources.filter((s) => (d.records[s.name]?.length ?? 0) > 0);
  const r = c.int(0, 11);
  if (r <= 6 && sources.length) {
    const s = pick(c, sources);
    const rec = pick(c, d.records[s.name]!);
    const f = pick(c, s.fields);
    const bads: Record<string, unknown[]> = {
      money: ["1.234", 12.5, "1e3", "¥12", "--1"],
      integer: [1.5, "seven", "1_000"],
      number: ["abc", true],
      percent: ["12%%", "x"],
      string: [12, true],
      boolean: ["yes", 1],
      date: ["2026-13-45", "2026-02-30", "20260301", 20260301],
      enum: ["wonn", "WON"],
      ref: ["nobody", ""],
    };
    const v = pick(c, bads[f.type]!);
    rec[f.name] = v;
    out.spoiled = `${s.name}.${f.name} = ${JSON.stringify(v)}`;
    return;
  }
  if (r === 7 && sources.length) {
    const s = pick(c, sources);
    const rec = pick(c, d.records[s.name]!);
    if (chance(c, 50)) {
      rec[pick(c, ["unknown", "__proto__", "constructor"])] = 1;
      out.spoiled = `${s.name}: unknown key`;
    } else {
      delete rec[pick(c, [s.by, s.at])];
      out.spoiled = `${s.name}: missing by/at`;
    }
    return;
  }
  if (r === 8 && d.entities.length) {
    const e = pick(c, d.entities);
    const what = c.int(0, 3);
    if (what === 0) e.parent = "nobody";
    else if (what === 1) e.kind = "ghost";
    else if (what === 2) d.entities.push({ ...e });
    else e.start = "2026-99-01";
    out.spoiled = `entity ${e.id}: ${["parent", "kind", "duplicate", "start"][what]}`;
    return;
  }
  if (r === 9) {
    out.period = pick(c, ["2026-13", "2026-W54", "", "2026-03..2026-01", "1900-01..2100-12", "2026-03-15", "two"]);
    out.spoiled = `period ${out.period}`;
    return;
  }
  if (r === 10) {
    (d.inputs ??= []).push({ entity: pick(c, [...d.entities.map((e) => e.id), "nobody"]), metric: pick(c, [...info.metrics.map((m) => m.name), "nope"]), period: pick(c, ["2026-03-15", "2026-W02", "2026"]), value: "x" });
    out.spoiled = "input row";
    return;
  }
  const victim = pick(c, [...info.sources.map((s) => s.name), "__none__"]);
  delete d.records[victim];
  out.spoiled = `no records for ${victim}`;
}

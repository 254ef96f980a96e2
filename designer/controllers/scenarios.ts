/**
 * What-if scenarios as the designer edits them (docs/scenarios.md): a
 * scenario is named and makes changes, each either a number of the template
 * picked from a list (a tier's bound, rate or pay, a cap, a floor, a
 * target's base or challenge, a scorecard weight), a scaled source field
 * with a filter, or a funnel step's conversion. The lists come from the document's merged declarations, so
 * inherited numbers can be changed too. Drafts become the API's `Scenario`s
 * for `POST /v1/simulate`; the server checks them and says where one is
 * wrong. The drafts are kept per template in localStorage, so they survive a
 * reload and stay with the template's draft in this browser.
 * @module
 */
import type { Scenario, ScenarioChange } from "../../client/index.js";
import type { Declaration } from "../../schemas/generated/template.js";

/** What a settable number is, for its label. */
export type SlotWhat = "from" | "rate" | "pay" | "cap" | "floor" | "base" | "challenge" | "weight" | "itemCap";

/** A number of the template a scenario can set. */
export interface Slot {
  /** `in|name|path`, unique in the template. */
  key: string;
  in: "incentive" | "target" | "scorecard";
  name: string;
  path: string;
  what: SlotWhat;
  /** The tier (1-based) or the scorecard item's metric. */
  step?: number;
  metric?: string;
  /** The declaration's label, else its name. */
  decl: string;
  /** The number as written in the template now. */
  current: string;
}

/** A numeric field of a source, which a scenario can scale. */
export interface ScalableField {
  /** `source.field`. */
  key: string;
  source: string;
  field: string;
  label: string;
}

/** A funnel step whose conversion (from the step before) a scenario can change: every step but the first. */
export interface FunnelStepChoice {
  /** `funnel.step`. */
  key: string;
  funnel: string;
  step: string;
  label: string;
}

export type DraftChange =
  | { kind: "set"; slot: string; value: string }
  | { kind: "scale"; field: string; by: string; where: string }
  | { kind: "conversion"; step: string; by: string };

export interface ScenarioDraft {
  name: string;
  changes: DraftChange[];
}

const NUMERIC = new Set(["money", "integer", "number", "percent"]);

/**
 * Every number of these declarations a scenario can set, in the template's order.
 * @example
 * settableNumbers(model.declarations)[0]; // { key: "incentive|commission|/tiers/steps/0/from", what: "from", step: 1, current: "80%", … }
 */
export function settableNumbers(decls: readonly Declaration[]): Slot[] {
  const out: Slot[] = [];
  const add = (s: Omit<Slot, "key">) => out.push({ ...s, key: `${s.in}|${s.name}|${s.path}` });
  for (const d of decls) {
    if (d.kind === "incentive") {
      const decl = d.label ?? d.name;
      const base = { in: "incentive" as const, name: d.name, decl };
      d.tiers?.steps.forEach((st, i) => {
        add({ ...base, path: `/tiers/steps/${i}/from`, what: "from", step: i + 1, current: st.from });
        if (st.rate !== undefined) add({ ...base, path: `/tiers/steps/${i}/rate`, what: "rate", step: i + 1, current: st.rate });
        if (st.pay !== undefined) add({ ...base, path: `/tiers/steps/${i}/pay`, what: "pay", step: i + 1, current: st.pay });
      });
      if (d.cap !== undefined) add({ ...base, path: "/cap", what: "cap", current: d.cap });
      if (d.floor !== undefined) add({ ...base, path: "/floor", what: "floor", current: d.floor });
    } else if (d.kind === "target") {
      const base = { in: "target" as const, name: d.metric, decl: d.metric };
      if (d.base) add({ ...base, path: "/base/value", what: "base", current: d.base.value });
      if (d.challenge !== undefined) add({ ...base, path: "/challenge", what: "challenge", current: d.challenge });
    } else if (d.kind === "scorecard") {
      const base = { in: "scorecard" as const, name: d.name, decl: d.label ?? d.name };
      d.items.forEach((it, i) => {
        add({ ...base, path: `/items/${i}/weight`, what: "weight", metric: it.metric, current: it.weight });
        if (it.cap !== undefined) add({ ...base, path: `/items/${i}/cap`, what: "itemCap", metric: it.metric, current: it.cap });
      });
    }
  }
  return out;
}

/**
 * The numeric fields of the sources (money, integer, number, percent).
 * @example
 * scalableFields(model.declarations); // [{ key: "deals.amount", source: "deals", field: "amount", label: "deals.amount" }, …]
 */
export function scalableFields(decls: readonly Declaration[]): ScalableField[] {
  const out: ScalableField[] = [];
  for (const d of decls) {
    if (d.kind !== "source") continue;
    for (const f of d.fields) {
      if (!NUMERIC.has(f.type)) continue;
      const label = `${d.label ?? d.name} · ${f.label ?? f.name}`;
      out.push({ key: `${d.name}.${f.name}`, source: d.name, field: f.name, label: label === `${d.name} · ${f.name}` ? `${d.name}.${f.name}` : `${label} (${d.name}.${f.name})` });
    }
  }
  return out;
}

/**
 * The funnel steps a conversion change can name (every step but the first, which nothing converts into).
 * @example
 * convertibleSteps(model.declarations)[0]; // { key: "pipeline.opportunities", funnel: "pipeline", step: "opportunities", label: "销售漏斗 · 商机 (pipeline.opportunities)" }
 */
export function convertibleSteps(decls: readonly Declaration[]): FunnelStepChoice[] {
  const out: FunnelStepChoice[] = [];
  for (const d of decls) {
    if (d.kind !== "funnel") continue;
    d.steps.slice(1).forEach((st) => {
      const key = `${d.name}.${st.name}`;
      const label = `${d.label ?? d.name} · ${st.label ?? st.name}`;
      out.push({ key, funnel: d.name, step: st.name, label: label === `${d.name} · ${st.name}` ? key : `${label} (${key})` });
    });
  }
  return out;
}

/**
 * A new scenario: the first rate (else the first settable number) of the template, to be changed.
 * @example
 * newScenario(slots, fields, 2); // { name: "Scenario 2", changes: [{ kind: "set", slot: "incentive|commission|/tiers/steps/0/rate", value: "3%" }] }
 */
export function newScenario(slots: readonly Slot[], fields: readonly ScalableField[], n: number, name = `Scenario ${n}`): ScenarioDraft {
  const slot = slots.find((s) => s.what === "rate") ?? slots[0];
  if (slot) return { name, changes: [{ kind: "set", slot: slot.key, value: slot.current }] };
  const f = fields[0];
  return { name, changes: f ? [{ kind: "scale", field: f.key, by: "+10%", where: "" }] : [] };
}

/**
 * The drafts as the API's scenarios. A set change whose number is no longer in the template is sent as it was (the server names it).
 * @example
 * toScenarios([{ name: "top", changes: [{ kind: "set", slot: "incentive|commission|/tiers/steps/2/rate", value: "10%" }] }]);
 * // [{ name: "top", changes: [{ kind: "set", in: "incentive", name: "commission", path: "/tiers/steps/2/rate", value: "10%" }] }]
 */
export function toScenarios(drafts: readonly ScenarioDraft[]): Scenario[] {
  return drafts.map((d) => ({
    name: d.name.trim(),
    changes: d.changes.map((c): ScenarioChange => {
      if (c.kind === "set") {
        const [kind, name, ...path] = c.slot.split("|");
        return { kind: "set", in: kind as "incentive" | "target" | "scorecard", name: name ?? "", path: path.join("|"), value: c.value.trim() };
      }
      if (c.kind === "conversion") {
        const at = c.step.indexOf(".");
        return { kind: "conversion", funnel: c.step.slice(0, at), step: c.step.slice(at + 1), by: normalizeBy(c.by) };
      }
      const dot = c.field.indexOf(".");
      const where = c.where.trim();
      return { kind: "scale", source: c.field.slice(0, dot), field: c.field.slice(dot + 1), by: normalizeBy(c.by), ...(where ? { where } : {}) };
    }),
  }));
}

/** `10%` and `10` mean `+10%`: what a person types for "ten percent more". */
export function normalizeBy(by: string): string {
  const s = by.trim().replace(/\s+/g, "");
  if (/^\d/.test(s)) return `+${s.endsWith("%") ? s : `${s}%`}`;
  if (/^[+-]\d[\d.]*$/.test(s)) return `${s}%`;
  return s;
}

/**
 * A located problem of the server (`/scenarios/0/changes/1/value`) in the admin's terms.
 * @example
 * placeOf("/scenarios/0/changes/1/value", drafts); // { scenario: "top rate", change: 2 }
 */
export function placeOf(path: string, drafts: readonly ScenarioDraft[]): { scenario: string; change?: number } | undefined {
  const m = /^\/scenarios\/(\d+)(?:\/changes\/(\d+))?/.exec(path);
  if (!m) return undefined;
  const d = drafts[Number(m[1])];
  if (!d) return undefined;
  return { scenario: d.name, ...(m[2] !== undefined ? { change: Number(m[2]) + 1 } : {}) };
}

const STORE_PREFIX = "kpi-scenarios:";

/**
 * The scenarios kept for a template in this browser (none when nothing valid is stored).
 * @example
 * loadScenarios(localStorage, "saas_growth"); // []
 */
export function loadScenarios(storage: Pick<Storage, "getItem">, templateId: string): ScenarioDraft[] {
  try {
    const raw = JSON.parse(storage.getItem(STORE_PREFIX + templateId) ?? "[]") as unknown;
    return Array.isArray(raw) ? raw.filter(isDraft).slice(0, 10) : [];
  } catch {
    return [];
  }
}

/** Keeps the scenarios of a template (a full storage is not an error the admin can act on here: the drafts stay in the page). */
export function saveScenarios(storage: Pick<Storage, "setItem" | "removeItem">, templateId: string, drafts: readonly ScenarioDraft[]): void {
  try {
    if (drafts.length) storage.setItem(STORE_PREFIX + templateId, JSON.stringify(drafts));
    else storage.removeItem(STORE_PREFIX + templateId);
  } catch {
    /* quota or privacy mode */
  }
}

function isDraft(x: unknown): x is ScenarioDraft {
  if (typeof x !== "object" || x === null) return false;
  const d = x as Record<string, unknown>;
  return typeof d["name"] === "string" && Array.isArray(d["changes"]) && d["changes"].every((c: unknown) => {
    if (typeof c !== "object" || c === null) return false;
    const o = c as Record<string, unknown>;
    return (
      (o["kind"] === "set" && typeof o["slot"] === "string" && typeof o["value"] === "string") ||
      (o["kind"] === "scale" && typeof o["field"] === "string" && typeof o["by"] === "string" && typeof o["where"] === "string") ||
      (o["kind"] === "conversion" && typeof o["step"] === "string" && typeof o["by"] === "string")
    );
  });
}

/**
 * Scenarios saved with the server's draft, as the form edits them.
 * @example
 * fromScenarios([{ name: "top", changes: [{ kind: "set", in: "incentive", name: "commission", path: "/tiers/steps/2/rate", value: "10%" }] }]);
 * // [{ name: "top", changes: [{ kind: "set", slot: "incentive|commission|/tiers/steps/2/rate", value: "10%" }] }]
 */
export function fromScenarios(scenarios: readonly Scenario[]): ScenarioDraft[] {
  return scenarios.map((s) => ({
    name: s.name,
    changes: s.changes.flatMap((c): DraftChange[] => {
      if (c.kind === "set") return [{ kind: "set", slot: `${c.in}|${c.name}|${c.path}`, value: c.value }];
      if (c.kind === "scale") return [{ kind: "scale", field: `${c.source}.${c.field}`, by: c.by, where: c.where ?? "" }];
      return [{ kind: "conversion", step: `${c.funnel}.${c.step}`, by: c.by }];
    }),
  }));
}

const VALUE = /^-?[0-9](_?[0-9])*(\.[0-9](_?[0-9])*)?%?$/;
const BY = /^[+-](0|[1-9][0-9]*)(\.[0-9]{1,6})?%$/;

/**
 * The drafts that can be saved with the draft as they are (the schema's
 * rules: a name, number literals, `+10%` forms), and the names of those that
 * cannot yet — a half-typed scenario must not stop the template's draft
 * from being saved.
 * @example
 * savable([{ name: "a", changes: [{ kind: "set", slot: "incentive|c|/cap", value: "1." }] }]); // { ok: [], held: ["a"] }
 */
export function savable(drafts: readonly ScenarioDraft[]): { ok: ScenarioDraft[]; held: string[] } {
  const ok: ScenarioDraft[] = [];
  const held: string[] = [];
  for (const d of drafts) {
    const name = d.name.trim();
    const fine = name.length >= 1 && name.length <= 100 && d.changes.length <= 50 && d.changes.every((c) => (c.kind === "set" ? VALUE.test(c.value.trim()) && c.slot.split("|").length >= 3 : BY.test(normalizeBy(c.by)) && (c.kind === "scale" ? c.field : c.step).includes(".")));
    if (fine && ok.length < 10) ok.push(d);
    else held.push(name || "?");
  }
  return { ok, held };
}

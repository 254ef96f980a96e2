/**
 * The fuzz properties, as fast-check properties over a list of choices (so a
 * failure shrinks choice by choice): `mutants` (broken templates through
 * parse and check), `noise` (text that is no template at all, also as a
 * single formula), `roundtrip` (good templates and datasets:
 * evaluate(print(parse(x))) equals evaluate(x)) and `http` (check, format
 * and evaluate through the app: never a 5xx, errors as problem+json; the
 * same dataset as JSON and as CSV/NDJSON files gives the same answer). Each
 * counts what it saw in `Stats`, so a run can show that the generators
 * reach the interesting cases (how many clean templates, how many
 * evaluations that produced a result).
 * @module
 */
import fc from "fast-check";
import { parseExpression } from "../dsl/parse.js";
import { LineIndex } from "../dsl/span.js";
import { chance, choices, fromChoices, pick, type Choice, type Choices } from "./choice.js";
import { generateRequest } from "./dataset-gen.js";
import { folderForm } from "./folder-form.js";
import type { FuzzServer } from "./http.js";
import { mutate, noise } from "./mutate.js";
import { Broken, frontEnd, roundTrip } from "./oracles.js";
import { generateTemplate } from "./template-gen.js";

/** Counters by name (`cases`, `clean`, `results`, `status 422`, …). */
export type Stats = Map<string, number>;

const count = (stats: Stats, key: string): void => {
  stats.set(key, (stats.get(key) ?? 0) + 1);
};

/**
 * Broken templates: parse and check never throw, diagnostics are located,
 * clean mutants print idempotently.
 * @example
 * fc.assert(mutantsProperty(new Map()), { numRuns: 100 });
 */
export function mutantsProperty(stats: Stats): fc.IPropertyWithHooks<[Choices]> {
  return fc.property(choices(), (ch) => {
    const c = fromChoices(ch);
    const text = mutate(c, generateTemplate(c).text);
    const r = frontEnd(text);
    count(stats, "cases");
    count(stats, r.diagnostics.some((d) => d.severity === "error") ? "with errors" : "clean");
  });
}

/**
 * Random text, as a template and as one formula.
 * @example
 * fc.assert(noiseProperty(new Map()), { numRuns: 100 });
 */
export function noiseProperty(stats: Stats): fc.IPropertyWithHooks<[Choices, string]> {
  return fc.property(choices(), fc.string({ unit: "binary", maxLength: 80 }), (ch, s) => {
    const c = fromChoices(ch);
    const text = chance(c, 50) ? noise(c) : s;
    frontEnd(text);
    let e: ReturnType<typeof parseExpression>;
    try {
      e = parseExpression(text);
    } catch (err) {
      throw new Broken(`parseExpression threw ${(err as Error).stack?.slice(0, 1500)}`, { text });
    }
    const lines = new LineIndex(text);
    for (const d of e.diagnostics) {
      const at = lines.locate(d.span);
      if (d.span.start < 0 || d.span.end < d.span.start || d.span.end > text.length || at.line !== d.span.line || at.column !== d.span.column) throw new Broken(`parseExpression: diagnostic not located: ${JSON.stringify(d)}`, { text });
    }
    if (e.expr === undefined && e.diagnostics.length === 0 && text.trim() !== "" && !/^(\s|\/\/[^\n]*|\/\*[\s\S]*?\*\/)*$/.test(text)) throw new Broken("parseExpression gave neither a formula nor a diagnostic", { text });
    count(stats, "cases");
  });
}

/**
 * Good templates and matching datasets (a fifth with one bad cell).
 * @example
 * fc.assert(roundtripProperty(new Map()), { numRuns: 100 });
 */
export function roundtripProperty(stats: Stats): fc.IPropertyWithHooks<[Choices]> {
  return fc.property(choices(), (ch) => {
    const c = fromChoices(ch);
    const t = generateTemplate(c);
    const req = generateRequest(c, t.info, chance(c, 20));
    const r = roundTrip(t.text, req);
    count(stats, "cases");
    if (r.clean) count(stats, "clean");
    if (r.ok) count(stats, "results");
    if (req.spoiled !== undefined) count(stats, "spoiled");
  });
}

/** A request body for one of the three routes; `twin` is the same evaluation with the dataset as files. */
function httpCase(c: Choice): { path: string; body: unknown; twin?: unknown } {
  const t = generateTemplate(c);
  if (chance(c, 25)) {
    const req = generateRequest(c, t.info, false);
    const body = { template: { source: t.text }, dataset: req.dataset, period: req.period, ...(req.asOf !== undefined ? { asOf: req.asOf } : {}) };
    return { path: "/v1/evaluate", body, twin: { ...body, dataset: { files: folderForm(c, t.info, req.dataset) } } };
  }
  const text = chance(c, 50) ? t.text : mutate(c, t.text);
  const r = c.int(0, 9);
  if (r <= 2) return { path: "/v1/check", body: { source: text } };
  if (r <= 4) return { path: "/v1/format", body: { source: text } };
  if (r <= 8) {
    const req = generateRequest(c, t.info, chance(c, 30));
    const body: Record<string, unknown> = { template: { source: text }, dataset: req.dataset, period: req.period };
    if (req.asOf !== undefined) body["asOf"] = req.asOf;
    if (chance(c, 10)) body["explain"] = [pick(c, [...req.dataset.entities.map((e) => e.id), "nobody", "all"])];
    return { path: "/v1/evaluate", body };
  }
  // A body that is not what the route wants.
  const path = pick(c, ["/v1/check", "/v1/format", "/v1/evaluate"]);
  const bodies: unknown[] = ["{", "null", "[]", `{"source": 1}`, { source: text, extra: true }, { template: { id: "nope" }, dataset: { id: "nope" }, period: "2026-03" }, { template: { source: text }, dataset: { files: { "entities.csv": "id,kind\n" } }, period: "2026-03" }, `{"source": "${"[".repeat(100)}"}`, "[".repeat(100), { source: text, __proto__: { x: 1 } }];
  return { path, body: pick(c, bodies) };
}

/**
 * A result's text with the load's warnings named by what they are about, not
 * where: the files form says `deals.csv` and a line, the JSON form a JSON
 * pointer and a record index, and both are right.
 */
function sameAnswer(text: string): string {
  const r = JSON.parse(text) as { warnings?: Record<string, unknown>[] };
  if (r.warnings) r.warnings = r.warnings.map(({ file: _f, lines: _l, ...w }) => w);
  return JSON.stringify(r);
}

/**
 * Check, format and evaluate through the app: never a 5xx; errors are problem+json.
 * @example
 * await fc.assert(httpProperty(server, new Map()), { numRuns: 100 });
 */
export function httpProperty(server: FuzzServer, stats: Stats): fc.IAsyncPropertyWithHooks<[Choices]> {
  return fc.asyncProperty(choices(), async (ch) => {
    const c = fromChoices(ch);
    const { path, body, twin } = httpCase(c);
    const before = server.logs.length;
    const a = await server.send(path, body);
    count(stats, "cases");
    count(stats, `${path} ${a.status}`);
    if (twin !== undefined) {
      // The same data as CSV/NDJSON files must give the same answer.
      const b = await server.send(path, twin);
      count(stats, `files ${b.status}`);
      if (b.status >= 500) throw new Broken(`${path} (files) answered ${b.status}: ${b.text.slice(0, 500)}\n${server.logs.slice(before).join("\n").slice(0, 2000)}`, { path, body: twin });
      if (b.status !== a.status || (a.status === 200 && sameAnswer(a.text) !== sameAnswer(b.text))) {
        let k = 0;
        while (k < a.text.length && a.text[k] === b.text[k]) k++;
        throw new Broken(`the dataset as files answers ${b.status}, as JSON ${a.status}; they part at character ${k}:\nfiles: …${b.text.slice(Math.max(0, k - 200), k + 400)}\njson:  …${a.text.slice(Math.max(0, k - 200), k + 400)}`, { path, body, twin });
      }
    }
    if (a.status >= 500) throw new Broken(`${path} answered ${a.status}: ${a.text.slice(0, 500)}\n${server.logs.slice(before).join("\n").slice(0, 2000)}`, { path, body });
    const expected = a.status >= 400 ? "application/problem+json" : "application/json";
    if (!a.type.startsWith(expected)) throw new Broken(`${path} ${a.status} came as ${a.type}, not ${expected}`, { path, body });
    let parsed: unknown;
    try {
      parsed = JSON.parse(a.text);
    } catch {
      throw new Broken(`${path} ${a.status}: the body is not JSON: ${a.text.slice(0, 200)}`, { path, body });
    }
    if (a.status >= 400 && (parsed as { status?: unknown }).status !== a.status) throw new Broken(`${path}: the problem's status is not ${a.status}`, { path, body });
  });
}

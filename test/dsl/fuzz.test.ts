/**
 * Mutation fuzzing of the front end: random edits of the example templates
 * (tokens deleted, duplicated, swapped; random bytes; huge numbers; deep
 * nesting) must never throw, in the parser or the checker. Every result is a schema-valid model, and a
 * mutant that parses clean prints to text that parses back to the same model.
 */
import { readFileSync } from "node:fs";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { lex } from "../../dsl/lexer.js";
import { parseExpression, parseTemplate } from "../../dsl/parse.js";
import { printTemplate } from "../../dsl/printer.js";
import { checkSource } from "../../engine/check/index.js";
import { validateTemplate } from "../../schemas/validators.js";

const seeds = ["test/fixtures/design/saas_growth.kpi", "test/fixtures/design/funnel.kpi", "test/fixtures/dsl/comments.kpi"].map((f) => readFileSync(f, "utf8"));

/** Token boundaries of a text, so mutations act on whole tokens. */
function pieces(text: string): string[] {
  const toks = lex(text).tokens;
  const out: string[] = [];
  let at = 0;
  for (const t of toks) {
    out.push(text.slice(at, t.startOffset), t.image);
    at = t.startOffset + t.image.length;
  }
  out.push(text.slice(at));
  return out;
}

const seedPieces = seeds.map(pieces);

/** `Array.prototype.toSpliced` is ES2023; the project targets ES2022. */
function spliced(p: string[], at: number, remove: number, ...insert: string[]): string[] {
  const q = [...p];
  q.splice(at, remove, ...insert);
  return q;
}

type Mutation = (p: string[], r: () => number) => string[];
const pick = (n: number, r: () => number) => Math.floor(r() * n);
const mutations: Mutation[] = [
  (p, r) => spliced(p, pick(p.length, r), 1),
  (p, r) => {
    const i = pick(p.length, r);
    return spliced(p, i, 0, p[i] ?? "");
  },
  (p, r) => {
    const i = pick(p.length, r);
    const j = pick(p.length, r);
    const q = [...p];
    [q[i], q[j]] = [q[j] ?? "", q[i] ?? ""];
    return q;
  },
  (p, r) => spliced(p, pick(p.length, r), 0, String.fromCharCode(pick(0x3000, r))),
  (p, r) => spliced(p, pick(p.length, r), 0, ` ${"9".repeat(1 + pick(400, r))} `),
  (p, r) => spliced(p, pick(p.length, r), 0, "(".repeat(pick(300, r))),
  (p, r) => spliced(p, pick(p.length, r), 0, ")".repeat(pick(50, r))),
  (p, r) => spliced(p, pick(p.length, r), 0, ["{", "}", "\"", "/*", "//", "%", ".", "where", "metric", "-", "not", "\\"][pick(12, r)]!),
];

function mutate(seed: number, steps: number, rand: () => number): string {
  let p = seedPieces[seed % seedPieces.length]!;
  for (let k = 0; k < steps; k++) p = mutations[pick(mutations.length, rand)]!(p, rand);
  return p.join("");
}

describe("fuzzing the parser", () => {
  it("never throws on 10,000 mutants; models stay schema-valid; clean mutants round-trip", () => {
    let clean = 0;
    fc.assert(
      fc.property(fc.nat(), fc.integer({ min: 1, max: 6 }), fc.infiniteStream(fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true })), (seed, steps, stream) => {
        const it = stream[Symbol.iterator]();
        const text = mutate(seed, steps, () => it.next().value as number);
        const r = parseTemplate(text);
        expect(validateTemplate(r.model), JSON.stringify(validateTemplate.errors())).toBe(true);
        // The checker must survive whatever the parser recovered, too.
        const checked = checkSource(text);
        for (const d of checked.diagnostics) expect(Number.isFinite(d.span.line) && Number.isFinite(d.span.column)).toBe(true);
        for (const d of r.diagnostics) {
          expect(d.span.line).toBeGreaterThanOrEqual(1);
          expect(d.span.column).toBeGreaterThanOrEqual(1);
          expect(d.message).not.toMatch(/Kw_|Identifier|StringLiteral|NumberLiteral|LParen|RBrace|EOF/);
        }
        if (r.diagnostics.length === 0) {
          clean++;
          expect(parseTemplate(printTemplate(r.model)).model).toEqual(r.model);
        }
      }),
      { numRuns: 10_000 },
    );
    expect(clean).toBeGreaterThan(100);
  });

  it("never throws on random expressions", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary", maxLength: 60 }), (text) => {
        const r = parseExpression(text);
        expect(r.expr !== undefined || r.diagnostics.length > 0 || text.trim() === "").toBe(true);
      }),
      { numRuns: 2_000 },
    );
  });
});

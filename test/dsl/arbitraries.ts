/**
 * fast-check generators of template models in canonical form: expressions are
 * generated as canonical text (the spacing `printExpr` produces), optional
 * arrays are absent rather than empty, and comments sit only where the
 * printer can put them back. Used by the round-trip property tests.
 */
import fc from "fast-check";
import type * as M from "../../schemas/generated/template.js";

const RESERVED = new Set(["template", "extends", "entity", "source", "metric", "target", "scorecard", "incentive", "alert", "funnel", "drop", "input", "where", "and", "or", "not", "in", "is", "null", "true", "false"]);
const GRAIN_WORDS = new Set(["day", "week", "month", "quarter", "year"]);

/** Names: plain, unicode, soft keywords (`rate`, `base`), underscores. */
export const name: fc.Arbitrary<string> = fc
  .oneof(
    fc.constantFrom("amount", "deals", "rep", "team", "rate", "base", "weight", "message", "by", "at", "from", "新签合同额", "客户", "_x", "a1", "days_to_close", "Ümsatz", "cap", "tiers"),
    fc.stringMatching(/^[a-z_][a-z0-9_]{0,8}$/),
  )
  .filter((s) => !RESERVED.has(s));

const entityName = name.filter((s) => !GRAIN_WORDS.has(s));
const qualified = fc.oneof(name, fc.tuple(name, name).map(([a, b]) => `${a}.${b}`));

/** Any string, including quotes, backslashes, control characters and lone surrogates. */
const label = fc.string({ unit: "binary", maxLength: 12 });

export const numberText: fc.Arbitrary<string> = fc
  .tuple(fc.stringMatching(/^[0-9](_?[0-9]){0,5}$/), fc.option(fc.stringMatching(/^[0-9](_?[0-9]){0,3}$/), { nil: undefined }), fc.boolean())
  .map(([i, f, pct]) => `${i}${f !== undefined ? `.${f}` : ""}${pct ? "%" : ""}`);
const signedNumber = fc.tuple(fc.boolean(), numberText).map(([neg, n]) => (neg ? `-${n}` : n));

const lineComment = fc.string({ maxLength: 10 }).map((s) => `//${s.replace(/[\r\n\u2028\u2029]/g, " ")}`);
const blockComment = fc.string({ maxLength: 12 }).map((s) => `/*${s.replace(/\*\//g, "* /")}*/`);
const comments = fc.option(fc.array(fc.oneof(lineComment, blockComment), { minLength: 1, maxLength: 2 }), { nil: undefined, freq: 3 });
const trailing = fc.option(lineComment, { nil: undefined, freq: 3 });

/** Adds comment fields only when generated, never as empty arrays. */
function trivia<T extends object>(arb: fc.Arbitrary<T>): fc.Arbitrary<T> {
  return fc.tuple(arb, comments, trailing).map(([node, c, t]) => {
    const out = { ...node } as T & M.Trivia;
    if (c) out.comments = c;
    if (t) out.trailingComment = t;
    return out;
  });
}

function opt<T extends object, K extends string, V>(obj: T, key: K, value: V | undefined): T {
  if (value !== undefined) (obj as Record<string, unknown>)[key] = value;
  return obj;
}

// ── expressions, as canonical text by precedence level ────────────────────

const { expr } = fc.letrec<{ expr: string; atom: string; unary: string; mul: string; add: string; cmp: string; not: string; and: string }>((tie) => ({
  atom: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    numberText,
    fc.string({ maxLength: 6 }).map((s) => JSON.stringify(s)),
    fc.constantFrom("true", "false", "null"),
    qualified,
    fc.tuple(fc.oneof(name, fc.constant("target")), fc.array(tie("expr"), { maxLength: 3 }), fc.option(tie("expr"), { nil: undefined })).map(
      ([f, args, where]) => `${f}(${args.map((a, i) => (i === 0 && where !== undefined ? `${a} where ${where}` : a)).join(", ")})`,
    ),
    tie("expr").map((e) => `(${e})`),
  ),
  unary: fc.oneof({ depthSize: "small" }, tie("atom"), tie("atom").map((a) => `-${a}`)),
  mul: fc.oneof({ depthSize: "small" }, tie("unary"), fc.tuple(tie("mul"), fc.constantFrom("*", "/"), tie("unary")).map(([a, o, b]) => `${a} ${o} ${b}`)),
  add: fc.oneof({ depthSize: "small" }, tie("mul"), fc.tuple(tie("add"), fc.constantFrom("+", "-"), tie("mul")).map(([a, o, b]) => `${a} ${o} ${b}`)),
  cmp: fc.oneof(
    { depthSize: "small" },
    tie("add"),
    fc.tuple(tie("add"), fc.constantFrom("==", "!=", "<", "<=", ">", ">="), tie("add")).map(([a, o, b]) => `${a} ${o} ${b}`),
    fc.tuple(tie("add"), fc.boolean(), fc.array(tie("expr"), { minLength: 1, maxLength: 3 })).map(([a, n, l]) => `${a} ${n ? "not in" : "in"} (${l.join(", ")})`),
    fc.tuple(tie("add"), fc.boolean()).map(([a, n]) => `${a} ${n ? "is not null" : "is null"}`),
  ),
  not: fc.oneof({ depthSize: "small" }, tie("cmp"), tie("not").map((e) => `not ${e}`)),
  and: fc.oneof({ depthSize: "small" }, tie("not"), fc.tuple(tie("and"), tie("not")).map(([a, b]) => `${a} and ${b}`)),
  expr: fc.oneof({ depthSize: "small" }, tie("and"), fc.tuple(tie("expr"), tie("and")).map(([a, b]) => `${a} or ${b}`)),
}));
export const expression: fc.Arbitrary<string> = expr;

// ── declarations ──────────────────────────────────────────────────────────

const settings: fc.Arbitrary<M.Settings> = fc
  .record(
    {
      industry: name,
      stage: name,
      grain: fc.constantFrom("day", "week", "month", "quarter", "year"),
      currency: fc.constantFrom("CNY", "USD", "EUR", "JPY"),
      rounding: fc.constantFrom("half_up", "half_even"),
      fiscal_year_starts: fc.constantFrom("january", "april", "october"),
    },
    { requiredKeys: [] },
  )
  .filter((s) => Object.keys(s).length > 0) as fc.Arbitrary<M.Settings>;

const header: fc.Arbitrary<M.Header> = trivia(
  fc.tuple(name, fc.option(label, { nil: undefined }), fc.option(name, { nil: undefined }), fc.option(settings, { nil: undefined }), comments).map(
    ([n, l, e, s, end]) => opt(opt(opt(opt({ name: n } as M.Header, "label", l), "extends", e), "settings", s), "endComments", end),
  ),
);

const entity = trivia(
  fc.tuple(name, fc.option(label, { nil: undefined }), fc.option(name, { nil: undefined })).map(([n, l, p]) =>
    opt(opt({ kind: "entity", name: n } as M.EntityDecl, "label", l), "parent", p),
  ),
);

const field = trivia(
  fc.tuple(name, fc.option(label, { nil: undefined }), fc.oneof(name.map((t) => ({ type: t })), fc.array(fc.string({ maxLength: 5 }), { minLength: 1, maxLength: 3 }).map((v) => ({ type: "enum", values: v })))).map(
    ([n, l, t]) => opt({ name: n, ...t } as M.Field, "label", l),
  ),
);

const source = trivia(
  fc.tuple(name, fc.option(label, { nil: undefined }), name, name, fc.array(field, { maxLength: 3 }), comments).map(([n, l, by, at, fields, end]) =>
    opt(opt({ kind: "source", name: n, by, at, fields } as M.SourceDecl, "label", l), "endComments", end),
  ),
);

const metric = trivia(
  fc
    .tuple(name, fc.option(label, { nil: undefined }), fc.option(fc.constantFrom("money", "percent", "number", "integer"), { nil: undefined }), fc.boolean(), fc.option(expression, { nil: undefined }))
    .map(([n, l, t, lb, f]) => {
      const m = opt(opt({ kind: "metric", name: n } as M.MetricDecl, "label", l), "type", t);
      if (lb) m.lowerBetter = true;
      if (f === undefined) m.input = true;
      else m.formula = f;
      return m;
    }),
);

const lineTrivia: fc.Arbitrary<M.Trivia | undefined> = fc.option(
  fc.tuple(comments, trailing).filter(([c, t]) => !!c || !!t).map(([c, t]) => opt(opt({} as M.Trivia, "comments", c), "trailingComment", t)),
  { nil: undefined, freq: 3 },
);

const target = trivia(
  fc
    .record(
      {
        metric: qualified,
        base: fc.tuple(signedNumber, fc.option(entityName, { nil: undefined }), fc.option(fc.constantFrom("day", "week", "month", "quarter", "year"), { nil: undefined }), fc.option(fc.constant(true as const), { nil: undefined })).map(([v, e, p, flat]) =>
          opt(opt(opt({ value: v } as M.TargetBase, "perEntity", e), "per", p), "flat", flat),
        ),
        quarters: fc.array(signedNumber, { minLength: 1, maxLength: 4 }),
        months: fc.array(signedNumber, { minLength: 1, maxLength: 12 }),
        challenge: signedNumber,
        split: fc.oneof(fc.constant({ by: "even" }), fc.constant({ by: "history" }), name.map((a) => ({ by: "attr", attr: a }))) as fc.Arbitrary<M.TargetSplit>,
        endComments: comments.filter((c) => c !== undefined),
        lineTrivia: fc.tuple(lineTrivia, lineTrivia),
      },
      { requiredKeys: ["metric", "lineTrivia"] },
    )
    .map(({ lineTrivia: [t1, t2], ...t }) => {
      const d = { kind: "target", ...t } as M.TargetDecl;
      const lc: NonNullable<M.TargetDecl["lineComments"]> = {};
      if (t1 && d.base) lc.base = t1;
      if (t2 && d.challenge !== undefined) lc.challenge = t2;
      if (Object.keys(lc).length) d.lineComments = lc;
      return d;
    }),
);

const scorecard = trivia(
  fc
    .tuple(
      name,
      fc.option(label, { nil: undefined }),
      fc.array(trivia(fc.tuple(qualified, signedNumber, fc.option(signedNumber, { nil: undefined })).map(([m, w, c]) => opt({ metric: m, weight: w } as M.ScorecardItem, "cap", c))), { maxLength: 3 }),
      comments,
    )
    .map(([n, l, items, end]) => opt(opt({ kind: "scorecard", name: n, items } as M.ScorecardDecl, "label", l), "endComments", end)),
);

const tierStep = trivia(
  fc.tuple(signedNumber, fc.boolean(), signedNumber).map(([from, isRate, v]) => (isRate ? { from, rate: v } : { from, pay: v }) as M.TierStep),
);

const tiers: fc.Arbitrary<M.Tiers> = fc
  .tuple(fc.constantFrom("retroactive", "marginal"), fc.option(expression, { nil: undefined }), fc.array(tierStep, { maxLength: 3 }), comments)
  .map(([mode, on, steps, end]) => opt(opt({ mode, steps } as M.Tiers, "on", on), "endComments", end));

const incentive = trivia(
  fc
    .tuple(
      name,
      fc.option(label, { nil: undefined }),
      fc.option(name, { nil: undefined }),
      fc.oneof(
        expression.map((f) => ({ formula: f })),
        fc
          .record({ basis: expression, tiers, gate: expression, cap: signedNumber, floor: signedNumber, endComments: comments.filter((c) => c !== undefined), basisTrivia: lineTrivia }, { requiredKeys: [] })
          .map(({ basisTrivia, ...b }) => (basisTrivia && b.basis !== undefined ? { ...b, lineComments: { basis: basisTrivia } } : b)),
      ),
    )
    .map(([n, l, f, body]) => opt(opt({ kind: "incentive", name: n, ...body } as M.IncentiveDecl, "label", l), "for", f)),
);

const alert = trivia(
  fc
    .tuple(name, fc.option(label, { nil: undefined }), fc.constantFrom("info", "warning", "critical"), expression, fc.option(label, { nil: undefined }))
    .map(([n, l, s, w, m]) => opt(opt({ kind: "alert", name: n, severity: s, when: w } as M.AlertDecl, "label", l), "message", m)),
);

const funnel = trivia(
  fc
    .tuple(name, fc.option(label, { nil: undefined }), fc.array(trivia(fc.tuple(name, fc.option(label, { nil: undefined }), expression).map(([n, l, f]) => opt({ name: n, formula: f } as M.FunnelStep, "label", l))), { maxLength: 3 }), comments)
    .map(([n, l, steps, end]) => opt(opt({ kind: "funnel", name: n, steps } as M.FunnelDecl, "label", l), "endComments", end)),
);

const drop = trivia(
  fc.tuple(fc.constantFrom("entity", "source", "metric", "target", "scorecard", "incentive", "alert", "funnel"), qualified).map(([what, n]) => ({ kind: "drop", what, name: n }) as M.DropDecl),
);

export const declaration: fc.Arbitrary<M.Declaration> = fc.oneof(entity, source, metric, target, scorecard, incentive, alert, funnel, drop);

/** A whole template model in canonical form. */
export const template: fc.Arbitrary<M.Template> = fc
  .tuple(fc.option(header, { nil: undefined }), fc.array(declaration, { maxLength: 6 }), comments)
  .map(([h, declarations, end]) => opt(opt({ declarations } as M.Template, "header", h), "endComments", end));

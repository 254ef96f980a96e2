/**
 * The fused aggregation pass: ONE loop over a source's typed columns that
 * fills every accumulator the plan needs from that source, for every
 * (credited entity, bucket) cell at once. Records are in date order
 * (`dataset/date-order.ts`), so each bucket's records are one run found by
 * binary search: the loop walks bucket by bucket, a record's cell is the
 * bucket's base plus its entity, and the cells written belong to one bucket
 * at a time (they stay in cache). A record costs its filters (each
 * evaluated once, however many aggregates share it) and a few typed-array
 * additions. The loop is generated JavaScript (`new Function`) so that V8
 * sees one monomorphic loop with no closure calls in the common case; see
 * `filter-code.ts` for why no user text can reach it. Generated functions
 * are cached by their code, which names nothing but indexes, so repeated
 * evaluations reuse optimised code.
 * @module
 */
import { assertDateOrdered } from "../dataset/date-order.js";
import { NO_BOOLEAN, NO_CODE, NO_DATE, type Column, type EntityTree, type SourceData } from "../dataset/types.js";
import type { Rounding } from "../money.js";
import { CodeRegistry, truth } from "./filter-code.js";
import type { Plan, SourcePlan } from "./plan.js";

/**
 * Where one pass writes: accumulator arrays of `buckets × entities` cells
 * (bucket b's cell of entity e is `b × entities + e`), indexed by the plan's numbering.
 * @example
 * const target: PassTarget = { buckets, hi, num, sets };
 */
export interface PassTarget {
  /** The buckets' days, in order, not overlapping. */
  buckets: readonly { start: number; end: number }[];
  /** The last day a record may have (the as-of date), or Infinity. */
  hi: number;
  num: Float64Array[];
  sets: (Set<number> | undefined)[][];
}

/**
 * How filters are compiled; `interpret` sends every filter through the closure path (the reference the tests compare with).
 * @example
 * const o: PassOptions = { entities: tree, digits: 2, rounding: "half_up" };
 */
export interface PassOptions {
  entities: EntityTree;
  digits: number;
  rounding: Rounding;
  /** The last day of the grain period containing a day, for `days_to_period_end()`. */
  periodEnd: (day: number) => number;
  interpret?: boolean;
}

type PassFn = (
  start: number, end: number, base: number, by: Int32Array,
  C: ArrayLike<number>[], K: number[], R: ((i: number) => unknown)[], A: Float64Array[], S: (Set<number> | undefined)[][],
) => void;

/** Compiled passes by code; bounded, since a server sees many templates. */
const compiled = new Map<string, PassFn>();
const MAX_COMPILED = 256;

/** The check that a field value is present, by column type. */
function present(col: Column, v: string): string {
  switch (col.type) {
    case "date":
      return `${v} !== ${NO_DATE}`;
    case "boolean":
      return `${v} !== ${NO_BOOLEAN}`;
    case "string":
    case "enum":
    case "entity":
      return `${v} !== ${NO_CODE}`;
    default:
      return `${v} === ${v}`;
  }
}

/** At most this many sums and counts under one filter are added to unconditionally. */
const MAX_BRANCHLESS = 3;

/**
 * A filter's block without a branch, when the filter only feeds a few sums
 * and counts: the filter becomes 0 or 1 and every one of its accumulators
 * adds value × that (a record that fails adds 0, which changes no sum: the
 * cells never hold −0). Records are in date order, so the cells are in cache
 * and an addition costs less than a mispredicted branch: a filter that holds
 * for a quarter of the records mispredicts often (W1's deals: ~20% faster).
 * Undefined when the block keeps its branch (no filter, a minimum, maximum
 * or distinct, more accumulators).
 */
function branchlessBlock(plan: Plan, sp: SourcePlan, f: number, cond: string | undefined, reg: CodeRegistry): string | undefined {
  if (cond === undefined) return undefined;
  const mine = sp.num.map((k, local) => ({ acc: plan.num[k]!, local })).filter((a) => a.acc.filter === f);
  if (mine.length === 0 || mine.length > MAX_BRANCHLESS || sp.sets.some((k) => plan.sets[k]!.filter === f)) return undefined;
  if (mine.some(({ acc }) => acc.kind === "min" || acc.kind === "max")) return undefined;
  const flag = `f${f}`;
  const lines = mine.map(({ acc, local }) => {
    const a = `a${local}[x]`;
    if (acc.kind === "count") return `${a} += ${flag};`;
    const { id, col } = reg.col(acc.field!);
    const v = `v${id.slice(1)}`;
    // A sum skips a missing value (NaN) as the branch form does; `nn` counts the present ones.
    return acc.kind === "sum" ? `${a} += (${v} === ${v} ? ${v} : 0) * ${flag};` : `${a} += +(${present(col, v)}) & ${flag};`;
  });
  return `{ const ${flag} = +(${cond}); ${lines.join(" ")} }`;
}

/**
 * The code of one source's pass and the arrays it reaches by index.
 * @example
 * const { code } = passCode(plan, plan.sources[0]!, deals, options); // "\"use strict\";\nconst c0 = C[0]; …"
 */
export function passCode(plan: Plan, sp: SourcePlan, src: SourceData, o: PassOptions): { code: string; reg: CodeRegistry } {
  const reg = new CodeRegistry(src, o.entities, o.digits, o.rounding, o.periodEnd);
  const blocks: string[] = [];
  sp.filters.forEach((where, f) => {
    const cond = where === undefined ? "true" : o.interpret ? `(${reg.closure(where)} === true)` : truth(where, reg);
    const branchless = branchlessBlock(plan, sp, f, where === undefined || o.interpret ? undefined : cond, reg);
    if (branchless !== undefined) return void blocks.push(branchless);
    const lines: string[] = [];
    const fieldVars = new Map<string, { v: string; col: Column; body: string[] }>();
    const fieldBody = (field: string): string[] => {
      let fv = fieldVars.get(field);
      if (!fv) {
        const { id, col } = reg.col(field);
        fv = { v: `v${id.slice(1)}`, col, body: [] };
        fieldVars.set(field, fv);
      }
      return fv.body;
    };
    sp.num.forEach((k, local) => {
      const acc = plan.num[k]!;
      if (acc.filter !== f) return;
      const a = `a${local}[x]`;
      if (acc.kind === "count") return void lines.push(`${a} += 1;`);
      const body = fieldBody(acc.field!);
      const v = fieldVars.get(acc.field!)!.v;
      if (acc.kind === "sum") body.push(`${a} += ${v};`);
      else if (acc.kind === "nn") body.push(`${a} += 1;`);
      else body.push(`if (${v} ${acc.kind === "min" ? "<" : ">"} ${a}) ${a} = ${v};`);
    });
    sp.sets.forEach((k, local) => {
      const acc = plan.sets[k]!;
      if (acc.filter !== f) return;
      const body = fieldBody(acc.field);
      const v = fieldVars.get(acc.field)!.v;
      body.push(`{ let s = s${local}[x]; if (s === undefined) s${local}[x] = s = new Set(); s.add(${v}); }`);
    });
    for (const fv of fieldVars.values()) lines.push(`if (${present(fv.col, fv.v)}) { ${fv.body.join(" ")} }`);
    if (lines.length === 0) return;
    blocks.push(cond === "true" ? `{ ${lines.join(" ")} }` : `if (${cond}) { ${lines.join(" ")} }`);
  });
  const decl = (prefix: string, array: string, count: number) => Array.from({ length: count }, (_, k) => `const ${prefix}${k} = ${array}[${k}];`).join("\n");
  const code = [
    '"use strict";',
    decl("c", "C", reg.cols.length),
    decl("k", "K", reg.consts.length),
    decl("r", "R", reg.closures.length),
    decl("a", "A", sp.num.length),
    decl("s", "S", sp.sets.length),
    // One bucket per call: records start ≤ i < end, cells from `base`. A single loop, so that
    // V8's on-the-fly compilation of it is never thrown away by code after it (CONTEXT.md, "Hot loops").
    "for (let i = start; i < end; i++) {",
    "  const x = base + by[i];",
    // Every column the filters or aggregates use, read once per record (typed arrays may alias, so V8 would not merge repeated reads).
    ...reg.cols.map((_, k) => `  const v${k} = c${k}[i];`),
    ...blocks.map((b) => `  ${b}`),
    "}",
  ].join("\n");
  return { code, reg };
}

/** The first index in the date-ordered `at` whose day is ≥ `day`. */
function firstOnOrAfter(at: Int32Array, day: number): number {
  let lo = 0;
  let hi = at.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (at[mid]! < day) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * Each bucket's run of records in a date-ordered source, cut at `hi`, and
 * the index of its first cell: `[start₀, end₀, cell₀, start₁, end₁, cell₁, …]`
 * (bucket k's cells start at k × `entities`).
 * @example
 * bucketRuns(Int32Array.of(1, 2, 2, 5), [{ start: 1, end: 2 }, { start: 3, end: 5 }], Infinity, 10); // [0, 3, 0, 3, 4, 10]
 */
export function bucketRuns(at: Int32Array, buckets: PassTarget["buckets"], hi: number, entities: number): Int32Array {
  const runs = new Int32Array(3 * buckets.length);
  buckets.forEach((b, k) => {
    const start = firstOnOrAfter(at, b.start);
    runs[3 * k] = start;
    runs[3 * k + 1] = Math.max(start, firstOnOrAfter(at, Math.min(b.end, hi) + 1));
    runs[3 * k + 2] = k * entities;
  });
  return runs;
}

/**
 * Runs one source's pass into `target`; the source must be in date order.
 * @example
 * runPass(plan, plan.sources[0]!, dataset.sources.get("deals")!, target, options);
 */
export function runPass(plan: Plan, sp: SourcePlan, src: SourceData, target: PassTarget, o: PassOptions): void {
  assertDateOrdered(src);
  const { code, reg } = passCode(plan, sp, src, o);
  let fn = compiled.get(code);
  if (!fn) {
    // The code holds only fixed snippets and integers (see filter-code.ts); user values travel in the arrays.
    fn = new Function("start", "end", "base", "by", "C", "K", "R", "A", "S", code) as PassFn;
    if (compiled.size >= MAX_COMPILED) compiled.clear();
    compiled.set(code, fn);
  }
  const cols = reg.cols.map((c) => ("codes" in c ? c.codes : c.values));
  const runs = bucketRuns(src.at, target.buckets, target.hi, o.entities.list.length);
  const num = sp.num.map((k) => target.num[k]!);
  const sets = sp.sets.map((k) => target.sets[k]!);
  for (let b = 0; b < runs.length; b += 3) {
    if (runs[b]! < runs[b + 1]!) fn(runs[b]!, runs[b + 1]!, runs[b + 2]!, src.by, cols, reg.consts, reg.closures, num, sets);
  }
}

const exactBound = new WeakMap<Float64Array, number>();

/** Σ|v| over the present values (a loop of its own: see CONTEXT.md, "Hot loops"). */
function absoluteSum(values: Float64Array): number {
  let sum = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (v === v) sum += Math.abs(v);
  }
  return sum;
}

/**
 * Refuses a money sum that could leave the exact range: Σ|amount| over the whole
 * column bounds every partial sum of every cell, so below 2^53 every sum is exact.
 * @example
 * checkExactSums(plan, plan.sources[0]!, deals); // throws a RangeError beyond ~90 trillion in a 2-digit currency
 */
export function checkExactSums(plan: Plan, sp: SourcePlan, src: SourceData): void {
  for (const k of sp.num) {
    const acc = plan.num[k]!;
    if (acc.kind !== "sum") continue;
    const col = src.fields.get(acc.field!);
    if (col?.type !== "money") continue;
    let bound = exactBound.get(col.values);
    if (bound === undefined) exactBound.set(col.values, (bound = absoluteSum(col.values)));
    if (bound > Number.MAX_SAFE_INTEGER) {
      throw new RangeError(`the amounts of ${src.name}.${acc.field} add up to more than can be summed exactly (about ${Number.MAX_SAFE_INTEGER} minor units)`);
    }
  }
}

/**
 * The hand-written W1 baseline (shared/bench/W1.md): what a programmer would
 * write for exactly this workload with no engine — the yardstick the engine's
 * figures are divided by. It reads the same CSV folder the engine reads and
 * is honest about it: every id goes through a lookup built from
 * `entities.csv` (no `r123` → 123 shortcut), columns are found by header
 * name, dates and amounts are parsed and checked, and anything it does not
 * understand (a quoted cell, an unknown id or status, a bad amount) throws.
 *
 * Load: each file is scanned in 4 MB chunks by one hand loop over its bytes
 * (no strings per row: ids are found through a byte-keyed hash table, enums
 * by byte comparison, money is read into integer cents) into typed arrays.
 * Evaluation: one fused pass per source over the typed arrays into per
 * rep-month accumulators, the targets split year → quarters 20/25/25/30 →
 * months by the largest-remainder rule, then one loop over rep-months for
 * conversion, renewal rate, attainment and the commission — tiers compared
 * exactly by cross-multiplying integers, payout = round(new_amount × rate)
 * in cents by the rounding mode, capped at 5,000,000 cents. Load time and
 * evaluation time are measured separately.
 * @module
 */
import { join } from "node:path";
import { columnsOf, enumCode, IdIndex, monthIn, parseCents, scanCsv } from "./w1-baseline-csv.js";
import { allocRepMonths, computeChecksums, type RepMonthColumns, type W1Checksums } from "./w1-checksums.js";
import { timeRuns } from "./w1-runs.js";

export { computeChecksums, type RepMonthColumns, type W1Checksums } from "./w1-checksums.js";

/** `half_up` (Excel's ROUND) or `half_even` (banker's rounding), as the template's `rounding` says. */
export type BaselineRounding = "half_up" | "half_even";

// ---------------------------------------------------------------- load

const WON = 0;
const LOST = 1;
const STATUS_VALUES = ["won", "lost", "open"].map((s) => Buffer.from(s));
const NEW = 0;
const KIND_VALUES = ["new", "renewal"].map((s) => Buffer.from(s));

/**
 * The W1 dataset as the baseline holds it: one typed array per column.
 * Months are 1..12 for records in the evaluated year, 0 for others.
 * @example
 * const t = loadBaselineTables("bench/.data/w1/csv"); t.deals.length; // 1000000
 */
export interface BaselineTables {
  year: number;
  repIds: string[];
  deals: { length: number; rep: Int32Array; amount: Float64Array; status: Uint8Array; kind: Uint8Array; month: Uint8Array };
  visits: { length: number; rep: Int32Array; month: Uint8Array };
  /** Each rep's annual new_amount target in cents; NaN when the dataset gives none. */
  annualTarget: Float64Array;
}

function grow<T extends Int32Array | Float64Array | Uint8Array>(a: T, make: (n: number) => T): T {
  const b = make(a.length * 2);
  b.set(a);
  return b;
}

function loadReps(dir: string): string[] {
  const path = join(dir, "entities.csv");
  const reps: string[] = [];
  let id = 0;
  let kind = 0;
  scanCsv(
    path,
    (h) => ([id, kind] = columnsOf(path, h, ["id", "kind"]) as [number, number]),
    (b, s, e) => {
      if (b.toString("utf8", s[kind]!, e[kind]!) === "rep") reps.push(b.toString("utf8", s[id]!, e[id]!));
    },
  );
  return reps;
}

function loadDeals(dir: string, ids: IdIndex, year: number): BaselineTables["deals"] {
  const path = join(dir, "deals.csv");
  let cap = 1 << 16;
  let rep = new Int32Array(cap);
  let amount = new Float64Array(cap);
  let status = new Uint8Array(cap);
  let kind = new Uint8Array(cap);
  let month = new Uint8Array(cap);
  let n = 0;
  let cRep = 0;
  let cAmount = 0;
  let cStatus = 0;
  let cKind = 0;
  let cDate = 0;
  scanCsv(
    path,
    (h) => ([cRep, cAmount, cStatus, cKind, cDate] = columnsOf(path, h, ["rep", "amount", "status", "kind", "closed_on"]) as [number, number, number, number, number]),
    (b, s, e, line) => {
      if (n === cap) {
        cap *= 2;
        rep = grow(rep, (k) => new Int32Array(k));
        amount = grow(amount, (k) => new Float64Array(k));
        status = grow(status, (k) => new Uint8Array(k));
        kind = grow(kind, (k) => new Uint8Array(k));
        month = grow(month, (k) => new Uint8Array(k));
      }
      const r = ids.find(b, s[cRep]!, e[cRep]!);
      const a = parseCents(b, s[cAmount]!, e[cAmount]!);
      const st = enumCode(b, s[cStatus]!, e[cStatus]!, STATUS_VALUES);
      const k = enumCode(b, s[cKind]!, e[cKind]!, KIND_VALUES);
      const m = monthIn(b, s[cDate]!, e[cDate]!, year);
      if (r < 0 || a !== a || st < 0 || k < 0 || m < 0) {
        const bad = r < 0 ? cRep : a !== a ? cAmount : st < 0 ? cStatus : k < 0 ? cKind : cDate;
        throw new Error(`${path}:${line}: the baseline cannot read ${JSON.stringify(b.toString("utf8", s[bad]!, e[bad]!))}`);
      }
      rep[n] = r;
      amount[n] = a;
      status[n] = st;
      kind[n] = k;
      month[n] = m;
      n++;
    },
  );
  return { length: n, rep: rep.subarray(0, n), amount: amount.subarray(0, n), status: status.subarray(0, n), kind: kind.subarray(0, n), month: month.subarray(0, n) };
}

function loadVisits(dir: string, ids: IdIndex, year: number): BaselineTables["visits"] {
  const path = join(dir, "visits.csv");
  let cap = 1 << 16;
  let rep = new Int32Array(cap);
  let month = new Uint8Array(cap);
  let n = 0;
  let cRep = 0;
  let cDate = 0;
  scanCsv(
    path,
    (h) => ([cRep, cDate] = columnsOf(path, h, ["rep", "visited_on"]) as [number, number]),
    (b, s, e, line) => {
      if (n === cap) {
        cap *= 2;
        rep = grow(rep, (k) => new Int32Array(k));
        month = grow(month, (k) => new Uint8Array(k));
      }
      const r = ids.find(b, s[cRep]!, e[cRep]!);
      const m = monthIn(b, s[cDate]!, e[cDate]!, year);
      if (r < 0 || m < 0) {
        const bad = r < 0 ? cRep : cDate;
        throw new Error(`${path}:${line}: the baseline cannot read ${JSON.stringify(b.toString("utf8", s[bad]!, e[bad]!))}`);
      }
      rep[n] = r;
      month[n] = m;
      n++;
    },
  );
  return { length: n, rep: rep.subarray(0, n), month: month.subarray(0, n) };
}

function loadTargets(dir: string, ids: IdIndex, reps: number, year: number): Float64Array {
  const path = join(dir, "targets.csv");
  const annual = new Float64Array(reps).fill(NaN);
  let c: number[] = [];
  scanCsv(
    path,
    (h) => (c = columnsOf(path, h, ["entity", "metric", "period", "base"])),
    (b, s, e, line) => {
      const text = (j: number): string => b.toString("utf8", s[c[j]!]!, e[c[j]!]!);
      const r = ids.find(b, s[c[0]!]!, e[c[0]!]!);
      const base = parseCents(b, s[c[3]!]!, e[c[3]!]!);
      if (r < 0 || text(1) !== "new_amount" || text(2) !== String(year) || base !== base) {
        throw new Error(`${path}:${line}: the baseline reads only annual new_amount targets of reps for ${year}`);
      }
      annual[r] = base;
    },
  );
  return annual;
}

/**
 * Reads a W1 CSV folder into typed arrays.
 * @example
 * const tables = loadBaselineTables("bench/.data/w1/csv");
 */
export function loadBaselineTables(dir: string, year = 2026): BaselineTables {
  const repIds = loadReps(dir);
  const ids = new IdIndex(repIds);
  return {
    year,
    repIds,
    deals: loadDeals(dir, ids, year),
    visits: loadVisits(dir, ids, year),
    annualTarget: loadTargets(dir, ids, repIds.length, year),
  };
}

// ---------------------------------------------------------------- evaluate

/** Quarter weights of W1's target (20% 25% 25% 30%), as integers. */
const QUARTER_WEIGHTS = [20, 25, 25, 30];
const MONTH_WEIGHTS = [1, 1, 1];

/**
 * Largest-remainder split of an integer total by integer weights into
 * `out[off..off+weights.length)`: floors first, then one extra unit each to the
 * largest remainders, ties to the earlier share.
 * @example
 * const out = new Float64Array(4); splitInto(60_007_919, [20, 25, 25, 30], out, 0); // 12001584, 15001980, 15001980, 18002375
 */
export function splitInto(total: number, weights: readonly number[], out: Float64Array, off: number): void {
  let sum = 0;
  for (const w of weights) sum += w;
  if (!Number.isSafeInteger(total * sum)) throw new RangeError(`split: ${total} is too large`);
  const rem = [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0];
  let left = total;
  for (let i = 0; i < weights.length; i++) {
    const f = Math.floor((total * weights[i]!) / sum);
    out[off + i] = f;
    rem[i] = total * weights[i]! - f * sum;
    left -= f;
  }
  for (; left > 0; left--) {
    let best = -1;
    for (let i = 0; i < weights.length; i++) if (best === -1 || rem[i]! > rem[best]!) best = i;
    out[off + best]!++;
    rem[best] = -1;
  }
}

/**
 * Splits annual targets into 12 monthly targets per rep (`out[rep × 12 + month − 1]`):
 * year → quarters 20/25/25/30 → 3 months evenly, largest remainder at each level.
 * @example
 * const m = monthlyTargets(Float64Array.of(60_007_919)); m[11]; // 6000791
 */
export function monthlyTargets(annual: Float64Array): Float64Array {
  const out = new Float64Array(annual.length * 12);
  const q = new Float64Array(4);
  for (let r = 0; r < annual.length; r++) {
    const a = annual[r]!;
    if (a !== a) {
      out.fill(NaN, r * 12, r * 12 + 12);
      continue;
    }
    splitInto(a, QUARTER_WEIGHTS, q, 0);
    for (let k = 0; k < 4; k++) splitInto(q[k]!, MONTH_WEIGHTS, out, r * 12 + k * 3);
  }
  return out;
}

/** `p / 100` rounded to an integer by the mode; `p` is an exact integer. */
function roundCentiles(p: number, rounding: BaselineRounding): number {
  const a = p < 0 ? -p : p;
  let q = Math.floor(a / 100);
  const r = a - q * 100;
  if (r > 50 || (r === 50 && (rounding === "half_up" || q % 2 === 1))) q++;
  return p < 0 ? -q : q;
}

/** Cap of the commission: 50,000.00 CNY. */
const CAP_CENTS = 5_000_000;

/**
 * Everything the baseline computes per rep-month (`k = rep × 12 + month − 1`):
 * the checksum columns plus the other metrics of W1, null as NaN.
 * @example
 * const r = evaluateBaseline(tables, "half_even"); r.conversion[0];
 */
export interface BaselineResult extends RepMonthColumns {
  newCount: Int32Array;
  visits: Int32Array;
  conversion: Float64Array;
  renewalRate: Float64Array;
  attainment: Float64Array;
}

/**
 * Evaluates W1 for the 12 months of the tables' year.
 * @example
 * computeChecksums(evaluateBaseline(loadBaselineTables(dir), "half_even")).totalPayout; // 137702614375
 */
export function evaluateBaseline(t: BaselineTables, rounding: BaselineRounding): BaselineResult {
  const n = t.repIds.length * 12;
  const cols = allocRepMonths(n);
  const { month, newAmount, payout } = cols;
  const newCount = new Int32Array(n);
  const renewWon = new Int32Array(n);
  const renewDecided = new Int32Array(n);
  const visits = new Int32Array(n);

  // One fused pass over deals: new_amount, new_count and both renewal counts.
  const d = t.deals;
  const dRep = d.rep;
  const dAmount = d.amount;
  const dStatus = d.status;
  const dKind = d.kind;
  const dMonth = d.month;
  for (let i = 0; i < d.length; i++) {
    const m = dMonth[i]!;
    if (m === 0) continue;
    const k = dRep[i]! * 12 + m - 1;
    const st = dStatus[i]!;
    if (dKind[i] === NEW) {
      if (st === WON) {
        newAmount[k]! += dAmount[i]!;
        newCount[k]!++;
      }
    } else if (st === WON) {
      renewWon[k]!++;
      renewDecided[k]!++;
    } else if (st === LOST) renewDecided[k]!++;
  }

  // One pass over visits.
  const v = t.visits;
  const vRep = v.rep;
  const vMonth = v.month;
  for (let i = 0; i < v.length; i++) {
    const m = vMonth[i]!;
    if (m !== 0) visits[vRep[i]! * 12 + m - 1]!++;
  }

  const target = monthlyTargets(t.annualTarget);
  cols.target = target;
  const conversion = new Float64Array(n);
  const renewalRate = new Float64Array(n);
  const attainment = new Float64Array(n);
  for (let k = 0; k < n; k++) {
    month[k] = (k % 12) + 1;
    const amt = newAmount[k]!;
    conversion[k] = visits[k] === 0 ? NaN : newCount[k]! / visits[k]!;
    const decided = renewDecided[k]!;
    renewalRate[k] = decided === 0 ? NaN : renewWon[k]! / decided;
    const tg = target[k]!;
    attainment[k] = tg === 0 || tg !== tg ? NaN : amt / tg;
    // gate: renewal_rate >= 50% or renewal_rate is null
    if (decided !== 0 && 2 * renewWon[k]! < decided) continue;
    if (tg === 0 || tg !== tg) continue; // attainment is null: no tier reached
    // Tiers on attainment = amt / tg, compared exactly: amt/tg >= a/b ⇔ amt·b >= a·tg (tg > 0).
    const s = tg > 0 ? 1 : -1;
    const rate = s * amt * 5 >= s * 6 * tg ? 8 : s * amt >= s * tg ? 5 : s * amt * 5 >= s * 4 * tg ? 3 : 0;
    if (rate === 0) continue;
    const p = roundCentiles(amt * rate, rounding);
    payout[k] = p > CAP_CENTS ? CAP_CENTS : p;
  }
  return { ...cols, newCount, visits, conversion, renewalRate, attainment };
}

// ---------------------------------------------------------------- run

/**
 * What `runBaseline` measured. `evalMs` is the median of `evalRunsMs`; it
 * covers `evaluateBaseline` only, not reducing its result to checksums.
 * @example
 * const r = runBaseline("bench/.data/w1/csv"); console.log(r.loadMs, r.evalMs, r.checksums.totalPayout);
 */
export interface BaselineRun {
  loadMs: number;
  /** The first evaluation after the load (the JIT cold), timed apart. */
  coldMs: number;
  evalMs: number;
  evalRunsMs: number[];
  checksums: W1Checksums;
  /** With `alsoHalfUp`: the checksums of one more (untimed) evaluation rounding half-up. */
  halfUpChecksums?: W1Checksums;
}

/**
 * Options of `runBaseline`.
 * @example
 * runBaseline(dir, { runs: 5, rounding: "half_up" });
 */
export interface BaselineOptions {
  /** Evaluations to time after the warm-up (default 1); the checksums are those of the last. */
  runs?: number;
  /** Evaluations before the timed ones (default 0): the first is reported as `coldMs`. */
  warmup?: number;
  rounding?: BaselineRounding;
  year?: number;
  /** Also evaluate once rounding half-up, on the same load (W1.md: 61 cents more). */
  alsoHalfUp?: boolean;
}

/**
 * Loads a W1 CSV folder and evaluates it, timing the two apart.
 * @example
 * const { loadMs, evalMs, checksums } = runBaseline("bench/.data/w1/csv");
 */
export function runBaseline(dir: string, options: BaselineOptions = {}): BaselineRun {
  const t0 = performance.now();
  const tables = loadBaselineTables(dir, options.year);
  const loadMs = performance.now() - t0;
  let checksums: W1Checksums | undefined;
  const times = timeRuns(options, () => evaluateBaseline(tables, options.rounding ?? "half_even"), (result) => (checksums = computeChecksums(result)));
  const run: BaselineRun = { loadMs, ...times, checksums: checksums! };
  if (options.alsoHalfUp) run.halfUpChecksums = computeChecksums(evaluateBaseline(tables, "half_up"));
  return run;
}

/**
 * The W1 data generator (shared/bench/W1.md): one mulberry32 stream, seed 42,
 * drawn in the order W1.md fixes — every deal's rep, amount, status, kind and
 * month, then every visit's rep and month — written as a dataset folder in the
 * project's folder format (DESIGN.md "Interfaces"; engine/dataset/) twice:
 * `csv/` (`entities.csv`, `deals.csv`, `visits.csv`, `targets.csv`) and
 * `ndjson/` (the same entities and targets, with `deals.ndjson` and
 * `visits.ndjson`), so the loader can be measured both ways.
 *
 * Choices W1.md leaves open: a record's date is the 15th of its month (a
 * fixed day draws nothing, so the stream stays as W1.md describes); ids are
 * `t0..t99` for teams and `r0..r9999` for reps; each rep's annual target is a
 * `targets.csv` row for period `2026` with an empty challenge. The folder is
 * written beside its final place and renamed into it when complete, so an
 * interrupted run never leaves a dataset that looks finished; a manifest
 * (`w1.json`) records the parameters, and a folder whose manifest matches is
 * reused unless `--force`.
 *
 * Run: `npx tsx bench/w1-data.ts [--force] [--out DIR] [--reps N --teams N --deals N --visits N]`.
 * @module
 */
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, renameSync, rmSync, writeFileSync, writeSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

/**
 * The size of a W1 dataset. W1 itself is `W1_FULL`; tests use smaller ones.
 * @example
 * const small: W1Params = { ...W1_FULL, reps: 100, deals: 10_000, visits: 20_000 };
 */
export interface W1Params {
  reps: number;
  teams: number;
  deals: number;
  visits: number;
  seed: number;
  year: number;
}

/**
 * The workload exactly as W1.md specifies it.
 * @example
 * generateW1("bench/.data/w1", W1_FULL);
 */
export const W1_FULL: Readonly<W1Params> = Object.freeze({ reps: 10_000, teams: 100, deals: 1_000_000, visits: 2_000_000, seed: 42, year: 2026 });

/** The day of the month every generated record is dated (drawing a day would change the stream). */
export const W1_DAY = 15;

/** Draws per deal (rep, amount, status, kind, month); visits start after `deals × DRAWS_PER_DEAL` draws. */
export const DRAWS_PER_DEAL = 5;

/** Deal status codes, in the order the status draw tests them. */
export const STATUS = ["won", "lost", "open"] as const;
/** Deal kind codes. */
export const KIND = ["new", "renewal"] as const;

/**
 * The standard mulberry32 generator: each call returns the next draw in [0, 1).
 * @example
 * const u = mulberry32(42);
 * Math.floor(u() * 10_000); // 6011, the first deal's rep
 */
export function mulberry32(seed: number): () => number {
  let a = seed | 0;
  return function next(): number {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * One deal as drawn: rep index, amount in cents, status and kind codes (indexes of `STATUS`, `KIND`), month 1..12.
 * @example
 * const d: W1Deal = { rep: 6011, amountCents: 9_020_982, status: 2, kind: 0, month: 3 };
 */
export interface W1Deal {
  rep: number;
  amountCents: number;
  status: number;
  kind: number;
  month: number;
}

/**
 * Draws the next deal; exactly `DRAWS_PER_DEAL` draws, in W1.md's order.
 * @example
 * drawDeal(mulberry32(42), 10_000); // { rep: 6011, amountCents: 9020982, status: 2, kind: 0, month: 3 }
 */
export function drawDeal(u: () => number, reps: number): W1Deal {
  const rep = Math.floor(u() * reps);
  const amountCents = 100_000 + Math.floor(u() * 19_900_001);
  const s = u();
  const status = s < 0.3 ? 0 : s < 0.6 ? 1 : 2;
  const kind = u() < 0.8 ? 0 : 1;
  const month = 1 + Math.floor(u() * 12);
  return { rep, amountCents, status, kind, month };
}

/**
 * Draws the next visit: rep index and month 1..12 (two draws).
 * @example
 * const u = mulberry32(42); for (let i = 0; i < 5_000_000; i++) u();
 * drawVisit(u, 10_000); // { rep: 1849, month: 10 }
 */
export function drawVisit(u: () => number, reps: number): { rep: number; month: number } {
  const rep = Math.floor(u() * reps);
  return { rep, month: 1 + Math.floor(u() * 12) };
}

/**
 * A deal in W1.md's notation, `rep,amount_cents,status,kind,month`.
 * @example
 * formatW1Deal({ rep: 6011, amountCents: 9020982, status: 2, kind: 0, month: 3 }); // "6011,9020982,open,new,3"
 */
export function formatW1Deal(d: W1Deal): string {
  return `${d.rep},${d.amountCents},${STATUS[d.status]},${KIND[d.kind]},${d.month}`;
}

/**
 * Rep `i`'s annual target in cents: 60,000,000 + (i × 7919 mod 40,000,000).
 * @example
 * annualTargetCents(1); // 60007919
 */
export function annualTargetCents(i: number): number {
  return 60_000_000 + ((i * 7919) % 40_000_000);
}

/**
 * Money text with 2 decimals from non-negative cents, without floating point.
 * @example
 * centsText(9020982); // "90209.82"
 */
export function centsText(cents: number): string {
  const r = cents % 100;
  return `${(cents - r) / 100}.${r < 10 ? "0" : ""}${r}`;
}

/**
 * The id of rep `i`.
 * @example
 * repId(6011); // "r6011"
 */
export const repId = (i: number): string => `r${i}`;
/**
 * The id of team `i`.
 * @example
 * teamId(11); // "t11"
 */
export const teamId = (i: number): string => `t${i}`;

/**
 * Appends text to a file through a large buffer: one `writeSync` per ~1 MB, so
 * writing 3 million lines costs a few hundred system calls, not millions.
 */
class BufferedFile {
  private readonly fd: number;
  private parts: string[] = [];
  private size = 0;
  constructor(path: string) {
    this.fd = openSync(path, "w");
  }
  write(text: string): void {
    this.parts.push(text);
    this.size += text.length;
    if (this.size >= 1 << 20) this.flush();
  }
  private flush(): void {
    if (this.parts.length > 0) writeSync(this.fd, this.parts.join(""));
    this.parts = [];
    this.size = 0;
  }
  close(): void {
    this.flush();
    closeSync(this.fd);
  }
}

/**
 * What a generation run did.
 * @example
 * const r = generateW1("bench/.data/w1"); console.log(r.generated ? `${r.ms} ms` : "reused");
 */
export interface W1Generation {
  /** The CSV folder (`ROOT/csv`) and the NDJSON folder (`ROOT/ndjson`). */
  csv: string;
  ndjson: string;
  /** False when a complete dataset with the same parameters was already there. */
  generated: boolean;
  ms: number;
  /** The first deal and visit in W1.md's notation (`6011,9020982,open,new,3`, `1849,10`). */
  firstDeal: string;
  firstVisit: string;
}

interface Manifest {
  params: W1Params;
  day: number;
  firstDeal: string;
  firstVisit: string;
}

const sameParams = (a: W1Params, b: W1Params): boolean =>
  a.reps === b.reps && a.teams === b.teams && a.deals === b.deals && a.visits === b.visits && a.seed === b.seed && a.year === b.year;

function readManifest(root: string): Manifest | undefined {
  try {
    return JSON.parse(readFileSync(join(root, "w1.json"), "utf8")) as Manifest;
  } catch {
    return undefined;
  }
}

function writeEntitiesAndTargets(dirs: readonly string[], p: W1Params): void {
  const entities: string[] = ["id,kind,name,parent,start,end\n"];
  for (let t = 0; t < p.teams; t++) entities.push(`${teamId(t)},team,Team ${t},,,\n`);
  for (let i = 0; i < p.reps; i++) entities.push(`${repId(i)},rep,Rep ${i},${teamId(i % p.teams)},,\n`);
  const targets: string[] = ["entity,metric,period,base,challenge\n"];
  for (let i = 0; i < p.reps; i++) targets.push(`${repId(i)},new_amount,${p.year},${centsText(annualTargetCents(i))},\n`);
  for (const dir of dirs) {
    writeFileSync(join(dir, "entities.csv"), entities.join(""));
    writeFileSync(join(dir, "targets.csv"), targets.join(""));
  }
}

/**
 * Writes the W1 dataset under `root` (`root/csv`, `root/ndjson`, `root/w1.json`)
 * unless a complete one with the same parameters is there; `force` rewrites it.
 * Deals and visits go to CSV and NDJSON in the same pass over the stream.
 * @example
 * const r = generateW1("bench/.data/w1", W1_FULL);
 * r.firstDeal; // "6011,9020982,open,new,3"
 */
export function generateW1(root: string, params: W1Params = W1_FULL, force = false): W1Generation {
  const csv = join(root, "csv");
  const ndjson = join(root, "ndjson");
  const old = readManifest(root);
  if (!force && old && sameParams(old.params, params) && old.day === W1_DAY && existsSync(csv) && existsSync(ndjson)) {
    return { csv, ndjson, generated: false, ms: 0, firstDeal: old.firstDeal, firstVisit: old.firstVisit };
  }
  const t0 = performance.now();
  const tmp = `${root}.partial-${process.pid}`;
  rmSync(tmp, { recursive: true, force: true });
  const tmpCsv = join(tmp, "csv");
  const tmpNd = join(tmp, "ndjson");
  mkdirSync(tmpCsv, { recursive: true });
  mkdirSync(tmpNd, { recursive: true });
  writeEntitiesAndTargets([tmpCsv, tmpNd], params);

  const y = String(params.year);
  // Date text and rep ids are built once, not per record.
  const dates = Array.from({ length: 13 }, (_, m) => `${y}-${m < 10 ? "0" : ""}${m}-${W1_DAY}`);
  const reps = Array.from({ length: params.reps }, (_, i) => repId(i));
  const u = mulberry32(params.seed);
  let firstDeal = "";
  let firstVisit = "";

  const dealsCsv = new BufferedFile(join(tmpCsv, "deals.csv"));
  const dealsNd = new BufferedFile(join(tmpNd, "deals.ndjson"));
  dealsCsv.write("rep,amount,status,kind,closed_on\n");
  for (let r = 0; r < params.deals; r++) {
    const d = drawDeal(u, params.reps);
    if (r === 0) firstDeal = formatW1Deal(d);
    const rep = reps[d.rep]!;
    const amount = centsText(d.amountCents);
    const status = STATUS[d.status]!;
    const kind = KIND[d.kind]!;
    const date = dates[d.month]!;
    dealsCsv.write(`${rep},${amount},${status},${kind},${date}\n`);
    dealsNd.write(`{"rep":"${rep}","amount":"${amount}","status":"${status}","kind":"${kind}","closed_on":"${date}"}\n`);
  }
  dealsCsv.close();
  dealsNd.close();

  const visitsCsv = new BufferedFile(join(tmpCsv, "visits.csv"));
  const visitsNd = new BufferedFile(join(tmpNd, "visits.ndjson"));
  visitsCsv.write("rep,visited_on\n");
  for (let r = 0; r < params.visits; r++) {
    const v = drawVisit(u, params.reps);
    if (r === 0) firstVisit = `${v.rep},${v.month}`;
    const rep = reps[v.rep]!;
    const date = dates[v.month]!;
    visitsCsv.write(`${rep},${date}\n`);
    visitsNd.write(`{"rep":"${rep}","visited_on":"${date}"}\n`);
  }
  visitsCsv.close();
  visitsNd.close();

  const manifest: Manifest = { params: { ...params }, day: W1_DAY, firstDeal, firstVisit };
  writeFileSync(join(tmp, "w1.json"), `${JSON.stringify(manifest, null, 2)}\n`);
  rmSync(root, { recursive: true, force: true });
  mkdirSync(dirname(root), { recursive: true });
  renameSync(tmp, root);
  return { csv, ndjson, generated: true, ms: performance.now() - t0, firstDeal, firstVisit };
}

/**
 * The default place of the W1 data: `bench/.data/w1` (gitignored).
 * @example
 * generateW1(W1_DATA_ROOT);
 */
export const W1_DATA_ROOT = fileURLToPath(new URL("./.data/w1", import.meta.url));

function parseArgs(argv: readonly string[]): { root: string; params: W1Params; force: boolean } {
  const params: W1Params = { ...W1_FULL };
  let root = W1_DATA_ROOT;
  let force = false;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const value = (): string => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${a} needs a value`);
      return v;
    };
    const count = (): number => {
      const v = value();
      const n = Number(v);
      if (!Number.isSafeInteger(n) || n < 1) throw new Error(`${a}: ${JSON.stringify(v)} is not a positive whole number`);
      return n;
    };
    if (a === "--force") force = true;
    else if (a === "--out") root = resolve(value());
    else if (a === "--reps") params.reps = count();
    else if (a === "--teams") params.teams = count();
    else if (a === "--deals") params.deals = count();
    else if (a === "--visits") params.visits = count();
    else throw new Error(`unknown option ${a}; options: --force --out DIR --reps N --teams N --deals N --visits N`);
  }
  return { root, params, force };
}

function main(): void {
  let args: ReturnType<typeof parseArgs>;
  try {
    args = parseArgs(process.argv.slice(2));
  } catch (err) {
    console.error(`w1-data: ${(err as Error).message}`);
    process.exitCode = 2;
    return;
  }
  const r = generateW1(args.root, args.params, args.force);
  console.log(r.generated ? `generated ${args.root} in ${(r.ms / 1000).toFixed(1)} s` : `reused ${args.root} (--force to regenerate)`);
  console.log(`first deal  ${r.firstDeal}   (W1.md: 6011,9020982,open,new,3)`);
  console.log(`first visit ${r.firstVisit}   (W1.md: 1849,10)`);
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) main();

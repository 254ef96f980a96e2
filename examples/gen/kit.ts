/**
 * The toolkit of the example-data generators (`npm run examples:data`): a
 * seeded random source, calendar helpers with seasonality, an organisation
 * builder (teams and reps with start dates) and CSV text. Everything is
 * deterministic: the same seed writes byte-identical files, so the committed
 * datasets can be checked against a fresh run (test/examples/data.test.ts).
 * Money is produced as integer cents and written as decimal text, never
 * through floating-point formatting.
 * @module
 */
import { formatMoney } from "../../engine/money.js";

/**
 * A small, fast, seeded generator (mulberry32). Not for cryptography; its only
 * job is to give the same stream for the same seed on every machine.
 * @example
 * const rng = new Rng(2026);
 * rng.int(1, 6); // a die roll, the same on every run
 */
export class Rng {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /** A float in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** An integer in [lo, hi], both inclusive. */
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.next() * (hi - lo + 1));
  }

  /** True with probability `p`. */
  chance(p: number): boolean {
    return this.next() < p;
  }

  /** One element of a non-empty list. */
  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)]!;
  }

  /** One element, chosen with the given non-negative weights. */
  weighted<T>(items: readonly T[], weights: readonly number[]): T {
    const total = weights.reduce((a, b) => a + b, 0);
    let r = this.next() * total;
    for (let i = 0; i < items.length; i++) {
      r -= weights[i]!;
      if (r < 0) return items[i]!;
    }
    return items[items.length - 1]!;
  }

  /** A normally distributed number (Box–Muller). */
  normal(mean: number, sd: number): number {
    const u = 1 - this.next();
    const v = this.next();
    return mean + sd * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }

  /** A Poisson-distributed count (Knuth; fine for the small means used here). */
  poisson(mean: number): number {
    if (mean <= 0) return 0;
    if (mean > 30) return Math.max(0, Math.round(this.normal(mean, Math.sqrt(mean))));
    const limit = Math.exp(-mean);
    let k = 0;
    let p = this.next();
    while (p > limit) {
      k++;
      p *= this.next();
    }
    return k;
  }

  /**
   * A positive amount in cents, log-normally spread around `median` (in
   * currency units) and rounded to `step` units — deals are quoted in round
   * figures.
   */
  amountCents(median: number, spread: number, step = 100): number {
    const units = Math.exp(this.normal(Math.log(median), spread));
    return Math.max(step, Math.round(units / step) * step) * 100;
  }
}

/**
 * Seasonality multipliers by month (index 0 = January), averaging about 1.
 * `SEASONS.b2b` has the quarter-end push and a slow January/February
 * (Chinese New Year); `SEASONS.retail` peaks in June (618) and November
 * (Double 11); `SEASONS.education` peaks before the spring and autumn terms.
 * @example
 * SEASONS.retail[10]; // November, the biggest month
 */
export const SEASONS = {
  b2b: [0.7, 0.6, 1.15, 0.9, 0.95, 1.25, 0.9, 0.85, 1.2, 0.95, 1.05, 1.5],
  retail: [0.9, 0.7, 0.85, 0.85, 0.95, 1.45, 0.9, 0.85, 0.9, 0.95, 1.8, 0.9],
  education: [0.9, 1.3, 1.2, 0.8, 0.75, 1.0, 1.35, 1.4, 1.0, 0.8, 0.75, 0.75],
  fmcg: [1.3, 1.25, 0.85, 0.9, 0.9, 1.0, 0.95, 0.95, 1.1, 1.05, 0.85, 0.9],
} as const satisfies Record<string, readonly number[]>;

/**
 * Every date of a calendar year as `YYYY-MM-DD`, with its month index.
 * @example
 * daysOf(2026)[0]; // { date: "2026-01-01", month: 0, day: 1, weekday: 4 }
 */
export function daysOf(year: number): { date: string; month: number; day: number; weekday: number; daysInMonth: number }[] {
  const out: { date: string; month: number; day: number; weekday: number; daysInMonth: number }[] = [];
  for (let t = Date.UTC(year, 0, 1); new Date(t).getUTCFullYear() === year; t += 86_400_000) {
    const d = new Date(t);
    const month = d.getUTCMonth();
    out.push({ date: d.toISOString().slice(0, 10), month, day: d.getUTCDate(), weekday: d.getUTCDay(), daysInMonth: new Date(Date.UTC(year, month + 1, 0)).getUTCDate() });
  }
  return out;
}

/**
 * A date `days` after an ISO date (negative goes back).
 * @example
 * addDays("2026-01-30", 3); // "2026-02-02"
 */
export function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

/**
 * Cents as the decimal text the dataset loader reads (`123456` → `"1234.56"`):
 * the engine's own `formatMoney`, which refuses anything but whole cents.
 * @example
 * money(-5); // "-0.05"
 */
export const money = (cents: number): string => formatMoney(cents, 2);

/** A cell value: written as is, quoted when it has a comma, quote or line break. */
export type Cell = string | number | boolean | null | undefined;

/**
 * CSV text with a header line, `\n` line ends and RFC 4180 quoting; null and
 * undefined are empty cells.
 * @example
 * csv(["id", "name"], [["a", "Smith, J"]]); // 'id,name\na,"Smith, J"\n'
 */
export function csv(header: readonly string[], rows: readonly (readonly Cell[])[]): string {
  const cell = (v: Cell): string => {
    if (v === null || v === undefined) return "";
    const s = String(v);
    return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  };
  return [header, ...rows].map((r) => r.map(cell).join(",")).join("\n") + "\n";
}

/** One row of `entities.csv`. */
export interface EntityRow {
  id: string;
  kind: string;
  name: string;
  parent: string;
  start: string;
  end: string;
  /** Extra columns (attributes such as `region`), in the order given. */
  attrs: Record<string, string>;
}

/** A rep of a generated organisation, with the traits the generators draw from. */
export interface Rep {
  id: string;
  name: string;
  team: string;
  /** First active day; reps hired in the data year start mid-year. */
  start: string;
  /** Last active day, or "" while employed. */
  end: string;
  /** A multiplier around 1: how productive the rep is. */
  skill: number;
}

/** A generated organisation: teams under the root and reps under teams. */
export interface Org {
  teams: { id: string; name: string; attrs: Record<string, string> }[];
  reps: Rep[];
}

const SURNAMES = ["王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "马", "朱", "胡", "郭", "何", "林", "罗", "高"];
const GIVEN = ["伟", "芳", "娜", "敏", "静", "磊", "强", "洋", "艳", "勇", "军", "杰", "娟", "涛", "明", "超", "秀英", "霞", "平", "刚", "桂英", "鹏", "辉", "玲", "丹"];

/**
 * Builds teams and reps: `repsPerTeam` reps per team, most hired before the
 * data year, a few hired during it (prorated targets), and one who leaves.
 * Rep ids are `r001`…; names are drawn without repeats.
 * @example
 * const org = makeOrg(new Rng(1), [{ id: "east", name: "华东", attrs: { region: "east" } }], 8, 2026);
 */
export function makeOrg(rng: Rng, teams: Org["teams"], repsPerTeam: number, year: number): Org {
  const reps: Rep[] = [];
  const used = new Set<string>();
  let n = 0;
  for (const team of teams) {
    for (let i = 0; i < repsPerTeam; i++) {
      n++;
      let name = "";
      do name = rng.pick(SURNAMES) + rng.pick(GIVEN);
      while (used.has(name));
      used.add(name);
      const hiredThisYear = i === repsPerTeam - 1 && n % 2 === 0;
      const start = hiredThisYear
        ? `${year}-${String(rng.int(3, 9)).padStart(2, "0")}-${String(rng.int(1, 28)).padStart(2, "0")}`
        : `${year - rng.int(1, 5)}-${String(rng.int(1, 12)).padStart(2, "0")}-01`;
      reps.push({ id: `r${String(n).padStart(3, "0")}`, name, team: team.id, start, end: "", skill: Math.max(0.4, rng.normal(1, 0.25)) });
    }
  }
  // One rep leaves in the autumn: their targets prorate and their records stop.
  const leaver = reps[Math.floor(reps.length / 3)]!;
  leaver.end = `${year}-10-15`;
  return { teams, reps };
}

/**
 * `entities.csv` for an organisation: teams (parent empty, under the root
 * `all`) then reps; extra attribute columns come from the teams' attrs.
 * @example
 * files["entities.csv"] = entitiesCsv(org);
 */
export function entitiesCsv(org: Org, teamKind = "team", repKind = "rep"): string {
  const attrNames = [...new Set(org.teams.flatMap((t) => Object.keys(t.attrs)))];
  const rows: Cell[][] = [];
  for (const t of org.teams) rows.push([t.id, teamKind, t.name, "", "", "", ...attrNames.map((a) => t.attrs[a] ?? "")]);
  for (const r of org.reps) {
    const team = org.teams.find((t) => t.id === r.team)!;
    rows.push([r.id, repKind, r.name, r.team, r.start, r.end, ...attrNames.map((a) => team.attrs[a] ?? "")]);
  }
  return csv(["id", "kind", "name", "parent", "start", "end", ...attrNames], rows);
}

/**
 * Whether a rep is employed on a date.
 * @example
 * if (!activeOn(rep, day.date)) continue;
 */
export function activeOn(rep: Rep, date: string): boolean {
  return date >= rep.start && (rep.end === "" || date <= rep.end);
}

/**
 * A dataset generator: a name (the examples/ folder it writes into) and a
 * function returning the dataset's files by name. It must be deterministic.
 */
export interface Generator {
  /** The folder under examples/, e.g. `saas`. */
  folder: string;
  /** File name (e.g. `deals.csv`) → full text. */
  generate(): Record<string, string>;
}

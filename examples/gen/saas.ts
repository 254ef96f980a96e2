/**
 * The saas example dataset (examples/saas/dataset/): a B2B SaaS vendor with
 * four regional teams of eight reps, calendar year 2026 (and the 2025 deals
 * that `last_year` and `split by history` read).
 *
 * The model: each rep works a daily stream of leads; some become
 * opportunities, which get follow-ups, quotes and finally a won or lost new
 * contract. Every won customer renews (or churns) a year later and buys
 * add-ons in between; customers answer NPS surveys. Volumes follow the b2b
 * season (quarter-end push, slow Chinese New Year) and the rep's skill; new
 * hires ramp up over their first three months.
 *
 * Planted outliers, each pinned by test/examples/saas.test.ts:
 * - `HUGE_DEAL_REP` signs one group-wide contract of 3,800,000.00 in June 2026;
 * - `IDLE_REP` has no activity at all in June 2026 (on leave);
 * - `PADDING_REP` books ten small add-on orders from one customer in the last
 *   three days of March and of June 2026 (the order-padding alert);
 * - `EXPO_REP` is handed 150 unqualified trade-show leads on 2026-06-13, so
 *   that month's lead-to-signed conversion falls (the conversion alert).
 * @module
 */
import { Rng, SEASONS, activeOn, addDays, csv, daysOf, entitiesCsv, makeOrg, money, type Cell, type Generator, type Org, type Rep } from "./kit.js";

const YEAR = 2026;
const SEED = 20_260_401;

/** The rep who signs the huge June deal (a senior of 华东). */
export const HUGE_DEAL_REP = "r002";
/** The rep with no activity in June 2026. */
export const IDLE_REP = "r012";
/** The rep whose June (and March) month-end orders are padded. */
export const PADDING_REP = "r021";
/** The rep handed a trade-show lead list in June 2026: conversion falls. */
export const EXPO_REP = "r027";

const TEAMS: Org["teams"] = [
  { id: "east", name: "华东大区", attrs: { region: "华东", potential: "30" } },
  { id: "north", name: "华北大区", attrs: { region: "华北", potential: "28" } },
  { id: "south", name: "华南大区", attrs: { region: "华南", potential: "24" } },
  { id: "west", name: "西部大区", attrs: { region: "西部", potential: "18" } },
];
const CHANNELS = ["inbound", "outbound", "referral", "event"] as const;
const CHANNEL_WEIGHTS = [45, 30, 15, 10];
const INDUSTRIES = ["manufacturing", "retail", "finance", "education", "healthcare", "internet"] as const;
const INDUSTRY_WEIGHTS = [30, 20, 15, 10, 10, 15];
const METHODS = ["call", "visit", "demo"] as const;
const METHOD_WEIGHTS = [55, 25, 20];

/** Monthly leads of a fully ramped rep of skill 1 in an average month. */
const LEADS_PER_MONTH = 40;

interface Deal {
  rep: string;
  closed_on: string;
  customer: string;
  kind: "new" | "renewal" | "expansion";
  status: "won" | "lost";
  amount: number;
  cost: number;
  days: number;
}

/** A customer a rep holds, with the annual value and the date it renews. */
interface Account {
  id: string;
  acv: number;
  renewsOn: string;
}

/** The rep's productivity factor on a date: 0 before start, ramping over the first three months. */
function ramp(rep: Rep, date: string): number {
  if (!activeOn(rep, date)) return 0;
  const months = (Date.parse(date) - Date.parse(rep.start)) / (30.4 * 86_400_000);
  return months < 1 ? 0.3 : months < 2 ? 0.6 : months < 3 ? 0.85 : 1;
}

/** Rounds cents to whole `step` currency units. */
function roundCents(cents: number, step: number): number {
  return Math.max(step, Math.round(cents / 100 / step) * step) * 100;
}

/** The `YYYY-MM` month of an ISO date. */
function ym(date: string): string {
  return date.slice(0, 7);
}

/** The saas generator. */
export const generator: Generator = {
  folder: "saas",
  generate() {
    const rng = new Rng(SEED);
    const org = makeOrg(rng, TEAMS, 8, YEAR);
    // Service quality drives renewals, NPS and satisfaction; it is only loosely tied to selling skill.
    const service = new Map(org.reps.map((r) => [r.id, Math.min(1.35, Math.max(0.7, rng.normal(1, 0.12) + 0.2 * (r.skill - 1)))]));
    const days = [...daysOf(YEAR - 1), ...daysOf(YEAR)];
    const leads: Cell[][] = [];
    const opportunities: Cell[][] = [];
    const followups: Cell[][] = [];
    const quotes: Cell[][] = [];
    const deals: Deal[] = [];
    const surveys: Cell[][] = [];
    const csatByRepMonth = new Map<string, number>();
    let nCustomer = 0;
    let nOpportunity = 0;
    const newCustomer = (): string => `c${String(++nCustomer).padStart(5, "0")}`;
    const inData = (date: string): boolean => date.startsWith(String(YEAR));
    const inRange = (date: string): boolean => date >= `${YEAR - 1}-01-01` && date <= `${YEAR}-12-31`;

    org.reps.forEach((rep, index) => {
      const r = new Rng(SEED + 7919 * (index + 1));
      const skill = rep.skill;
      const svc = service.get(rep.id)!;
      const renewP = Math.min(0.97, Math.max(0.6, 0.84 + 0.35 * (svc - 1)));
      const active = (date: string): boolean => activeOn(rep, date) && !(rep.id === IDLE_REP && ym(date) === `${YEAR}-06`);
      // The book of customers a rep inherits from before 2025 (none for reps hired since).
      const book: Account[] = [];
      if (rep.start < `${YEAR - 1}-01-01`) {
        const size = Math.round(16 * skill + r.int(0, 6));
        for (let i = 0; i < size; i++) {
          book.push({ id: newCustomer(), acv: r.amountCents(60_000, 0.6, 1_000), renewsOn: addDays(`${YEAR - 1}-01-01`, r.int(0, 364)) });
        }
      }
      const pushDeal = (d: Deal): void => {
        if (inRange(d.closed_on) && active(d.closed_on)) deals.push(d);
      };

      for (const day of days) {
        if (!active(day.date)) continue;
        const f = ramp(rep, day.date) * SEASONS.b2b[day.month]!;
        // New business is worked ahead of the close: leads follow the season of the month they will close in.
        const fLeads = ramp(rep, day.date) * SEASONS.b2b[new Date(`${addDays(day.date, 40)}T00:00:00Z`).getUTCMonth()]!;
        const workday = day.weekday >= 1 && day.weekday <= 5;

        // Renewals fall due on their anniversary; the rep who holds the account handles them.
        for (let i = book.length - 1; i >= 0; i--) {
          const a = book[i]!;
          if (a.renewsOn !== day.date) continue;
          const won = r.chance(renewP);
          const amount = won ? roundCents(a.acv * (1 + r.int(0, 8) / 100), 100) : a.acv;
          pushDeal({ rep: rep.id, closed_on: day.date, customer: a.id, kind: "renewal", status: won ? "won" : "lost", amount, cost: won ? roundCents(amount * (0.12 + r.next() * 0.08), 1) : 0, days: r.int(10, 40) });
          if (won) {
            a.acv = amount;
            a.renewsOn = addDays(day.date, 365);
          } else book.splice(i, 1);
        }
        if (!workday) continue;

        // Add-on seats and modules from the existing book.
        if (book.length > 0 && r.chance((book.length * 0.035 * f) / 21)) {
          const a = r.pick(book);
          const amount = r.amountCents(15_000, 0.6, 100);
          pushDeal({ rep: rep.id, closed_on: day.date, customer: a.id, kind: "expansion", status: "won", amount, cost: roundCents(amount * (0.05 + r.next() * 0.1), 1), days: r.int(3, 20) });
        }

        // NPS answers come from customers of the book, about eight a month from a full book
        // (2026 only: the survey programme started then).
        if (inData(day.date) && book.length > 0 && r.chance((8 * f * Math.min(1, book.length / 15)) / 21)) {
          const who = r.pick(book).id;
          const promoter = Math.min(0.8, Math.max(0.15, 0.45 + 0.9 * (svc - 1)));
          const detractor = Math.min(0.45, Math.max(0.04, 0.16 - 0.6 * (svc - 1)));
          const u = r.next();
          const score = u < promoter ? r.int(9, 10) : u < promoter + detractor ? r.weighted([2, 3, 4, 5, 6], [1, 1, 2, 3, 4]) : r.int(7, 8);
          surveys.push([rep.id, day.date, who, score]);
        }

        // The funnel: leads → opportunities → follow-ups → quotes → a won or lost contract.
        const nLeads = r.poisson((LEADS_PER_MONTH * fLeads * Math.sqrt(skill)) / 21);
        for (let i = 0; i < nLeads; i++) {
          if (inData(day.date)) leads.push([rep.id, day.date, r.weighted(CHANNELS, CHANNEL_WEIGHTS)]);
          if (!r.chance(Math.min(0.5, 0.19 * Math.sqrt(skill)))) continue;
          const opened = addDays(day.date, r.int(1, 10));
          if (!active(opened) || opened > `${YEAR}-12-31`) continue;
          const opp = `o${String(++nOpportunity).padStart(6, "0")}`;
          const customer = newCustomer();
          if (inData(opened)) opportunities.push([rep.id, opened, opp, customer, r.weighted(INDUSTRIES, INDUSTRY_WEIGHTS)]);
          // Better reps close faster: the cycle is drawn around 42 days / skill.
          const cycle = Math.max(7, Math.round(r.normal(42 / Math.sqrt(skill), 12)));
          const touches = r.chance(0.9) ? 1 + r.poisson(1.6) : 0;
          const touchDays = Array.from({ length: touches }, () => r.int(1, Math.max(2, Math.round(cycle * 0.7)))).sort((a, b) => a - b);
          touchDays.forEach((d, t) => {
            const on = addDays(opened, d);
            if (inData(on) && active(on)) followups.push([rep.id, on, opp, customer, r.weighted(METHODS, METHOD_WEIGHTS), t + 1]);
          });
          if (touches === 0 || !r.chance(Math.min(0.85, 0.55 * Math.pow(skill, 0.3)))) continue;
          const quote = r.amountCents(50_000 * Math.pow(skill, 0.3), 0.55, 1_000);
          const quotedOn = addDays(opened, Math.round(cycle * 0.75));
          if (inData(quotedOn) && active(quotedOn)) quotes.push([rep.id, quotedOn, opp, customer, money(quote)]);
          const u = r.next();
          const wonP = Math.min(0.8, 0.45 * Math.sqrt(skill));
          if (u >= wonP + 0.35) continue; // no decision yet
          const closedOn = addDays(opened, cycle);
          if (u < wonP) {
            const amount = roundCents(quote * (0.85 + r.next() * 0.15), 100);
            pushDeal({ rep: rep.id, closed_on: closedOn, customer, kind: "new", status: "won", amount, cost: roundCents(amount * (0.2 + r.next() * 0.15), 1), days: cycle });
            if (active(closedOn)) book.push({ id: customer, acv: amount, renewsOn: addDays(closedOn, 365 + r.int(-20, 10)) });
          } else {
            pushDeal({ rep: rep.id, closed_on: closedOn, customer, kind: "new", status: "lost", amount: quote, cost: 0, days: cycle });
          }
        }
      }

      // Monthly satisfaction from the customer-success review (1–5, one decimal).
      for (let m = 0; m < 12; m++) {
        const month = `${YEAR}-${String(m + 1).padStart(2, "0")}`;
        const mid = `${month}-15`;
        if (!active(mid) && !active(`${month}-01`) && !active(`${month}-28`)) continue;
        csatByRepMonth.set(`${rep.id} ${month}`, Math.min(5, Math.max(2.5, Math.round((3.3 + 1.1 * svc + r.normal(0, 0.15)) * 10) / 10)));
      }
    });

    plantOutliers(deals, leads, opportunities, followups, quotes);

    const files: Record<string, string> = {};
    files["entities.csv"] = entitiesCsv(org);
    const byDateRep = (a: readonly Cell[], b: readonly Cell[]): number => String(a[1]).localeCompare(String(b[1])) || String(a[0]).localeCompare(String(b[0]));
    files["leads.csv"] = csv(["rep", "created_on", "channel"], [...leads].sort(byDateRep));
    files["opportunities.csv"] = csv(["rep", "opened_on", "opportunity", "customer", "industry"], [...opportunities].sort(byDateRep));
    files["followups.csv"] = csv(["rep", "followed_on", "opportunity", "customer", "method", "touch"], [...followups].sort(byDateRep));
    files["quotes.csv"] = csv(["rep", "quoted_on", "opportunity", "customer", "amount"], [...quotes].sort(byDateRep));
    const dealRows = deals.map((d): Cell[] => [d.rep, d.closed_on, d.customer, d.kind, d.status, money(d.amount), money(d.cost), d.days]);
    files["deals.csv"] = csv(["rep", "closed_on", "customer", "kind", "status", "amount", "cost", "days_to_close"], dealRows.sort(byDateRep));
    files["surveys.csv"] = csv(["rep", "answered_on", "customer", "score"], [...surveys].sort(byDateRep));
    files["inputs.csv"] = inputsCsv(org, csatByRepMonth);
    // A senior key-account rep carries a personal annual quota instead of the template's per-rep base.
    files["targets.csv"] = csv(["entity", "metric", "period", "base", "challenge"], [[HUGE_DEAL_REP, "new_amount", String(YEAR), "2000000.00", "2400000.00"]]);
    return files;
  },
};

/**
 * The outliers the tests and alerts look for (see the module comment). Kept
 * apart from the simulation so each stays exactly as described.
 */
function plantOutliers(deals: Deal[], leads: Cell[][], opportunities: Cell[][], followups: Cell[][], quotes: Cell[][]): void {
  // One group-wide contract, a year in the making.
  const big = "c90001";
  opportunities.push([HUGE_DEAL_REP, `${YEAR}-01-12`, "o900001", big, "manufacturing"]);
  ["01-20", "02-26", "03-18", "04-22", "05-20", "06-08"].forEach((on, t) => followups.push([HUGE_DEAL_REP, `${YEAR}-${on}`, "o900001", big, on === "03-18" ? "demo" : "visit", t + 1]));
  quotes.push([HUGE_DEAL_REP, `${YEAR}-06-10`, "o900001", big, money(420_000_000)]);
  deals.push({ rep: HUGE_DEAL_REP, closed_on: `${YEAR}-06-24`, customer: big, kind: "new", status: "won", amount: 380_000_000, cost: 125_000_000, days: 163 });
  // A trade-show badge scan: many leads, none qualified yet.
  for (let i = 0; i < 150; i++) leads.push([EXPO_REP, `${YEAR}-06-13`, "event"]);
  // Ten seat add-ons from one customer in the last three days of the month, twice.
  const padded = "c90002";
  const sizes = [198_000, 98_000, 198_000, 148_000, 98_000, 198_000, 148_000, 198_000, 98_000, 148_000];
  for (const month of ["03", "06"]) {
    const last = month === "03" ? 31 : 30;
    sizes.forEach((cents, i) => {
      deals.push({ rep: PADDING_REP, closed_on: `${YEAR}-${month}-${last - (i % 3)}`, customer: padded, kind: "expansion", status: "won", amount: cents, cost: Math.round(cents / 1000) * 100, days: 1 });
    });
  }
}

/**
 * `inputs.csv`: the satisfaction input for every rep, team and the root, per
 * month and quarter of the data year. Inputs do not roll up, so the team and
 * company values are given too (the average of their reps, as the
 * customer-success team reports them).
 */
function inputsCsv(org: Org, byRepMonth: ReadonlyMap<string, number>): string {
  const rows: Cell[][] = [];
  const months = Array.from({ length: 12 }, (_, m) => `${YEAR}-${String(m + 1).padStart(2, "0")}`);
  const periods: { period: string; months: string[] }[] = [
    ...months.map((m) => ({ period: m, months: [m] })),
    ...[0, 1, 2, 3].map((q) => ({ period: `${YEAR}-Q${q + 1}`, months: months.slice(3 * q, 3 * q + 3) })),
  ];
  const avg = (reps: readonly Rep[], ms: readonly string[]): number | null => {
    const values = reps.flatMap((r) => ms.map((m) => byRepMonth.get(`${r.id} ${m}`)).filter((v): v is number => v !== undefined));
    return values.length === 0 ? null : Math.round((values.reduce((a, b) => a + b, 0) / values.length) * 100) / 100;
  };
  for (const p of periods) {
    const all = avg(org.reps, p.months);
    if (all !== null) rows.push(["all", "csat", p.period, all]);
    for (const t of org.teams) {
      const v = avg(org.reps.filter((r) => r.team === t.id), p.months);
      if (v !== null) rows.push([t.id, "csat", p.period, v]);
    }
    for (const r of org.reps) {
      const v = avg([r], p.months);
      if (v !== null) rows.push([r.id, "csat", p.period, v]);
    }
  }
  return csv(["entity", "metric", "period", "value"], rows);
}

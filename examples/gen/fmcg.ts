/**
 * The fmcg example dataset (examples/fmcg/dataset/): a beverage and snacks
 * distributor's field sales force — 35 reps in 5 regional teams, each working
 * a territory of outlets (supermarkets, convenience stores, groceries,
 * restaurants) on a route of visits. A visit may produce an order; an outlet's
 * first ever order opens it ("first"), later ones are "repeat", as the
 * distributor's DMS marks them. Outlets churn to dormant and are won back;
 * new outlets open in the territory over the year. Two years (2025 for
 * `last_year`, `split by history` and the YoY alert, 2026 the evaluated year).
 *
 * Teams carry `region` and `potential`, a market-potential index: order sizes
 * follow it, and the startup template splits its sales plan by it.
 *
 * Files: entities.csv, orders.csv, visits.csv, surveys.csv, inputs.csv
 * (territory size, `territory_outlets`, a stock counted at each period's
 * end for reps, teams and the root: inputs do not roll up) and targets.csv
 * (one rep's lower annual sales quota).
 *
 * Planted outliers, all in 2026-06 (the golden month):
 * - r003 lands a hypermarket chain's opening order of 286,000.00 (huge deal);
 * - r020 is on sick leave: no visits, orders or surveys all month;
 * - r009 pads orders: 12 small orders (< 500) from one outlet on June 28–30.
 * @module
 */
import { activeOn, addDays, csv, daysOf, entitiesCsv, makeOrg, money, Rng, SEASONS, type Cell, type Generator, type Rep } from "./kit.js";

type Channel = "supermarket" | "convenience" | "grocery" | "catering";
type Status = "prospect" | "customer" | "dormant";

interface Outlet {
  id: string;
  channel: Channel;
  status: Status;
  /** The date listed in the territory (a store that opened), for territory size. */
  listed: string;
  /** The last order's date, or "" before the first one. */
  last: string;
  /** The day the store closed (it leaves the territory), or "" while open. */
  closed: string;
}

/** Median order in yuan and typical gross margin by channel: hypermarkets buy big at thin margins. */
const CHANNELS: Record<Channel, { share: number; median: number; margin: number }> = {
  supermarket: { share: 12, median: 3800, margin: 0.11 },
  convenience: { share: 25, median: 1200, margin: 0.17 },
  grocery: { share: 45, median: 850, margin: 0.19 },
  catering: { share: 18, median: 1400, margin: 0.22 },
};
const CHANNEL_NAMES = Object.keys(CHANNELS) as Channel[];

/** The year-on-year growth of activity: 2025 is a little quieter than 2026. */
const YEAR_FACTOR: Record<number, number> = { 2025: 0.93, 2026: 1 };

const PADDER = "r009";
const SICK = "r020";
const BIG_DEAL = "r003";
/** The rep with a lower annual quota in targets.csv. */
const LOW_QUOTA = "r031";

/** Whether an outlet is open and in the territory on a date. */
const inTerritory = (o: Outlet, date: string): boolean => o.listed <= date && (o.closed === "" || o.closed > date);

const dayNumber = (date: string): number => Date.parse(`${date}T00:00:00Z`) / 86_400_000;

/** The 2026 periods the territory input is written for (months, quarters, the year), with their first and last days. */
function periods2026(): { period: string; start: string; end: string }[] {
  const out: { period: string; start: string; end: string }[] = [];
  const monthStart = (m: number): string => (m > 12 ? "2027-01-01" : `2026-${String(m).padStart(2, "0")}-01`);
  for (let m = 1; m <= 12; m++) out.push({ period: `2026-${String(m).padStart(2, "0")}`, start: monthStart(m), end: addDays(monthStart(m + 1), -1) });
  for (let q = 1; q <= 4; q++) out.push({ period: `2026-Q${q}`, start: monthStart(q * 3 - 2), end: addDays(monthStart(q * 3 + 1), -1) });
  out.push({ period: "2026", start: "2026-01-01", end: "2026-12-31" });
  return out;
}

/** The fmcg generator. */
export const generator: Generator = {
  folder: "fmcg",
  generate() {
    const rng = new Rng(4_2026);
    const teams = [
      { id: "east", name: "华东区", attrs: { region: "华东", potential: "130" } },
      { id: "south", name: "华南区", attrs: { region: "华南", potential: "120" } },
      { id: "north", name: "华北区", attrs: { region: "华北", potential: "100" } },
      { id: "central", name: "华中区", attrs: { region: "华中", potential: "90" } },
      { id: "west", name: "西南区", attrs: { region: "西南", potential: "80" } },
    ];
    const org = makeOrg(rng, teams, 7, 2026);

    let outletSeq = 0;
    const newOutlet = (listed: string, status: Status, last: string): Outlet => {
      outletSeq++;
      const channel = rng.weighted(CHANNEL_NAMES, CHANNEL_NAMES.map((c) => CHANNELS[c].share));
      return { id: `S${String(outletSeq).padStart(5, "0")}`, channel, status, listed, last, closed: "" };
    };

    const orders: Cell[][] = [];
    const visits: Cell[][] = [];
    const surveys: Cell[][] = [];
    const inputs: Cell[][] = [];
    /** Territory size at each 2026 period end, by rep. */
    const territoryAt = new Map<string, Map<string, number>>();
    const days = [...daysOf(2025), ...daysOf(2026)];

    for (const rep of org.reps) {
      const territory = initialTerritory(rep, newOutlet, rng);
      // Richer regions buy bigger baskets: order sizes follow the team's market potential.
      const scale = Number(teams.find((t) => t.id === rep.team)!.attrs.potential) / 104;
      simulateRep(rep, scale, territory, days, rng, newOutlet, { orders, visits, surveys });
      const sizes = new Map<string, number>();
      for (const p of periods2026()) {
        // A rep who starts after the period or has left before its start has no territory then.
        if (rep.start > p.end || (rep.end !== "" && rep.end < p.start)) continue;
        sizes.set(p.period, territory.filter((o) => inTerritory(o, p.end)).length);
      }
      territoryAt.set(rep.id, sizes);
    }

    // Inputs apply exactly to the entity and period they name, so teams and the root get their own sums.
    for (const p of periods2026()) {
      let total = 0;
      for (const team of teams) {
        let sum = 0;
        for (const rep of org.reps.filter((r) => r.team === team.id)) {
          const n = territoryAt.get(rep.id)!.get(p.period);
          if (n === undefined) continue;
          inputs.push([rep.id, "territory_outlets", p.period, n]);
          sum += n;
        }
        inputs.push([team.id, "territory_outlets", p.period, sum]);
        total += sum;
      }
      inputs.push(["all", "territory_outlets", p.period, total]);
    }

    const byDate = (a: Cell[], b: Cell[]): number => (String(a[0]) < String(b[0]) ? -1 : String(a[0]) > String(b[0]) ? 1 : 0);
    // Stable sort: same-day rows keep their generation order (rep by rep).
    orders.sort(byDate);
    visits.sort(byDate);
    surveys.sort(byDate);

    return {
      "entities.csv": entitiesCsv(org),
      "orders.csv": csv(["ordered_on", "rep", "outlet", "channel", "order_type", "amount", "cost", "days_since_last"], orders),
      // Orders cover two years (last year's figures feed targets and alerts); visits and surveys only the evaluated year.
      "visits.csv": csv(["visited_on", "rep", "outlet", "ordered"], visits.filter((v) => String(v[0]) >= "2026")),
      "surveys.csv": csv(["answered_on", "rep", "outlet", "score"], surveys.filter((v) => String(v[0]) >= "2026")),
      "inputs.csv": csv(["entity", "metric", "period", "value"], inputs),
      "targets.csv": csv(["entity", "metric", "period", "base", "challenge"], [[LOW_QUOTA, "sales", "2026", money(48_000_000), money(56_000_000)]]),
    };
  },
};

/**
 * A rep's territory when the simulation starts for them: veterans own a book
 * of customers; a rep hired in 2026 takes over a thinner one (handed-over
 * accounts whose next order is a repeat) and more prospects.
 */
function initialTerritory(rep: Rep, newOutlet: (listed: string, status: Status, last: string) => Outlet, rng: Rng): Outlet[] {
  const from = rep.start > "2025-01-01" ? rep.start : "2025-01-01";
  const hired2026 = rep.start >= "2026-01-01";
  const size = rng.int(22, 32);
  const out: Outlet[] = [];
  for (let i = 0; i < size; i++) {
    const r = rng.next();
    const customerShare = hired2026 ? 0.45 : 0.7;
    const status: Status = r < customerShare ? "customer" : r < customerShare + 0.06 ? "dormant" : "prospect";
    const last = status === "prospect" ? "" : addDays(from, -rng.int(3, 40));
    out.push(newOutlet(addDays(from, -365), status, last));
  }
  return out;
}

/** Runs one rep through 2025–2026 day by day, appending rows. */
function simulateRep(
  rep: Rep,
  scale: number,
  territory: Outlet[],
  days: ReturnType<typeof daysOf>,
  rng: Rng,
  newOutlet: (listed: string, status: Status, last: string) => Outlet,
  out: { orders: Cell[][]; visits: Cell[][]; surveys: Cell[][] },
): void {
  const skill = rep.skill;
  let month = -1;
  /** Outlets visited this month: a route spreads visits over the territory before repeating one. */
  let seen = new Set<string>();
  for (const day of days) {
    const year = Number(day.date.slice(0, 4));
    if (day.day === 1) {
      month = day.month;
      seen = new Set();
      // Stores open in the territory through the year and a few close; some customers go quiet (churn).
      const opened = rng.poisson(1.0);
      for (let i = 0; i < opened; i++) territory.push(newOutlet(day.date, "prospect", ""));
      for (const o of territory) {
        if (o.closed !== "") continue;
        if (rng.chance(0.01)) o.closed = day.date;
        else if (o.status === "customer" && rng.chance(0.02)) o.status = "dormant";
      }
      if (activeOn(rep, day.date) || activeOn(rep, addDays(day.date, day.daysInMonth - 1))) surveysOfMonth(rep, territory, day, rng, out.surveys);
    }
    if (!activeOn(rep, day.date)) continue;
    // The planted outliers come first: padding does not wait for a working day (June 28 is a Sunday).
    if (day.date === "2026-06-18" && rep.id === BIG_DEAL) {
      // A hypermarket chain's opening order: a one-off that dwarfs the month.
      const o = newOutlet(day.date, "prospect", "");
      o.channel = "supermarket";
      territory.push(o);
      out.visits.push([day.date, rep.id, o.id, true]);
      out.orders.push([day.date, rep.id, o.id, o.channel, "first", money(28_600_000), money(25_454_000), null]);
      o.status = "customer";
      o.last = day.date;
    }
    if (rep.id === PADDER && day.date >= "2026-06-28" && day.date <= "2026-06-30") {
      // Padding: four small orders a day from one friendly grocery to make the month.
      const o = territory.find((x) => x.status === "customer" && x.channel === "grocery" && inTerritory(x, day.date))!;
      for (let i = 0; i < 4; i++) {
        const cents = rng.int(20, 48) * 1000;
        const since = dayNumber(day.date) - dayNumber(o.last);
        out.orders.push([day.date, rep.id, o.id, o.channel, "repeat", money(cents), money(Math.round(cents * 0.8)), since]);
        o.last = day.date;
      }
    }
    // Sundays off; the sick rep does nothing in June.
    if (day.weekday === 0 || (rep.id === SICK && day.date.startsWith("2026-06"))) continue;

    const season = SEASONS.fmcg[month]!;
    const listed = territory.filter((o) => inTerritory(o, day.date));
    // A bigger territory gets a longer route, though not proportionally.
    const mean = 2.0 * season * YEAR_FACTOR[year]! * (0.85 + 0.15 * skill) * (listed.length / 30) ** 0.7;
    const n = rng.poisson(mean);
    for (let v = 0; v < n; v++) {
      const o = rng.weighted(listed, listed.map((x) => (x.status === "customer" ? 4 : x.status === "prospect" ? 1.2 : 0.5) * (seen.has(x.id) ? 0.3 : 1)));
      seen.add(o.id);
      const p = o.status === "customer" ? Math.min(0.85, Math.max(0.4, 0.65 + 0.12 * (skill - 1))) : o.status === "prospect" ? 0.18 * skill : 0.3;
      const ordered = rng.chance(p);
      out.visits.push([day.date, rep.id, o.id, ordered]);
      if (ordered) out.orders.push(order(rep, o, day.date, season, scale, rng));
    }
  }
}

/** One order at a visit (`scale`: the region's basket size); updates the outlet's status and last order date. */
function order(rep: Rep, o: Outlet, date: string, season: number, scale: number, rng: Rng): Cell[] {
  const c = CHANNELS[o.channel];
  const first = o.status === "prospect";
  const median = c.median * (0.7 + 0.3 * season) * scale * (0.85 + 0.15 * rep.skill) * (first ? 0.6 : 1);
  const cents = rng.amountCents(median, 0.45, 10);
  // Better reps sell a richer mix: a point of margin per unit of skill.
  const margin = Math.min(0.3, Math.max(0.05, rng.normal(c.margin + 0.01 * (rep.skill - 1), 0.015)));
  const cost = Math.round(cents * (1 - margin));
  const since = first ? null : dayNumber(date) - dayNumber(o.last);
  o.status = "customer";
  o.last = date;
  return [date, rep.id, o.id, o.channel, first ? "first" : "repeat", money(cents), money(cost), since];
}

/** A few outlet-owner satisfaction surveys a month, scored 1–10, better for better reps. */
function surveysOfMonth(rep: Rep, territory: Outlet[], first: ReturnType<typeof daysOf>[number], rng: Rng, out: Cell[][]): void {
  if (rep.id === SICK && first.date.startsWith("2026-06")) return;
  const customers = territory.filter((o) => o.status === "customer" && inTerritory(o, first.date));
  const n = rng.poisson(2.5);
  for (let i = 0; i < n && customers.length > 0; i++) {
    const date = addDays(first.date, rng.int(0, first.daysInMonth - 1));
    if (!activeOn(rep, date)) continue;
    const score = Math.min(10, Math.max(1, Math.round(rng.normal(7.3 + 1.2 * (rep.skill - 1), 1.3))));
    out.push([date, rep.id, rng.pick(customers).id, score]);
  }
}

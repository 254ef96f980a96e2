/**
 * The sales-model example dataset (examples/roles/dataset/): one folder that
 * the four role templates (direct, channel, telesales, online) all read.
 * Forty reps in eight teams, two teams per sales model; each model's reps
 * leave records only in that model's sources, and every model's orders go to
 * the shared `orders` source, told apart by `channel`:
 *
 * - direct (直销): opportunities with the days to the first follow-up,
 *   follow-up records, won opportunities becoming `direct` orders, and a
 *   satisfaction survey after most contracts;
 * - channel (渠道): partners buying stock (`partner` orders, 2025 and 2026, as
 *   the template splits its plan by last year's sell-in) and shipping to
 *   outlets (`sellout`); the partner registry and the territory census are
 *   inputs (`partner_count`, `outlet_universe`);
 * - telesales (电销): outbound calls with duration and outcome, sales calls
 *   becoming `phone` orders;
 * - online (线上): leads with the furthest funnel stage reached, converted
 *   leads becoming `web` orders, and earlier buyers coming back.
 *
 * Planted outliers, which test/examples/roles.test.ts checks by hand:
 * - a 3,800,000 direct contract (r003, 2026-06-18) — the big_order alert;
 * - a telesales rep with no calls and no orders in June 2026 (r024) — idle;
 * - a telesales rep padding June (r027): twelve orders of 200–480 from one
 *   customer on 28–30 June — order_padding;
 * - a channel manager padding May (r013): nine partner orders of 2,000–4,800
 *   from one partner on 29–31 May — order_padding in May and in Q2.
 *
 * Each model draws from its own seeded stream, so changing one model's rules
 * leaves the other models' records as they were.
 * @module
 */
import { activeOn, addDays, csv, daysOf, entitiesCsv, makeOrg, money, Rng, SEASONS, type Cell, type Generator, type Org, type Rep } from "./kit.js";

const YEAR = 2026;
const YEAR_END = `${YEAR}-12-31`;

/** The eight teams; `call_seats` and `traffic_share` weigh the telesales and online target splits. */
const TEAMS: Org["teams"] = [
  { id: "direct_east", name: "直销华东", attrs: { region: "east", model: "direct", call_seats: "", traffic_share: "" } },
  { id: "direct_north", name: "直销华北", attrs: { region: "north", model: "direct", call_seats: "", traffic_share: "" } },
  { id: "channel_south", name: "渠道华南", attrs: { region: "south", model: "channel", call_seats: "", traffic_share: "" } },
  { id: "channel_west", name: "渠道西南", attrs: { region: "west", model: "channel", call_seats: "", traffic_share: "" } },
  { id: "tele_east", name: "电销一组", attrs: { region: "east", model: "telesales", call_seats: "6", traffic_share: "" } },
  { id: "tele_central", name: "电销二组", attrs: { region: "central", model: "telesales", call_seats: "4", traffic_share: "" } },
  { id: "online_east", name: "线上一组", attrs: { region: "east", model: "online", call_seats: "", traffic_share: "55" } },
  { id: "online_south", name: "线上二组", attrs: { region: "south", model: "online", call_seats: "", traffic_share: "45" } },
];

/** A typical annual order quota per team (yuan), before each rep's territory adjustment; tele_central works shorter shifts. */
const QUOTA: Record<string, number> = {
  direct_east: 3_200_000,
  direct_north: 3_200_000,
  channel_south: 2_800_000,
  channel_west: 2_800_000,
  tele_east: 330_000,
  tele_central: 250_000,
  online_east: 260_000,
  online_south: 240_000,
};

/** One `orders` record. */
interface Order {
  rep: string;
  customer: string;
  cents: number;
  kind: "new" | "repeat";
  channel: "direct" | "partner" | "phone" | "web";
  date: string;
}

/** The model of a rep, from their team's attribute. */
function modelOf(rep: Rep): string {
  return TEAMS.find((t) => t.id === rep.team)!.attrs["model"]!;
}

/** The last day a rep can have records in the data year. */
function lastDay(rep: Rep): string {
  return rep.end === "" ? YEAR_END : rep.end;
}

/** Records sorted by date, then rep (stable, so equal keys keep generation order). */
function byDate<T>(rows: T[], date: (r: T) => string, rep: (r: T) => string): T[] {
  return rows.sort((a, b) => (date(a) < date(b) ? -1 : date(a) > date(b) ? 1 : rep(a) < rep(b) ? -1 : rep(a) > rep(b) ? 1 : 0));
}

const pad = (n: number, width: number): string => String(n).padStart(width, "0");

/** The ISO dates of one month, optionally working days only. */
function monthDays(year: number, month: number, workdaysOnly: boolean): string[] {
  return daysOf(year)
    .filter((d) => d.month === month && (!workdaysOnly || (d.weekday >= 1 && d.weekday <= 5)))
    .map((d) => d.date);
}

// ─── direct ────────────────────────────────────────────────────────────────

interface DirectData {
  opportunities: Cell[][];
  followups: Cell[][];
  surveys: Cell[][];
  orders: Order[];
}

/** Opportunities from November of the year before (so January closes something) to year end. */
function directData(reps: Rep[]): DirectData {
  const rng = new Rng(2026_01);
  const out: DirectData = { opportunities: [], followups: [], surveys: [], orders: [] };
  let oppNo = 0;
  const days = [...daysOf(YEAR - 1).filter((d) => d.month >= 10), ...daysOf(YEAR)];
  for (const rep of reps) {
    const known: string[] = [];
    let customerNo = 0;
    const repNo = rep.id.slice(1);
    const addOpportunity = (created: string, opts: { cents?: number; customer?: string; first?: number | null; won?: string } = {}): void => {
      oppNo++;
      const id = `OPP${pad(oppNo, 5)}`;
      let customer = opts.customer;
      if (customer === undefined) {
        if (known.length > 0 && rng.chance(0.3)) customer = rng.pick(known);
        else known.push((customer = `C${repNo}-${pad(++customerNo, 3)}`));
      }
      const cents = opts.cents ?? rng.amountCents(120_000, 0.6, 1000);
      // Good reps call back fast; a few opportunities are never followed up.
      let first: number | null;
      if (opts.first !== undefined) first = opts.first;
      else if (rng.chance(Math.min(0.2, 0.06 / rep.skill))) first = null;
      else first = Math.min(30, Math.floor((-Math.log(1 - rng.next()) * 2.2) / rep.skill));
      if (first !== null) {
        let at = addDays(created, first);
        const n = 1 + rng.poisson(1.5 + rep.skill);
        for (let i = 0; i < n && at <= lastDay(rep); i++) {
          out.followups.push([rep.id, id, at]);
          at = addDays(at, rng.int(2, 10));
        }
      }
      // Timely follow-up wins more often; an opportunity nobody called rarely closes.
      const pWin = first === null ? 0.04 : Math.max(0.05, Math.min(0.6, 0.22 * rep.skill + (first <= 3 ? 0.06 : -0.05)));
      const decided = opts.won ?? addDays(created, rng.int(15, 75));
      let status: "open" | "won" | "lost";
      if (decided > lastDay(rep)) status = "open";
      else status = opts.won !== undefined || rng.chance(pWin) ? "won" : "lost";
      out.opportunities.push([rep.id, customer, money(cents), status, first, created]);
      if (status !== "won") return;
      const signed = opts.cents ?? Math.round((cents * rng.int(85, 105)) / 100 / 10_000) * 10_000;
      const isNew = out.orders.every((o) => o.rep !== rep.id || o.customer !== customer);
      out.orders.push({ rep: rep.id, customer, cents: signed, kind: isNew ? "new" : "repeat", channel: "direct", date: decided });
      // Now and then a small add-on contract (services, spare parts) follows.
      if (rng.chance(0.15)) {
        const addOn = addDays(decided, rng.int(0, 20));
        if (addOn <= lastDay(rep)) out.orders.push({ rep: rep.id, customer, cents: rng.int(5, 18) * 100_000, kind: "repeat", channel: "direct", date: addOn });
      }
      if (rng.chance(0.75)) {
        const answered = addDays(decided, rng.int(5, 20));
        const score = Math.max(1, Math.min(10, Math.round(rng.normal(8.2 + (rep.skill - 1) * 1.2, 1.1))));
        if (answered <= YEAR_END) out.surveys.push([rep.id, score, answered]);
      }
    };
    for (const d of days) {
      if (d.weekday === 0 || d.weekday === 6 || !activeOn(rep, d.date)) continue;
      const n = rng.poisson(0.42 * SEASONS.b2b[d.month]! * (0.7 + 0.3 * rep.skill));
      for (let i = 0; i < n; i++) addOpportunity(d.date);
    }
    // Outlier: the year's huge deal, opened in April and signed in June.
    if (rep.id === "r003") addOpportunity("2026-04-10", { cents: 380_000_000, customer: "C003-KA01", first: 1, won: "2026-06-18" });
  }
  return out;
}

// ─── channel ───────────────────────────────────────────────────────────────

interface Partner {
  id: string;
  rep: Rep;
  signed: string;
  size: number;
  activity: number;
  outlets: { id: string; ships: number }[];
}

interface ChannelData {
  orders: Order[];
  sellout: Cell[][];
  inputs: Cell[][];
}

/** Partners, their sell-in over two years, their 2026 sell-out, and the registry and census inputs. */
function channelData(reps: Rep[]): ChannelData {
  const rng = new Rng(2026_02);
  const out: ChannelData = { orders: [], sellout: [], inputs: [] };
  const partners: Partner[] = [];
  const universe = new Map<string, number>();
  for (const rep of reps) {
    const repNo = rep.id.slice(1);
    const n = rng.int(6, 9);
    let outlets = 0;
    for (let k = 1; k <= n; k++) {
      // Most partners predate the data; a new hire recruits theirs after joining; a few sign during 2025 or 2026.
      const hired = rep.start >= `${YEAR}-01-01`;
      let signed = hired ? addDays(rep.start, rng.int(0, 60)) : rng.chance(0.8) ? `${YEAR - 3}-01-01` : `${rng.pick([YEAR - 1, YEAR])}-${pad(rng.int(1, 11), 2)}-${pad(rng.int(1, 28), 2)}`;
      if (signed > addDays(YEAR_END, -30)) signed = addDays(YEAR_END, -30);
      const id = `P${repNo}-${pad(k, 2)}`;
      const count = rng.int(12, 24);
      outlets += count;
      partners.push({
        id,
        rep,
        signed,
        size: Math.exp(rng.normal(0, 0.4)),
        activity: 0.55 + 0.4 * rng.next(),
        outlets: Array.from({ length: count }, (_, i) => ({ id: `O${repNo}-${pad(k, 2)}-${pad(i + 1, 2)}`, ships: 0.5 + 0.45 * rng.next() })),
      });
    }
    // The census counts outlets no partner of ours reaches yet, too.
    universe.set(rep.id, outlets + rng.int(10, 30));
  }
  const firstOrder = new Set<string>();
  for (const year of [YEAR - 1, YEAR]) {
    for (let m = 0; m < 12; m++) {
      const workdays = monthDays(year, m, true);
      const allDays = monthDays(year, m, false);
      for (const p of partners) {
        const { rep } = p;
        const open = workdays.filter((d) => d >= p.signed && activeOn(rep, d));
        if (open.length === 0) continue;
        if (rng.chance(Math.min(0.98, p.activity * (0.6 + 0.4 * rep.skill)))) {
          const n = 1 + (rng.chance(0.4) ? 1 : 0);
          for (let i = 0; i < n; i++) {
            const cents = rng.amountCents(28_000 * p.size * SEASONS.fmcg[m]! * (year === YEAR ? 1 : 0.9), 0.35, 100);
            const kind = firstOrder.has(p.id) ? "repeat" : "new";
            firstOrder.add(p.id);
            out.orders.push({ rep: rep.id, customer: p.id, cents, kind, channel: "partner", date: rng.pick(open) });
          }
        }
        if (year !== YEAR) continue;
        const shipDays = allDays.filter((d) => d >= p.signed && activeOn(rep, d));
        if (shipDays.length === 0) continue;
        for (const o of p.outlets) if (rng.chance(o.ships)) out.sellout.push([rep.id, p.id, o.id, rng.pick(shipDays)]);
      }
    }
  }
  // Outlier: r013 splits sell-in into nine small orders from one partner at the end of May.
  const padder = partners.find((p) => p.rep.id === "r013")!;
  for (let i = 0; i < 9; i++) {
    out.orders.push({ rep: "r013", customer: padder.id, cents: rng.int(20, 48) * 10_000, kind: "repeat", channel: "partner", date: `2026-05-${29 + (i % 3)}` });
  }
  // Inputs: partners signed by the end of each period, and the census; teams
  // and the company sum their active reps (inputs do not roll up by themselves).
  const periods: { period: string; end: string; start: string }[] = [];
  for (let m = 1; m <= 12; m++) {
    periods.push({ period: `${YEAR}-${pad(m, 2)}`, start: `${YEAR}-${pad(m, 2)}-01`, end: addDays(m === 12 ? `${YEAR + 1}-01-01` : `${YEAR}-${pad(m + 1, 2)}-01`, -1) });
  }
  for (let q = 1; q <= 4; q++) periods.push({ period: `${YEAR}-Q${q}`, start: `${YEAR}-${pad(q * 3 - 2, 2)}-01`, end: periods[q * 3 - 1]!.end });
  periods.push({ period: `${YEAR}`, start: `${YEAR}-01-01`, end: YEAR_END });
  const teams = [...new Set(reps.map((r) => r.team))];
  for (const metric of ["partner_count", "outlet_universe"] as const) {
    for (const { period, start, end } of periods) {
      const value = new Map<string, number>();
      for (const rep of reps) {
        if (rep.start > end || (rep.end !== "" && rep.end < start)) continue;
        const v = metric === "partner_count" ? partners.filter((p) => p.rep === rep && p.signed <= end).length : universe.get(rep.id)!;
        value.set(rep.id, v);
      }
      for (const t of teams) value.set(t, reps.filter((r) => r.team === t).reduce((s, r) => s + (value.get(r.id) ?? 0), 0));
      value.set("all", teams.reduce((s, t) => s + value.get(t)!, 0));
      for (const [entity, v] of value) out.inputs.push([entity, metric, period, v]);
    }
  }
  return out;
}

// ─── telesales ─────────────────────────────────────────────────────────────

const OUTCOMES = ["no_answer", "rejected", "callback", "interested", "sale"] as const;

/** Outbound calls on working days and the orders they bring. */
function telesalesData(reps: Rep[]): { calls: Cell[][]; orders: Order[] } {
  const rng = new Rng(2026_03);
  const calls: Cell[][] = [];
  const orders: Order[] = [];
  for (const rep of reps) {
    const repNo = rep.id.slice(1);
    const customers: string[] = [];
    // tele_central works shorter shifts on fewer seats.
    const perDay = rep.team === "tele_east" ? 14 : 10;
    for (const d of daysOf(YEAR)) {
      if (d.weekday === 0 || d.weekday === 6 || !activeOn(rep, d.date)) continue;
      // Outlier: r024 logged nothing in June (absent, or not logging calls).
      if (rep.id === "r024" && d.month === 5) continue;
      const n = rng.poisson(perDay * (0.85 + 0.15 * rep.skill) * (0.5 + 0.5 * SEASONS.b2b[d.month]!));
      for (let i = 0; i < n; i++) {
        const outcome = rng.weighted(OUTCOMES, [42, 26, 14, 14 * rep.skill, 4 * rep.skill]);
        const duration = { no_answer: 0, rejected: rng.int(5, 55), callback: rng.int(30, 180), interested: rng.int(60, 420), sale: rng.int(120, 720) }[outcome];
        calls.push([rep.id, duration, outcome, d.date]);
        if (outcome !== "sale") continue;
        const date = addDays(d.date, rng.int(0, 2));
        if (date > lastDay(rep)) continue;
        const customer = `T${repNo}-${pad(customers.length + 1, 4)}`;
        customers.push(customer);
        orders.push({ rep: rep.id, customer, cents: rng.amountCents(1_800, 0.45, 10), kind: "new", channel: "phone", date });
      }
      // Earlier buyers reorder by phone now and then.
      if (customers.length > 0 && rng.chance(0.07)) orders.push({ rep: rep.id, customer: rng.pick(customers), cents: rng.amountCents(1_500, 0.4, 10), kind: "repeat", channel: "phone", date: d.date });
    }
  }
  // Outlier: r027 books twelve small orders from one customer on the last three days of June.
  for (let i = 0; i < 12; i++) {
    orders.push({ rep: "r027", customer: "T027-0999", cents: rng.int(20, 48) * 1_000, kind: "repeat", channel: "phone", date: `2026-06-${28 + (i % 3)}` });
  }
  return { calls, orders };
}

// ─── online ────────────────────────────────────────────────────────────────

const ORIGINS = ["search", "social", "referral", "content"] as const;

/** Leads every day (retail seasonality), converted leads as orders, and returning buyers. */
function onlineData(reps: Rep[]): { leads: Cell[][]; orders: Order[] } {
  const rng = new Rng(2026_04);
  const leads: Cell[][] = [];
  const orders: Order[] = [];
  for (const rep of reps) {
    const repNo = rep.id.slice(1);
    const traffic = rep.team === "online_east" ? 1.1 : 0.9;
    // Buyers from before the data year (reps hired this year start with none).
    const buyers: string[] = rep.start >= `${YEAR}-01-01` ? [] : Array.from({ length: rng.int(80, 140) }, (_, i) => `W${repNo}-${pad(i + 1, 5)}`);
    let lastMonth = -1;
    for (const d of daysOf(YEAR)) {
      if (!activeOn(rep, d.date)) continue;
      if (d.month !== lastMonth) {
        lastMonth = d.month;
        // Each earlier buyer comes back this month with a small chance.
        // d is the month's first active day, so the list is never empty.
        const days = monthDays(YEAR, d.month, false).filter((x) => activeOn(rep, x));
        for (const b of buyers) if (rng.chance(0.07)) orders.push({ rep: rep.id, customer: b, cents: rng.amountCents(550, 0.5, 1), kind: "repeat", channel: "web", date: rng.pick(days) });
      }
      const n = rng.poisson(4.2 * SEASONS.retail[d.month]! * traffic);
      for (let i = 0; i < n; i++) {
        const origin = rng.weighted(ORIGINS, [40, 30, 12, 18]);
        let stage: "new" | "contacted" | "engaged" | "ordered" = "new";
        if (rng.chance(0.88)) {
          stage = "contacted";
          // Referred leads are warmer.
          if (rng.chance(Math.min(0.8, 0.45 + 0.1 * (rep.skill - 1) + (origin === "referral" ? 0.15 : 0)))) {
            stage = "engaged";
            if (rng.chance(Math.max(0.1, Math.min(0.55, 0.3 * rep.skill)))) stage = "ordered";
          }
        }
        const date = addDays(d.date, rng.int(0, 3));
        if (stage === "ordered" && date > lastDay(rep)) stage = "engaged";
        leads.push([rep.id, origin, stage, d.date]);
        if (stage !== "ordered") continue;
        const customer = `W${repNo}-${pad(buyers.length + 1, 5)}`;
        buyers.push(customer);
        orders.push({ rep: rep.id, customer, cents: rng.amountCents(650, 0.6, 1), kind: "new", channel: "web", date });
      }
    }
  }
  return { leads, orders };
}

// ─── the folder ────────────────────────────────────────────────────────────

/** The roles generator: writes examples/roles/dataset/. */
export const generator: Generator = {
  folder: "roles",
  generate() {
    const org = makeOrg(new Rng(2026), TEAMS, 5, YEAR);
    const of = (model: string): Rep[] => org.reps.filter((r) => modelOf(r) === model);
    const direct = directData(of("direct"));
    const channel = channelData(of("channel"));
    const tele = telesalesData(of("telesales"));
    const online = onlineData(of("online"));

    const orders = byDate([...direct.orders, ...channel.orders, ...tele.orders, ...online.orders], (o) => o.date, (o) => o.rep);
    // Annual quotas from the quota file (the engine prorates them by active
    // days). Direct and channel hires get a ramp quota of 60%; telesales and
    // online hires have no row, so the template's own ramp quota applies.
    const quotaRng = new Rng(2026_05);
    const targets: Cell[][] = [];
    for (const rep of org.reps) {
      const hired = rep.start >= `${YEAR}-01-01`;
      if (hired && !["direct", "channel"].includes(modelOf(rep))) continue;
      const base = Math.round((QUOTA[rep.team]! * (hired ? 0.6 : 0.9 + 0.25 * quotaRng.next())) / 10_000) * 10_000;
      targets.push([rep.id, "order_amount", String(YEAR), money(base * 100), money(base * 120)]);
    }

    return {
      "entities.csv": entitiesCsv(org),
      "orders.csv": csv(["rep", "customer", "amount", "kind", "channel", "ordered_on"], orders.map((o) => [o.rep, o.customer, money(o.cents), o.kind, o.channel, o.date])),
      "opportunities.csv": csv(["rep", "customer", "amount", "status", "first_followup_days", "created_on"], byDate(direct.opportunities, (r) => String(r[5]), (r) => String(r[0]))),
      "followups.csv": csv(["rep", "opportunity", "followed_on"], byDate(direct.followups, (r) => String(r[2]), (r) => String(r[0]))),
      "surveys.csv": csv(["rep", "score", "answered_on"], byDate(direct.surveys, (r) => String(r[2]), (r) => String(r[0]))),
      "sellout.csv": csv(["rep", "partner", "outlet", "shipped_on"], byDate(channel.sellout, (r) => String(r[3]), (r) => String(r[0]))),
      "calls.csv": csv(["rep", "duration_s", "outcome", "called_on"], tele.calls),
      "leads.csv": csv(["rep", "origin", "stage", "created_on"], online.leads),
      "inputs.csv": csv(["entity", "metric", "period", "value"], channel.inputs),
      "targets.csv": csv(["entity", "metric", "period", "base", "challenge"], targets),
    };
  },
};

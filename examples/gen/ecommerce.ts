/**
 * The ecommerce example dataset (examples/ecommerce/dataset/): a private-domain
 * (私域) e-commerce team whose reps are shop advisors (导购/店铺运营) of four
 * category shops. Each rep runs their own mini-program shop link: the
 * `traffic` source holds one row per rep and day (sessions, visitors, carts),
 * the `orders` source one row per order, credited to the rep whose link the
 * customer bought through. Customers stay with their advisor, so repeat
 * purchases, active users and customer value are per rep and roll up cleanly.
 *
 * Two years are written: 2025 is history (the growth template splits its GMV
 * target by last year's GMV, the mature template compares with `last_year`),
 * 2026 is the year the goldens evaluate. Seasonality is SEASONS.retail plus
 * the 618 and Double 11 peaks; productivity follows each rep's skill and a
 * ramp for new hires. Planted on purpose, all in June 2026 so that the
 * goldens (2026-06, 2026-Q2) show them:
 *
 * - r025 closes a 268,000.00 corporate group-buy on 2026-06-18 (one huge order);
 * - r014 has no traffic and no orders at all in June (sick leave);
 * - r006 pads orders: 14 small paid orders from one new customer on June 28–30;
 * - r020 buys traffic in June: sessions more than double, orders do not, so
 *   the conversion rate falls far below May's.
 * @module
 */
import { activeOn, addDays, csv, daysOf, entitiesCsv, makeOrg, money, Rng, SEASONS, type Cell, type Generator, type Org, type Rep } from "./kit.js";

const YEAR = 2026;
const HISTORY = YEAR - 1;

/** What distinguishes one category shop from another. */
interface ShopProfile {
  /** Median order value, yuan. */
  aov: number;
  /** Gross margin on paid orders. */
  margin: number;
  /** Paid orders per session for an average rep. */
  conv: number;
  /** Sessions that add to cart. */
  cart: number;
  /** Share of paid orders later refunded. */
  refund: number;
  /** Sessions per day of an average rep in an average month. */
  sessions: number;
}

const TEAMS: Org["teams"] = [
  { id: "beauty", name: "美妆旗舰店", attrs: { region: "east", potential: "30" } },
  { id: "baby", name: "母婴专营店", attrs: { region: "north", potential: "25" } },
  { id: "home", name: "家居生活馆", attrs: { region: "south", potential: "20" } },
  { id: "digital", name: "数码配件店", attrs: { region: "west", potential: "25" } },
];

const PROFILES: Record<string, ShopProfile> = {
  beauty: { aov: 420, margin: 0.55, conv: 0.034, cart: 0.1, refund: 0.06, sessions: 46 },
  baby: { aov: 520, margin: 0.32, conv: 0.031, cart: 0.09, refund: 0.04, sessions: 40 },
  home: { aov: 680, margin: 0.4, conv: 0.024, cart: 0.07, refund: 0.07, sessions: 42 },
  digital: { aov: 760, margin: 0.22, conv: 0.022, cart: 0.08, refund: 0.05, sessions: 48 },
};

/**
 * Customer cities: the four tier-1 cities, fifteen new tier-1 cities, then a
 * long tail, weighted so that a shop's monthly coverage does not saturate.
 */
const CITIES = [
  "上海", "北京", "广州", "深圳",
  "杭州", "成都", "武汉", "南京", "西安", "重庆", "天津", "苏州", "长沙", "郑州", "青岛", "宁波", "东莞", "佛山", "合肥",
  "厦门", "福州", "济南", "昆明", "大连", "沈阳", "哈尔滨", "长春", "南宁", "贵阳", "石家庄", "太原", "南昌", "无锡", "温州", "泉州",
  "兰州", "常州", "南通", "嘉兴", "金华", "绍兴", "台州", "烟台", "潍坊", "徐州", "扬州", "珠海", "中山", "惠州", "洛阳",
  "襄阳", "宜昌", "赣州", "芜湖", "柳州", "桂林", "遵义", "绵阳", "呼和浩特", "乌鲁木齐", "银川", "西宁", "海口", "三亚", "拉萨", "包头",
];
const CITY_WEIGHTS = CITIES.map((_, i) => (i < 4 ? 8 : i < 19 ? 3 : i < 35 ? 1 : 0.35));

/** The reps the planted outliers happen to. */
const HUGE_ORDER_REP = "r025";
const IDLE_REP = "r014";
const PADDING_REP = "r006";
const CAMPAIGN_REP = "r020";
const IDLE_MONTH = `${YEAR}-06`;

/** A customer of one advisor: where they live and when they last bought. */
interface Customer {
  id: string;
  city: string;
  last: string;
}

/** Per-rep traits beyond kit's skill, and their customer book. */
interface Advisor {
  rep: Rep;
  profile: ShopProfile;
  /** Traffic the rep brings in (content, live streams, moments posts). */
  reach: number;
  /** How well the rep converts and keeps customers. */
  convSkill: number;
  /** How fast new customers decide: lower is faster. */
  decideDays: number;
  /** Customers who bought, oldest last purchase first. */
  book: Customer[];
}

type OrderRow = [string, string, string, string, string, string, string, string, number];

function daysBetween(a: string, b: string): number {
  return Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / 86_400_000);
}

/** Day-level demand peaks on top of the monthly season: 618 and Double 11/12. */
function festival(month: number, day: number): number {
  if (month === 5 && day >= 16 && day <= 18) return 1.8;
  if (month === 10 && day >= 9 && day <= 11) return 2.4;
  if (month === 11 && day === 12) return 1.6;
  return 1;
}

/** The generator's whole run, kept in one closure so `generate()` is pure. */
function build(): Record<string, string> {
  const rng = new Rng(4_2026);
  const org = makeOrg(rng, TEAMS, 8, YEAR);
  let customerSeq = 0;
  const newCustomer = (last: string): Customer => ({ id: `u${String(++customerSeq).padStart(5, "0")}`, city: rng.weighted(CITIES, CITY_WEIGHTS), last });

  const advisors: Advisor[] = org.reps.map((rep) => {
    const tenureYears = Math.max(0, HISTORY - Number(rep.start.slice(0, 4)));
    const advisor: Advisor = {
      rep,
      profile: PROFILES[rep.team]!,
      reach: Math.max(0.5, rng.normal(1, 0.2)) * Math.sqrt(rep.skill),
      convSkill: Math.max(0.5, rep.skill * rng.normal(1, 0.08)),
      decideDays: Math.max(2, rng.normal(7, 1.5) / rep.skill),
      book: [],
    };
    // Reps employed before 2025 bring a customer book from earlier years.
    for (let i = 0; i < Math.min(120, tenureYears * 40); i++) advisor.book.push(newCustomer(addDays(`${HISTORY - 1}-01-01`, rng.int(0, 364))));
    advisor.book.sort((a, b) => (a.last < b.last ? -1 : a.last > b.last ? 1 : 0));
    return advisor;
  });

  const orders: OrderRow[] = [];
  const traffic: Cell[][] = [];

  for (const year of [HISTORY, YEAR]) {
    // The business grows about 18% a year: 2025 runs at a lower level.
    const level = year === HISTORY ? 0.85 : 1;
    for (const day of daysOf(year)) {
      const weekend = day.weekday === 0 || day.weekday === 6;
      const demand = SEASONS.retail[day.month]! * (weekend ? 1.15 : 0.94) * festival(day.month, day.day) * level;
      for (const a of advisors) {
        const rep = a.rep;
        if (!activeOn(rep, day.date)) continue;
        if (rep.id === IDLE_REP && day.date.startsWith(IDLE_MONTH)) continue;
        // New hires ramp up over their first four months.
        const ramp = Math.min(1, 0.35 + (0.65 * daysBetween(rep.start, day.date)) / 120);
        const organic = a.profile.sessions * a.reach * demand * ramp;
        const bought = rep.id === CAMPAIGN_REP && year === YEAR && day.month === 5 ? 1.4 : 0;
        const sessions = rng.poisson(organic * (1 + bought));
        if (sessions === 0) continue;
        const visitors = Math.max(1, Math.round(sessions * (0.7 + 0.12 * rng.next())));
        // Bought traffic does not buy: orders follow the organic sessions only.
        const p = a.profile.conv * a.convSkill * (festival(day.month, day.day) > 1 ? 1.15 : 1);
        const placed = rng.poisson((sessions / (1 + bought)) * p / 0.93);
        const carts = Math.max(placed, rng.poisson(sessions * a.profile.cart * Math.sqrt(a.convSkill)));
        traffic.push([day.date, rep.id, sessions, visitors, carts]);

        for (let k = 0; k < placed; k++) {
          const status = rng.chance(0.07) ? "cancelled" : rng.chance(a.profile.refund) ? "refunded" : "paid";
          const n = a.book.length;
          const repeatP = Math.min(0.55, (n / (n + 60)) * 0.6 * a.convSkill);
          let customer: Customer;
          let buyer: "new" | "repeat";
          let cycle: number;
          if (n > 0 && rng.chance(repeatP)) {
            // Customers come back some weeks after their last purchase: pick
            // among the 80 most recent buyers, older ones more likely.
            const window = Math.min(80, n);
            const idx = n - 1 - Math.floor(Math.sqrt(rng.next()) * window);
            customer = a.book[idx]!;
            buyer = "repeat";
            cycle = daysBetween(customer.last, day.date);
            if (status !== "cancelled") {
              a.book.splice(idx, 1);
              customer.last = day.date;
              a.book.push(customer);
            }
          } else {
            customer = newCustomer(day.date);
            buyer = "new";
            cycle = Math.max(0, Math.round(Math.exp(rng.normal(Math.log(a.decideDays), 0.6))));
            if (status !== "cancelled") a.book.push(customer);
          }
          let cents = rng.amountCents(a.profile.aov, 0.55, 1);
          if (cents > 1000 && rng.chance(0.4)) cents -= 10;
          const cost = Math.round(cents * Math.min(0.95, Math.max(0.2, 1 - a.profile.margin * rng.normal(1, 0.12))));
          orders.push([day.date, rep.id, customer.id, customer.city, money(cents), money(cost), status, buyer, cycle]);
        }
      }
    }
  }

  // The huge order: an enterprise buys staff gifts for 618 through r025.
  orders.push([`${YEAR}-06-18`, HUGE_ORDER_REP, "corp001", "深圳", money(26_800_000), money(23_050_000), "paid", "new", 21]);
  // The padding: one "customer" places 14 small orders in the last three days of June.
  const padder = newCustomer(`${YEAR}-06-28`);
  const padAmounts = [2990, 4990, 3990, 5990, 2990, 8990, 4990, 3990, 6990, 2990, 4990, 5990, 3990, 7990];
  padAmounts.forEach((cents, i) => {
    const date = `${YEAR}-06-${28 + Math.floor(i / 5)}`;
    orders.push([date, PADDING_REP, padder.id, padder.city, money(cents), money(Math.round(cents * 0.9)), "paid", i === 0 ? "new" : "repeat", i === 0 ? 0 : daysBetween(`${YEAR}-06-28`, date)]);
  });
  orders.sort((x, y) => (x[0] < y[0] ? -1 : x[0] > y[0] ? 1 : x[1] < y[1] ? -1 : x[1] > y[1] ? 1 : 0));

  return {
    "entities.csv": entitiesCsv(org),
    "traffic.csv": csv(["day", "rep", "sessions", "visitors", "carts"], traffic),
    "orders.csv": csv(["ordered_on", "rep", "customer", "city", "amount", "cost", "status", "buyer", "cycle_days"], orders),
    "inputs.csv": csv(["entity", "metric", "period", "value"], satisfactionRows(rng, org)),
    "targets.csv": csv(["entity", "metric", "period", "base", "challenge"], targetRows(org)),
  };
}

/**
 * Customer satisfaction (the platform's DSR-style score, 1–5) for 2026: each
 * rep per month they worked, each quarter as the mean of its months, and the
 * same for shops and the whole company, which the platform scores on their own
 * (an input is never rolled up, so parents need their own rows).
 */
function satisfactionRows(rng: Rng, org: Org): Cell[][] {
  const rows: Cell[][] = [];
  const score = (x: number): string => (Math.round(Math.min(5, Math.max(3.8, x)) * 100) / 100).toFixed(2);
  const mean = (xs: number[]): number => xs.reduce((s, x) => s + x, 0) / xs.length;
  const monthly = new Map<string, (number | undefined)[]>();
  for (const rep of org.reps) {
    const base = 4.55 + 0.25 * (rep.skill - 1);
    monthly.set(
      rep.id,
      Array.from({ length: 12 }, (_, m) => {
        const first = `${YEAR}-${String(m + 1).padStart(2, "0")}-01`;
        const last = new Date(Date.UTC(YEAR, m + 1, 0)).toISOString().slice(0, 10);
        // Scored for every month the rep worked in, even partly.
        if (rep.start > last || (rep.end !== "" && rep.end < first)) return undefined;
        if (rep.id === IDLE_REP && m === 5) return undefined;
        return Number(score(rng.normal(base, 0.12)));
      }),
    );
  }
  const emit = (id: string, months: (number | undefined)[]): void => {
    months.forEach((v, m) => {
      if (v !== undefined) rows.push([id, "satisfaction", `${YEAR}-${String(m + 1).padStart(2, "0")}`, score(v)]);
    });
    for (let q = 0; q < 4; q++) {
      const vs = months.slice(q * 3, q * 3 + 3).filter((v): v is number => v !== undefined);
      if (vs.length > 0) rows.push([id, "satisfaction", `${YEAR}-Q${q + 1}`, score(mean(vs))]);
    }
  };
  const column = (ids: string[], m: number): number[] => ids.map((id) => monthly.get(id)![m]).filter((v): v is number => v !== undefined);
  const all = Array.from({ length: 12 }, (_, m) => mean(column(org.reps.map((r) => r.id), m)));
  emit("all", all);
  for (const team of org.teams) {
    const ids = org.reps.filter((r) => r.team === team.id).map((r) => r.id);
    emit(team.id, Array.from({ length: 12 }, (_, m) => mean(column(ids, m))));
  }
  for (const rep of org.reps) emit(rep.id, monthly.get(rep.id)!);
  return rows;
}

/** Gross-margin targets by shop: categories earn very different margins. */
const MARGIN_TARGETS: Record<string, string> = { all: "37%", beauty: "54%", baby: "32%", home: "40%", digital: "22%" };

/**
 * `targets.csv`, the numbers a template cannot know:
 *
 * - annual GMV and gross-profit quotas set by hand for the reps hired in
 *   2026 (a ramp-up quota, prorated by the engine to their active days) and
 *   for those hired in the second half of 2025, whose short 2025 would give
 *   them a tiny share of a target split by history (growth splits GMV,
 *   mature splits gross profit by history);
 * - each shop's margin target for the year, for the shop and its reps (a
 *   margin is a rate: a flat target, the same in every month).
 */
function targetRows(org: Org): Cell[][] {
  const rows: Cell[][] = [];
  for (const r of org.reps) {
    if (r.start.startsWith(String(YEAR))) {
      rows.push([r.id, "gmv", String(YEAR), "240000.00", "288000.00"]);
      rows.push([r.id, "gross_profit", String(YEAR), "60000.00", "72000.00"]);
    } else if (r.start >= `${HISTORY}-07-01`) {
      rows.push([r.id, "gmv", String(YEAR), "300000.00", "360000.00"]);
      rows.push([r.id, "gross_profit", String(YEAR), "90000.00", "108000.00"]);
    }
  }
  rows.push(["all", "margin", String(YEAR), MARGIN_TARGETS.all, ""]);
  for (const t of org.teams) rows.push([t.id, "margin", String(YEAR), MARGIN_TARGETS[t.id], ""]);
  for (const r of org.reps) rows.push([r.id, "margin", String(YEAR), MARGIN_TARGETS[r.team], ""]);
  return rows;
}

/** The ecommerce generator. */
export const generator: Generator = {
  folder: "ecommerce",
  generate() {
    return build();
  },
};

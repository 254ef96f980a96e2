/**
 * The medical_devices example dataset (examples/medical_devices/dataset/): a
 * device maker selling equipment (won through hospital tenders) and the
 * consumables and service contracts that follow, to tertiary hospitals,
 * secondary hospitals and clinics. Five regional teams of eight reps; each
 * rep works an exclusive territory of hospitals. Two calendar years (2025 and
 * 2026), because the templates split targets by history and compare with the
 * previous period and year.
 *
 * Files: entities.csv, orders.csv, opportunities.csv, visits.csv,
 * surveys.csv, inputs.csv (each territory's number of target hospitals) and
 * targets.csv (one senior rep's personal quota).
 *
 * Planted outliers, all in June 2026 so the golden month shows them:
 * - a 12,000,000.00 operating-theatre deal won by {@link HUGE_DEAL_REP};
 * - {@link IDLE_REP} records nothing at all in June (sick leave);
 * - {@link PADDING_REP} books many small consumables orders from one clinic in
 *   the last three days of June (order padding).
 * @module
 */
import { activeOn, csv, daysOf, entitiesCsv, makeOrg, money, Rng, SEASONS, type Cell, type Generator, type Rep } from "./kit.js";

/** The rep who wins the one huge deal (June 2026). */
export const HUGE_DEAL_REP = "r003";
/** The rep with no activity at all in June 2026. */
export const IDLE_REP = "r012";
/** The rep whose June 2026 orders show padding. */
export const PADDING_REP = "r021";

type HospitalType = "tertiary" | "secondary" | "clinic";

/** A hospital or clinic in a rep's territory. */
interface Hospital {
  id: string;
  type: HospitalType;
  /** True once it has bought (before the data starts, or its first order). */
  customer: boolean;
  /** Its size within its type: scales its orders. */
  size: number;
}

/** Per hospital type: equipment deal size, monthly consumables order, how often it reorders, how often a lost opportunity still reached a quote, sales cycle. */
const PROFILE: Record<HospitalType, { equipment: number; consumables: number; reorder: number; quote: number; cycle: number; weight: number }> = {
  tertiary: { equipment: 900_000, consumables: 48_000, reorder: 0.85, quote: 0.9, cycle: 120, weight: 1 },
  secondary: { equipment: 320_000, consumables: 18_000, reorder: 0.65, quote: 0.75, cycle: 70, weight: 2 },
  clinic: { equipment: 70_000, consumables: 7_000, reorder: 0.45, quote: 0.5, cycle: 30, weight: 3 },
};

/** Regional teams; `potential` is the region's share of the national market (%), which `split by attr potential` reads. */
const TEAMS = [
  { id: "east", name: "华东团队", attrs: { region: "华东", potential: "24" } },
  { id: "north", name: "华北团队", attrs: { region: "华北", potential: "21" } },
  { id: "south", name: "华南团队", attrs: { region: "华南", potential: "20" } },
  { id: "central", name: "华中团队", attrs: { region: "华中", potential: "18" } },
  { id: "west", name: "西部团队", attrs: { region: "西部", potential: "17" } },
];

const YEARS = [2025, 2026] as const;

/** Rows of each source, in CSV column order (date first, rep second: the sort key). */
interface Rows {
  orders: Cell[][];
  opportunities: Cell[][];
  visits: Cell[][];
  surveys: Cell[][];
}

function territory(rng: Rng, rep: Rep, newHire: boolean): Hospital[] {
  const out: Hospital[] = [];
  const counts: [HospitalType, number][] = [
    ["tertiary", rng.int(3, 5)],
    ["secondary", rng.int(7, 10)],
    ["clinic", rng.int(12, 16)],
  ];
  let n = 0;
  for (const [type, count] of counts) {
    for (let i = 0; i < count; i++) {
      n++;
      // Inherited accounts: about a third are customers already; a new hire starts almost from scratch.
      const customer = rng.chance(newHire ? 0.08 : 0.35);
      out.push({ id: `${rep.id}-${type[0]}${String(n).padStart(2, "0")}`, type, customer, size: Math.max(0.3, rng.normal(1, 0.3)) });
    }
  }
  return out;
}

/** Cost of goods for an order: equipment keeps ~45–55% margin, consumables ~60%, service ~70%. */
function costOf(rng: Rng, amount: number, line: "equipment" | "consumables" | "service"): number {
  const margin = line === "equipment" ? rng.normal(0.5, 0.05) : line === "consumables" ? rng.normal(0.6, 0.04) : rng.normal(0.7, 0.03);
  // Rounded to whole cents: the dataset loader rejects more decimals than CNY has.
  return Math.round(amount * (1 - Math.min(0.85, Math.max(0.2, margin))));
}

/** The medical_devices generator. */
export const generator: Generator = {
  folder: "medical_devices",
  generate() {
    const rng = new Rng(20_260_402);
    const org = makeOrg(rng, TEAMS, 8, 2026);
    const rows: Rows = { orders: [], opportunities: [], visits: [], surveys: [] };
    const inputs: Cell[][] = [];
    const territorySize = new Map<string, number>();

    for (const rep of org.reps) {
      const hospitals = territory(rng, rep, rep.start >= "2026-01-01");
      territorySize.set(rep.id, hospitals.length);
      // Service quality shifts the rep's satisfaction scores; conversion follows skill.
      const care = rng.normal(0, 0.35);
      const winRate = Math.min(0.75, Math.max(0.15, 0.4 * rep.skill + rng.normal(0, 0.05)));
      for (const year of YEARS) {
        const days = daysOf(year);
        for (const d of days) {
          if (!activeOn(rep, d.date)) continue;
          if (rep.id === PADDING_REP && d.date >= "2026-06-28" && d.date <= "2026-06-30") {
            // Padding: a burst of tiny consumables orders from one existing clinic, weekend included.
            const clinic = hospitals.find((x) => x.type === "clinic" && x.customer) ?? hospitals[hospitals.length - 1]!;
            for (let i = 0; i < (d.day === 30 ? 6 : 4); i++) {
              const amount = rng.int(12, 28) * 10_000; // 1,200.00 – 2,800.00
              rows.orders.push([d.date, rep.id, clinic.id, clinic.type, "consumables", !clinic.customer, money(amount), money(costOf(rng, amount, "consumables"))]);
              clinic.customer = true;
            }
          }
          if (rep.id === HUGE_DEAL_REP && d.date === "2026-06-19") {
            // A whole operating-theatre project at the rep's largest tertiary hospital.
            const h = hospitals.find((x) => x.type === "tertiary" && x.customer) ?? hospitals[0]!;
            const amount = 1_200_000_000;
            rows.opportunities.push([d.date, rep.id, h.id, money(amount), true, "won", 210]);
            rows.orders.push([d.date, rep.id, h.id, h.type, "equipment", !h.customer, money(amount), money(780_000_000)]);
            h.customer = true;
          }
          if (d.weekday === 0 || d.weekday === 6) continue;
          if (year === 2026 && d.month === 5 && rep.id === IDLE_REP) continue;
          const season = SEASONS.b2b[d.month]!;
          const workdays = 21.7;

          // Visits: academic promotion to prospects, follow-ups and training at customers.
          const visits = rng.poisson(1.15 * Math.sqrt(rep.skill) * (0.8 + 0.2 * season));
          for (let i = 0; i < visits; i++) {
            const h = rng.weighted(hospitals, hospitals.map((x) => PROFILE[x.type].weight * (x.customer ? 1 : 1.3)));
            const purpose = h.customer ? rng.weighted(["followup", "training", "service"], [6, 2, 2]) : "prospect";
            rows.visits.push([d.date, rep.id, h.id, purpose]);
          }

          // Opportunities closing today (won or lost); a win is an equipment order the same day.
          if (rng.chance((3.2 * season * Math.sqrt(rep.skill)) / workdays)) {
            const prospects = hospitals.filter((x) => !x.customer);
            const h = prospects.length > 0 && rng.chance(0.55) ? rng.pick(prospects) : rng.weighted(hospitals, hospitals.map((x) => PROFILE[x.type].weight));
            const p = PROFILE[h.type];
            const amount = rng.amountCents(p.equipment * h.size, 0.45, 1000);
            const won = rng.chance(winRate * (h.customer ? 1.2 : 0.9));
            // Every win went through a formal quote or tender; some losses never got that far.
            const quoted = won || rng.chance(p.quote);
            const cycle = Math.max(7, Math.round(rng.normal(p.cycle / Math.sqrt(rep.skill), p.cycle * 0.25)));
            rows.opportunities.push([d.date, rep.id, h.id, money(amount), quoted, won ? "won" : "lost", cycle]);
            if (won) {
              rows.orders.push([d.date, rep.id, h.id, h.type, "equipment", !h.customer, money(amount), money(costOf(rng, amount, "equipment"))]);
              h.customer = true;
            }
          }

          // Consumables reorders and service contracts from existing customers.
          for (const h of hospitals) {
            if (!h.customer) continue;
            const p = PROFILE[h.type];
            if (rng.chance((p.reorder * season) / workdays)) {
              const amount = rng.amountCents(p.consumables * h.size * Math.sqrt(rep.skill), 0.5, 100);
              rows.orders.push([d.date, rep.id, h.id, h.type, "consumables", false, money(amount), money(costOf(rng, amount, "consumables"))]);
            }
            if (rng.chance(0.06 / workdays)) {
              const amount = rng.amountCents(p.consumables * 1.5, 0.4, 500);
              rows.orders.push([d.date, rep.id, h.id, h.type, "service", false, money(amount), money(costOf(rng, amount, "service"))]);
            }
          }

          // Satisfaction surveys, answered by customers after deliveries and service visits.
          const customers = hospitals.filter((x) => x.customer);
          if (customers.length > 0) {
            const surveys = rng.poisson(0.2);
            for (let i = 0; i < surveys; i++) {
              const h = rng.pick(customers);
              const score = Math.min(5, Math.max(1, Math.round(rng.normal(4.3 + care, 0.7))));
              rows.surveys.push([d.date, rep.id, h.id, score]);
            }
          }
        }
      }
    }

    // The target-hospital count of each territory, per month, quarter and year of 2026 (inputs do not roll up, so teams and the root get theirs too).
    const periods = [...Array.from({ length: 12 }, (_, m) => `2026-${String(m + 1).padStart(2, "0")}`), "2026-Q1", "2026-Q2", "2026-Q3", "2026-Q4", "2026"];
    const teamSize = new Map<string, number>();
    for (const rep of org.reps) teamSize.set(rep.team, (teamSize.get(rep.team) ?? 0) + territorySize.get(rep.id)!);
    const allSize = [...teamSize.values()].reduce((a, b) => a + b, 0);
    for (const period of periods) {
      inputs.push(["all", "target_hospitals", period, allSize]);
      for (const t of org.teams) inputs.push([t.id, "target_hospitals", period, teamSize.get(t.id)!]);
      for (const rep of org.reps) inputs.push([rep.id, "target_hospitals", period, territorySize.get(rep.id)!]);
    }

    // Sorted by date, then rep (a stable sort keeps generation order within a day), as an export from a CRM would be.
    const byDateRep = (a: Cell[], b: Cell[]): number => (String(a[0]) < String(b[0]) ? -1 : String(a[0]) > String(b[0]) ? 1 : String(a[1]) < String(b[1]) ? -1 : String(a[1]) > String(b[1]) ? 1 : 0);
    for (const list of Object.values(rows)) list.sort(byDateRep);

    return {
      "entities.csv": entitiesCsv(org),
      "orders.csv": csv(["ordered_on", "rep", "customer", "customer_type", "product_line", "first_order", "amount", "cost"], rows.orders),
      "opportunities.csv": csv(["closed_on", "rep", "customer", "amount", "quoted", "status", "days_to_close"], rows.opportunities),
      "visits.csv": csv(["visited_on", "rep", "customer", "purpose"], rows.visits),
      "surveys.csv": csv(["answered_on", "rep", "customer", "score"], rows.surveys),
      "inputs.csv": csv(["entity", "metric", "period", "value"], inputs),
      // A senior key-account rep carries a personal annual quota above the standard one.
      "targets.csv": csv(["entity", "metric", "period", "base", "challenge"], [["r001", "sales_amount", "2026", money(900_000_000), money(1_080_000_000)]]),
    };
  },
};

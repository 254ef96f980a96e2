/**
 * The education example dataset (examples/education/dataset/): an after-school
 * training company (K12 tutoring and enrichment courses) with five campuses of
 * seven course consultants (课程顾问), calendar year 2026, plus the 2025 orders
 * that `split by history` and the year-on-year alert read.
 *
 * The model: each consultant works a stream of leads (referral, online,
 * walk-in, outreach events); some are invited to a trial lesson, some of those
 * attend, some enrol and pay for a package of class hours a few days later.
 * Every paying student then consumes hours month by month (recorded as one
 * monthly consumption statement with the recognised revenue and the
 * teacher's pay); when fewer than ten hours are left the student is due for
 * renewal and either renews (a renewal order) or churns. Parents answer NPS
 * surveys; consultants run outreach events at schools. Lead volume follows
 * the education season (spring-term and summer peaks), conversion and
 * renewal follow the consultant's skill, new hires ramp up over four months.
 * Only orders are written for 2025 (the history the templates read); the
 * other sources start in 2026 to keep the committed folder small.
 *
 * Planted outliers, each pinned by test/examples/education.test.ts:
 * - `HUGE_DEAL_REP` sells a 480-hour VIP one-to-one package (240,000.00) in June 2026;
 * - `IDLE_REP` has no sales activity in June 2026 (on leave: no leads,
 *   events, renewal follow-ups or orders; lessons go on);
 * - `PADDING_REP` books twelve 2-hour trial packs (398.00 each) for one
 *   student in the last three days of June 2026 (the order-padding alert);
 * - `QA_FAIL_REP` fails the June service quality check (score 72).
 * @module
 */
import { Rng, SEASONS, activeOn, addDays, csv, daysOf, entitiesCsv, makeOrg, money, type Cell, type Generator, type Org, type Rep } from "./kit.js";

const YEAR = 2026;
const SEED = 20_260_402;
const LAST_DAY = `${YEAR}-12-31`;

/** The consultant who sells the 240,000.00 VIP package in June 2026. */
export const HUGE_DEAL_REP = "r003";
/** The consultant with no sales activity in June 2026. */
export const IDLE_REP = "r020";
/** The consultant whose June 2026 month-end orders are padded. */
export const PADDING_REP = "r010";
/** The consultant who fails the June 2026 service quality check. */
export const QA_FAIL_REP = "r015";
/** The month of the planted outliers. */
const OUTLIER_MONTH = `${YEAR}-06`;

const TEAMS: Org["teams"] = [
  { id: "bj", name: "北京海淀校区", attrs: { region: "华北", seats: "600" } },
  { id: "sh", name: "上海徐汇校区", attrs: { region: "华东", seats: "700" } },
  { id: "gz", name: "广州天河校区", attrs: { region: "华南", seats: "500" } },
  { id: "cd", name: "成都武侯校区", attrs: { region: "西南", seats: "400" } },
  { id: "hz", name: "杭州西湖校区", attrs: { region: "华东", seats: "450" } },
];
/** The district each campus recruits in; school names start with it. */
const DISTRICT: Record<string, string> = { bj: "海淀", sh: "徐汇", gz: "天河", cd: "武侯", hz: "西湖" };
const SCHOOL_SUFFIXES = ["实验小学", "第一小学", "第二小学", "中心小学", "外国语学校", "育才学校", "师大附小", "第三中学", "第五中学", "附属中学", "民族小学", "科技小学", "新城小学", "双语学校"];
/** Price and cost levels by campus: first-tier cities charge and pay more. */
const PRICE_LEVEL: Record<string, number> = { bj: 1.2, sh: 1.25, gz: 1.0, cd: 0.85, hz: 1.05 };
/** Teacher pay levels by campus: they do not follow prices one for one, so campus margins differ. */
const COST_LEVEL: Record<string, number> = { bj: 1.3, sh: 1.2, gz: 0.95, cd: 0.78, hz: 1.12 };
/** Renewal propensity by campus (service culture differs). */
const RENEW_BONUS: Record<string, number> = { bj: 0.03, sh: 0.05, gz: -0.02, cd: 0, hz: -0.04 };

const CHANNELS = ["referral", "online", "walk_in", "event"] as const;
const CHANNEL_WEIGHTS = [20, 42, 13, 25];
type Channel = (typeof CHANNELS)[number];
const COURSES = ["math", "english", "chinese", "coding"] as const;
const COURSE_WEIGHTS = [35, 35, 15, 15];
type Course = (typeof COURSES)[number];
/** List price per class hour (yuan) before the campus level. */
const PRICE: Record<Course, number> = { math: 220, english: 260, chinese: 200, coding: 300 };
/** Teacher pay per class hour (yuan) before the campus level. */
const TEACHER_PAY: Record<Course, number> = { math: 95, english: 115, chinese: 90, coding: 130 };
const PACKAGE_HOURS = [24, 48, 72, 96];
const NEW_PACKAGE_WEIGHTS = [2, 5, 2, 1];
const RENEWAL_PACKAGE_WEIGHTS = [1, 6, 2, 1];
const DISCOUNTS = [0, 0.05, 0.1, 0.15];
/** Hours a student consumes in a month, relative to a normal month: Chinese New Year is slow, summer classes are intensive. */
const LESSON_SEASON = [1, 0.6, 1, 1, 1, 1, 1.4, 1.4, 1, 0.9, 1, 1];

/** Monthly leads of a fully ramped consultant of skill 1 in an average month. */
const LEADS_PER_MONTH = 30;
/** Fewer hours than this left: the student is due for renewal. */
const RENEWAL_THRESHOLD = 10;

interface Order {
  rep: string;
  student: string;
  kind: "new" | "renewal";
  channel: Channel;
  course: Course;
  hours: number;
  /** Cents. */
  amount: number;
  status: "paid" | "refunded";
  days: number;
  paid_on: string;
  /** A padded order: no real student behind it, so nothing joins the book. */
  fake?: boolean;
}

/** A student in a consultant's book, with the hours left on their package. */
interface Student {
  id: string;
  channel: Channel;
  course: Course;
  balance: number;
  /** Cents per hour of the current package (recognised revenue per hour consumed). */
  unitCents: number;
  /** First day of consumption in the month the package was bought. */
  joinedOn: string;
  /** A renewal order is on its way; do not drop the student at zero hours. */
  renewing: boolean;
  /** Already followed up for renewal on this package. */
  due: boolean;
  churned: boolean;
}

const monthKey = (date: string): string => date.slice(0, 7);

/** The price of a package in whole cents, rounded to 10 yuan as price lists are. */
function packageCents(course: Course, hours: number, team: string, discount: number): number {
  return Math.round((hours * PRICE[course] * PRICE_LEVEL[team]! * (1 - discount)) / 10) * 1000;
}

/** Whole cents of teacher pay for one hour. */
function teacherCents(course: Course, team: string): number {
  return Math.round(TEACHER_PAY[course] * COST_LEVEL[team]! * 100);
}

/** Months of service of a rep at a date, for the ramp-up of new hires. */
function ramp(rep: Rep, date: string): number {
  const months = (Number(date.slice(0, 4)) - Number(rep.start.slice(0, 4))) * 12 + Number(date.slice(5, 7)) - Number(rep.start.slice(5, 7));
  return Math.min(1, 0.35 + 0.17 * months);
}

/** The education generator. */
export const generator: Generator = {
  folder: "education",
  generate() {
    const rng = new Rng(SEED);
    const org = makeOrg(rng, TEAMS, 7, YEAR);
    const calendar = [...daysOf(YEAR - 1), ...daysOf(YEAR)];
    const months = new Map<string, typeof calendar>();
    for (const d of calendar) {
      const k = monthKey(d.date);
      if (!months.has(k)) months.set(k, []);
      months.get(k)!.push(d);
    }
    const schools = new Map(TEAMS.map((t) => [t.id, SCHOOL_SUFFIXES.map((s) => DISTRICT[t.id]! + s)]));

    const leads: Cell[][] = [];
    const orders: Order[] = [];
    const lessons: Cell[][] = [];
    const renewals: Cell[][] = [];
    const events: Cell[][] = [];
    const surveys: Cell[][] = [];
    const inputs: Cell[][] = [];
    let studentNo = 0;
    const newStudentId = (): string => `S${String(++studentNo).padStart(5, "0")}`;

    for (const rep of org.reps) {
      const team = rep.team;
      const book: Student[] = [];
      // Orders not yet paid, by month: a lead enrols some days after its trial.
      const upcoming = new Map<string, Order[]>();
      /** Queues an order for its month; false when it falls after the data or after the consultant left. */
      const schedule = (o: Order): boolean => {
        if (o.paid_on > LAST_DAY || !activeOn(rep, o.paid_on)) return false;
        const k = monthKey(o.paid_on);
        if (!upcoming.has(k)) upcoming.set(k, []);
        upcoming.get(k)!.push(o);
        return true;
      };
      const idleIn = (date: string): boolean => rep.id === IDLE_REP && monthKey(date) === OUTLIER_MONTH;
      // Consultants hired before the data starts take over a book of students mid-package.
      if (rep.start <= `${YEAR - 1}-01-01`) {
        const n = Math.round(45 * rep.skill);
        for (let i = 0; i < n; i++) {
          const course = rng.weighted(COURSES, COURSE_WEIGHTS);
          const hours = rng.weighted(PACKAGE_HOURS, NEW_PACKAGE_WEIGHTS);
          book.push({
            id: newStudentId(),
            channel: rng.weighted(CHANNELS, CHANNEL_WEIGHTS),
            course,
            balance: rng.int(RENEWAL_THRESHOLD, hours),
            unitCents: packageCents(course, hours, team, 0.05) / hours,
            joinedOn: `${YEAR - 1}-01-01`,
            renewing: false,
            due: false,
            churned: false,
          });
        }
      }
      // Weaker consultants close with deeper discounts, which is what moves their margin.
      const discountWeights = rep.skill >= 1.1 ? [5, 3, 1, 0] : rep.skill >= 0.9 ? [3, 4, 2, 1] : [1, 3, 4, 3];
      const convert = Math.min(0.8, Math.max(0.15, 0.42 * rep.skill));
      const renewP = Math.min(0.85, Math.max(0.3, 0.58 + 0.3 * (rep.skill - 1) + RENEW_BONUS[team]!));

      for (const [month, days] of months) {
        const m = days[0]!.month;
        const in2026 = month.startsWith(String(YEAR));
        const active = days.filter((d) => activeOn(rep, d.date));
        if (active.length === 0) continue;
        const dim = days.length;

        // Leads, and the new orders they turn into.
        for (const d of active) {
          if (idleIn(d.date)) continue;
          // Parents come at weekends: Saturday and Sunday carry twice a weekday's leads.
          const weekend = d.weekday === 0 || d.weekday === 6 ? 1.75 : 0.7;
          const n = rng.poisson(((LEADS_PER_MONTH * SEASONS.education[m]! * weekend) / dim) * ramp(rep, d.date));
          for (let i = 0; i < n; i++) {
            const channel = rng.weighted(CHANNELS, CHANNEL_WEIGHTS);
            const school = rng.pick(schools.get(team)!);
            const student = newStudentId();
            const invited = rng.chance(channel === "referral" || channel === "walk_in" ? 0.8 : 0.58);
            const trial = invited && rng.chance(0.7);
            const enrolled = trial ? rng.chance(Math.min(0.9, convert * (channel === "referral" ? 1.35 : 1))) : channel === "walk_in" && rng.chance(0.05);
            if (!enrolled) {
              if (in2026) leads.push([rep.id, student, channel, school, invited, trial, false, d.date]);
              continue;
            }
            // Most paying parents take a normal package; a few only buy a 2-hour trial pack.
            const trialPack = rng.chance(0.03);
            const course = trialPack ? "math" : rng.weighted(COURSES, COURSE_WEIGHTS);
            const hours = trialPack ? 2 : rng.weighted(PACKAGE_HOURS, NEW_PACKAGE_WEIGHTS);
            const amount = trialPack ? 39_800 : packageCents(course, hours, team, rng.weighted(DISCOUNTS, discountWeights));
            const days = Math.max(1, Math.round(Math.exp(rng.normal(Math.log(9 / rep.skill), 0.5))));
            const paid = schedule({ rep: rep.id, student, kind: "new", channel, course, hours, amount, status: rng.chance(0.04) ? "refunded" : "paid", days, paid_on: addDays(d.date, days) });
            // The CRM marks a lead enrolled once its order is paid (a refund later does not unmark it).
            if (in2026) leads.push([rep.id, student, channel, school, invited, trial, paid, d.date]);
          }
        }

        // Outreach events (written for the data year only).
        if (in2026 && !idleIn(active[0]!.date)) {
          const n = rng.poisson(5 * ramp(rep, active[0]!.date) * (0.7 + 0.3 * rep.skill));
          for (let i = 0; i < n; i++) {
            const d = rng.pick(active);
            if (idleIn(d.date)) continue;
            events.push([rep.id, rng.pick(schools.get(team)!), rng.weighted(["school_talk", "booth", "open_class"], [4, 3, 3]), rng.int(12, 80), d.date]);
          }
        }

        // The planted outliers of June 2026.
        if (month === OUTLIER_MONTH && rep.id === HUGE_DEAL_REP) {
          schedule({ rep: rep.id, student: newStudentId(), kind: "new", channel: "referral", course: "english", hours: 480, amount: 24_000_000, status: "paid", days: 21, paid_on: `${YEAR}-06-12` });
        }
        if (month === OUTLIER_MONTH && rep.id === PADDING_REP) {
          const student = newStudentId();
          for (const day of ["28", "29", "30"]) {
            for (let i = 0; i < 4; i++) schedule({ rep: rep.id, student, kind: "new", channel: "walk_in", course: "math", hours: 2, amount: 39_800, status: "paid", days: 0, paid_on: `${YEAR}-06-${day}`, fake: true });
          }
        }

        // This month's orders join the book (an idle consultant's wait for next month).
        const admit = (): void => {
          const due = (upcoming.get(month) ?? []).sort((a, b) => (a.paid_on < b.paid_on ? -1 : a.paid_on > b.paid_on ? 1 : 0));
          upcoming.delete(month);
          for (const o of due) {
            if (idleIn(o.paid_on)) {
              schedule({ ...o, paid_on: addDays(`${OUTLIER_MONTH}-01`, 30 + rng.int(0, 4)) });
              continue;
            }
            orders.push(o);
            if (o.status !== "paid" || o.fake) continue;
            const existing = o.kind === "renewal" ? book.find((s) => s.id === o.student) : undefined;
            if (existing) {
              existing.balance += o.hours;
              existing.unitCents = o.amount / o.hours;
              existing.renewing = false;
              existing.due = false;
            } else {
              book.push({ id: o.student, channel: o.channel, course: o.course, balance: o.hours, unitCents: o.amount / o.hours, joinedOn: o.paid_on, renewing: false, due: false, churned: false });
            }
          }
        };
        admit();

        // Monthly consumption statements, renewal follow-ups and surveys.
        const lastActive = active[active.length - 1]!.date;
        for (const s of book) {
          if (s.balance <= 0) continue;
          const joinedThisMonth = monthKey(s.joinedOn) === month;
          const firstDay = joinedThisMonth ? Number(s.joinedOn.slice(8, 10)) : 1;
          const share = (dim - firstDay + 1) / dim;
          const hours = Math.min(s.balance, Math.max(0, Math.round(rng.normal(10, 2) * LESSON_SEASON[m]! * share)));
          const lastDay = Number(lastActive.slice(8, 10));
          const day = rng.int(Math.min(lastDay, Math.max(20, firstDay)), lastDay);
          const on = `${month}-${String(day).padStart(2, "0")}`;
          if (hours > 0) {
            s.balance -= hours;
            if (in2026) lessons.push([rep.id, s.id, hours, money(Math.round(hours * s.unitCents)), money(hours * teacherCents(s.course, team)), on]);
          }
          if (in2026 && rng.chance(0.1)) {
            const score = Math.round(Math.min(10, Math.max(0, rng.normal(8 + 2.5 * (rep.skill - 1), 1.7))));
            surveys.push([rep.id, s.id, score, rng.pick(active).date]);
          }
          if (s.balance < RENEWAL_THRESHOLD && !s.due && !s.churned) {
            s.due = true;
            // A follow-up due while the consultant is on leave waits for their return.
            const dueOn = idleIn(on) ? addDays(`${OUTLIER_MONTH}-01`, 30) : on;
            const paidOn = addDays(dueOn, rng.int(0, 6));
            const decided = paidOn <= LAST_DAY && activeOn(rep, paidOn);
            const renewed = rng.chance(renewP);
            if (dueOn.startsWith(String(YEAR))) renewals.push([rep.id, s.id, !decided ? "pending" : renewed ? "renewed" : "churned", dueOn]);
            if (!decided) continue;
            if (renewed) {
              s.renewing = true;
              const rh = rng.weighted(PACKAGE_HOURS, RENEWAL_PACKAGE_WEIGHTS);
              schedule({ rep: rep.id, student: s.id, kind: "renewal", channel: s.channel, course: s.course, hours: rh, amount: packageCents(s.course, rh, team, rng.weighted(DISCOUNTS, discountWeights)), status: "paid", days: Math.round((Date.parse(paidOn) - Date.parse(dueOn)) / 86_400_000), paid_on: paidOn });
            } else {
              s.churned = true;
            }
          }
        }
        // Renewals paid within the month of their follow-up.
        admit();
        // Students with no hours left and no renewal coming leave the book.
        for (let i = book.length - 1; i >= 0; i--) if (book[i]!.balance <= 0 && !book[i]!.renewing) book.splice(i, 1);
      }

      // Service quality checks by the head office, monthly and quarterly.
      for (let q = 1; q <= 4; q++) {
        let sum = 0;
        let n = 0;
        for (let mm = q * 3 - 2; mm <= q * 3; mm++) {
          const period = `${YEAR}-${String(mm).padStart(2, "0")}`;
          // Checked only in months the consultant worked in (a hire from the 25th is not checked that month).
          if (!activeOn(rep, `${period}-15`) && !activeOn(rep, `${period}-28`)) continue;
          const score = rep.id === QA_FAIL_REP && period === OUTLIER_MONTH ? 72 : Math.round(Math.min(100, Math.max(60, rng.normal(85 + 10 * (rep.skill - 1), 4))));
          inputs.push([rep.id, "quality_score", period, score]);
          sum += score;
          n++;
        }
        // The quarterly grade is the mean of the monthly checks, to one decimal.
        if (n > 0) inputs.push([rep.id, "quality_score", `${YEAR}-Q${q}`, Math.round((sum / n) * 10) / 10]);
      }
    }

    const byDate = <T>(rows: T[], date: (r: T) => string): T[] => rows.map((r, i) => [r, i] as const).sort((a, b) => (date(a[0]) < date(b[0]) ? -1 : date(a[0]) > date(b[0]) ? 1 : a[1] - b[1])).map(([r]) => r);
    const cellDate = (r: Cell[]): string => String(r[r.length - 1]);
    return {
      "entities.csv": entitiesCsv(org),
      "leads.csv": csv(["rep", "student", "channel", "school", "invited", "trial", "enrolled", "created_on"], byDate(leads, cellDate)),
      "orders.csv": csv(
        ["rep", "student", "kind", "channel", "course", "hours", "amount", "status", "days_to_close", "paid_on"],
        byDate(orders, (o) => o.paid_on).map((o) => [o.rep, o.student, o.kind, o.channel, o.course, o.hours, money(o.amount), o.status, o.days, o.paid_on]),
      ),
      "lessons.csv": csv(["rep", "student", "hours", "revenue", "teacher_cost", "taught_on"], byDate(lessons, cellDate)),
      "renewals.csv": csv(["rep", "student", "status", "due_on"], byDate(renewals, cellDate)),
      "events.csv": csv(["rep", "school", "kind", "attendees", "held_on"], byDate(events, cellDate)),
      "surveys.csv": csv(["rep", "student", "score", "answered_on"], byDate(surveys, cellDate)),
      "inputs.csv": csv(["entity", "metric", "period", "value"], inputs),
      "targets.csv": csv(["entity", "metric", "period", "base", "challenge"], [
        // A senior consultant negotiated a personal annual quota below the standard one.
        ["r001", "course_sales", String(YEAR), "1500000.00", "1800000.00"],
        // Consultants hired last year have too little renewal history
        // for a split by history: head office sets their renewal quota by hand.
        ...org.reps.filter((r) => r.start >= `${YEAR - 1}-01-01` && r.start < `${YEAR}-01-01`).map((r) => [r.id, "renewal_sales", String(YEAR), "600000.00", "690000.00"]),
      ]),
    };
  },
};

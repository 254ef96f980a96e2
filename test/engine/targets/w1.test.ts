/**
 * The W1 benchmark's targets (/work/shared/bench/W1.md): 10,000 reps in 100
 * teams, each with an annual quota from the dataset split 20/25/25/30 by
 * quarter and evenly within quarters. Checks the hand-computed splits of
 * reps 1 and 5, the split checksum Σ monthly target × month number, that
 * teams and the root are sums. (Its speed is the W1 benchmark's business, `npm run bench`.)
 * @module
 */
import { describe, expect, it } from "vitest";
import { buildTargets } from "../../../engine/targets/index.js";
import { cell, dataset, months, noHistory, template, type EntitySpec, type RowSpec } from "./helpers.js";

const REPS = 10_000;
const quota = (i: number): number => 60_000_000 + ((i * 7919) % 40_000_000);

function w1() {
  const entities: EntitySpec[] = [];
  for (let t = 0; t < 100; t++) {
    entities.push({ id: `team${t}`, kind: "team" });
    for (let i = t; i < REPS; i += 100) entities.push({ id: `rep${i}`, parent: `team${t}` });
  }
  const rows: RowSpec[] = Array.from({ length: REPS }, (_, i) => ({ entity: `rep${i}`, metric: "amount", period: "2026", base: quota(i) }));
  return dataset(entities, rows);
}

describe("W1 targets", () => {
  const checked = template("target amount { quarters 20% 25% 25% 30% }");
  const ds = w1();
  const targets = buildTargets(checked, ds, noHistory);
  const monthly = (id: string) => months(2026).map((m) => targets.target("amount", cell(ds, id, m)).base);

  it("splits rep 1's 60,007,919 cents into 4,000,528 ×3, 5,000,660 ×6, 6,000,792, 6,000,792, 6,000,791", () => {
    expect(monthly("rep1")).toEqual([4_000_528, 4_000_528, 4_000_528, 5_000_660, 5_000_660, 5_000_660, 5_000_660, 5_000_660, 5_000_660, 6_000_792, 6_000_792, 6_000_791]);
  });

  it("splits rep 5's 60,039,595 cents with the extra cents on the earlier months", () => {
    // Q1 = 12,007,919 → 4,002,640 + 4,002,640 + 4,002,639; Q2 = Q3 = 15,009,899 → 5,003,300 + 5,003,300 + 5,003,299;
    // Q4 = 18,011,878 → 6,003,960 + 6,003,959 + 6,003,959.
    expect(monthly("rep5")).toEqual([4_002_640, 4_002_640, 4_002_639, 5_003_300, 5_003_300, 5_003_299, 5_003_300, 5_003_300, 5_003_299, 6_003_960, 6_003_959, 6_003_959]);
  });

  it("sums quarters and the year from the months", () => {
    expect(targets.target("amount", cell(ds, "rep5", "2026-Q1")).base).toBe(12_007_919);
    expect(targets.target("amount", cell(ds, "rep5", "2026-Q4")).base).toBe(18_011_878);
    expect(targets.target("amount", cell(ds, "rep5", "2026")).base).toBe(60_039_595);
  });

  it("matches the W1 checksum Σ monthly target × month number", () => {
    let sum = 0;
    for (let i = 0; i < REPS; i++) monthly(`rep${i}`).forEach((v, m) => (sum += v! * (m + 1)));
    expect(sum).toBe(5_546_033_282_999);
  });

  it("gives a team the sum of its 100 reps and the root the sum of everything", () => {
    let team1 = 0;
    let all = 0;
    for (let i = 0; i < REPS; i++) {
      if (i % 100 === 1) team1 += quota(i);
      all += quota(i);
    }
    expect(targets.target("amount", cell(ds, "team1", "2026")).base).toBe(team1);
    expect(targets.target("amount", cell(ds, "all", "2026")).base).toBe(all);
    expect(targets.explain("amount", cell(ds, "team1", "2026-03")).steps[0]).toMatch(/^sum of 100 children: rep1 40,005.28 \+ /);
  });
});

/**
 * The committed example datasets are exactly what `npm run examples:data`
 * writes: each generator run again in memory equals the files on disk, byte
 * for byte, with no extra files.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { datasetFolder } from "../../examples/gen/index.js";
import { GENERATORS } from "../../examples/gen/generators.js";
import { Rng, csv, money, addDays } from "../../examples/gen/kit.js";

describe("example data generators", () => {
  it.each(GENERATORS.map((g) => [g.folder, g] as const))("examples/%s/dataset regenerates byte-identically", (_name, g) => {
    const files = g.generate();
    const dir = datasetFolder(g.folder);
    expect(readdirSync(dir).sort()).toEqual(Object.keys(files).sort());
    for (const [name, text] of Object.entries(files)) expect(readFileSync(join(dir, name), "utf8") === text, `${g.folder}/${name} differs: run npm run examples:data`).toBe(true);
  });

  it("the seeded generator repeats its stream and differs by seed", () => {
    const a = new Rng(7);
    const b = new Rng(7);
    const c = new Rng(8);
    const sa = Array.from({ length: 5 }, () => a.int(0, 1_000_000));
    expect(Array.from({ length: 5 }, () => b.int(0, 1_000_000))).toEqual(sa);
    expect(Array.from({ length: 5 }, () => c.int(0, 1_000_000))).not.toEqual(sa);
  });

  it("writes money as decimal text and quotes CSV cells that need it", () => {
    expect([money(123456), money(5), money(-5), money(100)]).toEqual(["1234.56", "0.05", "-0.05", "1.00"]);
    expect(() => money(0.5)).toThrow(RangeError);
    expect(csv(["id", "name"], [["a", 'Smith, "J"'], ["b", null]])).toBe('id,name\na,"Smith, ""J"""\nb,\n');
    expect(addDays("2026-02-27", 2)).toBe("2026-03-01");
    expect(addDays("2026-01-01", -1)).toBe("2025-12-31");
  });
});

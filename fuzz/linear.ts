/**
 * Time stays linear: for a sample of generated inputs, the same shape at
 * size n and 2n, timed best of three (CPU time), must take at most `maxRatio` times
 * as long (linear is 2, quadratic 4). Three families: a good template with
 * its metric-level declarations written n times (parse + check + print), a
 * broken template repeated n times (parse + check), and a good template's
 * dataset with its records repeated n times (load + evaluate). A sample over
 * the bound is timed again (the machine is shared, so one slow run is not
 * enough to fail); the report gives every ratio.
 * @module
 */
import { parseTemplate } from "../dsl/parse.js";
import { printTemplate } from "../dsl/printer.js";
import { checkSource } from "../engine/check/index.js";
import { loadDatasetJson } from "../engine/dataset/index.js";
import { datasetSpecOf, evaluate } from "../engine/evaluate/index.js";
import { seeded } from "./choice.js";
import { generateRequest, type DatasetDoc } from "./dataset-gen.js";
import { mutate } from "./mutate.js";
import { Broken } from "./oracles.js";
import { generateTemplate } from "./template-gen.js";

export interface LinearSample {
  family: string;
  seed: number;
  /** Input size at n (characters or records). */
  size: number;
  ms: number;
  ms2: number;
  ratio: number;
}

export interface LinearOptions {
  seed: number;
  samples: number;
  /** Target size of the smaller text, in characters. */
  chars?: number;
  maxRatio?: number;
}

/**
 * The least CPU time (ms) of `runs` runs. CPU time, not wall time: on a
 * shared machine a process waiting for a core would otherwise look slow.
 */
function best(f: () => void, runs = 3): number {
  let min = Infinity;
  for (let i = 0; i < runs; i++) {
    const t = process.cpuUsage();
    f();
    const u = process.cpuUsage(t);
    min = Math.min(min, (u.user + u.system) / 1000);
  }
  return min;
}

/** Times `make(1)` against `make(2)`; retried twice when over the bound. */
function ratioOf(family: string, seed: number, size: number, maxRatio: number, work: (scale: 1 | 2) => () => void): LinearSample {
  const one = work(1);
  const two = work(2);
  one(); // warm
  two();
  let sample: LinearSample | undefined;
  for (let attempt = 0; attempt < 3; attempt++) {
    const ms = best(one);
    const ms2 = best(two);
    const s = { family, seed, size, ms, ms2, ratio: ms2 / ms };
    if (!sample || s.ratio < sample.ratio) sample = s;
    if (sample.ratio <= maxRatio) break;
  }
  return sample!;
}

/**
 * Runs the samples; throws `Broken` when one stays over the bound.
 * @example
 * const samples = checkLinear({ seed: 1, samples: 6 });
 */
export function checkLinear(o: LinearOptions): LinearSample[] {
  const chars = o.chars ?? 40_000;
  const maxRatio = o.maxRatio ?? 2.6;
  const out: LinearSample[] = [];
  for (let i = 0; i < o.samples; i++) {
    const seed = o.seed + i;
    const family = ["template", "mutant", "dataset"][i % 3]!;
    if (family === "template") {
      // Copies of the same module shape: each copy reads the same choices.
      const size1 = generateTemplate(seeded(seed), { copies: 1, copyChoice: () => seeded(seed * 7 + 1) }).text.length;
      const n = Math.max(1, Math.round(chars / Math.max(size1, 1)));
      const text = (k: number): string => generateTemplate(seeded(seed), { copies: n * k, copyChoice: () => seeded(seed * 7 + 1) }).text;
      const t1 = text(1);
      const t2 = text(2);
      out.push(ratioOf(family, seed, t1.length, maxRatio, (k) => () => {
        const t = k === 1 ? t1 : t2;
        checkSource(t);
        printTemplate(parseTemplate(t).model);
      }));
    } else if (family === "mutant") {
      const c = seeded(seed);
      const m = mutate(c, generateTemplate(c).text, 3);
      const n = Math.max(1, Math.round(chars / Math.max(m.length, 1)));
      const t1 = Array(n).fill(m).join("\n");
      const t2 = Array(2 * n).fill(m).join("\n");
      out.push(ratioOf(family, seed, t1.length, maxRatio, (k) => () => void checkSource(k === 1 ? t1 : t2)));
    } else {
      const c = seeded(seed);
      const t = generateTemplate(c);
      const checked = checkSource(t.text).checked;
      if (!checked) continue;
      const req = generateRequest(c, t.info, false);
      const scaled = (k: number): string => {
        const d: DatasetDoc = { ...req.dataset, records: {} };
        for (const [s, rows] of Object.entries(req.dataset.records)) d.records[s] = Array.from({ length: rows.length * 2000 * k }, (_, j) => rows[j % rows.length]!);
        return JSON.stringify(d);
      };
      const j1 = scaled(1);
      const j2 = scaled(2);
      const spec = datasetSpecOf(checked);
      const records = Object.values(req.dataset.records).reduce((a, r) => a + r.length * 2000, 0);
      if (records === 0) continue;
      out.push(ratioOf(family, seed, records, maxRatio, (k) => () => {
        const l = loadDatasetJson(k === 1 ? j1 : j2, spec, "data.json");
        if (l.ok) evaluate(checked, l.dataset, { period: req.period, ...(req.asOf ? { asOf: req.asOf } : {}) });
      }));
    }
  }
  const worst = out.filter((s) => s.ratio > maxRatio);
  if (worst.length) throw new Broken(`time is not linear: ${worst.map((s) => `${s.family} seed ${s.seed}: ${s.ms.toFixed(1)} ms → ${s.ms2.toFixed(1)} ms (×${s.ratio.toFixed(2)})`).join("; ")}`, { samples: worst });
  return out;
}

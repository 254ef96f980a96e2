/**
 * `npm run bench:dsl -- --adversarial` — the pathological families of
 * issue 10: texts built to make a front-end phase (lex, parse, build, check,
 * print) super-linear. Each family is timed at n and 2n (n ≥ 200 KB of text)
 * and the ratio of the two times is printed; a linear phase gives about 2.
 * The run exits 1 when a ratio passes 2.5. `ADVERSARIAL_FAMILIES` is also
 * what the fuzz script and the limit tests feed the front end.
 */
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { checkSource } from "../engine/check/index.js";
import { parseTemplate } from "../dsl/parse.js";
import { printTemplate } from "../dsl/printer.js";

const metrics = (n: number, line: (i: number) => string): string => Array.from({ length: n }, (_, i) => line(i)).join("\n");

/** Family name → text of about `kb` kilobytes. */
export const ADVERSARIAL_FAMILIES: Record<string, (kb: number) => string> = {
  // One lexical error per character pair: each used to rescan the tokens.
  "unexpected characters (2^2^2…)": (kb) => `metric x = 2${"^2".repeat(kb * 512)}`,
  "repeated keywords (metric metric …)": (kb) => "metric ".repeat(Math.floor((kb * 1024) / 7)),
  "repeated block openers (template t { …)": (kb) => "template t {".repeat(Math.floor((kb * 1024) / 12)),
  "unterminated strings": (kb) => 'metric x = "a\n'.repeat(Math.floor((kb * 1024) / 14)),
  "1 + 1 + … (too complex)": (kb) => `metric x = 1${" + 1".repeat(kb * 256)}`,
  "and-chains (too complex)": (kb) => `metric x = if(1 > 0${" and 1 > 0".repeat(Math.floor((kb * 1024) / 10))}, 1, 0)`,
  "nested parentheses (too deep)": (kb) => `metric x = ${"(".repeat(kb * 512)}1${")".repeat(kb * 512)}`,
  "prefix operators (not not …)": (kb) => `metric x = ${"not ".repeat(kb * 256)}true`,
  "a chain of metrics (m1 = m0 + 1 …)": (kb) => metrics(Math.floor((kb * 1024) / 22), (i) => `metric m${i} = ${i ? `m${i - 1}` : "1"} + 1`),
  "a wide sum of metrics (m = m0 + m1 + … in parts)": (kb) =>
    metrics(Math.floor((kb * 1024) / 60), (i) => `metric m${i} = ${i < 4 ? "1" : `m${i - 1} + m${i - 2} + m${i - 3} + m${i - 4}`}`),
  "one incentive with many tiers": (kb) =>
    `entity rep\nmetric a = 1\nincentive i for rep {\n  basis a\n  tiers marginal on a {\n${metrics(Math.floor((kb * 1024) / 24), (i) => `    from ${i} rate 1%`)}\n  }\n}`,
  "comments": (kb) => "metric a = 1 // a comment after a declaration\n/* and a block */\n".repeat(Math.floor((kb * 1024) / 64)),
  "long names and labels": (kb) => metrics(Math.max(1, Math.floor(kb / 16)), (i) => `metric ${"n".repeat(8000)}${i} "${"标".repeat(2500)}" = 1`),
};

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

/** Every phase on one text: parse (lex, parse, build), check (parse again + check), print. */
function runPhases(text: string): { parse: number; check: number; print: number } {
  let t = performance.now();
  const parsed = parseTemplate(text);
  const parse = performance.now() - t;
  t = performance.now();
  checkSource(text);
  const check = performance.now() - t;
  t = performance.now();
  printTemplate(parsed.model);
  return { parse, check, print: performance.now() - t };
}

setFlagsFromString("--expose-gc");
/** A full collection before each timed run, so one run does not pay for the garbage of the last. */
const gc = runInNewContext("gc") as () => void;

type Times = { parse: number; check: number; print: number; total: number };

/** Runs of n and 2n interleaved, so a load on the machine weighs on both alike; medians of each. */
function timedPair(small: string, large: string, runs: number): [Times, Times] {
  const rs: [ReturnType<typeof runPhases>[], ReturnType<typeof runPhases>[]] = [[], []];
  for (let i = 0; i < runs; i++) {
    gc();
    rs[0].push(runPhases(small));
    gc();
    rs[1].push(runPhases(large));
  }
  const times = (xs: ReturnType<typeof runPhases>[]): Times => ({
    parse: median(xs.map((r) => r.parse)),
    check: median(xs.map((r) => r.check)),
    print: median(xs.map((r) => r.print)),
    total: median(xs.map((r) => r.parse + r.check + r.print)),
  });
  return [times(rs[0]), times(rs[1])];
}

/**
 * Times each family at n and 2n and prints the ratios.
 * @example
 * runAdversarial({ kb: 256, runs: 5 }); // false when any ratio passed 2.5
 */
export function runAdversarial(options: { kb: number; runs: number; limit?: number }): boolean {
  const limit = options.limit ?? 2.5;
  let ok = true;
  console.log(`Each family at n = ${options.kb} KB and 2n; ms are medians of ${options.runs} runs (parse + check + print).`);
  console.log("family                                             KB(n)  KB(2n)   ms(n)  ms(2n)  ratio  parse  check  print");
  for (const [name, make] of Object.entries(ADVERSARIAL_FAMILIES)) {
    const small = make(options.kb);
    const large = make(options.kb * 2);
    runPhases(small); // warm-up: the first run pays for compiling the front end
    const [a, b] = timedPair(small, large, options.runs);
    // Sub-millisecond phases are all noise; a floor keeps their ratio honest.
    const ratio = (x: number, y: number): number => Math.max(y, 2) / Math.max(x, 2);
    const r = ratio(a.total, b.total);
    if (r > limit) ok = false;
    const kb = (s: string) => (Buffer.byteLength(s) / 1024).toFixed(0);
    console.log(
      `${name.padEnd(50)} ${kb(small).padStart(6)} ${kb(large).padStart(7)} ${a.total.toFixed(0).padStart(7)} ${b.total.toFixed(0).padStart(7)} ${r.toFixed(2).padStart(6)}` +
        ` ${ratio(a.parse, b.parse).toFixed(2).padStart(6)} ${ratio(a.check, b.check).toFixed(2).padStart(6)} ${ratio(a.print, b.print).toFixed(2).padStart(6)}${r > limit ? "  ← over " + limit : ""}`,
    );
  }
  console.log(ok ? `every ratio ≤ ${limit}` : `some ratio is over ${limit}`);
  return ok;
}

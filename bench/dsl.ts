/**
 * `npm run bench:dsl` — parse and check speed of the language front end on
 * generated templates of 1,000, 2,000 and 4,000 metrics. Prints, per size, the
 * median time of parse and of parse + check, throughput in MB/s, and the time
 * per 1,000 metrics, whose flatness shows that growth is linear.
 * `--adversarial [--kb N]` times the pathological families of
 * `dsl-adversarial.ts` at N KB (default 256) and twice that instead.
 */
import { checkSource } from "../engine/check/index.js";
import { parseTemplate } from "../dsl/parse.js";
import { runAdversarial } from "./dsl-adversarial.js";

/** A template of `n` metrics over two sources, with targets, a scorecard, an incentive and alerts. */
export function generateTemplate(n: number): string {
  const out: string[] = [
    `template bench_${n} "Benchmark ${n}" {`,
    "  industry saas",
    "  grain month",
    "  currency CNY",
    "}",
    "",
    'entity rep "Rep" in team',
    'entity team "Team"',
    "",
    "source deals by rep at closed_on {",
    "  amount: money",
    '  status: "open" | "won" | "lost"',
    '  kind: "new" | "renewal"',
    "  customer: string",
    "  days_to_close: integer",
    "  closed_on: date",
    "}",
    "source visits by rep at visited_on {",
    "  visited_on: date",
    "}",
    "",
  ];
  for (let i = 0; i < n; i++) {
    switch (i % 5) {
      case 0:
        out.push(`metric m${i} "金额 ${i}": money = sum(deals.amount where status == "won" and days_to_close <= ${i % 90})`);
        break;
      case 1:
        out.push(`metric m${i} = count(deals where kind == "new" and status != "open") + count(visits)`);
        break;
      case 2:
        out.push(`metric m${i}: percent = m${i - 1} / coalesce(count(visits), 1)`);
        break;
      case 3:
        out.push(`metric m${i}: money = m${i - 3} * 3% + if(m${i - 1} >= 50%, 1_000, 0)`);
        break;
      default:
        out.push(`metric m${i} "cycle ${i}": number lower_better = avg(deals.days_to_close where customer in ("a", "b", "c"))`);
    }
  }
  out.push("");
  for (let i = 0; i < n; i += 5) out.push(`target m${i} { base ${1_000_000 + i} per rep per year }`);
  out.push("", "scorecard monthly {", "  m0 weight 50% cap 150%", "  m5 weight 50% cap 120%", "}", "");
  out.push("incentive commission for rep {", "  basis m0", "  tiers retroactive on attainment(m0) {", "    from 80% rate 3%", "    from 100% rate 5%", "  }", "  cap 50_000", "}", "");
  out.push('alert behind warning when pace(m0) < 80%', '  message "{entity} is at {pace(m0)}"');
  return `${out.join("\n")}\n`;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

function time(fn: () => void, runs: number): number {
  const ts: number[] = [];
  for (let r = 0; r < runs; r++) {
    const t0 = performance.now();
    fn();
    ts.push(performance.now() - t0);
  }
  return median(ts);
}

function main(): void {
  const sizes = [1000, 2000, 4000];
  const texts = sizes.map(generateTemplate);
  for (const t of texts) {
    const r = checkSource(t);
    const errors = r.diagnostics.filter((d) => d.severity === "error");
    if (errors.length) throw new Error(`benchmark template has errors: ${errors[0]!.message}`);
  }
  for (let w = 0; w < 3; w++) for (const t of texts) checkSource(t);
  console.log("size      bytes   parse ms  parse+check ms    MB/s   ms per 1,000 metrics");
  for (let i = 0; i < sizes.length; i++) {
    const text = texts[i]!;
    const bytes = Buffer.byteLength(text);
    const parseMs = time(() => parseTemplate(text), 9);
    const totalMs = time(() => checkSource(text), 9);
    const mbs = bytes / 1e6 / (totalMs / 1000);
    console.log(
      `${String(sizes[i]).padStart(5)} ${String(bytes).padStart(10)} ${parseMs.toFixed(1).padStart(10)} ${totalMs.toFixed(1).padStart(15)} ${mbs.toFixed(2).padStart(7)} ${((totalMs / sizes[i]!) * 1000).toFixed(1).padStart(22)}`,
    );
  }
}

const args = process.argv.slice(2);
if (args.includes("--adversarial")) {
  const kbAt = args.indexOf("--kb");
  const kb = kbAt >= 0 ? Number(args[kbAt + 1]) : 256;
  if (!runAdversarial({ kb, runs: 5 })) process.exitCode = 1;
} else main();

/**
 * `npm run bench:startup` — start-up of the `kpi` command, as whole
 * processes: `kpi --help` and `kpi check` of one template (the demo), each
 * from the compiled dist/ (what `npx kpi` runs) and from the TypeScript
 * sources through tsx (KPI_FROM_SOURCE=1, how it ran before dist/), beside
 * an empty `node -e ""` as the floor. The commands run interleaved,
 * `--runs N` times each (default 10); prints the median and the fastest wall
 * time. Goals (issue 14): `--help` ≤ 150 ms, `check` ≤ 300 ms from dist/.
 * @module
 */
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";

const ROOT = fileURLToPath(new URL("../", import.meta.url));
const runsAt = process.argv.indexOf("--runs");
const RUNS = runsAt > 0 ? Number(process.argv[runsAt + 1]) : 10;
if (!Number.isSafeInteger(RUNS) || RUNS < 1) throw new Error("--runs needs a positive whole number");

const CASES: { name: string; args: string[]; fromSource?: boolean; goal?: number }[] = [
  { name: 'node -e ""', args: ["-e", ""] },
  { name: "kpi --help (dist)", args: ["bin/kpi.js", "--help"], goal: 150 },
  { name: "kpi check demo (dist)", args: ["bin/kpi.js", "check", "examples/demo/demo_saas_growth.kpi"], goal: 300 },
  { name: "kpi --help (tsx, sources)", args: ["bin/kpi.js", "--help"], fromSource: true },
  { name: "kpi check demo (tsx, sources)", args: ["bin/kpi.js", "check", "examples/demo/demo_saas_growth.kpi"], fromSource: true },
];

const times = CASES.map(() => [] as number[]);
for (let r = 0; r < RUNS; r++) {
  CASES.forEach((c, i) => {
    const t0 = performance.now();
    const p = spawnSync(process.execPath, c.args, { cwd: ROOT, stdio: ["ignore", "ignore", "pipe"], env: { ...process.env, KPI_FROM_SOURCE: c.fromSource ? "1" : "" } });
    const ms = performance.now() - t0;
    if (p.status !== 0) throw new Error(`${c.name} exited with ${p.status}: ${String(p.stderr)}`);
    times[i]!.push(ms);
  });
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};
console.log(`start-up, whole processes, ${RUNS} runs each, interleaved; wall ms (Node ${process.version})`);
const rows = [["command", "median", "fastest", "goal"], ...CASES.map((c, i) => [c.name, median(times[i]!).toFixed(0), Math.min(...times[i]!).toFixed(0), c.goal ? `≤ ${c.goal}` : ""])];
const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => r[c]!.length)));
for (const r of rows) console.log(r.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!))).join("   ").trimEnd());

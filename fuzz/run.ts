/**
 * `npm run fuzz [-- --cases N] [--seed S] [--only NAME,…] [--linear K] [--jobs J] [--replay JSON]` —
 * runs the fuzz properties (properties.ts) with fast-check, N cases in all
 * (default 100,000) shared among them by weight, in J processes (default
 * 2, one per core; each takes every property's share with its own seeds),
 * then, alone, the linear-time samples (linear.ts). Prints, per property
 * and process, its cases, time and counters; on a failure, fast-check's
 * report (seed, path and the shrunk input) with the command that reruns it;
 * `--replay` runs one counterexample (as fast-check printed it) alone.
 * Exit 1 on any failure.
 * @module
 */
import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import fc from "fast-check";
import { fuzzServer } from "./http.js";
import { checkLinear } from "./linear.js";
import { httpProperty, mutantsProperty, noiseProperty, roundtripProperty, type Stats } from "./properties.js";

/** Each property's share of the cases. */
// Cheap properties get more cases: a mutant costs about 3 ms of CPU, a
// round trip (two checks, two evaluations) about 12 ms, an HTTP case about 10 ms.
const WEIGHTS = { mutants: 0.5, noise: 0.15, roundtrip: 0.2, http: 0.15 } as const;
type Name = keyof typeof WEIGHTS;

interface Args {
  cases: number;
  seed: number;
  only: Name[];
  linear: number;
  jobs: number;
  /** Set in a child process: which share of the seeds it runs. */
  shard?: number;
  /** A counterexample (JSON of the property's arguments) to run alone. */
  replay?: unknown;
}

function parseArgs(argv: string[]): Args {
  const args: Args = { cases: 100_000, seed: Date.now() % 1_000_000, only: Object.keys(WEIGHTS) as Name[], linear: 12, jobs: 2 };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const v = argv[i + 1];
    const num = (): number => {
      const n = Number(v);
      if (!Number.isSafeInteger(n) || n < 0) throw new Error(`${a} wants a whole number, not ${JSON.stringify(v)}`);
      i++;
      return n;
    };
    if (a === "--cases") args.cases = num();
    else if (a === "--seed") args.seed = num();
    else if (a === "--linear") args.linear = num();
    else if (a === "--jobs") args.jobs = Math.max(1, num());
    else if (a === "--shard") args.shard = num();
    else if (a === "--replay") {
      args.replay = JSON.parse(v ?? "null");
      args.jobs = 1;
      args.linear = 0;
      i++;
    }
    else if (a === "--only") {
      const names = (v ?? "").split(",");
      for (const n of names) if (!(n in WEIGHTS)) throw new Error(`--only: unknown property ${JSON.stringify(n)}; the properties are ${Object.keys(WEIGHTS).join(", ")}`);
      args.only = names as Name[];
      i++;
    } else throw new Error(`unknown option ${a}; usage: npm run fuzz -- [--cases N] [--seed S] [--only ${Object.keys(WEIGHTS).join(",")}] [--linear K] [--jobs J] [--replay JSON]`);
  }
  return args;
}

const fmt = (n: number): string => n.toLocaleString("en-US");

/** Runs this process's share of every property; returns the cases run and the failures. */
async function runProperties(args: Args, log: (line: string) => void): Promise<{ cases: number; failures: number; cpu: number }> {
  const cpu0 = process.cpuUsage();
  const total = args.only.reduce((s, n) => s + WEIGHTS[n], 0);
  const shard = args.shard ?? 0;
  let failures = 0;
  let ran = 0;
  for (const [k, name] of args.only.entries()) {
    const numRuns = Math.max(1, Math.round((args.cases * WEIGHTS[name]) / total / args.jobs));
    // Distinct seeds per property and per process, reproducible from --seed alone.
    const seed = args.seed + 1000 * shard + k;
    const stats: Stats = new Map();
    const t = performance.now();
    const params = args.replay !== undefined ? { numRuns: 1, seed, examples: [args.replay as never] } : { numRuns, seed, endOnFailure: false };
    try {
      if (name === "http") {
        const server = fuzzServer();
        try {
          await fc.assert(httpProperty(server, stats), params);
        } finally {
          server.close();
        }
      } else {
        if (name === "noise") fc.assert(noiseProperty(stats), params);
        else fc.assert(name === "mutants" ? mutantsProperty(stats) : roundtripProperty(stats), params);
      }
    } catch (err) {
      failures++;
      // fast-check 4 keeps the property's own error as the cause.
      const cause = (err as Error).cause instanceof Error ? `\n${((err as Error).cause as Error).message}` : "";
      log(`\n✗ ${name} (rerun: npm run fuzz -- --only ${name} --seed ${args.seed} --cases ${args.cases} --jobs ${args.jobs} --linear 0; or replay the counterexample: --only ${name} --replay 'JSON')\n${(err as Error).message}${cause}\n`);
    }
    ran += stats.get("cases") ?? 0;
    const counters = [...stats].filter(([key]) => key !== "cases").sort(([a], [b]) => a.localeCompare(b)).map(([key, v]) => `${key} ${fmt(v)}`).join(", ");
    log(`${name.padEnd(10)} ${fmt(stats.get("cases") ?? 0).padStart(8)} cases ${((performance.now() - t) / 1000).toFixed(1).padStart(6)} s  ${counters}`);
  }
  const cpu = process.cpuUsage(cpu0);
  return { cases: ran, failures, cpu: (cpu.user + cpu.system) / 1e6 };
}

/** Runs the shards as child processes and sums what they report. */
function runShards(args: Args): Promise<{ cases: number; failures: number; cpu: number }> {
  const script = fileURLToPath(import.meta.url);
  const children = Array.from({ length: args.jobs }, (_, shard) => {
    const argv = [...process.execArgv, script, "--cases", String(args.cases), "--seed", String(args.seed), "--only", args.only.join(","), "--linear", "0", "--jobs", String(args.jobs), "--shard", String(shard)];
    return new Promise<{ cases: number; failures: number; cpu: number }>((resolve) => {
      const child = spawn(process.execPath, argv, { stdio: ["ignore", "pipe", "inherit"] });
      let buffered = "";
      let summary = { cases: 0, failures: 1, cpu: 0 };
      child.stdout.setEncoding("utf8");
      child.stdout.on("data", (chunk: string) => {
        buffered += chunk;
        let nl: number;
        while ((nl = buffered.indexOf("\n")) >= 0) {
          const line = buffered.slice(0, nl);
          buffered = buffered.slice(nl + 1);
          if (line.startsWith(SUMMARY)) summary = JSON.parse(line.slice(SUMMARY.length)) as typeof summary;
          else console.log(`[${shard + 1}/${args.jobs}] ${line}`);
        }
      });
      child.on("close", (code) => resolve(code === 0 || summary.failures > 0 ? summary : { ...summary, failures: 1 }));
    });
  });
  return Promise.all(children).then((rs) => rs.reduce((a, r) => ({ cases: a.cases + r.cases, failures: a.failures + r.failures, cpu: a.cpu + r.cpu }), { cases: 0, failures: 0, cpu: 0 }));
}

const SUMMARY = "@@fuzz-summary ";

async function main(): Promise<number> {
  let args: Args;
  try {
    args = parseArgs(process.argv.slice(2));
  } catch (err) {
    console.error(`fuzz: ${(err as Error).message}`);
    return 2;
  }
  if (args.shard !== undefined) {
    const r = await runProperties(args, (l) => console.log(l));
    console.log(`${SUMMARY}${JSON.stringify(r)}`);
    return r.failures ? 1 : 0;
  }
  const started = performance.now();
  console.log(`fuzz: ${fmt(args.cases)} cases, seed ${args.seed}, ${args.jobs} process${args.jobs === 1 ? "" : "es"}`);
  const r = args.cases === 0 ? { cases: 0, failures: 0, cpu: 0 } : args.jobs === 1 ? await runProperties(args, (l) => console.log(l)) : await runShards(args);
  let failures = r.failures;
  const secs = (performance.now() - started) / 1000;
  // CPU seconds too: on a shared machine the wall time says as much about the neighbours.
  console.log(`fuzz: ${fmt(r.cases)} cases in ${secs.toFixed(1)} s (${fmt(Math.round(r.cases / secs))}/s; ${r.cpu.toFixed(1)} CPU-s, ${((r.cpu / Math.max(r.cases, 1)) * 1000).toFixed(2)} ms per case)`);
  if (args.linear > 0) {
    const t = performance.now();
    try {
      const samples = checkLinear({ seed: args.seed, samples: args.linear });
      const byFamily = new Map<string, number[]>();
      for (const s of samples) byFamily.set(s.family, [...(byFamily.get(s.family) ?? []), s.ratio]);
      const text = [...byFamily].map(([f, rs]) => `${f} ×${Math.max(...rs).toFixed(2)} worst of ${rs.length}`).join(", ");
      console.log(`${"linear".padEnd(10)} ${fmt(samples.length).padStart(8)} pairs ${((performance.now() - t) / 1000).toFixed(1).padStart(6)} s  n → 2n time ratio: ${text}`);
    } catch (err) {
      failures++;
      console.log(`\n✗ linear (rerun: npm run fuzz -- --cases 0 --seed ${args.seed} --linear ${args.linear})\n${(err as Error).message}\n`);
    }
  }
  console.log(`fuzz: ${failures ? `${failures} failure${failures === 1 ? "" : "s"}` : "no failure"} in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  return failures ? 1 : 0;
}

process.exitCode = await main();

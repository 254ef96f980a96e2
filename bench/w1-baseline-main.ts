/**
 * The baseline as a whole process, for `npm run bench -- --cli`: loads the W1
 * CSV folder given as the argument, evaluates once (half-even) and prints the
 * checksums as JSON. w1-cli.ts bundles it to plain JavaScript first, so the
 * process pays no TypeScript transpiling, like the compiled `kpi`.
 * @module
 */
import { runBaseline } from "./w1-baseline.js";

const dir = process.argv[2];
if (!dir) throw new Error("usage: w1-baseline-main DIR");
const r = runBaseline(dir, { runs: 1, warmup: 0, rounding: "half_even" });
process.stdout.write(`${JSON.stringify(r.checksums)}\n`);

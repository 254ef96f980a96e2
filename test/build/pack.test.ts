/**
 * `npm pack` gives a package that installs and runs in an empty folder: its
 * `kpi` bin prints its help, and the README's embedding example, run against
 * the installed package, evaluates the demo to its hand-checked payouts.
 * Packs dist/ as it is (`--ignore-scripts`; dist.test.ts checks it is
 * current) and installs without install scripts (better-sqlite3's native
 * build is only for `kpi serve` and `kpi keys`), from npm's cache where it
 * can. Skipped when npm is not on the PATH.
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { ROOT } from "../../scripts/build-inputs.js";

const NPM = process.platform === "win32" ? "npm.cmd" : "npm";
const hasNpm = spawnSync(NPM, ["--version"], { encoding: "utf8" }).status === 0;
const env = { ...process.env, KPI_FROM_SOURCE: "", npm_config_audit: "false", npm_config_fund: "false", npm_config_update_notifier: "false" };

/** The README's example, between its marker comment and the end of the code block. */
function readmeExample(): string {
  const readme = readFileSync(join(ROOT, "README.md"), "utf8");
  const m = /<!-- embedding example[^>]*-->\n```js\n([\s\S]*?)```/.exec(readme);
  if (!m) throw new Error("README.md has no embedding example");
  return m[1]!;
}

const dir = mkdtempSync(join(tmpdir(), "kpi-pack-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe.skipIf(!hasNpm)("npm pack", () => {
  it("installs in an empty folder; `npx kpi --help` and the README's example run", () => {
    const run = (args: string[], cwd: string) => {
      const r = spawnSync(NPM, args, { cwd, encoding: "utf8", env, timeout: 240_000 });
      if (r.status !== 0) throw new Error(`npm ${args.join(" ")} failed:\n${r.stderr}`);
      return r.stdout;
    };
    const packed = JSON.parse(run(["pack", "--ignore-scripts", "--json", "--pack-destination", dir], ROOT)) as { filename: string; files: { path: string }[] }[];
    const files = packed[0]!.files.map((f) => f.path);
    expect(files).toContain("dist/cli/main.js");
    expect(files).toContain("dist/index.d.ts");
    expect(files).toContain("examples/demo/dataset/deals.csv");
    expect(files.some((f) => f.startsWith("test/") || f.startsWith("bench/") || f.endsWith(".ts") && !f.endsWith(".d.ts"))).toBe(false);

    const app = join(dir, "app");
    mkdirSync(app);
    writeFileSync(join(app, "package.json"), JSON.stringify({ name: "app", private: true, type: "module" }));
    run(["install", "--prefer-offline", "--ignore-scripts", join(dir, packed[0]!.filename)], app);

    const help = spawnSync(NPM, ["exec", "--offline", "--", "kpi", "--help"], { cwd: app, encoding: "utf8", env, timeout: 60_000 });
    expect(help.stderr).toBe("");
    expect(help.stdout).toMatch(/^Usage: kpi \[options\] \[command\]/);

    // The example's paths are the package's own examples: run it from the installed package's folder.
    writeFileSync(join(app, "embed.mjs"), readmeExample());
    const r = spawnSync(process.execPath, [join(app, "embed.mjs")], { cwd: join(app, "node_modules", "kpi-engine"), encoding: "utf8", env, timeout: 60_000 });
    expect(r.stderr).toBe("");
    expect(r.stdout).toBe("zhang 5160.00\nli 8000.00\nwang 2375.01\nzhao 14000.00\nchen 0.00\n");
  }, 300_000);
});

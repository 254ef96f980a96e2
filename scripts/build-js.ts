/**
 * `npm run build:js` (part of `npm run build`, which `npm ci` runs through
 * `prepare`): compiles the runtime TypeScript to ESM JavaScript in dist/,
 * one file per module with source maps, so `kpi` starts without transpiling
 * (bin/kpi.js runs dist/cli/main.js). esbuild transpiles (about 1 s; tsc
 * takes 10–20 s for the same output) and tsc writes only the declarations
 * of the public entry index.ts and what it reaches, without type checking
 * (`npm run typecheck` does that). Runtime files the modules read (package.json,
 * schemas/*.json, examples/) stay where they are: schemas/package-root.ts
 * finds them from dist/ too; the schemas are also copied to dist/schemas/
 * for modules that import them as JSON modules. Only what this script writes is removed first,
 * so other build steps may also write into dist/.
 * @module
 */
import { build } from "esbuild";
import { spawnSync } from "node:child_process";
import { copyFileSync, mkdirSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { buildInputs, inputsHash, ROOT, RUNTIME_FOLDERS, STAMP } from "./build-inputs.js";

const started = performance.now();
const dist = join(ROOT, "dist");
for (const folder of [...RUNTIME_FOLDERS, "vendor"]) rmSync(join(dist, folder), { recursive: true, force: true });
for (const f of ["index.js", "index.js.map", "index.d.ts", "index.d.ts.map", "BUILD_INPUTS"]) rmSync(join(dist, f), { force: true });
mkdirSync(dist, { recursive: true });

/**
 * Packages of many small modules are bundled into one file each under
 * dist/vendor/ and imported from there: Node loads chevrotain's ~100 modules
 * (with lodash-es) in about 800 ms of CPU, its one-file bundle in about 10 ms;
 * commander, which every command loads, skips Node's CommonJS loader so.
 * The package stays a dependency (its types, and the tests run the sources).
 */
const VENDORED: Record<string, string> = { chevrotain: "chevrotain.js", commander: "commander.js" };

const common = { absWorkingDir: ROOT, format: "esm", platform: "node", target: "node20.10", sourcemap: true, logLevel: "warning" } as const;
// scripts/vendor/ holds the entries.
await build({
  ...common,
  entryPoints: Object.values(VENDORED).map((f) => `scripts/vendor/${f}`),
  bundle: true,
  outdir: "dist/vendor",
  sourcemap: false,
  // commander's CommonJS files require Node's built-ins, which an ES module does through createRequire.
  banner: { js: 'import { createRequire as __vendorRequire } from "node:module"; const require = __vendorRequire(import.meta.url);' },
});

// ajv and ajv-formats as one CommonJS file (one copy of ajv, which
// ajv-formats's code generation needs), which schemas/ajv-load.ts requires
// synchronously on first use: an ES module cannot be loaded so, and `kpi
// check` of a text, which never validates, must not pay for importing it.
await build({ ...common, format: "cjs", entryPoints: ["scripts/vendor/ajv.cjs"], bundle: true, outfile: "dist/vendor/ajv.cjs", sourcemap: false });

const inputs = buildInputs();
// Each module is its own output file: every import is left external, those of
// vendored packages pointed at dist/vendor/. `with { type: "json" }` needs
// target Node 20.10 (import attributes).
await build({
  ...common,
  entryPoints: inputs,
  outdir: "dist",
  outbase: ".",
  bundle: true,
  // The lexer and parser skip chevrotain's grammar validations in production; the
  // tests validate the grammar from the sources, so the compiled code need not.
  define: { "process.env.NODE_ENV": JSON.stringify("production") },
  plugins: [
    {
      name: "each-module-alone",
      setup(b) {
        b.onResolve({ filter: /.*/ }, (args) => {
          if (args.kind === "entry-point") return undefined;
          const vendored = VENDORED[args.path];
          if (vendored === undefined) return { path: args.path, external: true };
          const fromDist = relative(dirname(join(ROOT, "dist", relative(ROOT, args.importer))), join(ROOT, "dist/vendor", vendored));
          return { path: fromDist.startsWith(".") ? fromDist : `./${fromDist}`, external: true };
        });
      },
    },
  ],
});

// JSON modules imported with `with { type: "json" }` resolve next to the importing module.
for (const f of readdirSync(join(ROOT, "schemas"))) if (f.endsWith(".schema.json")) copyFileSync(join(ROOT, "schemas", f), join(dist, "schemas", f));

const tsc = spawnSync(process.execPath, [join(ROOT, "node_modules/typescript/bin/tsc"), "-p", join(ROOT, "tsconfig.build.json")], { stdio: "inherit" });
if (tsc.status !== 0) {
  process.stderr.write("build:js: tsc could not write the declarations\n");
  process.exit(1);
}
writeFileSync(join(ROOT, STAMP), `${inputsHash()}\n`);
process.stderr.write(`build:js: ${inputs.length} modules to dist/ in ${Math.round(performance.now() - started)} ms\n`);

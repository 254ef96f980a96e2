/**
 * Builds the designer: esbuild bundles `app/main.ts` (the page) and
 * `controllers/checker-worker.ts` (the checker, the same dsl/ + engine/check
 * code the CLI and the server run) into content-hashed files under
 * `dist/designer/assets/`, and writes `dist/designer/index.html`, which
 * names them. Hashed names let the server cache assets for a year; only
 * index.html is revalidated. Run by `npm ci` (the `prepare` script) and by
 * `npm run build`, which prints the gzipped size of the JavaScript (the
 * budget is 600 KB, issue 12).
 * @module
 */
import { build, type Plugin } from "esbuild";
import { mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";

const here = dirname(fileURLToPath(import.meta.url));
/** Where `kpi serve` looks for the built designer. */
export const DESIGNER_DIST = resolve(here, "../dist/designer");
/** The gzipped JavaScript budget, bytes. */
export const JS_BUDGET = 600 * 1024;

/** What a build produced. */
export interface BuildReport {
  outDir: string;
  files: { name: string; bytes: number; gzip: number }[];
  jsGzip: number;
  /** The JavaScript the first page needs (the entry and what it imports statically), gzipped. */
  firstLoadGzip: number;
}

// schemas/validators.ts reads files with node:fs and compiles ajv validators at run time; see shims/validators.ts.
const browserShims: Plugin = {
  name: "kpi-browser-shims",
  setup(b) {
    b.onResolve({ filter: /schemas\/validators\.js$/ }, () => ({ path: join(here, "shims/validators.ts") }));
  },
};

/**
 * Builds into `outDir` (emptied first).
 * @example
 * const r = await buildDesigner(); // r.jsGzip ≈ 300_000
 */
export async function buildDesigner(outDir: string = DESIGNER_DIST): Promise<BuildReport> {
  rmSync(outDir, { recursive: true, force: true });
  const assets = join(outDir, "assets");
  mkdirSync(assets, { recursive: true });
  const result = await build({
    entryPoints: { main: join(here, "app/main.ts"), checker: join(here, "controllers/checker-worker.ts"), page: join(here, "app/page.css") },
    outdir: assets,
    entryNames: "[name]-[hash]",
    chunkNames: "chunk-[hash]",
    // The editor, CodeMirror and ECharts are loaded on first use (dynamic imports), in chunks of their own.
    splitting: true,
    bundle: true,
    minify: true,
    format: "esm",
    target: "es2022",
    platform: "browser",
    sourcemap: false,
    legalComments: "none",
    metafile: true,
    logLevel: "warning",
    inject: [join(here, "shims/buffer.ts")],
    define: { "process.env.NODE_ENV": '"production"' },
    plugins: [browserShims],
  });
  const byEntry = new Map<string, string>();
  for (const [file, out] of Object.entries(result.metafile.outputs)) {
    if (out.entryPoint) byEntry.set(out.entryPoint.replace(/\.(ts|css)$/, ""), `/assets/${relative(assets, resolve(file))}`);
  }
  const url = (entry: string): string => {
    for (const [k, v] of byEntry) if (k.endsWith(entry)) return v;
    throw new Error(`build: no output for ${entry}`);
  };
  writeFileSync(join(outDir, "index.html"), indexHtml(url("app/main"), url("controllers/checker-worker"), url("app/page")));
  const files = readdirSync(assets).map((name) => {
    const body = readFileSync(join(assets, name));
    return { name, bytes: statSync(join(assets, name)).size, gzip: gzipSync(body, { level: 9 }).length };
  });
  const jsGzip = files.filter((f) => f.name.endsWith(".js")).reduce((n, f) => n + f.gzip, 0);
  const first = new Set<string>();
  const visit = (file: string): void => {
    if (first.has(file)) return;
    first.add(file);
    for (const i of result.metafile.outputs[file]?.imports ?? []) if (i.kind === "import-statement") visit(i.path);
  };
  const mainOut = Object.keys(result.metafile.outputs).find((f) => result.metafile.outputs[f]!.entryPoint?.endsWith("app/main.ts"));
  if (mainOut) visit(mainOut);
  const gz = new Map(files.map((f) => [f.name, f.gzip]));
  const firstLoadGzip = [...first].reduce((n, f) => n + (gz.get(relative(assets, resolve(f))) ?? 0), 0);
  return { outDir, files, jsGzip, firstLoadGzip };
}

/** The page: no inline script or style, so the CSP can forbid both. */
function indexHtml(main: string, checker: string, css: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>KPI designer</title>
<link rel="icon" href="data:,">
<meta name="kpi-checker" content="${checker}">
<link rel="stylesheet" href="${css}">
<script type="module" src="${main}"></script>
</head>
<body>
<kpi-app></kpi-app>
<noscript>The KPI designer needs JavaScript.</noscript>
</body>
</html>
`;
}

const kb = (n: number): string => `${(n / 1024).toFixed(1)} KB`;

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const r = await buildDesigner();
  for (const f of r.files) process.stdout.write(`  ${f.name.padEnd(28)} ${kb(f.bytes).padStart(10)}  gzip ${kb(f.gzip).padStart(9)}\n`);
  process.stdout.write(`designer: ${relative(process.cwd(), r.outDir)}; JavaScript ${kb(r.jsGzip)} gzipped in all (budget ${kb(JS_BUDGET)}), ${kb(r.firstLoadGzip)} for the first page\n`);
  if (r.jsGzip > JS_BUDGET) {
    process.stderr.write("designer: over the JavaScript budget\n");
    process.exitCode = 1;
  }
}

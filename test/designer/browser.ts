/**
 * What the designer's browser tests share: a real server on a random port
 * (seeded from examples/, with an admin key, the designer freshly built) and
 * Debian's chromium driven by playwright-core (never a downloaded browser),
 * plus an axe-core run over the page.
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium, type Browser, type Page } from "playwright-core";
import { buildDesigner } from "../../designer/build.js";
import { createApp } from "../../server/app.js";
import { ensureAdminKey } from "../../server/bootstrap.js";
import { openDatabase } from "../../server/db/open.js";
import { WorkerPool } from "../../server/eval/pool.js";
import { listen, type RunningServer } from "../../server/listen.js";
import { seedExamples } from "../../server/registry/seed.js";

export const CHROMIUM = "/usr/bin/chromium";
const EXAMPLES = fileURLToPath(new URL("../../examples/", import.meta.url));

/** A running server and where its admin key is. */
export interface DesignerServer {
  server: RunningServer;
  key: string;
  dir: string;
  close(): Promise<void>;
}

/**
 * Builds the designer, seeds a fresh database and listens on 127.0.0.1.
 * @example
 * const s = await startDesignerServer(); // s.server.url
 */
export async function startDesignerServer(): Promise<DesignerServer> {
  const dir = mkdtempSync(join(tmpdir(), "kpi-designer-"));
  // Each test file builds its own copy: files run in parallel, and dist/designer is npm's.
  const designerDir = (await buildDesigner(join(dir, "designer"))).outDir;
  const dbFile = join(dir, "kpi.db");
  const db = openDatabase(dbFile);
  const at = new Date().toISOString();
  seedExamples(db, EXAMPLES, at);
  const key = ensureAdminKey(db, dbFile, at)!.key;
  const evaluator = new WorkerPool({ size: 1 });
  const app = createApp({ db, evaluator, log: () => {}, tmpDir: dir, designerDir });
  const server = await listen({ app, db, evaluator, host: "127.0.0.1", port: 0 });
  return {
    server,
    key,
    dir,
    close: async () => {
      await server.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Debian's chromium, headless, with the flags STACK.md lists. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
}

const axeSource = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");

/** One axe violation, shortened for an assertion message. */
export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  targets: string[];
}

/**
 * axe-core's serious and critical violations on the page as it is now.
 * (Injected through the DevTools protocol, which the page's CSP does not govern.)
 * @example
 * expect(await seriousViolations(page)).toEqual([]);
 */
export async function seriousViolations(page: Page): Promise<AxeViolation[]> {
  if (!(await page.evaluate(() => "axe" in window))) await page.evaluate(axeSource);
  const found = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(ctx: Document, o: object): Promise<{ violations: { id: string; impact: string | null; help: string; nodes: { target: unknown[] }[] }[] }> } }).axe;
    const r = await axe.run(document, { resultTypes: ["violations"] });
    return r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, targets: v.nodes.slice(0, 3).map((n) => JSON.stringify(n.target)) }));
  });
  return found.filter((v) => v.impact === "serious" || v.impact === "critical");
}

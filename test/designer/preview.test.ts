/**
 * The designer's Preview tab in a real browser (issue 13, "Verified by"):
 * sign in, open saas_growth, Preview, pick the seeded saas dataset, period
 * 2026-03, Run; one rep's payout in "Results" equals the CLI's number for
 * the same template, folder and period (computed here, in process); its
 * "Explanation" opens; a 10,000-row result scrolls (rows near the bottom
 * render after scrolling). Screenshots of the tab in English and Chinese
 * go to /tmp/shots-preview (KPI_PREVIEW_SHOTS overrides).
 */
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runEval } from "../../cli/eval.js";
import type { CliIO } from "../../cli/io.js";
import { signInLink } from "../../cli/serve.js";
import type { EntityResult, Result } from "../../schemas/generated/result.js";
import { launchChromium, seriousViolations, startDesignerServer, type DesignerServer } from "./browser.js";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const SHOTS = process.env["KPI_PREVIEW_SHOTS"] ?? "/tmp/shots-preview";

let s: DesignerServer;
let browser: Browser;
let link = "";

beforeAll(async () => {
  s = await startDesignerServer();
  browser = await launchChromium();
  link = signInLink(s.server.url, s.key, s.dir).replace(/^designer: /, "");
  mkdirSync(SHOTS, { recursive: true });
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await s?.close();
});

/** `kpi eval … --format json`, in process: the number the page must show. */
async function cliResult(template: string, data: string, period: string): Promise<Result> {
  let out = "";
  let err = "";
  const io: CliIO = { out: (x) => (out += x), err: (x) => (err += x), readStdin: () => "" };
  const code = await runEval(join(ROOT, template), { data: join(ROOT, data), period, format: "json" }, io);
  if (code !== 0) throw new Error(`kpi eval exit ${code}\n${err}`);
  return JSON.parse(out) as Result;
}

/** A page at 1280×800 that records page errors and console errors. */
async function newPage(lang = "en"): Promise<{ page: Page; problems: string[] }> {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 }, locale: lang });
  const problems: string[] = [];
  page.on("pageerror", (e) => problems.push(`pageerror: ${e.message}`));
  page.on("console", (m) => {
    if (m.type() === "error") problems.push(`console: ${m.text()}`);
  });
  return { page, problems };
}

/** Signs in, opens saas_growth on its Preview tab, picks the saas dataset and runs 2026-03. */
async function runSaasMarch(page: Page, lang: "en" | "zh-CN"): Promise<void> {
  const url = new URL(link);
  url.searchParams.set("lang", lang);
  url.hash = `${url.hash}`;
  await page.goto(url.toString());
  await page.getByRole("button", { name: lang === "en" ? "Open saas_growth" : /saas_growth/ }).first().waitFor();
  await page.evaluate(() => (location.hash = "#/t/saas_growth/preview"));
}

describe("the Preview tab in chromium", () => {
  it("runs saas_growth over the seeded saas dataset for 2026-03: a rep's payout is the CLI's, and its explanation opens", async () => {
    const cli = await cliResult("examples/saas/growth.kpi", "examples/saas/dataset", "2026-03");
    const entities = cli.periods[0]!.entities;
    const parents = new Set(entities.map((e) => e.parent));
    // The first rep (a leaf) paid more than a thousand: its figure has a group separator to read.
    const rep = entities.find((e) => !parents.has(e.id) && typeof e.payout === "string" && Number(e.payout) >= 1000) as EntityResult & { payout: string };
    expect(rep).toBeDefined();

    const { page, problems } = await newPage();
    await runSaasMarch(page, "en");
    await page.getByRole("tab", { name: "Preview", selected: true }).waitFor();
    const dataset = page.getByLabel("Dataset");
    await expect.poll(async () => (await dataset.locator("option").allInnerTexts()).join(",")).toContain("saas");
    await dataset.selectOption({ label: "saas" });
    await page.getByLabel("Period", { exact: true }).fill("2026-03");
    await page.getByRole("button", { name: "Run", exact: true }).click();

    const results = page.getByRole("treegrid", { name: "Results" });
    await results.waitFor({ timeout: 30_000 });
    const row = results.getByRole("row").filter({ hasText: rep.name });
    await row.first().waitFor();
    // The levels of the tree: all → team → rep.
    expect(await row.first().getAttribute("aria-level")).toBe("3");
    const payout = row.first().getByRole("button", { name: /Payout/ });
    const shown = (await payout.innerText()).trim();
    // The page's figure, its group separators and currency sign taken away, is the engine's exact string.
    expect(shown.replace(/[^\d.-]/g, "")).toBe(rep.payout);
    expect(shown).toMatch(/\d,\d{3}/);
    expect(shown).toMatch(/¥|CN¥|CNY/);
    await page.screenshot({ path: join(SHOTS, "preview-en.png"), fullPage: false });

    // Its explanation, opened from the keyboard: the dialog names the rep (the worksheet is in kpi-explanation's shadow root, which getByText pierces).
    await payout.press("Enter");
    const dialog = page.getByRole("dialog", { name: "Explanation" });
    await dialog.waitFor();
    await dialog.getByText(rep.name).first().waitFor({ timeout: 30_000 });
    await page.screenshot({ path: join(SHOTS, "explanation-en.png") });
    await page.keyboard.press("Escape");
    await dialog.waitFor({ state: "hidden" });

    // The tree by keyboard: ArrowLeft on the rep's team row closes it (its reps leave the table), ArrowRight opens it again.
    const team = entities.find((e) => e.id === rep.parent)!;
    const teamRow = results.locator(`[role=row][data-id="${team.id}"]`);
    expect(await teamRow.getAttribute("aria-expanded")).toBe("true");
    await teamRow.focus();
    await page.keyboard.press("ArrowLeft");
    await expect.poll(() => teamRow.getAttribute("aria-expanded")).toBe("false");
    await expect.poll(() => row.count()).toBe(0);
    await page.keyboard.press("ArrowRight");
    await expect.poll(() => teamRow.getAttribute("aria-expanded")).toBe("true");
    await row.first().waitFor();

    // Sorting by a header: the Payout column descending, then ascending.
    const payoutHeader = results.getByRole("columnheader", { name: /^Payout/ });
    await payoutHeader.getByRole("button").click();
    await expect.poll(() => payoutHeader.getAttribute("aria-sort")).toBe("descending");
    await payoutHeader.getByRole("button").click();
    await expect.poll(() => payoutHeader.getAttribute("aria-sort")).toBe("ascending");

    // The dashboard: its heading, a funnel of the template, the alerts that fire.
    await page.getByRole("heading", { name: "Dashboard" }).waitFor();
    await page.getByRole("heading", { name: /^Funnel: / }).first().waitFor();
    const fired = entities.flatMap((e) => e.alerts);
    if (fired.length > 0) await page.getByRole("table", { name: `Alerts that fire (${fired.length})` }).waitFor();

    // An edit after a run: "Stale" shows, and the debounced re-run clears it by itself.
    await page.evaluate(() => {
      const store = (document.querySelector("kpi-app") as unknown as { store: { state: { text: string }; editText(t: string): void } }).store;
      store.editText(`${store.state.text}\n// an edit while the preview shows\n`);
    });
    const stale = page.getByText(/^Stale/);
    await stale.waitFor();
    await stale.waitFor({ state: "detached", timeout: 30_000 });
    await results.getByRole("row").filter({ hasText: rep.name }).first().waitFor();

    expect(problems).toEqual([]);
    // A bad period: the server's 400 problem, shown in place (the browser logs the failed request, nothing else).
    await page.getByLabel("Period", { exact: true }).fill("2026-13");
    await page.getByRole("button", { name: "Run", exact: true }).click();
    await expect.poll(() => page.getByRole("alert").first().innerText(), { timeout: 30_000 }).toContain("400");

    expect(await seriousViolations(page)).toEqual([]);
    expect(problems.filter((m) => !/status of 400/.test(m))).toEqual([]);
    await page.close();
  }, 120_000);

  it("shows the Chinese labels and the same figure", async () => {
    const { page, problems } = await newPage("zh-CN");
    await runSaasMarch(page, "zh-CN");
    await page.getByRole("tab", { name: "预览", selected: true }).waitFor();
    await page.screenshot({ path: join(SHOTS, "preview-zh-CN-empty.png") });
    const dataset = page.getByRole("combobox").filter({ has: page.locator("option", { hasText: "saas" }) }).first();
    await dataset.selectOption({ label: "saas" });
    await page.locator("kpi-preview-tab input[name=period]").fill("2026-03");
    await page.locator("kpi-preview-tab button[type=submit]").click();
    const grid = page.getByRole("treegrid");
    await grid.waitFor({ timeout: 30_000 });
    await grid.getByRole("row").nth(3).waitFor();
    // The same exact figure under the Chinese UI (the CLI's payout of the first rep paid over a thousand).
    const cli = await cliResult("examples/saas/growth.kpi", "examples/saas/dataset", "2026-03");
    const es = cli.periods[0]!.entities;
    const parents = new Set(es.map((e) => e.parent));
    const rep = es.find((e) => !parents.has(e.id) && typeof e.payout === "string" && Number(e.payout) >= 1000)!;
    const cell = grid.locator(`[role=row][data-id="${rep.id}"] button[data-col=payout]`);
    expect((await cell.innerText()).replace(/[^\d.-]/g, "")).toBe(rep.payout);
    await page.screenshot({ path: join(SHOTS, "preview-zh-CN.png") });
    expect(await seriousViolations(page)).toEqual([]);
    expect(problems).toEqual([]);
    await page.close();
  }, 120_000);

  it("scrolls a 10,000-row result: only the rows in sight are in the page, and the last ones render at the bottom", async () => {
    const { page, problems } = await newPage();
    await runSaasMarch(page, "en");
    await page.getByRole("tab", { name: "Preview", selected: true }).waitFor();
    // The results table element is defined once the editor's chunk is in; one is made here over a synthetic period.
    await page.waitForFunction(() => customElements.get("kpi-results-table") !== undefined);
    await page.evaluate(() => {
      type El = HTMLElement & Record<string, unknown>;
      // The shell's translator (a getter on kpi-app), so the table speaks the page's language.
      const t = (document.querySelector("kpi-app") as unknown as { t: unknown }).t;
      const entities: unknown[] = [{ id: "all", kind: "all", name: "all", parent: null, metrics: {}, payout: "0.00" }];
      for (let team = 0; team < 10; team++) entities.push({ id: `t${team}`, kind: "team", name: `Team ${team}`, parent: "all", metrics: {}, payout: "0.00" });
      for (let i = 0; i < 10_000; i++) entities.push({ id: `r${i}`, kind: "rep", name: `Rep ${i}`, parent: `t${i % 10}`, metrics: { amount: { value: `${i}.00`, target: "100.00", attainment: i / 100, pace: i / 100 } }, payout: `${i * 3}.50` });
      const el = document.createElement("kpi-results-table") as unknown as El;
      el.id = "big";
      el["t"] = t;
      el["currency"] = "CNY";
      el["lang"] = "en";
      el["metricTypes"] = { amount: "money" };
      el["period"] = { period: "2026-03", asOf: "2026-03-31", entities };
      document.body.prepend(el);
    });
    const big = page.locator("#big");
    const grid = big.getByRole("treegrid", { name: "Results" });
    await grid.getByRole("row", { name: /Rep 0\b/ }).first().waitFor();
    // Virtual: far fewer rows in the page than the 10,011 the table has.
    const inDom = await big.locator("[role=row]").count();
    expect(inDom).toBeLessThan(200);
    expect(await grid.getAttribute("aria-rowcount")).toBe("10012");
    await big.locator("lit-virtualizer").evaluate((v) => {
      const scroller = v as HTMLElement;
      scroller.scrollTop = scroller.scrollHeight;
    });
    // The last rep of the last team (depth-first order: team 9's reps end the table).
    await grid.getByRole("row", { name: /Rep 9999\b/ }).first().waitFor({ timeout: 10_000 });
    await page.screenshot({ path: join(SHOTS, "results-10000-bottom.png") });
    expect(problems).toEqual([]);
    await page.close();
  }, 120_000);
});

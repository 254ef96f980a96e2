/**
 * The designer end to end in a real browser (issue 12, "Verified by"): sign
 * in with the link `kpi serve` prints, search "saas", open saas_growth,
 * change a tier rate in the table and see it in the source, break a formula
 * in the source and see the problem at its line, fix it, undo and redo,
 * save a draft, publish, see the new version and its diff. Also: a
 * concurrent save is a conflict (nothing overwritten), unsaved work survives
 * a reload, keyboard access to the tabs, the Chinese UI, axe-core finds
 * nothing serious or critical, and a screenshot of each tab in both
 * languages (dist/screenshots; `KPI_SCREENSHOTS=docs` writes docs/screenshots
 * for the README).
 */
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signInLink } from "../../cli/serve.js";
import { createClient } from "../../client/index.js";
import { launchChromium, seriousViolations, startDesignerServer, type DesignerServer } from "./browser.js";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const SHOTS = join(ROOT, process.env["KPI_SCREENSHOTS"] === "docs" ? "docs/screenshots" : "dist/screenshots");
const TABS = ["overview", "data", "metrics", "targets", "scorecards", "incentives", "alerts", "source", "preview", "versions"] as const;

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

/** A page at 1280×800 that fails the test on any page error or CSP violation. */
async function newPage(): Promise<{ page: Page; problems: string[] }> {
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  const problems: string[] = [];
  page.on("pageerror", (e) => problems.push(`pageerror: ${e.message}`));
  page.on("console", (m) => {
    if (m.type() === "error") problems.push(`console: ${m.text()}`);
  });
  return { page, problems };
}

/** The lines the source editor shows (CodeMirror renders the lines in view). */
const sourceText = (page: Page): Promise<string> => page.locator(".cm-content").innerText();
/** The whole document's text, from the store (for lines outside the editor's view). */
const documentText = (page: Page): Promise<string> => page.evaluate(() => (document.querySelector("kpi-app") as unknown as { store: { state: { text: string } } }).store.state.text);
const problemsPanel = (page: Page) => page.getByRole("region", { name: /^Problems/ });

describe("the designer in chromium", () => {
  it("signs in from the printed link, finds saas_growth and edits, checks, saves and publishes it", async () => {
    const { page, problems } = await newPage();
    const requests: string[] = [];
    page.on("request", (r) => requests.push(r.url()));
    expect(link).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/#key=kpi_/);
    // The first load's 1 s budget is held by `npm run bench:designer`, not here.
    await page.goto(`${link}`);
    await page.getByRole("heading", { name: "Templates" }).waitFor();
    // The key left the address bar; nothing was asked of any other origin.
    expect(page.url()).not.toContain("key=");
    expect(requests.filter((u) => !u.startsWith(s.server.url) && !u.startsWith("data:"))).toEqual([]);

    await page.getByLabel("Search templates").fill("saas");
    const cards = page.getByRole("list", { name: "Templates" }).getByRole("listitem");
    // saas_base, saas_startup, saas_growth, saas_mature and the quick-start demo_saas_growth.
    await expect.poll(() => cards.count()).toBe(5);
    await page.getByRole("button", { name: "Open saas_growth" }).click();
    await page.getByRole("tab", { name: "Overview", selected: true }).waitFor();

    // A tier rate changed in the table shows in the source.
    await page.getByRole("tab", { name: "Incentives" }).click();
    const commission = page.getByRole("region", { name: "Incentive commission" });
    const rates = commission.getByLabel("Rate", { exact: true });
    await expect.poll(() => rates.count()).toBe(3);
    await rates.nth(1).fill("6%");
    await page.getByText("Unsaved changes").waitFor();
    await page.getByRole("tab", { name: "Source" }).click();
    await expect.poll(() => sourceText(page)).toContain("from 100% rate 6%");

    // A broken formula: the problem at its line, then fixed; undo and redo.
    const editor = page.getByRole("textbox", { name: "Template source" });
    await editor.click();
    await page.keyboard.press("Control+End");
    await page.keyboard.type("\nmetric broken = count(dealz)");
    // The cursor ends on the new last line; the gutter says its number.
    const lastLine = (await page.locator(".cm-lineNumbers .cm-activeLineGutter").innerText()).trim();
    await expect.poll(() => problemsPanel(page).innerText()).toContain(`${lastLine}:23`);
    await expect.poll(() => problemsPanel(page).innerText()).toContain("dealz");
    await page.waitForTimeout(1_000); // a pause ends the typing's undo step
    await page.keyboard.press("Backspace");
    await page.keyboard.press("Backspace");
    await page.keyboard.type("s)");
    await expect.poll(() => problemsPanel(page).innerText()).toContain("No problems.");
    // Clicking a problem jumps there: break it again and use the panel.
    await page.waitForTimeout(1_000);
    await page.keyboard.press("Control+z");
    await expect.poll(() => problemsPanel(page).innerText()).toContain("dealz");
    await problemsPanel(page).getByRole("button").first().click();
    await expect.poll(() => page.evaluate(() => {
      const sel = (document.querySelector("kpi-app")?.shadowRoot?.activeElement?.shadowRoot?.activeElement?.shadowRoot?.activeElement?.shadowRoot?.activeElement);
      return sel?.className ?? "";
    })).toContain("cm-content");
    await page.keyboard.press("Control+Shift+z");
    await expect.poll(() => problemsPanel(page).innerText()).toContain("No problems.");
    expect((await documentText(page)).slice(-200)).toContain("metric broken = count(deals)");
    // …and the text's new metric is in the Metrics tab, with its formula.
    await page.getByRole("tab", { name: "Metrics" }).click();
    await expect.poll(() => page.getByRole("textbox", { name: "Formula of broken" }).innerText()).toBe("count(deals)");
    await page.getByRole("tab", { name: "Source" }).click();

    // Save, then publish from a date.
    await page.getByRole("button", { name: "Save draft" }).click();
    await page.getByText(/Draft saved \(revision 2\)/).waitFor();
    await page.getByRole("button", { name: "Publish" }).click();
    const dialog = page.getByRole("dialog", { name: "Publish a version" });
    await dialog.getByLabel("Effective from").fill("2027-01-01");
    await dialog.getByRole("button", { name: "Publish" }).click();
    await page.getByText("Published version 2, in force from 2027-01-01.").waitFor();

    // The new version and its diff.
    await page.getByRole("tab", { name: "Versions" }).click();
    await page.getByRole("cell", { name: "v2" }).waitFor();
    await page.getByLabel("From version").selectOption("1");
    await page.getByLabel("To").selectOption("2");
    await page.getByRole("button", { name: "Compare" }).click();
    const diff = page.getByRole("region", { name: "Compare v1 → v2" });
    await diff.waitFor();
    const diffText = await diff.innerText();
    expect(diffText).toContain("+    from 100% rate 6%");
    expect(diffText).toContain("-    from 100% rate 5%");
    expect(diffText).toMatch(/broken — added/);
    expect(diffText).toMatch(/commission — changed/);
    expect(problems).toEqual([]);
    await page.close();
  });

  it("shows a concurrent save as a conflict and overwrites nothing until told", async () => {
    const { page, problems } = await newPage();
    await page.goto(link);
    await page.getByRole("heading", { name: "Templates" }).waitFor();
    await page.goto(`${s.server.url}/#/t/fmcg_growth/overview`);
    const title = page.getByLabel("Title");
    await title.waitFor();
    // Someone else saves the draft meanwhile.
    const other = createClient({ baseUrl: s.server.url, key: s.key });
    const theirs = await other.getTemplate("fmcg_growth");
    await other.saveDraft("fmcg_growth", { source: `${theirs.draft.source}\n// theirs\n` }, { ifMatch: theirs.etag });
    await title.fill("快消品 · 成长期 (mine)");
    await title.press("Enter");
    await page.getByText("Unsaved changes").waitFor();
    await page.getByRole("button", { name: "Save draft" }).click();
    const dialog = page.getByRole("dialog", { name: "Someone else changed this draft" });
    await dialog.waitFor();
    expect((await other.getTemplate("fmcg_growth")).draft.source).toContain("// theirs");
    await dialog.getByRole("button", { name: "Keep my version (overwrite theirs)" }).click();
    await page.getByText(/Draft saved/).waitFor();
    expect((await other.getTemplate("fmcg_growth")).draft.source).toContain("(mine)");
    // The browser logs the 412 it was answered; nothing else may go wrong.
    expect(problems.filter((p) => !p.includes("412"))).toEqual([]);
    await page.close();
  });

  it("keeps unsaved work across a reload", async () => {
    const { page, problems } = await newPage();
    await page.goto(link);
    await page.getByRole("heading", { name: "Templates" }).waitFor();
    await page.goto(`${s.server.url}/#/t/education_growth/scorecards`);
    const weights = page.getByLabel(/^Weight /);
    await expect.poll(() => weights.count()).toBeGreaterThan(1);
    const before = await weights.first().inputValue();
    await weights.first().fill("1%");
    await page.getByRole("alert").filter({ hasText: "Weights must sum to 100%" }).first().waitFor();
    await page.reload();
    await page.getByText(/Restored your unsaved work/).waitFor();
    await expect.poll(() => page.getByLabel(/^Weight /).first().inputValue()).toBe("1%");
    await page.keyboard.press("Control+z");
    await expect.poll(() => page.getByLabel(/^Weight /).first().inputValue()).toBe(before);
    expect(problems).toEqual([]);
    await page.close();
  });

  it("adds, removes and drops declarations visually; the source shows each and undo takes them back", async () => {
    const { page, problems } = await newPage();
    await page.goto(link);
    await page.getByRole("heading", { name: "Templates" }).waitFor();
    await page.goto(`${s.server.url}/#/t/saas_startup/alerts`);
    await page.getByRole("region", { name: "Alert conversion_falling" }).waitFor();
    const original = await documentText(page);
    await page.getByLabel("New alert name").fill("slow_start");
    await page.getByRole("combobox", { name: /^Severity/ }).last().selectOption("info");
    await page.getByLabel("Condition", { exact: true }).last().fill("new_customers < 1");
    await page.getByRole("button", { name: "Add alert" }).click();
    await expect.poll(() => documentText(page)).toContain("\nalert slow_start info when new_customers < 1\n");
    await page.getByRole("button", { name: "Remove no_first_deal" }).click();
    // Inherited from saas_base: removing it writes the language's drop.
    await page.getByRole("button", { name: "Remove conversion_falling" }).click();
    await expect.poll(() => documentText(page)).toContain("\ndrop alert conversion_falling\n");
    const text = await documentText(page);
    expect(text).not.toContain("alert no_first_deal");
    await expect.poll(() => problemsPanel(page).getByRole("button").count()).toBe(0);
    expect(await page.getByRole("region", { name: "Alert conversion_falling" }).count()).toBe(0);
    for (let i = 0; i < 3; i++) {
      await page.waitForTimeout(900); // each visual edit is its own undo step after a pause
      await page.keyboard.press("Control+z");
    }
    await expect.poll(() => documentText(page)).toBe(original);
    expect(problems).toEqual([]);
    await page.close();
  });

  it("works from the keyboard, in Chinese, with no serious accessibility violation, and photographs every tab", async () => {
    for (const lang of ["en", "zh-CN"] as const) {
      const { page, problems } = await newPage();
      await page.goto(`${s.server.url}/?lang=${lang}#key=${encodeURIComponent(s.key)}`);
      await page.getByRole("heading", { name: lang === "en" ? "Templates" : "模板", exact: true }).waitFor();
      await page.waitForTimeout(300);
      expect(await seriousViolations(page), `library ${lang}`).toEqual([]);
      await page.screenshot({ path: join(SHOTS, `library-${lang}.png`) });
      await page.goto(`${s.server.url}/?lang=${lang}#/t/saas_growth/overview`);
      const tablist = page.getByRole("tablist");
      await tablist.getByRole("tab").first().waitFor();
      // Keyboard: the selected tab takes focus, arrows move along the tabs.
      await tablist.getByRole("tab", { selected: true }).focus();
      for (const tab of TABS) {
        await expect.poll(() => page.getByRole("tab", { selected: true }).getAttribute("id")).toBe(`tab-${tab}`);
        await page.waitForTimeout(tab === "incentives" || tab === "source" ? 500 : 150);
        expect(await seriousViolations(page), `${tab} ${lang}`).toEqual([]);
        if (tab === "versions") {
          await page.getByRole("button", { name: lang === "en" ? "Compare" : "比较" }).click();
          await page.locator("pre").first().waitFor();
          expect(await seriousViolations(page), `versions diff ${lang}`).toEqual([]);
        }
        await page.screenshot({ path: join(SHOTS, `${tab}-${lang}.png`) });
        await page.getByRole("tab", { selected: true }).focus();
        await page.keyboard.press("ArrowRight");
      }
      if (lang === "zh-CN") {
        await page.getByRole("tab", { name: "激励" }).click();
        await page.getByRole("region", { name: "激励 commission" }).getByLabel("比例", { exact: true }).first().waitFor();
      }
      expect(problems).toEqual([]);
      await page.close();
    }
  });

  it("shows what a viewer key may not do, disabled with the reason", async () => {
    const { page, problems } = await newPage();
    const admin = createClient({ baseUrl: s.server.url, key: s.key });
    const viewer = (await admin.createKey({ name: "looker", role: "viewer" })).key;
    await page.goto(`${s.server.url}/#key=${encodeURIComponent(viewer)}`);
    await page.getByText("Role: viewer").waitFor();
    const newFrom = page.getByRole("button", { name: "New from this template" }).first();
    expect(await newFrom.isDisabled()).toBe(true);
    expect(await newFrom.getAttribute("title")).toContain("cannot change templates");
    await page.goto(`${s.server.url}/#/t/saas_startup/overview`);
    const save = page.getByRole("button", { name: "Save draft" });
    await save.waitFor();
    expect(await save.isDisabled()).toBe(true);
    expect(await page.getByRole("button", { name: "Publish" }).isDisabled()).toBe(true);
    expect(await page.getByText("Your key's role (viewer) cannot change templates; an editor or admin key can.").count()).toBe(1);
    expect(await page.getByLabel("Title").getAttribute("readonly")).not.toBeNull();
    // The role probe's two 403s are logged by the browser; nothing else.
    expect(problems.filter((p) => !p.includes("403"))).toEqual([]);
    await page.close();
  });

  it("keeps the unsaved work when the key stops working, and says so", async () => {
    const { page, problems } = await newPage();
    const admin = createClient({ baseUrl: s.server.url, key: s.key });
    const temp = await admin.createKey({ name: "temp", role: "admin" });
    await page.goto(`${s.server.url}/#key=${encodeURIComponent(temp.key)}`);
    await page.getByRole("heading", { name: "Templates", exact: true }).waitFor();
    await page.goto(`${s.server.url}/#/t/medical_devices_growth/overview`);
    const title = page.getByLabel("Title");
    await title.fill("医疗器械 成长期 (draft in progress)");
    await title.press("Enter");
    await page.getByText("Unsaved changes").waitFor();
    await admin.deleteKey(temp.id);
    await page.getByRole("button", { name: "Save draft" }).click();
    await page.getByText("The server no longer accepts this key. Your unsaved work is kept in this browser").waitFor();
    const kept = await page.evaluate(() => localStorage.getItem("kpi-designer:unsaved:medical_devices_growth"));
    expect(kept).toContain("(draft in progress)");
    expect(problems.filter((p) => !p.includes("401"))).toEqual([]);
    await page.close();
  });

  it("checks every edit of a 150-line template in the worker, on the very text typed", async () => {
    const { page } = await newPage();
    await page.goto(link);
    await page.getByRole("heading", { name: "Templates", exact: true }).waitFor();
    await page.goto(`${s.server.url}/#/t/saas_base/source`);
    await page.getByRole("textbox", { name: "Template source" }).waitFor();
    // From the edit to the worker's diagnostics for that very text being in the store.
    const { lines, inWorker } = await page.evaluate(async () => {
      type Store = EventTarget & { state: { text: string; checks: number; checkMs?: number }; editText(t: string): void };
      const store = (document.querySelector("kpi-app") as unknown as { store: Store }).store;
      const inWorker: number[] = [];
      for (let i = 0; i < 5; i++) {
        const text = `${store.state.text}${i % 2 ? "\n" : " "}`;
        const before = store.state.checks;
        await new Promise<void>((done) => {
          const on = (): void => {
            if (store.state.checks > before && store.state.text === text) {
              store.removeEventListener("change", on);
              done();
            }
          };
          store.addEventListener("change", on);
          store.editText(text);
        });
        inWorker.push(store.state.checkMs ?? Number.NaN);
      }
      return { lines: store.state.text.split("\n").length, inWorker };
    });
    expect(lines).toBeGreaterThanOrEqual(150);
    // Each edit was checked in the worker, which timed itself; the 100 ms budget is held by `npm run bench:designer`, not here.
    expect(inWorker).toHaveLength(5);
    for (const ms of inWorker) expect(ms).toBeGreaterThan(0);
    await page.close();
  });

  it("is usable on a 1024×768 tablet: nothing wider than the screen", async () => {
    const page = await browser.newPage({ viewport: { width: 1024, height: 768 } });
    await page.goto(link);
    await page.getByRole("heading", { name: "Templates", exact: true }).waitFor();
    for (const tab of ["overview", "metrics", "targets", "incentives", "source"]) {
      await page.goto(`${s.server.url}/#/t/saas_growth/${tab}`);
      await page.getByRole("tab", { selected: true }).waitFor();
      await page.waitForTimeout(200);
      expect(await page.evaluate(() => document.documentElement.scrollWidth), tab).toBeLessThanOrEqual(1024);
    }
    await page.screenshot({ path: join(SHOTS, "tablet-source-en.png") });
    await page.close();
  });
});


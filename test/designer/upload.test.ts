/**
 * The Preview's upload step in a real browser (issue 13, "Verified by":
 * "upload a Salesforce-like export, accept the proposed mapping, run"): a
 * US template is registered, its Preview gets Salesforce's users.csv and
 * Opportunities.csv (a BOM, `$12,345.67` amounts, `M/D/YYYY` dates, a
 * report footer), "Propose mapping" shows the server's proposal column by
 * column, a wrong date form is caught at its line, the proposal is
 * accepted, "Save dataset" stores it and Run gives the figures computed by
 * hand from the export. Both languages; axe; screenshots to
 * /tmp/shots-preview (KPI_PREVIEW_SHOTS overrides).
 */
import { mkdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signInLink } from "../../cli/serve.js";
import { launchChromium, seriousViolations, startDesignerServer, type DesignerServer } from "./browser.js";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const FIXTURES = join(ROOT, "test/fixtures/import");
const SHOTS = process.env["KPI_PREVIEW_SHOTS"] ?? "/tmp/shots-preview";
const FILES = [join(FIXTURES, "salesforce/users.csv"), join(FIXTURES, "salesforce/Opportunities.csv")];

let s: DesignerServer;
let browser: Browser;
let link = "";

beforeAll(async () => {
  s = await startDesignerServer();
  browser = await launchChromium();
  link = signInLink(s.server.url, s.key, s.dir).replace(/^designer: /, "");
  mkdirSync(SHOTS, { recursive: true });
  const r = await fetch(`${s.server.url}/v1/templates`, {
    method: "POST",
    headers: { authorization: `Bearer ${s.key}`, "content-type": "application/json" },
    body: JSON.stringify({ source: readFileSync(join(FIXTURES, "usd.kpi"), "utf8"), industry: "saas", stage: "growth" }),
  });
  if (r.status !== 201) throw new Error(`creating import_usd: ${r.status} ${await r.text()}`);
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await s?.close();
});

async function openUpload(lang: "en" | "zh-CN"): Promise<{ page: Page; problems: string[] }> {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 }, locale: lang });
  const problems: string[] = [];
  page.on("pageerror", (e) => problems.push(`pageerror: ${e.message}`));
  page.on("console", (m) => {
    if (m.type() === "error") problems.push(`console: ${m.text()}`);
  });
  const url = new URL(link);
  url.searchParams.set("lang", lang);
  await page.goto(url.toString());
  await page.getByRole("button", { name: /import_usd/ }).first().waitFor();
  await page.evaluate(() => (location.hash = "#/t/import_usd/preview"));
  await page.locator("kpi-preview-tab").waitFor();
  await page.locator("kpi-preview-tab details.upload summary").click();
  return { page, problems };
}

describe("the upload step in chromium", () => {
  it("uploads a Salesforce export, shows the proposed mapping column by column, catches a wrong date form at its line, saves and runs", async () => {
    const { page, problems } = await openUpload("en");
    await page.getByLabel("Files").setInputFiles(FILES);
    await page.getByRole("button", { name: "Propose mapping" }).click();

    // The proposal, column by column.
    await page.getByText("Recognised format: salesforce export.").waitFor({ timeout: 30_000 });
    const opp = page.getByRole("table", { name: "Columns of Opportunities.csv" });
    expect(await opp.getByRole("combobox", { name: "Field read from Amount" }).inputValue()).toBe("amount");
    expect(await opp.getByRole("combobox", { name: "Field read from Stage" }).inputValue()).toBe("status");
    expect(await opp.getByRole("combobox", { name: "Field read from Account Name" }).inputValue()).toBe("");
    expect(await opp.getByLabel("Format of closed_on").inputValue()).toBe("M/D/YYYY");
    // The amounts' number form as detected, which a European export could state otherwise.
    const form = opp.getByRole("combobox", { name: "Number form of amount" });
    expect(await form.inputValue()).toBe("");
    expect(await form.locator("option:checked").innerText()).toBe("as detected (1,234.56)");
    // The first values as the export wrote them.
    expect(await opp.getByRole("row", { name: /^Amount/ }).innerText()).toContain("$12,345.67");
    // The value map of the enum field: the export's stages → the declared statuses.
    const values = page.getByRole("table", { name: "Values of status in Opportunities.csv" });
    expect(await values.getByRole("combobox", { name: "Closed Won read as" }).inputValue()).toBe("won");
    expect(await values.getByRole("combobox", { name: "every other value read as" }).inputValue()).toBe("open");
    const users = page.getByRole("table", { name: "Columns of users.csv" });
    expect(await users.getByRole("combobox", { name: "Field read from Manager ID" }).inputValue()).toBe("parent");
    expect(await page.getByRole("region", { name: "Loading the files with this mapping" }).innerText()).toContain("without errors");
    // The report footer is skipped, and said so.
    expect(await page.getByRole("region", { name: "Loading the files with this mapping" }).innerText()).toMatch(/Opportunities\.csv: skipped \d+ lines at the end/);
    await page.screenshot({ path: join(SHOTS, "upload-en.png"), fullPage: true });
    expect(await seriousViolations(page)).toEqual([]);

    // An edit must be checked before saving; a wrong date form is found at its line.
    await opp.getByLabel("Format of closed_on").fill("D/M/YYYY");
    await opp.getByLabel("Format of closed_on").press("Tab");
    const save = page.getByRole("button", { name: "Save dataset" });
    await expect.poll(() => save.isDisabled()).toBe(true);
    await page.getByRole("button", { name: "Check mapping" }).click();
    const outcome = page.getByRole("region", { name: "Loading the files with this mapping" });
    await expect.poll(() => outcome.innerText(), { timeout: 30_000 }).toMatch(/\d+ errors/);
    // 3/31/2026 read day-first has no month 31: line 3 of the file (the header is line 1).
    expect(await outcome.innerText()).toMatch(/Opportunities\.csv:3 Close Date \(closed_on\): /);
    expect(await save.isDisabled()).toBe(true);

    // Accept the proposal again: back to the detected form, checked, saved.
    await opp.getByLabel("Format of closed_on").fill("M/D/YYYY");
    await opp.getByLabel("Format of closed_on").press("Tab");
    await page.getByRole("button", { name: "Check mapping" }).click();
    await expect.poll(() => outcome.innerText(), { timeout: 30_000 }).toContain("without errors");
    await page.getByLabel("Dataset name").fill("salesforce march");
    await save.click();
    await page.getByText("Saved as dataset salesforce march").waitFor({ timeout: 30_000 });
    const dataset = page.locator("kpi-preview-tab select[name=dataset]");
    await expect.poll(async () => (await dataset.locator("option:checked").innerText()).trim()).toBe("salesforce march");

    // Run March 2026 over it: Sam Ortiz won $12,345.67 + $1,000.00; Hooli (Negotiation/Review) is open pipeline; the April deal is out.
    await page.getByLabel("Period", { exact: true }).fill("2026-03");
    await page.getByRole("button", { name: "Run", exact: true }).click();
    const results = page.getByRole("treegrid", { name: "Results" });
    await results.waitFor({ timeout: 30_000 });
    const sam = results.getByRole("row").filter({ hasText: "Sam Ortiz" }).first();
    await sam.waitFor();
    expect((await sam.getByRole("button", { name: /Won amount/ }).innerText()).trim()).toBe("$13,345.67");
    expect((await sam.getByRole("button", { name: /Open pipeline/ }).innerText()).trim()).toBe("$2,200.00");
    // Priya: $7,500.50 won and a ($250.00) refund.
    const priya = results.getByRole("row").filter({ hasText: "Priya Nair" }).first();
    expect((await priya.getByRole("button", { name: /Won amount/ }).innerText()).trim()).toBe("$7,250.50");
    expect(problems.filter((m) => !/status of 4\d\d/.test(m))).toEqual([]);
    await page.close();
  }, 180_000);

  it("reads an Excel workbook whose one sheet holds the hierarchy as columns and the deals: both parts shown, saved, run", async () => {
    const { default: ExcelJS } = await import("exceljs");
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet("Notes").addRow(["exported for the designer's upload test"]);
    const ws = wb.addWorksheet("Deals");
    ws.addRow(["Owner", "Team", "Amount", "Stage", "Close Date"]);
    ws.addRow(["Ann", "North", 0.1 + 0.2, "Won", new Date(Date.UTC(2026, 2, 5))]);
    ws.addRow(["Ann", "North", 1234.5, "Won", new Date(Date.UTC(2026, 2, 31, 15, 30))]);
    ws.addRow(["Bo", "North", 99.995, "Open", "2026-03-07"]);
    ws.addRow(["Bo", "North", 10, "Won", new Date(Date.UTC(2026, 3, 1))]);
    for (const r of [2, 3, 5]) ws.getCell(`E${r}`).numFmt = "yyyy-mm-dd";
    const buffer = Buffer.from(await wb.xlsx.writeBuffer());

    const { page, problems } = await openUpload("en");
    await page.getByLabel("Files").setInputFiles([{ name: "deals.xlsx", mimeType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", buffer }]);
    await page.getByRole("button", { name: "Propose mapping" }).click();
    await page.getByText("Recognised format: excel export.").waitFor({ timeout: 30_000 });
    // The sheet plays two parts: the hierarchy (rep ← Owner, team ← Team) and the deals.
    const levels = page.getByRole("table", { name: "Levels of the hierarchy in deals.xlsx" });
    expect(await levels.getByRole("combobox", { name: "Column naming each rep" }).inputValue()).toBe("Owner");
    expect(await levels.getByRole("combobox", { name: "Column naming each team" }).inputValue()).toBe("Team");
    const deals = page.getByRole("table", { name: "Columns of deals.xlsx as Source: Deals" });
    expect(await deals.getByRole("combobox", { name: "Field read from Amount" }).inputValue()).toBe("amount");
    expect(await deals.getByRole("combobox", { name: "Field read from Close Date" }).inputValue()).toBe("closed_on");
    expect(await page.getByRole("region", { name: "Loading the files with this mapping" }).innerText()).toContain("without errors");
    await page.getByLabel("Dataset name").fill("excel march");
    await page.getByRole("button", { name: "Save dataset" }).click();
    await page.getByText("Saved as dataset excel march").waitFor({ timeout: 30_000 });
    await page.getByLabel("Period", { exact: true }).fill("2026-03");
    await page.getByRole("button", { name: "Run", exact: true }).click();
    const results = page.getByRole("treegrid", { name: "Results" });
    await results.waitFor({ timeout: 30_000 });
    // Ann: 0.30 (not 0.30000000000000004) + 1,234.50; Bo's open 99.995 as written rounds half-even to 100.00; his won 10 is April's.
    const ann = results.getByRole("row").filter({ hasText: "Ann" }).first();
    expect((await ann.getByRole("button", { name: /Won amount/ }).innerText()).trim()).toBe("$1,234.80");
    const bo = results.getByRole("row").filter({ hasText: "Bo" }).first();
    expect((await bo.getByRole("button", { name: /Open pipeline/ }).innerText()).trim()).toBe("$100.00");
    expect((await bo.getByRole("button", { name: /Won amount/ }).innerText()).trim()).toBe("$0.00");
    expect(problems.filter((m) => !/status of 4\d\d/.test(m))).toEqual([]);
    await page.close();
  }, 180_000);

  it("speaks Chinese, and says what a file name the server would refuse is", async () => {
    const { page, problems } = await openUpload("zh-CN");
    await page.getByLabel("文件").setInputFiles([{ name: "notes.pdf", mimeType: "application/pdf", buffer: Buffer.from("%PDF") }]);
    await expect.poll(() => page.locator("kpi-dataset-upload [role=alert]").innerText()).toContain("notes.pdf");
    expect(await page.getByRole("button", { name: "建议映射" }).isDisabled()).toBe(true);
    await page.getByLabel("文件").setInputFiles(FILES);
    await page.getByRole("button", { name: "建议映射" }).click();
    const opp = page.getByRole("table", { name: "Opportunities.csv 的列" });
    await opp.waitFor({ timeout: 30_000 });
    expect(await opp.getByRole("combobox", { name: "从 Amount 读取的字段" }).inputValue()).toBe("amount");
    expect(await page.getByRole("region", { name: "按此映射读取文件" }).innerText()).toContain("没有错误");
    await page.screenshot({ path: join(SHOTS, "upload-zh-CN.png"), fullPage: true });
    expect(await seriousViolations(page)).toEqual([]);
    expect(problems).toEqual([]);
    await page.close();
  }, 180_000);
});

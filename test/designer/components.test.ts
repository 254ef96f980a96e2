/**
 * Component tests in a real browser: each element is made alone on a blank
 * page of the served bundle (which registers every `kpi-` tag), given its
 * properties, and checked for what it renders, the events it raises, and
 * axe-core's serious/critical findings. The translator is a stand-in that
 * returns the message key, so the assertions do not depend on wording.
 */
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchChromium, seriousViolations, startDesignerServer, type DesignerServer } from "./browser.js";

let s: DesignerServer;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  s = await startDesignerServer();
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  // Opening a template's Incentives tab loads the editor's chunks (and the chart's), which register every tag.
  await page.goto(`${s.server.url}/#key=${encodeURIComponent(s.key)}`);
  await page.waitForFunction(() => customElements.get("kpi-library") !== undefined);
  await page.goto(`${s.server.url}/#/t/saas_growth/incentives`);
  await page.waitForFunction(() => ["kpi-tier-table", "kpi-payout-chart", "kpi-formula-editor", "kpi-problems", "kpi-dialog"].every((t) => customElements.get(t) !== undefined));
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await s?.close();
});

/** Replaces the body with one element with these properties; events it raises are recorded in `window.events`. */
async function mount(tag: string, props: Record<string, unknown>, events: string[]): Promise<void> {
  await page.evaluate(
    async ({ tag, props, events }) => {
      document.body.replaceChildren();
      const w = window as unknown as { events: { type: string; detail: unknown }[] };
      w.events = [];
      const el = document.createElement(tag) as HTMLElement & Record<string, unknown> & { updateComplete: Promise<unknown> };
      el["t"] = (k: string, p?: Record<string, unknown>) => (p ? `${k} ${Object.values(p).join(" ")}` : k);
      for (const [k, v] of Object.entries(props)) el[k] = v;
      for (const e of events) el.addEventListener(e, (ev) => w.events.push({ type: e, detail: (ev as CustomEvent).detail }));
      const main = document.createElement("main");
      main.append(el);
      document.body.append(main);
      await el.updateComplete;
    },
    { tag, props, events },
  );
}

const events = (): Promise<{ type: string; detail: unknown }[]> => page.evaluate(() => (window as unknown as { events: { type: string; detail: unknown }[] }).events);

describe("kpi-tier-table", () => {
  const tiers = { mode: "retroactive", on: "attainment(new_amount)", steps: [{ from: "80%", rate: "3%" }, { from: "5", pay: "1_000" }] };

  it("renders From and Rate/Pay inputs per row and raises the new table on every valid keystroke", async () => {
    await mount("kpi-tier-table", { tiers, name: "commission" }, ["kpi-tiers"]);
    expect(await page.getByLabel("from", { exact: true }).count()).toBe(2);
    expect(await page.getByLabel("rate", { exact: true }).inputValue()).toBe("3%");
    expect(await page.getByLabel("pay", { exact: true }).inputValue()).toBe("1_000");
    await page.getByLabel("rate", { exact: true }).fill("4.5%");
    await page.getByLabel("from", { exact: true }).first().fill("8x"); // not a number: not raised
    const raised = await events();
    expect(raised).toEqual([{ type: "kpi-tiers", detail: { tiers: { ...tiers, steps: [{ from: "80%", rate: "4.5%" }, tiers.steps[1]] } } }]);
    expect(await seriousViolations(page)).toEqual([]);
  });

  it("adds a row after the last and removes one", async () => {
    await mount("kpi-tier-table", { tiers, name: "commission" }, ["kpi-tiers"]);
    await page.getByRole("button", { name: "addTier" }).click();
    await page.getByRole("button", { name: "removeTier 1" }).click();
    const raised = (await events()).map((e) => (e.detail as { tiers: { steps: unknown[] } }).tiers.steps);
    expect(raised).toEqual([[...tiers.steps, { from: "10", pay: "1_000" }], [tiers.steps[1]]]);
  });
});

describe("kpi-problems", () => {
  it("lists LINE:COL and the message, and a click asks to jump to the offset", async () => {
    const d = { code: "resolve-unknown-source", severity: "error", message: "unknown source `dealz`", span: { start: 120, end: 125, line: 7, column: 23 } };
    await mount("kpi-problems", { diagnostics: [d] }, ["kpi-jump"]);
    const item = page.getByRole("region", { name: /problems/ }).getByRole("button");
    expect(await item.innerText()).toMatch(/^7:23\s+✖ unknown source `dealz`$/);
    await item.click();
    expect(await events()).toEqual([{ type: "kpi-jump", detail: { offset: 120 } }]);
    expect(await seriousViolations(page)).toEqual([]);
  });
});

describe("kpi-scorecards-tab", () => {
  const model = { declarations: [{ kind: "scorecard", name: "monthly", items: [{ metric: "a", weight: "50%" }, { metric: "b", weight: "40%", cap: "120%" }] }] };

  it("checks the weights sum to 100% as you type and raises the new scorecard", async () => {
    await mount("kpi-scorecards-tab", { model, merged: model }, ["kpi-decl"]);
    expect(await page.getByRole("alert").innerText()).toBe("weightsMustBe100 90%");
    await page.getByLabel("weight b").fill("50%");
    const raised = await events();
    expect(raised).toEqual([{ type: "kpi-decl", detail: { decl: { ...model.declarations[0], items: [model.declarations[0]!.items[0], { metric: "b", weight: "50%", cap: "120%" }] } } }]);
    expect(await seriousViolations(page)).toEqual([]);
  });
});

describe("kpi-targets-tab", () => {
  it("previews the year → quarter → month split, summing exactly", async () => {
    const model = { declarations: [{ kind: "target", metric: "new_amount", base: { value: "100", per: "year" }, quarters: ["10%", "20%", "30%", "40%"] }] };
    await mount("kpi-targets-tab", { model, merged: model }, ["kpi-decl"]);
    const cells = await page.getByRole("table").last().locator("tr").nth(1).locator("td").allInnerTexts();
    // Q1 = 10 → 3.34, 3.33, 3.33 … Q4 = 40 → 13.34, 13.33, 13.33; the sum is the base.
    expect(cells).toEqual(["3.34", "3.33", "3.33", "6.67", "6.67", "6.66", "10", "10", "10", "13.34", "13.33", "13.33", "100"]);
    await page.getByLabel("quarterN 1").fill("20%");
    const [raised] = await events();
    const decl = (raised!.detail as { decl: { quarters: string[] } }).decl;
    expect(decl.quarters).toEqual(["20%", "20%", "30%", "40%"]);
    // Properties down: the owner puts the new declaration into the model.
    await page.evaluate(async (d) => {
      const el = document.querySelector("kpi-targets-tab") as unknown as { model: unknown; merged: unknown; updateComplete: Promise<unknown> };
      el.model = el.merged = { declarations: [d] };
      await el.updateComplete;
    }, decl);
    expect(await page.getByRole("alert").innerText()).toBe("weightsMustBe100 110%");
    expect(await seriousViolations(page)).toEqual([]);
  });
});

describe("kpi-formula-editor", () => {
  const model = { declarations: [{ kind: "source", name: "deals", by: "rep", at: "closed_on", fields: [{ name: "amount", type: "money" }, { name: "status", type: "enum", values: ["open", "won"] }, { name: "closed_on", type: "date" }] }] };

  it("completes a source's fields and enum values, and commits on Enter", async () => {
    await mount("kpi-formula-editor", { value: "", label: "Formula of won_amount", model }, ["kpi-formula"]);
    const editor = page.getByRole("textbox", { name: "Formula of won_amount" });
    await editor.click();
    await page.keyboard.type("sum(deals.am");
    await page.getByRole("option", { name: /amount/ }).waitFor();
    await page.waitForTimeout(150); // CodeMirror ignores an Enter within 75 ms of the list opening
    await page.keyboard.press("Enter"); // accepts the completion
    await page.keyboard.type(' where status == "w');
    await page.getByRole("option", { name: /won/ }).waitFor();
    await page.waitForTimeout(150);
    await page.keyboard.press("Enter");
    await page.keyboard.type('")');
    await page.keyboard.press("Enter"); // commits
    expect(await events()).toEqual([{ type: "kpi-formula", detail: { value: 'sum(deals.amount where status == "won")' } }]);
    expect(await seriousViolations(page)).toEqual([]);
  });
});

describe("kpi-dialog", () => {
  it("lists the problems that block publishing and disables Publish", async () => {
    const problems = [{ code: "resolve-unknown-metric", severity: "error", message: "unknown metric `revnue`", span: { start: 0, end: 6, line: 12, column: 5 } }];
    await mount("kpi-dialog", { kind: "publish", problems }, ["kpi-publish"]);
    const dialog = page.getByRole("dialog", { name: "publishTitle" });
    await dialog.waitFor();
    expect(await dialog.getByRole("list").innerText()).toBe("12:5 unknown metric `revnue`");
    expect(await dialog.getByRole("button", { name: "publish" }).isDisabled()).toBe(true);
    expect(await seriousViolations(page)).toEqual([]);
  });

  it("publishes from the date given", async () => {
    await mount("kpi-dialog", { kind: "publish", problems: [] }, ["kpi-publish"]);
    const dialog = page.getByRole("dialog", { name: "publishTitle" });
    await dialog.getByLabel("effectiveFrom").fill("2027-04-01");
    await dialog.getByRole("button", { name: "publish" }).click();
    expect(await events()).toEqual([{ type: "kpi-publish", detail: { effectiveFrom: "2027-04-01" } }]);
  });
});

describe("kpi-metrics-tab", () => {
  const model = { declarations: [{ kind: "metric", name: "visits", formula: "count(visits)" }] };
  const doc = { id: "t", text: "", model, merged: model, syntaxOk: true, spans: [{ start: 0, end: 30 }], diagnostics: [], metricTypes: { visits: "integer" }, dirty: false, canUndo: false, canRedo: false, etag: "", serverText: "", checks: 0 };

  it("adds a metric by name (starting as 0), refusing a name already taken", async () => {
    await mount("kpi-metrics-tab", { doc }, ["kpi-decl"]);
    expect(await page.getByRole("textbox", { name: "formulaOf visits" }).innerText()).toBe("count(visits)");
    const name = page.getByLabel("newMetricName");
    await name.fill("visits");
    expect(await page.getByRole("button", { name: "addMetric" }).isDisabled()).toBe(true);
    expect(await page.getByText("nameTaken visits").count()).toBe(1);
    await name.fill("won_amount");
    await page.getByRole("button", { name: "addMetric" }).click();
    expect(await events()).toEqual([{ type: "kpi-decl", detail: { decl: { kind: "metric", name: "won_amount", formula: "0" } } }]);
    expect(await seriousViolations(page)).toEqual([]);
  });
});

describe("kpi-data-tab", () => {
  const deals = { kind: "source", name: "deals", by: "rep", at: "closed_on", fields: [{ name: "amount", type: "money" }, { name: "kind", type: "enum", values: ["new", "renewal"] }, { name: "closed_on", type: "date" }] };
  const model = { declarations: [{ kind: "entity", name: "team" }, { kind: "entity", name: "rep", parent: "team" }, deals] };
  const raisedDecls = async (): Promise<unknown[]> => (await events()).map((e) => (e.detail as { decl: unknown }).decl);

  it("edits enum values, field types and the field list of a source", async () => {
    await mount("kpi-data-tab", { model, merged: model }, ["kpi-decl"]);
    const add = page.getByLabel("addValue deals.kind");
    await add.fill("upsell");
    await add.press("Enter");
    await page.getByRole("button", { name: "removeValue new deals.kind" }).click();
    await page.getByLabel("type deals.amount").selectOption("integer");
    await page.getByLabel("type deals.amount").selectOption("enum");
    await page.getByLabel("newFieldName (deals)").fill("stage");
    await page.getByRole("button", { name: "addField" }).click();
    await page.getByRole("button", { name: "removeField deals.amount" }).click();
    // The date field the source is dated by cannot be removed.
    expect(await page.getByRole("button", { name: "removeField deals.closed_on" }).count()).toBe(0);
    const [amount, kind, closed] = deals.fields;
    expect(await raisedDecls()).toEqual([
      { ...deals, fields: [amount, { ...kind, values: ["new", "renewal", "upsell"] }, closed] },
      { ...deals, fields: [amount, { ...kind, values: ["renewal"] }, closed] },
      { ...deals, fields: [{ name: "amount", type: "integer" }, kind, closed] },
      { ...deals, fields: [{ name: "amount", type: "enum", values: [] }, kind, closed] },
      { ...deals, fields: [amount, kind, closed, { name: "stage", type: "string" }] },
      { ...deals, fields: [kind, closed] },
    ]);
    expect(await seriousViolations(page)).toEqual([]);
  });

  it("changes what an entity kind rolls up into and adds a kind, refusing a name taken", async () => {
    await mount("kpi-data-tab", { model, merged: model }, ["kpi-decl"]);
    await page.getByLabel("parent rep").selectOption("");
    const name = page.getByLabel("newKindName", { exact: true });
    await name.fill("team");
    expect(await page.getByRole("button", { name: "addKind" }).isDisabled()).toBe(true);
    await name.fill("region");
    await page.getByRole("button", { name: "addKind" }).click();
    expect(await raisedDecls()).toEqual([{ kind: "entity", name: "rep" }, { kind: "entity", name: "region" }]);
  });
});

describe("kpi-targets-tab: base assignment, split and new targets", () => {
  const target = { kind: "target", metric: "new_amount", base: { value: "1_000", per: "year" } };
  const model = { declarations: [{ kind: "entity", name: "team" }, { kind: "entity", name: "rep", parent: "team" }, { kind: "metric", name: "new_amount", formula: "0" }, { kind: "metric", name: "rate", formula: "0" }, target] };
  const metricTypes = { new_amount: "money", rate: "percent" };
  const raisedDecls = async (): Promise<unknown[]> => (await events()).map((e) => (e.detail as { decl: unknown }).decl);

  it("sets whom the base is given to, the period it covers, flat, and a split by an attribute", async () => {
    await mount("kpi-targets-tab", { model, merged: model, metricTypes }, ["kpi-decl"]);
    await page.getByLabel("givenTo").selectOption("rep");
    await page.getByLabel("basePeriod").selectOption("");
    await page.getByRole("combobox", { name: /^split/ }).selectOption("attr"); // nothing yet: the attribute's name comes first
    await page.getByLabel("splitAttrName").fill("region");
    await page.getByLabel("splitAttrName").press("Enter");
    await page.getByLabel("flat").check();
    expect(await raisedDecls()).toEqual([
      { ...target, base: { value: "1_000", per: "year", perEntity: "rep" } },
      { ...target, base: { value: "1_000" } },
      { ...target, split: { by: "attr", attr: "region" } },
      { kind: "target", metric: "new_amount", base: { value: "1_000", flat: true } },
    ]);
    expect(await seriousViolations(page)).toEqual([]);
  });

  it("adds a target for a metric that has none; a percent target is not divided", async () => {
    await mount("kpi-targets-tab", { model, merged: model, metricTypes }, ["kpi-decl"]);
    expect(await page.getByLabel("newTargetFor").inputValue()).toBe("rate");
    await page.getByLabel("base", { exact: true }).fill("85%");
    await page.getByRole("button", { name: "addTarget" }).click();
    expect(await raisedDecls()).toEqual([{ kind: "target", metric: "rate", base: { value: "85%" } }]);
    await page.evaluate(async (d) => {
      const el = document.querySelector("kpi-targets-tab") as unknown as { model: { declarations: unknown[] }; merged: unknown; updateComplete: Promise<unknown> };
      el.model = el.merged = { declarations: [...el.model.declarations, d] };
      await el.updateComplete;
    }, { kind: "target", metric: "rate", base: { value: "85%" } });
    const rate = page.getByRole("region", { name: "target rate" });
    expect(await rate.getByText("appliesUnchanged typePercent").count()).toBe(1);
    expect(await rate.getByLabel("givenTo").count()).toBe(0);
    // Every metric has a target now: no form.
    expect(await page.getByRole("button", { name: "addTarget" }).count()).toBe(0);
  });
});

describe("new incentives and alerts", () => {
  const model = { declarations: [{ kind: "entity", name: "rep" }, { kind: "metric", name: "new_amount", formula: "0" }, { kind: "target", metric: "new_amount", base: { value: "100" } }] };

  it("adds an incentive as one tier on the chosen metric's attainment", async () => {
    await mount("kpi-incentives-tab", { model, merged: model }, ["kpi-decl"]);
    await page.getByLabel("newIncentiveName").fill("bonus");
    await page.getByRole("button", { name: "addIncentive" }).click();
    expect((await events()).map((e) => (e.detail as { decl: unknown }).decl)).toEqual([
      { kind: "incentive", name: "bonus", for: "rep", basis: "new_amount", tiers: { mode: "retroactive", on: "attainment(new_amount)", steps: [{ from: "100%", rate: "5%" }] } },
    ]);
    expect(await seriousViolations(page)).toEqual([]);
  });

  it("adds an alert once it has a name and a condition", async () => {
    await mount("kpi-alerts-tab", { model, merged: model }, ["kpi-decl"]);
    await page.getByLabel("newAlertName").fill("slow");
    expect(await page.getByRole("button", { name: "addAlert" }).isDisabled()).toBe(true);
    await page.getByLabel("severity").selectOption("critical");
    await page.getByLabel("condition").fill("pace(new_amount) < 80%");
    await page.getByRole("button", { name: "addAlert" }).click();
    expect((await events()).map((e) => (e.detail as { decl: unknown }).decl)).toEqual([{ kind: "alert", name: "slow", severity: "critical", when: "pace(new_amount) < 80%" }]);
    expect(await seriousViolations(page)).toEqual([]);
  });
});

describe("removing declarations and scorecard items", () => {
  it("raises kpi-remove with whether the declaration is inherited (the shell drops those)", async () => {
    const mine = { kind: "alert", name: "mine", severity: "info", when: "x > 1" };
    const theirs = { kind: "alert", name: "theirs", severity: "warning", when: "x > 2" };
    await mount("kpi-alerts-tab", { model: { declarations: [mine] }, merged: { declarations: [theirs, mine] }, base: "b" }, ["kpi-remove"]);
    await page.getByRole("button", { name: "removeDecl theirs" }).click();
    await page.getByRole("button", { name: "removeDecl mine" }).click();
    expect((await events()).map((e) => e.detail)).toEqual([{ decl: theirs, inherited: true }, { decl: mine, inherited: false }]);
  });

  it("adds a metric with its weight to a scorecard and removes one", async () => {
    const sc = { kind: "scorecard", name: "monthly", items: [{ metric: "a", weight: "60%" }] };
    const model = { declarations: [{ kind: "metric", name: "a", formula: "1" }, { kind: "metric", name: "b", formula: "2" }, sc] };
    await mount("kpi-scorecards-tab", { model, merged: model }, ["kpi-decl"]);
    const form = page.getByRole("region", { name: "scorecard monthly" });
    expect(await form.getByLabel("addToScorecard monthly").inputValue()).toBe("b");
    await form.getByLabel("weight", { exact: true }).fill("40%");
    await form.getByRole("button", { name: "addItem" }).click();
    await form.getByRole("button", { name: "removeItem a monthly" }).click();
    await page.getByLabel("newScorecardName").fill("quarterly");
    await page.getByRole("button", { name: "addScorecard" }).click();
    expect((await events()).map((e) => (e.detail as { decl: unknown }).decl)).toEqual([
      { ...sc, items: [{ metric: "a", weight: "60%" }, { metric: "b", weight: "40%" }] },
      { ...sc, items: [] },
      { kind: "scorecard", name: "quarterly", items: [] },
    ]);
    expect(await seriousViolations(page)).toEqual([]);
  });
});

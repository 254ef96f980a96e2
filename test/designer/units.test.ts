/**
 * The designer's logic that needs no browser: undo history, the payout
 * curve, the split preview, weight sums, library filters, completion,
 * lexer colours, routes, languages, model commands, the sign-in link and
 * the server's designer route (CSP, caching). Expected values by hand.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { signInLink } from "../../cli/serve.js";
import { parseTemplate } from "../../dsl/parse.js";
import { printTemplate } from "../../dsl/printer.js";
import { parseRoute, routeHash } from "../../designer/app/routes.js";
import { extendsOf } from "../../designer/controllers/api.js";
import { declKey, isName, isNumberLiteral, literalValue, putDecl, removeDecl, shownDecls, withOptional } from "../../designer/controllers/commands.js";
import { complete } from "../../designer/controllers/completion.js";
import { tokenClasses } from "../../designer/controllers/highlight.js";
import { History } from "../../designer/controllers/history.js";
import { payoutCurve } from "../../designer/controllers/payout-curve.js";
import { previewSplit } from "../../designer/controllers/split-preview.js";
import { en } from "../../designer/i18n/en.js";
import { pickLang, translator } from "../../designer/i18n/index.js";
import { zhCN } from "../../designer/i18n/zh-CN.js";
import type { IncentiveDecl, Template } from "../../schemas/generated/template.js";
import { DESIGNER_CSP, designerRoutes } from "../../server/routes/designer.js";

describe("undo history", () => {
  it("undoes and redoes, and a new edit drops what could be redone", () => {
    const h = new History("a");
    h.push("ab", undefined, 0);
    h.push("abc", undefined, 10);
    expect(h.undo()).toBe("ab");
    expect(h.undo()).toBe("a");
    expect(h.undo()).toBeUndefined();
    expect(h.redo()).toBe("ab");
    h.push("abX", undefined, 20);
    expect(h.canRedo).toBe(false);
    expect(h.undo()).toBe("ab");
  });
  it("merges typing of one group until a pause", () => {
    const h = new History("", 800);
    h.push("m", "typing", 1000);
    h.push("me", "typing", 1500);
    h.push("met", "typing", 2000);
    h.push("metric", "typing", 3000); // 1000 ms after the last: a new step
    expect(h.undo()).toBe("met");
    expect(h.undo()).toBe("");
  });
});

const commission: IncentiveDecl = {
  kind: "incentive",
  name: "commission",
  basis: "new_amount",
  tiers: { mode: "retroactive", on: "attainment(new_amount)", steps: [{ from: "80%", rate: "3%" }, { from: "100%", rate: "5%" }, { from: "120%", rate: "8%" }] },
};
const at = (pts: [number, number][], a: number): number | undefined => pts.find(([x]) => x === a)?.[1];

describe("payout curve", () => {
  it("retroactive: the tier reached pays its rate on the whole basis", () => {
    const c = payoutCurve(commission, { target: 100_000 });
    expect(c).toHaveLength(201);
    expect(at(c, 0.79)).toBe(0);
    expect(at(c, 0.8)).toBe(2_400); // 80_000 × 3%
    expect(at(c, 1)).toBe(5_000); // 100_000 × 5%
    expect(at(c, 1.5)).toBe(12_000); // 150_000 × 8%
    expect(at(c, 2)).toBe(16_000);
  });
  it("cap and floor bound it", () => {
    const c = payoutCurve({ ...commission, cap: "10_000", floor: "500" }, { target: 100_000 });
    expect(at(c, 0)).toBe(500);
    expect(at(c, 1.5)).toBe(10_000);
  });
  it("marginal: each tier's rate on its own slice of the basis", () => {
    const c = payoutCurve({ ...commission, tiers: { ...commission.tiers!, mode: "marginal" } }, { target: 100_000 });
    // 80k–100k at 3% = 600; 100k–120k at 5% = 1_000; 120k–150k at 8% = 2_400
    expect(at(c, 1.5)).toBe(4_000);
    expect(at(c, 0.9)).toBe(300);
  });
  it("pay tiers on a count: 100% is the top bound when the count has no target", () => {
    const firstDeals: IncentiveDecl = { kind: "incentive", name: "first_deals", tiers: { mode: "retroactive", on: "new_deals", steps: [{ from: "1", pay: "1_000" }, { from: "5", pay: "3_000" }] } };
    const c = payoutCurve(firstDeals, { target: 100_000 });
    expect(at(c, 0.1)).toBe(0); // 0.5 deals
    expect(at(c, 0.2)).toBe(1_000); // 1 deal
    expect(at(c, 1)).toBe(3_000); // 5 deals
  });
});

describe("split preview", () => {
  it("splits a year by quarter weights, each quarter evenly, summing exactly", () => {
    const p = previewSplit("1_200_000", ["20%", "25%", "25%", "30%"]);
    expect(p).toEqual({ ok: true, total: 1_200_000, quarters: [240_000, 300_000, 300_000, 360_000], months: [80_000, 80_000, 80_000, 100_000, 100_000, 100_000, 100_000, 100_000, 100_000, 120_000, 120_000, 120_000] });
  });
  it("gives the remainder to the first months (largest remainder), in hundredths", () => {
    const p = previewSplit("100");
    expect(p.ok && p.months.slice(0, 3)).toEqual([8.34, 8.33, 8.33]);
    expect(p.ok && Math.round(p.months.reduce((a, b) => a + b, 0) * 100)).toBe(10_000);
  });
  it("says why when the base is not a number", () => {
    expect(previewSplit("lots")).toEqual({ ok: false, reason: "lots is not a number" });
  });
});

describe("model commands", () => {
  const base = parseTemplate('template b { grain month }\nmetric a = 1\nmetric c = 2').model;
  const own = parseTemplate('template t extends b { stage growth }\nmetric c = 3').model;
  const merged: Template = { ...own, declarations: [...base.declarations.slice(0, 1), ...own.declarations] };
  it("marks what is inherited and edits an inherited declaration into an override", () => {
    const shown = shownDecls(own, merged, "metric");
    expect(shown.map((s) => [s.decl.name, s.inherited])).toEqual([["a", true], ["c", false]]);
    const next = putDecl(own, { ...shown[0]!.decl, label: "A" });
    expect(next.declarations.map(declKey)).toEqual(["metric:c", "metric:a"]);
  });
  it("removes an own declaration and drops an inherited one, and the printer writes the drop", () => {
    const [a, c] = shownDecls(own, merged, "metric");
    expect(removeDecl(own, c!.decl, false).declarations).toEqual([]);
    const dropped = removeDecl(own, a!.decl, true);
    expect(dropped.declarations.slice(1)).toEqual([{ kind: "drop", what: "metric", name: "a" }]);
    expect(printTemplate(dropped)).toContain("\ndrop metric a\n");
    expect(removeDecl(own, { kind: "target", metric: "a" }, true).declarations.at(-1)).toEqual({ kind: "drop", what: "target", name: "a" });
  });
  it("accepts the names the schema accepts, so an added declaration always prints and parses", () => {
    expect(["a", "_x1", "新签金额", "amount_2"].map(isName)).toEqual([true, true, true, true]);
    expect(["", "2nd", "a-b", "where", "metric", "x".repeat(201)].map(isName)).toEqual([false, false, false, false, false, false]);
    expect(isName("x".repeat(200))).toBe(true);
  });
  it("reads number literals as the language writes them", () => {
    expect(isNumberLiteral("1_200_000")).toBe(true);
    expect(isNumberLiteral("12.5%")).toBe(true);
    expect(isNumberLiteral("1e3")).toBe(false);
    expect(isNumberLiteral("1__0")).toBe(false);
    expect(literalValue("85%")).toBe(0.85);
  });
  it("drops an emptied optional property instead of keeping an empty one", () => {
    expect(withOptional({ name: "a", label: "A" }, "label", "")).toEqual({ name: "a" });
  });
  it("finds the base a text extends", () => {
    expect(extendsOf('template saas_growth "SaaS 成长期" extends saas_base { stage growth }')).toBe("saas_base");
    expect(extendsOf("template solo { grain month }")).toBeUndefined();
  });
});

describe("completion and colours", () => {
  const model = parseTemplate('source deals by rep at closed_on {\n  amount: money\n  status: "open" | "won"\n  closed_on: date\n}\nmetric won = count(deals)').model;
  it("offers a source's fields after `source.`", () => {
    const text = "metric x = sum(deals.am";
    expect(complete(text, text.length, model)).toEqual({ from: 21, offers: [{ label: "amount", type: "property", detail: "money" }] });
  });
  it("offers a field's enum values inside a string after `field ==`", () => {
    const text = 'metric x = count(deals where status == "w';
    expect(complete(text, text.length, model)).toEqual({ from: text.length - 1, offers: [{ label: "open", type: "enum" }, { label: "won", type: "enum" }] });
  });
  it("offers functions and metrics by prefix", () => {
    const text = "metric x = co";
    expect(complete(text, text.length, model)?.offers.map((o) => o.label)).toEqual(["count", "coalesce"]);
    const w = "metric x = wo";
    expect(complete(w, w.length, model)?.offers.map((o) => o.label)).toEqual(["won"]);
  });
  it("colours the lexer's tokens", () => {
    expect(tokenClasses('metric a = count(x) // c').map((t) => t.cls)).toEqual(["kw", "name", "op", "fn", "op", "name", "op", "comment"]);
    expect(tokenClasses('  base 80% "s"').map((t) => [t.from, t.to, t.cls])).toEqual([[2, 6, "soft"], [7, 10, "num"], [11, 14, "str"]]);
  });
});

describe("routes and languages", () => {
  it("reads and writes the fragment", () => {
    expect(parseRoute("#/t/saas_growth/source")).toEqual({ page: "template", id: "saas_growth", tab: "source" });
    expect(parseRoute("#/t/%E9%94%80%E5%94%AE")).toEqual({ page: "template", id: "销售", tab: "overview" });
    expect(parseRoute("#key=abc")).toEqual({ page: "library" });
    expect(routeHash({ page: "template", id: "销售", tab: "metrics" })).toBe("#/t/%E9%94%80%E5%94%AE/metrics");
  });
  it("takes ?lang=, else the browser's languages", () => {
    expect(pickLang("?lang=zh-CN", ["en-US"])).toBe("zh-CN");
    expect(pickLang("?lang=fr", ["zh-TW", "en"])).toBe("zh-CN");
    expect(pickLang("", ["de", "en-GB"])).toBe("en");
    expect(pickLang("", ["de"])).toBe("en");
  });
  it("fills placeholders, and both languages say every message", () => {
    expect(translator("zh-CN")("savedDraft", { n: 3 })).toBe("草稿已保存（修订 3）。");
    expect(Object.keys(zhCN).sort()).toEqual(Object.keys(en).sort());
    for (const [k, v] of Object.entries(zhCN)) expect(v, k).not.toBe("");
  });
  it("prints the sign-in link with the key in the fragment", () => {
    expect(signInLink("http://127.0.0.1:8787", "kpi_a-b_c", "/nowhere")).toBe("designer: http://127.0.0.1:8787/#key=kpi_a-b_c");
    expect(signInLink("http://127.0.0.1:8787", undefined, "/nowhere")).toBe("designer: http://127.0.0.1:8787/");
  });
});

describe("the designer's route", () => {
  const dir = mkdtempSync(join(tmpdir(), "kpi-designer-route-"));
  mkdirSync(join(dir, "assets"));
  writeFileSync(join(dir, "index.html"), "<!doctype html><title>x</title>");
  writeFileSync(join(dir, "assets", "main-ABC123.js"), "export {};");
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const app = designerRoutes(dir);

  it("serves the page with a strict CSP, revalidated, with an ETag", async () => {
    const res = await app.request("/");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-security-policy")).toBe(DESIGNER_CSP);
    expect(DESIGNER_CSP).toContain("script-src 'self'");
    expect(DESIGNER_CSP).not.toMatch(/unsafe-eval|script-src[^;]*unsafe-inline|https?:/);
    expect(res.headers.get("cache-control")).toBe("no-cache");
    const again = await app.request("/", { headers: { "if-none-match": res.headers.get("etag")! } });
    expect(again.status).toBe(304);
  });
  it("caches hashed assets for a year", async () => {
    const res = await app.request("/assets/main-ABC123.js");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/javascript; charset=utf-8");
    expect(res.headers.get("cache-control")).toBe("public, max-age=31536000, immutable");
    expect((await app.request("/assets/other.js")).status).toBe(404);
  });
  it("says how to build it when it is not built", async () => {
    const res = await designerRoutes(join(dir, "missing")).request("/");
    expect(res.status).toBe(503);
    expect(await res.text()).toContain("npm run build");
  });
});

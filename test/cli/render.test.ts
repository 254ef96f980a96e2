/**
 * The diagnostic renderer, in-process: header lines, caret placement under
 * wide characters, tabs, empty spans, spans running past their line, long
 * lines, and JSON positions.
 */
import { describe, expect, it } from "vitest";
import type { Diagnostic } from "../../dsl/diagnostics.js";
import { LineIndex } from "../../dsl/span.js";
import { diagnosticJson, excerpt, printable, renderDiagnostic } from "../../cli/render.js";
import { textWidth } from "../../cli/text-width.js";

/** The excerpt of the first occurrence of `mark` in `text`. */
function under(text: string, mark: string, length = mark.length): string {
  const lines = new LineIndex(text);
  const start = text.indexOf(mark);
  return excerpt(lines, lines.locate({ start, end: start + length }));
}

describe("textWidth", () => {
  it("counts wide characters as two columns and combining marks as none", () => {
    expect(textWidth("abc")).toBe(3);
    expect(textWidth("新签合同额")).toBe(10);
    expect(textWidth("ｆｕｌｌ")).toBe(8);
    expect(textWidth("한국")).toBe(4);
    expect(textWidth("e\u0301")).toBe(1);
    expect(textWidth("😀")).toBe(2);
    expect(textWidth("Ümsatz")).toBe(6);
  });
});

describe("excerpt", () => {
  it("puts carets under the span, two per wide character", () => {
    // "metric " is 7 columns, 新签 4, " = " 3.
    expect(under("metric 新签 = 新签额 + 1", "新签额")).toBe(` 1 | metric 新签 = 新签额 + 1\n   | ${" ".repeat(14)}^^^^^^\n`);
  });

  it("keeps tabs before and inside the span", () => {
    expect(under("\tmetric\ta = b\tc", "b\tc")).toBe(" 1 | \tmetric\ta = b\tc\n   | \t      \t    ^\t^\n");
  });

  it("gives an empty span one caret, also at the end of the line", () => {
    expect(under("metric a = 1 +", "", 0).split("\n")[1]).toBe("   | ^");
    const text = "metric a = 1 +";
    const lines = new LineIndex(text);
    expect(excerpt(lines, lines.locate({ start: text.length, end: text.length })).split("\n")[1]).toBe(`   | ${" ".repeat(text.length)}^`);
  });

  it("underlines a span that runs past its line to the end of the line", () => {
    expect(under("metric a =\n  b + c\n", "metric a =\n  b")).toBe(" 1 | metric a =\n   | ^^^^^^^^^^\n");
  });

  it("widens the gutter for long line numbers and shows the right line", () => {
    const text = `${"\n".repeat(119)}metric x = y`;
    expect(under(text, "y")).toBe(" 120 | metric x = y\n     |            ^\n");
  });

  it("shows a window of a very long line around the span", () => {
    const text = `metric a = ${"1 + ".repeat(200)}oops`;
    const [source, carets] = under(text, "oops").split("\n");
    expect(source!.length).toBeLessThan(300);
    expect(source).toMatch(/^ 1 \| …1 \+ .*oops$/);
    expect(carets!.indexOf("^")).toBe(source!.indexOf("oops"));
  });

  it("replaces control and bidi characters, one for one", () => {
    expect(printable("a\u001b[0m\u202eb\tc")).toBe("a\ufffd[0m\ufffdb\tc");
    expect(under('x = "\u001b" + y', "y")).toBe(' 1 | x = "\ufffd" + y\n   |           ^\n');
  });

  it("is empty without the text", () => {
    expect(excerpt(undefined, { start: 0, end: 1, line: 1, column: 1 })).toBe("");
  });
});

describe("renderDiagnostic and diagnosticJson", () => {
  const text = "metric a = 1\nmetric a = 2\n";
  const lines = new LineIndex(text);
  const d: Diagnostic = {
    code: "resolve-duplicate",
    severity: "error",
    message: "metric `a` is already defined on line 1",
    span: lines.locate({ start: 20, end: 21 }),
    related: [{ code: "resolve-duplicate", severity: "info", message: "first defined here", span: lines.locate({ start: 7, end: 8 }) }],
  };

  it("prints the header, the excerpt, and related locations as notes", () => {
    expect(renderDiagnostic(d, "a.kpi", () => lines)).toBe(
      [
        "a.kpi:2:8: error resolve-duplicate metric `a` is already defined on line 1",
        " 2 | metric a = 2",
        "   |        ^",
        "a.kpi:1:8: note: first defined here",
        " 1 | metric a = 1",
        "   |        ^",
        "",
      ].join("\n"),
    );
  });

  it("names the diagnostic's own file when it is in a base template", () => {
    const inBase = { ...d, related: undefined, file: "base.kpi" };
    expect(renderDiagnostic(inBase, "child.kpi", (f) => (f === "base.kpi" ? lines : undefined))).toMatch(/^base\.kpi:2:8: error .*\n 2 \| metric a = 2\n/);
    expect(renderDiagnostic(inBase, "child.kpi", () => undefined)).toBe("base.kpi:2:8: error resolve-duplicate metric `a` is already defined on line 1\n");
  });

  it("gives JSON positions for start and end", () => {
    expect(diagnosticJson(d, "a.kpi", () => lines)).toEqual({
      file: "a.kpi",
      line: 2,
      column: 8,
      endLine: 2,
      endColumn: 9,
      severity: "error",
      code: "resolve-duplicate",
      message: "metric `a` is already defined on line 1",
      related: [{ file: "a.kpi", line: 1, column: 8, endLine: 1, endColumn: 9, severity: "info", code: "resolve-duplicate", message: "first defined here" }],
    });
  });
});

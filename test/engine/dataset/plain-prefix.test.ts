import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ErrorList } from "../../../engine/dataset/errors.js";
import { readCsv } from "../../../engine/dataset/read-files.js";

/** What a reader handed on: every header and row with its line, and every error. */
async function read(text: string, cuts: number[], plainPrefix: boolean): Promise<unknown[]> {
  const bytes = Buffer.from(text, "utf8");
  const at = [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort((a, b) => a - b);
  async function* chunks(): AsyncGenerator<Uint8Array> {
    let from = 0;
    for (const c of [...at, bytes.length]) {
      if (c > from) yield bytes.subarray(from, c);
      from = c;
    }
  }
  const out: unknown[] = [];
  const errors = new ErrorList();
  await readCsv(chunks(), "t.csv", errors, { header: (cells, line) => (out.push(["h", line, cells]), true), row: (cells, line) => out.push([line, cells]) }, { plainPrefix });
  out.push(...errors.list("t.csv"));
  return out;
}

describe("the quote-free prefix reads as csv-parse does", () => {
  it("for any text of cells, quotes and line ends, cut into any chunks", async () => {
    const piece = fc.constantFrom("a", "b", "12", ",", "\n", "\r\n", "\r", '"', '""', " ", "é", "\ufeff");
    await fc.assert(
      fc.asyncProperty(fc.array(piece, { maxLength: 40 }), fc.array(fc.nat(200), { maxLength: 4 }), async (parts, cuts) => {
        const text = parts.join("");
        expect(await read(text, cuts, true)).toEqual(await read(text, [], false));
      }),
      { numRuns: 2000 },
    );
  });

  it("hands over at the first quote and keeps csv-parse's line numbers after it", async () => {
    const text = 'id,name\n1,a\n2,"b\nc"\n3,"d\n4,e\n';
    const got = await read(text, [9, 15], true);
    expect(got).toEqual([
      ["h", 1, ["id", "name"]],
      [2, ["1", "a"]],
      [3, ["2", "b\nc"]],
      { file: "t.csv", line: 5, message: "unclosed quote: the quoted cell that starts on this line never ends" },
    ]);
  });

  it("takes the first line's end as the file's: a later bare \\n in a \\r\\n file is csv-parse's to read", async () => {
    const text = "a,b\r\n1,2\r\n3,4\n5,6\r\n";
    expect(await read(text, [], true)).toEqual(await read(text, [], false));
    expect(await read(text, [], true)).toEqual([["h", 1, ["a", "b"]], [2, ["1", "2"]], { file: "t.csv", line: 3, message: "expected 2 cells (a,b) but found 3" }]);
  });
});

/** Generated files must match what their generators produce now (run `npm run gen` after editing a schema or the grammar). */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { renderCstDts } from "../../dsl/gen-cst.js";
import { renderSchemaTypes } from "../../schemas/gen-types.js";

describe("generated files are current", () => {
  it("schemas/generated/*.ts match the JSON Schemas", async () => {
    for (const [path, text] of await renderSchemaTypes()) expect(readFileSync(path, "utf8"), `${path} is stale: run npm run gen`).toBe(text);
  });

  it("dsl/generated/cst.d.ts matches the grammar", () => {
    expect(readFileSync("dsl/generated/cst.d.ts", "utf8"), "dsl/generated/cst.d.ts is stale: run npm run gen").toBe(renderCstDts());
  });
});

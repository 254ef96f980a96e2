/**
 * The one runner of the golden cases (test/cases/check/*.json, syntax and
 * semantics alike), each through `checkSource` as the CLI runs it. Each case's
 * source, checked with a `loadBase` that serves its `files` map (`NAME.kpi`),
 * gives exactly the listed diagnostics: code, line, column, and `file` for
 * one in a base file. Nothing more, so every case also guards against
 * follow-on diagnostics.
 */
import { readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { checkSource } from "../../../engine/check/index.js";

interface Expected {
  code: string;
  line: number;
  column: number;
  file?: string;
}

interface Case {
  name: string;
  source: string;
  files?: Record<string, string>;
  expect: { diagnostics: Expected[] };
}

const DIR = "test/cases/check";
const topics = readdirSync(DIR)
  .filter((f) => f.endsWith(".json"))
  .sort();

/** Runs one case the way the CLI would: the checked file is `main.kpi`, bases sit beside it. */
function runCase(c: Case): Expected[] {
  const files = c.files ?? {};
  const r = checkSource(c.source, {
    file: "main.kpi",
    loadBase: (name) => {
      const file = `${name}.kpi`;
      return Object.hasOwn(files, file) ? { file, text: files[file]! } : undefined;
    },
  });
  return r.diagnostics.map((d) => ({ code: d.code, line: d.span.line, column: d.span.column, ...(d.file === undefined ? {} : { file: d.file }) }));
}

describe.each(topics)("check cases: %s", (topic) => {
  const cases = JSON.parse(readFileSync(`${DIR}/${topic}`, "utf8")) as Case[];
  it.each(cases.map((c) => [c.name, c] as const))("%s", (_, c) => {
    expect(runCase(c)).toEqual(c.expect.diagnostics);
  });
});

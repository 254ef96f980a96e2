#!/usr/bin/env node
// The `kpi` command. It runs the compiled JavaScript in dist/ (`npm run build`,
// which `npm ci` runs through `prepare`, and which the published package
// ships), so no command pays for transpiling TypeScript at start-up.
//
// With KPI_FROM_SOURCE=1 (vitest.config.ts sets it, so the tests run the
// sources they test), or in a checkout not built yet, it runs the TypeScript
// sources through tsx instead. chevrotain is imported before tsx registers
// its loader: it is plain JavaScript of many small modules, and loading them
// through tsx's hooks roughly doubles the start-up time.
import { existsSync } from "node:fs";

const compiled = new URL("../dist/cli/main.js", import.meta.url);
if (process.env.KPI_FROM_SOURCE !== "1" && existsSync(compiled)) {
  await import(compiled.href);
} else {
  await import("chevrotain");
  const { register } = await import("tsx/esm/api");
  register();
  await import("../cli/main.ts");
}

import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    testTimeout: 60_000,
    pool: "forks",
    // A spawned `node bin/kpi.js` runs the TypeScript sources under test, not a
    // possibly older dist/ (test/build/ checks dist/ itself).
    env: { KPI_FROM_SOURCE: "1" },
  },
});

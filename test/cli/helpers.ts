/**
 * Helpers for the CLI tests: run the real `kpi` (`node bin/kpi.js …`) as a
 * child process, and write fixture templates into a fresh temporary folder.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

export const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const BIN = join(ROOT, "bin", "kpi.js");

export interface KpiRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs `node bin/kpi.js ARGS` in `cwd` and waits for it.
 * @example
 * const r = kpi(["check", "a.kpi"], { cwd: dir });
 */
export function kpi(args: string[], options: { cwd?: string; input?: string; env?: NodeJS.ProcessEnv } = {}): KpiRun {
  const r = spawnSync(process.execPath, [BIN, ...args], {
    cwd: options.cwd ?? ROOT,
    input: options.input ?? "",
    encoding: "utf8",
    env: { ...process.env, KPI_DEBUG: "", NO_COLOR: "1", COLUMNS: "", ...options.env },
    timeout: 30_000,
  });
  if (r.error) throw r.error;
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** A temporary folder of template files, removed by `cleanup`. */
export interface TempDir {
  path: string;
  /** Writes `files` (name → text) into the folder; returns the folder. */
  write(files: Record<string, string>): string;
  cleanup(): void;
}

/**
 * Makes a fresh temporary folder.
 * @example
 * const dir = tempDir(); dir.write({ "a.kpi": "metric a = 1\n" });
 */
export function tempDir(): TempDir {
  const path = mkdtempSync(join(tmpdir(), "kpi-cli-"));
  return {
    path,
    write(files) {
      for (const [name, text] of Object.entries(files)) writeFileSync(join(path, name), text);
      return path;
    },
    cleanup: () => rmSync(path, { recursive: true, force: true }),
  };
}

/** A small template that checks clean. */
export const CLEAN = `template small "小" {
  grain month
  currency CNY
}

entity rep "销售代表"

source deals "合同" by rep at closed_on {
  amount: money
  status: "open" | "won" | "lost"
  closed_on: date
}

metric won_amount "成交额": money = sum(deals.amount where status == "won")
metric won_deals = count(deals where status == "won")
`;

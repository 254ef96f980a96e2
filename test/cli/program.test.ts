/**
 * The lazy command table (cli/program.ts): the program's help, built from
 * the stubs of `COMMANDS`, reads exactly as when every command is loaded, and
 * the arguments of a run load the command they name (and only that one).
 */
import { describe, expect, it } from "vitest";
import type { CliIO } from "../../cli/io.js";
import { buildProgram, commandOf, COMMANDS } from "../../cli/program.js";

function recorder(): CliIO & { stdout: string } {
  const io = { stdout: "", out: (s: string) => void (io.stdout += s), err: () => undefined, readStdin: () => "" };
  return io;
}

describe("the command table", () => {
  it("names the command an argument list runs or asks help for", () => {
    expect(commandOf([])).toBeUndefined();
    expect(commandOf(["--help"])).toBeUndefined();
    expect(commandOf(["-V"])).toBeUndefined();
    expect(commandOf(["eval", "x.kpi", "--data", "d"])).toBe("eval");
    expect(commandOf(["--help", "check"])).toBe("check");
    expect(commandOf(["help", "fmt"])).toBe("fmt");
    expect(commandOf(["help"])).toBeUndefined();
  });

  it("prints the program's help from the stubs exactly as with every command loaded", async () => {
    const lazy = await buildProgram(recorder(), () => undefined, ["--help"]);
    const full = await buildProgram(recorder(), () => undefined, "*");
    expect(lazy.helpInformation()).toBe(full.helpInformation());
    // Every stub's term and summary are the loaded command's.
    const help = full.createHelp();
    for (const c of COMMANDS) {
      const real = full.commands.find((x) => x.name() === c.name)!;
      expect(help.subcommandTerm(real)).toBe(c.term);
      expect(real.summary()).toBe(c.summary);
    }
    expect(full.commands.map((c) => c.name())).toEqual(COMMANDS.map((c) => c.name));
  });

  it("loads only the command that runs: the others stay stubs without options", async () => {
    const program = await buildProgram(recorder(), () => undefined, ["check", "a.kpi"]);
    const byName = new Map(program.commands.map((c) => [c.name(), c]));
    expect(byName.get("check")!.options.map((o) => o.long)).toContain("--format");
    expect(byName.get("eval")!.options).toEqual([]);
    expect(byName.get("eval")!.registeredArguments).toEqual([]);
  });
});

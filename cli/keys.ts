/**
 * `kpi keys create --name N --role viewer|integrator|editor|admin [--db FILE]`:
 * creates an API key in the server's database. The key goes to standard
 * output, once (only its hash is stored); what was created, to standard
 * error. A name in use already is exit 1.
 * @module
 */
import { Option, type Command } from "commander";
import { resolve } from "node:path";
import { ROLES } from "../server/db/roles.js";
import type { Db } from "../server/db/open.js";
import type { Role } from "../schemas/generated/api.js";
import { ExitCode, UsageError, type CliIO } from "./io.js";
import { SERVE_DEFAULTS } from "./serve.js";

/**
 * Options of `kpi keys create`.
 * @example
 * const options: KeysCreateOptions = { name: "crm", role: "integrator" };
 */
export interface KeysCreateOptions {
  name: string;
  role: Role;
  db?: string;
}

/**
 * Creates a key; returns the exit code.
 * @throws UsageError when the database cannot be opened or the name is empty
 * @example
 * await runKeysCreate({ name: "crm", role: "integrator" }, io); // prints kpi_…
 */
export async function runKeysCreate(opts: KeysCreateOptions, io: CliIO): Promise<ExitCode> {
  if (opts.name.trim() === "" || opts.name.length > 100 || /[\u0000-\u001f\u007f]/.test(opts.name)) throw new UsageError("a key name is 1 to 100 characters, without control characters");
  const file = resolve(opts.db ?? SERVE_DEFAULTS.db);
  // Loaded here, not at start-up, so that the other commands never load the database driver.
  const [{ openDatabase }, { createKey }] = await Promise.all([import("../server/db/open.js"), import("../server/db/keys.js")]);
  let db: Db;
  try {
    db = openDatabase(file);
  } catch (e) {
    throw new UsageError(`cannot open the database ${file}: ${(e as Error).message}`);
  }
  try {
    const k = createKey(db, { name: opts.name, role: opts.role, at: new Date().toISOString(), actor: "cli" });
    if (!k) {
      io.err(`kpi keys create: a key named ${JSON.stringify(opts.name)} exists already\n`);
      return ExitCode.failed;
    }
    io.out(`${k.key}\n`);
    io.err(`kpi keys create: created key ${k.id} ${JSON.stringify(k.name)} with the ${k.role} role in ${file}; the key is shown this once\n`);
    return ExitCode.ok;
  } finally {
    db.close();
  }
}

/**
 * Adds `kpi keys` (with `create`) to the program.
 * @example
 * registerKeys(program, io, (code) => (exitCode = code));
 */
export function registerKeys(program: Command, io: CliIO, done: (code: ExitCode) => void): void {
  const keys = program.command("keys").summary("manage the API keys of kpi serve").description("Manage the API keys of the server's database.");
  keys
    .command("create")
    .summary("create an API key")
    .description("Create an API key and print it (once; only its hash is stored).")
    .requiredOption("--name <name>", "a unique name, shown in the audit log")
    .addOption(new Option("--role <role>", "what the key may do").choices([...ROLES]).makeOptionMandatory())
    .option("--db <file>", "the server's database file", SERVE_DEFAULTS.db)
    .addHelpText("after", "\nRoles: viewer reads; integrator also evaluates and uploads datasets;\neditor also creates templates and edits drafts; admin also publishes and manages keys.\n\nExample:\n  kpi keys create --name crm --role integrator")
    .action(async (opts: KeysCreateOptions) => done(await runKeysCreate(opts, io)));
}

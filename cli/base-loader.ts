/**
 * Finds the template a file `extends`, next to that file: `NAME.kpi` in the
 * same folder when there is one, otherwise the first `*.kpi` there (in name
 * order) whose header reads `template NAME`. The checker asks through
 * `loadBase` and does no I/O itself; this is the CLI's side of that contract.
 * Folder scans and file texts are cached for one run, and every text handed
 * to the checker is kept so diagnostics in a base file can show its lines.
 * @module
 */
import { tokenMatcher } from "chevrotain";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join } from "node:path";
import { lex } from "../dsl/lexer.js";
import { Identifier, KwTemplate } from "../dsl/tokens.js";
import type { BaseSource } from "../engine/check/api.js";
import { reason, STDIN_NAME } from "./files.js";
import { UsageError } from "./io.js";

/**
 * The extension of template files.
 * @example
 * `${name}${TEMPLATE_EXT}`; // "saas_base.kpi"
 */
export const TEMPLATE_EXT = ".kpi";

/**
 * `loadBase` for `checkSource`, plus the texts it has read.
 * @example
 * const { load, texts } = createBaseLoader();
 */
export interface BaseLoader {
  load(name: string, fromFile: string | undefined): BaseSource | undefined;
  /** Texts of the base files loaded so far, by the file name diagnostics use. */
  readonly texts: ReadonlyMap<string, string>;
}

/**
 * Creates a loader for one run of `kpi check`.
 * @example
 * const loader = createBaseLoader();
 * checkSource(text, { file: "saas_startup.kpi", loadBase: loader.load });
 */
export function createBaseLoader(): BaseLoader {
  const texts = new Map<string, string>();
  /** Header names of the templates in a folder: name → first file declaring it. */
  const headers = new Map<string, Map<string, string>>();

  const read = (file: string): string => {
    const cached = texts.get(file);
    if (cached !== undefined) return cached;
    let text: string;
    try {
      text = readFileSync(file, "utf8");
    } catch (e) {
      throw new UsageError(`cannot read ${file}: ${reason(e)}`);
    }
    texts.set(file, text);
    return text;
  };

  const headersIn = (dir: string): Map<string, string> => {
    let found = headers.get(dir);
    if (found) return found;
    found = new Map();
    headers.set(dir, found);
    for (const entry of listTemplates(dir)) {
      const file = join(dir, entry);
      const name = headerName(read(file));
      if (name !== undefined && !found.has(name)) found.set(name, file);
    }
    return found;
  };

  function load(name: string, fromFile: string | undefined): BaseSource | undefined {
    // Names are identifiers, but a path separator must never reach the file system.
    if (/[\\/\0]|^\.\.?$/.test(name)) return undefined;
    const dir = fromFile === undefined || fromFile === STDIN_NAME ? "." : dirname(fromFile);
    const direct = join(dir, name + TEMPLATE_EXT);
    const file = isFile(direct) ? direct : headersIn(dir).get(name);
    return file === undefined ? undefined : { file, text: read(file) };
  }

  return { load, texts };
}

/** The `.kpi` files of a folder, sorted by name; none when it cannot be listed. */
function listTemplates(dir: string): string[] {
  try {
    return readdirSync(dir, { withFileTypes: true })
      .filter((e) => (e.isFile() || e.isSymbolicLink()) && e.name.endsWith(TEMPLATE_EXT))
      .map((e) => e.name)
      .sort();
  } catch {
    return [];
  }
}

function isFile(file: string): boolean {
  try {
    return statSync(file).isFile();
  } catch {
    return false;
  }
}

/**
 * The name in a template's `template NAME` header, when the file starts with
 * one (after comments); read with the lexer, so comments and strings cannot fool it.
 * @example
 * headerName("// base\ntemplate saas_base { grain month }"); // "saas_base"
 */
export function headerName(text: string): string | undefined {
  const [kw, name] = lex(text).tokens;
  // A soft keyword (`template rate`) is a name too: match by token category.
  return kw && name && tokenMatcher(kw, KwTemplate) && tokenMatcher(name, Identifier) ? name.image : undefined;
}

/**
 * Where the package's own files are (package.json, schemas/*.json,
 * examples/), from the TypeScript sources and from the compiled JavaScript
 * in dist/ alike. A source module `X/m.ts` sits one folder below the root; its
 * compiled `dist/X/m.js` two. Modules that read a file of the package resolve
 * it here rather than relative to themselves, so the same code runs from
 * both. It lives in schemas/, the lowest folder, so every other folder may
 * import it.
 * @module
 */

/** True when this module runs as compiled JavaScript (from dist/), false from the .ts source. */
export const COMPILED: boolean = import.meta.url.endsWith(".js");

/**
 * The package's root folder, ending with a slash.
 * @example
 * new URL("package.json", PACKAGE_ROOT); // file:///…/kpi-engine/package.json
 */
export const PACKAGE_ROOT: URL = new URL(COMPILED ? "../../" : "../", import.meta.url);

/**
 * A file or folder of the package, by its path from the root.
 * @example
 * readFileSync(packageFile("schemas/result.schema.json"), "utf8");
 */
export const packageFile = (path: string): URL => new URL(path, PACKAGE_ROOT);

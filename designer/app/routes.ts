/**
 * The designer's address: `#/` is the library, `#/t/ID/TAB` a template's tab.
 * The fragment keeps routes client-side (the server serves one page) and
 * `#key=…` (the sign-in link) never reaches the server either.
 * @module
 */
import { TABS, type Tab } from "./tabs.js";

/** Where the designer is. */
export type Route = { page: "library" } | { page: "template"; id: string; tab: Tab };

/**
 * Reads a fragment.
 * @example
 * parseRoute("#/t/saas_growth/source"); // { page: "template", id: "saas_growth", tab: "source" }
 */
export function parseRoute(hash: string): Route {
  const m = /^#\/t\/([^/]+)(?:\/([a-z]+))?$/.exec(hash);
  if (!m) return { page: "library" };
  const tab = (TABS as readonly string[]).includes(m[2] ?? "") ? (m[2] as Tab) : "overview";
  return { page: "template", id: decodeURIComponent(m[1]!), tab };
}

/**
 * Writes a fragment.
 * @example
 * routeHash({ page: "template", id: "销售", tab: "metrics" }); // "#/t/%E9%94%80%E5%94%AE/metrics"
 */
export function routeHash(r: Route): string {
  return r.page === "library" ? "#/" : `#/t/${encodeURIComponent(r.id)}/${r.tab}`;
}

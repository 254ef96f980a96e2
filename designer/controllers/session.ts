/**
 * The API key of this browser tab. The sign-in link `/#key=…` carries the key
 * in the fragment, which never reaches the server; it is moved into
 * sessionStorage (gone when the tab closes) and wiped from the address bar
 * and history at once.
 * @module
 */
const STORAGE_KEY = "kpi-designer:key";

/**
 * Takes a key from the fragment (and removes it), else from sessionStorage.
 * @example
 * // at http://127.0.0.1:8787/#key=kpi_abc
 * takeKey(window); // "kpi_abc"; the address is now http://127.0.0.1:8787/#/
 */
export function takeKey(w: Window): string | undefined {
  const m = /(?:^#|&)key=([^&]+)/.exec(w.location.hash);
  if (m) {
    const key = decodeURIComponent(m[1]!);
    w.sessionStorage.setItem(STORAGE_KEY, key);
    w.history.replaceState(null, "", `${w.location.pathname}${w.location.search}#/`);
    return key;
  }
  return w.sessionStorage.getItem(STORAGE_KEY) ?? undefined;
}

/** Keeps a key typed into the sign-in form. */
export function keepKey(w: Window, key: string): void {
  w.sessionStorage.setItem(STORAGE_KEY, key);
}

/** Forgets the key (sign out, or a key the server refused). */
export function forgetKey(w: Window): void {
  w.sessionStorage.removeItem(STORAGE_KEY);
}

/**
 * The local copy of unsaved work: every change to a template's text is kept
 * in localStorage until the server has it, so a reload, a lost connection or
 * an expired key loses nothing the admin typed.
 * @module
 */

/** What is kept per template. */
export interface LocalCopy {
  text: string;
  /** The draft's ETag the work started from (to tell a conflict on save). */
  etag: string;
  at: string;
}

const keyOf = (id: string): string => `kpi-designer:unsaved:${id}`;

/**
 * Reads the local copy of a template, if any.
 * @example
 * readLocalCopy(localStorage, "saas_growth")?.text;
 */
export function readLocalCopy(storage: Storage, id: string): LocalCopy | undefined {
  const raw = storage.getItem(keyOf(id));
  if (raw === null) return undefined;
  try {
    const v = JSON.parse(raw) as Partial<LocalCopy>;
    return typeof v.text === "string" && typeof v.etag === "string" && typeof v.at === "string" ? { text: v.text, etag: v.etag, at: v.at } : undefined;
  } catch {
    return undefined;
  }
}

/** Keeps unsaved work. Storage full or refused: the work stays in memory, which is all that can be done. */
export function writeLocalCopy(storage: Storage, id: string, copy: LocalCopy): void {
  try {
    storage.setItem(keyOf(id), JSON.stringify(copy));
  } catch {
    /* quota or privacy mode */
  }
}

/** Drops the copy once the server has the work. */
export function clearLocalCopy(storage: Storage, id: string): void {
  storage.removeItem(keyOf(id));
}

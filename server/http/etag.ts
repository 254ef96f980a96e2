/**
 * Drafts' ETags and `If-Match`. A draft's ETag is its revision, `"r7"`
 * (strong: every save gets a new revision, so equal tags mean equal text).
 * @module
 */

/**
 * The ETag of a draft revision.
 * @example
 * draftEtag(7); // '"r7"'
 */
export const draftEtag = (revision: number): string => `"r${revision}"`;

/**
 * Whether an `If-Match` header accepts a revision: `*`, or a list of tags one
 * of which is the revision's (weak tags compare by their value).
 * @example
 * ifMatchAccepts('"r6", "r7"', 7); // true
 * ifMatchAccepts('"r6"', 7); // false
 */
export function ifMatchAccepts(header: string, revision: number): boolean {
  if (header.trim() === "*") return true;
  return header.split(",").some((t) => t.trim().replace(/^W\//, "") === draftEtag(revision));
}

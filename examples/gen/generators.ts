/**
 * Every example-data generator, in the order `npm run examples:data` runs them.
 * @module
 */
import type { Generator } from "./kit.js";

/** The generators; each writes examples/<folder>/dataset/. */
export const GENERATORS: readonly Generator[] = [];

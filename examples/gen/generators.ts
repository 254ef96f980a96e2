/**
 * Every example-data generator, in the order `npm run examples:data` runs them.
 * @module
 */
import { generator as ecommerce } from "./ecommerce.js";
import { generator as education } from "./education.js";
import { generator as fmcg } from "./fmcg.js";
import type { Generator } from "./kit.js";
import { generator as medicalDevices } from "./medical_devices.js";
import { generator as roles } from "./roles.js";
import { generator as saas } from "./saas.js";

/** The generators; each writes examples/<folder>/dataset/. */
export const GENERATORS: readonly Generator[] = [saas, medicalDevices, education, fmcg, ecommerce, roles];

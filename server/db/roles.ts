/**
 * The roles of API keys, weakest first; each may do everything the ones
 * before it may. Kept apart from the key store so that the CLI can list
 * them without loading the database driver.
 * @module
 */
import type { Role } from "../../schemas/generated/api.js";

/**
 * The roles, weakest first.
 * @example
 * ROLES.indexOf("editor") >= ROLES.indexOf("integrator"); // true
 */
export const ROLES: readonly Role[] = ["viewer", "integrator", "editor", "admin"];

/**
 * True when `role` may do what `needed` may.
 * @example
 * roleAllows("editor", "integrator"); // true
 */
export const roleAllows = (role: Role, needed: Role): boolean => ROLES.indexOf(role) >= ROLES.indexOf(needed);

/**
 * Query parameters shared by list routes.
 * @module
 */
import { ApiError } from "./problem.js";

/**
 * A `limit` query: a whole number from 1 to 1000, default 100; anything else is a 400.
 * @example
 * limitQuery(c.req.query("limit")); // 100 when absent
 */
export function limitQuery(text: string | undefined): number {
  const t = text ?? "100";
  if (!/^\d{1,4}$/.test(t) || Number(t) < 1 || Number(t) > 1000) {
    throw new ApiError(400, "validation", "limit must be a whole number from 1 to 1000", { errors: [{ path: "?limit", message: "must be a whole number from 1 to 1000" }] });
  }
  return Number(t);
}

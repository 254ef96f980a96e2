/**
 * The editor's tabs, in order (their ids are also the route's last part).
 * @module
 */
export const TABS = ["overview", "data", "metrics", "targets", "scorecards", "incentives", "alerts", "source", "preview", "versions"] as const;
/** A tab's id. */
export type Tab = (typeof TABS)[number];

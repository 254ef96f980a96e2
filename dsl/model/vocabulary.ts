/**
 * The fixed words of the language that the grammar reads as plain names and
 * the model builder validates: settings and their values, severities, tier
 * modes, split kinds; and the number-literal length limit.
 * @module
 */

export const SETTINGS = ["industry", "stage", "grain", "currency", "rounding", "fiscal_year_starts"] as const;
export const GRAINS = ["day", "week", "month", "quarter", "year"] as const;
export const MONTHS = ["january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december"] as const;
export const ROUNDINGS = ["half_up", "half_even"] as const;
export const SEVERITIES = ["info", "warning", "critical"] as const;
export const TIER_MODES = ["retroactive", "marginal"] as const;
export const SPLITS = ["even", "history", "attr"] as const;
/** The most digits a number literal may have; longer ones are surely typos. */
export const MAX_NUMBER_DIGITS = 30;
/** The longest name (as the schema's Name and the API's template id); a template id is its name. */
export const MAX_NAME_LENGTH = 200;
/** The longest label (as the schema's Label). */
export const MAX_LABEL_LENGTH = 500;

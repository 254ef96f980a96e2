/**
 * Header settings with their defaults. A template that leaves a setting out
 * gets: `grain month`, `currency CNY`, `rounding half_up` (Excel's ROUND) and
 * `fiscal_year_starts january`. The currency's minor-unit digits (2 for CNY,
 * 0 for JPY) are filled in too, since money checks and evaluation need them.
 * @module
 */
import type { Settings } from "../../schemas/generated/template.js";
import { currencyDigits } from "../money-parse.js";
import type { CheckedSettings } from "./checked-model.js";

/**
 * The settings a template gets when it does not say.
 * @example
 * DEFAULT_SETTINGS.grain; // "month"
 */
export const DEFAULT_SETTINGS = { grain: "month", currency: "CNY", rounding: "half_up", fiscalYearStarts: "january" } as const;

/**
 * Fills in the defaults of the (merged) header settings.
 * @example
 * withDefaults({ currency: "JPY" }); // { grain: "month", currency: "JPY", currencyDigits: 0, rounding: "half_up", fiscalYearStarts: "january" }
 */
export function withDefaults(s: Settings | undefined): CheckedSettings {
  const currency = s?.currency ?? DEFAULT_SETTINGS.currency;
  const out: CheckedSettings = {
    grain: s?.grain ?? DEFAULT_SETTINGS.grain,
    currency,
    currencyDigits: currencyDigits(currency),
    rounding: s?.rounding ?? DEFAULT_SETTINGS.rounding,
    fiscalYearStarts: s?.fiscal_year_starts ?? DEFAULT_SETTINGS.fiscalYearStarts,
  };
  if (s?.industry !== undefined) out.industry = s.industry;
  if (s?.stage !== undefined) out.stage = s.stage;
  return out;
}

/**
 * The shapes of what-if scenarios, as the engine sees them: the changes a
 * scenario makes (`set` a number of the template, `scale` a source field for
 * a filter, `conversion` of a funnel step), and located
 * problems (`path` is a JSON pointer into the request). The HTTP contract
 * (schemas/api.schema.json) has the same shapes; the engine keeps its own so
 * that it does not depend on the API.
 * @module
 */

/** `set`: one number of a declaration of the checked template, by the declaration's model path (template.schema.json). */
export interface SetChange {
  kind: "set";
  in: "incentive" | "target" | "scorecard";
  /** The incentive's or scorecard's name; a target's metric. */
  name: string;
  /** A JSON pointer inside the declaration, e.g. `/tiers/steps/2/rate`, `/cap`, `/base/value`, `/items/0/weight`. */
  path: string;
  /** A number literal as written in the language: `8%`, `0.08`, `50_000`. */
  value: string;
}

/** `scale`: multiply a numeric field of a source's records (those the filter keeps) by 1 + `by`. */
export interface ScaleChange {
  kind: "scale";
  source: string;
  field: string;
  /** `+10%`, `-5%`, `+2.5%`. */
  by: string;
  /** A filter in the template language, as after `where` in an aggregate: `kind == "new"`. */
  where?: string;
}

/** A funnel step's conversion from the step before changed by `by`: the step's and every later step's count × (1 + `by`) (apply-conversion.ts). */
export interface ConversionChange {
  kind: "conversion";
  funnel: string;
  step: string;
  by: string;
}

export type ScenarioChange = SetChange | ScaleChange | ConversionChange;

/** A named scenario: the baseline with these changes, applied in order. */
export interface Scenario {
  name: string;
  changes: ScenarioChange[];
}

/** A located problem with a scenario: `path` is a JSON pointer into the request (`/scenarios/0/changes/1/path`). */
export interface ScenarioError {
  path: string;
  message: string;
}

/** Limits of one request: scenarios and changes per scenario. */
export const MAX_SCENARIOS = 10;
export const MAX_CHANGES = 50;

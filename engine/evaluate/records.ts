/**
 * Reading one record's field as a runtime value, for the paths that do not
 * run as generated code: filters the code generator leaves to closures,
 * explanations that re-scan a cell's records, and the reference interpreter
 * the tests compare the generated passes with. Missing values become null:
 * NaN in numeric columns, `NO_CODE` in codes and entity indexes, `NO_DATE`,
 * `NO_BOOLEAN`. Strings and enums decode through their dictionary, entity
 * fields to the entity's id.
 * @module
 */
import { NO_BOOLEAN, NO_CODE, NO_DATE, type Column, type EntityTree } from "../dataset/types.js";
import type { RV } from "./ops.js";

/**
 * Reads record `i` of one column.
 * @example
 * const status = columnReader(deals.fields.get("status")!, tree); status(0); // "won"
 */
export function columnReader(col: Column, entities: EntityTree): (i: number) => RV {
  switch (col.type) {
    case "money":
    case "integer":
    case "number":
    case "percent": {
      const v = col.values;
      return (i) => {
        const x = v[i]!;
        return x === x ? x : null;
      };
    }
    case "string":
    case "enum": {
      const { codes, dict } = col;
      return (i) => {
        const c = codes[i]!;
        return c === NO_CODE ? null : dict[c]!;
      };
    }
    case "boolean": {
      const v = col.values;
      return (i) => {
        const x = v[i]!;
        return x === NO_BOOLEAN ? null : x === 1;
      };
    }
    case "date": {
      const v = col.values;
      return (i) => {
        const x = v[i]!;
        return x === NO_DATE ? null : x;
      };
    }
    case "entity": {
      const v = col.values;
      const list = entities.list;
      return (i) => {
        const x = v[i]!;
        return x === NO_CODE ? null : list[x]!.id;
      };
    }
  }
}

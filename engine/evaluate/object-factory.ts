/**
 * Makers of plain objects with a fixed set of user-named keys (metric,
 * scorecard and incentive names), for result assembly: one generated object
 * literal per key set gives every object the same shape in one allocation,
 * where assigning keys one by one would cost a dictionary-style store per
 * key. Safety: each key enters the generated code only through
 * `JSON.stringify` (a JSON string is a valid JavaScript string literal), and
 * `__proto__` is written as a computed key, so it becomes an own property
 * rather than the object's prototype. Values travel in an array, by index.
 * @module
 */

/**
 * Makes objects `{ [keys[i]]: values[i] }`; the values array may be reused between calls.
 * @example
 * const make = objectMaker(["a", "__proto__"]);
 * const o = make([1, 2]); // { a: 1, __proto__: 2 } with an own `__proto__` key
 * Object.getPrototypeOf(o) === Object.prototype; // true
 */
export function objectMaker<T>(keys: readonly string[]): (values: readonly T[]) => Record<string, T> {
  const body = keys.map((k, i) => `${k === "__proto__" ? `[${JSON.stringify(k)}]` : JSON.stringify(k)}: v[${i}]`).join(",\n");
  // Reused across evaluations of a template, so the maker stays optimised; bounded for a server's many templates.
  let make = makers.get(body);
  if (!make) {
    if (makers.size >= MAX_MAKERS) makers.clear();
    // The code holds only JSON string literals and indexes (see the module header).
    make = new Function("v", `"use strict";\nreturn {\n${body}\n};`) as (values: readonly unknown[]) => Record<string, unknown>;
    makers.set(body, make);
  }
  return make as (values: readonly T[]) => Record<string, T>;
}

const makers = new Map<string, (values: readonly unknown[]) => Record<string, unknown>>();
const MAX_MAKERS = 1024;

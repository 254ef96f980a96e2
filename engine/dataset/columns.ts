/**
 * Growable typed columns, one builder per declared field type. A builder turns
 * one cell (CSV text, or a JSON string, number or boolean) into its slot in a
 * typed array and returns an error message instead of throwing, so the caller
 * can attach file, line and field. Arrays grow by doubling and are trimmed
 * with `subarray` (no copy) when loading ends. Every row is written exactly
 * once — a value or the column's missing marker — so arrays need no fill.
 * @module
 */
import { parseMoney, plainMinorAt } from "../money-parse.js";
import { quote } from "./errors.js";
import { IdIndex } from "./id-index.js";
import { badDate, parseBooleanText, parseDecimal, parseIsoDate, parseIsoDateAt, parsePercent } from "./values.js";
import { NO_BOOLEAN, NO_CODE, NO_DATE, type Column, type DatasetFieldSpec } from "./types.js";

/**
 * Fills one column row by row.
 * @example
 * const b = makeColumnBuilder({ name: "amount", type: "money" }, { digits: 2, entities });
 * b.grow(16); b.setText(0, "12.50"); b.finish(1); // { type: "money", values: Float64Array [1250] }
 */
export interface ColumnBuilder {
  readonly field: string;
  /** Makes room for `capacity` rows, keeping the rows written so far. */
  grow(capacity: number): void;
  /** Sets row `r` from non-empty text; returns an error message, or undefined when the value is good. */
  setText(r: number, text: string): string | undefined;
  /** `setText` of the non-empty `text[start, end)`, without making it a string where the type allows (the quote-free CSV path). */
  setSlice(r: number, text: string, start: number, end: number): string | undefined;
  /** Sets row `r` from a JSON number or boolean. */
  setJson(r: number, value: number | boolean): string | undefined;
  setMissing(r: number): void;
  finish(length: number): Column;
}

/**
 * What builders need beyond the field: the currency's digits and the entities referenced by id.
 * @example
 * const ctx: ColumnContext = { digits: 2, entities: tree };
 */
export interface ColumnContext {
  digits: number;
  entities: EntityLookup;
}

/**
 * What a column needs of the entities: an id's index and each index's kind (a worker thread has only these).
 * @example
 * const lookup: EntityLookup = { byId: new Map([["zhang", 0]]), list: [{ kind: "rep" }] };
 */
export interface EntityLookup {
  readonly byId: ReadonlyMap<string, number>;
  readonly list: readonly { readonly kind: string }[];
}

function grown<T extends Float64Array | Int32Array | Uint8Array>(old: T, make: (n: number) => T, capacity: number): T {
  if (old.length >= capacity) return old;
  const next = make(capacity);
  next.set(old);
  return next;
}

const f64 = (n: number): Float64Array => new Float64Array(n);
const i32 = (n: number): Int32Array => new Int32Array(n);
const u8 = (n: number): Uint8Array => new Uint8Array(n);

const notNumber = (text: string): string => `${quote(text)} is not a number`;

class FloatColumn implements ColumnBuilder {
  private values = f64(0);
  constructor(readonly field: string, private readonly type: "money" | "integer" | "number" | "percent", private readonly digits: number) {}
  grow(capacity: number): void {
    this.values = grown(this.values, f64, capacity);
  }
  setText(r: number, text: string): string | undefined {
    if (this.type === "money") {
      const m = parseMoney(text, this.digits);
      if (!m.ok) return m.reason;
      this.values[r] = m.minor;
      return undefined;
    }
    const v = this.type === "percent" ? parsePercent(text) : parseDecimal(text);
    if (v !== v) return this.type === "percent" ? `${quote(text)} is not a percent (write 85% or 0.85)` : notNumber(text);
    return this.put(r, v, text);
  }
  setSlice(r: number, text: string, start: number, end: number): string | undefined {
    if (this.type === "money") {
      const v = plainMinorAt(text, start, end, this.digits);
      if (v === v) {
        this.values[r] = v;
        return undefined;
      }
    }
    return this.setText(r, text.slice(start, end));
  }
  setJson(r: number, value: number | boolean): string | undefined {
    if (typeof value === "boolean") return `${value} is not ${this.type === "money" ? "an amount" : "a number"}`;
    if (this.type === "money") {
      return `money must be a decimal string such as "12.50", not the JSON number ${value}: JSON numbers are read as binary floating point`;
    }
    return this.put(r, value, String(value));
  }
  private put(r: number, v: number, text: string): string | undefined {
    if (this.type === "integer" && !Number.isSafeInteger(v)) return `${quote(text)} is not a whole number`;
    this.values[r] = v;
    return undefined;
  }
  setMissing(r: number): void {
    this.values[r] = NaN;
  }
  finish(length: number): Column {
    return { type: this.type, values: this.values.subarray(0, length) };
  }
}

/** Strings and enums: codes into a dictionary. A string's dictionary grows; an enum's is its declared values. */
class CodeColumn implements ColumnBuilder {
  private codes = i32(0);
  private readonly dict: string[];
  private readonly codeOf = new Map<string, number>();
  constructor(readonly field: string, private readonly declared: readonly string[] | undefined) {
    this.dict = declared ? [...declared] : [];
    this.dict.forEach((v, i) => this.codeOf.set(v, i));
  }
  grow(capacity: number): void {
    this.codes = grown(this.codes, i32, capacity);
  }
  setText(r: number, text: string): string | undefined {
    // A few declared values are found faster by comparing than by hashing a cell string made for this one lookup.
    if (this.declared && this.dict.length <= 8) {
      const dict = this.dict;
      for (let i = 0; i < dict.length; i++) {
        if (dict[i] === text) {
          this.codes[r] = i;
          return undefined;
        }
      }
      return `${quote(text)} is not one of ${this.declared.map((v) => JSON.stringify(v)).join(", ")}`;
    }
    let code = this.codeOf.get(text);
    if (code === undefined) {
      if (this.declared) return `${quote(text)} is not one of ${this.declared.map((v) => JSON.stringify(v)).join(", ")}`;
      code = this.dict.length;
      this.dict.push(text);
      this.codeOf.set(text, code);
    }
    this.codes[r] = code;
    return undefined;
  }
  setSlice(r: number, text: string, start: number, end: number): string | undefined {
    if (this.declared && this.dict.length <= 8) {
      const dict = this.dict;
      const len = end - start;
      for (let i = 0; i < dict.length; i++) {
        const v = dict[i]!;
        if (v.length === len && text.startsWith(v, start)) {
          this.codes[r] = i;
          return undefined;
        }
      }
    }
    return this.setText(r, text.slice(start, end));
  }
  setJson(r: number, value: number | boolean): string | undefined {
    if (typeof value === "boolean") return `${value} is not a string`;
    return this.setText(r, String(value));
  }
  setMissing(r: number): void {
    this.codes[r] = NO_CODE;
  }
  finish(length: number): Column {
    return { type: this.declared ? "enum" : "string", codes: this.codes.subarray(0, length), dict: this.dict };
  }
}

class BooleanColumn implements ColumnBuilder {
  private values = u8(0);
  constructor(readonly field: string) {}
  grow(capacity: number): void {
    this.values = grown(this.values, u8, capacity);
  }
  setText(r: number, text: string): string | undefined {
    const b = parseBooleanText(text);
    if (b < 0) return `${quote(text)} is not a boolean (true, false, 1 or 0)`;
    this.values[r] = b;
    return undefined;
  }
  setSlice(r: number, text: string, start: number, end: number): string | undefined {
    return this.setText(r, text.slice(start, end));
  }
  setJson(r: number, value: number | boolean): string | undefined {
    if (typeof value === "boolean") {
      this.values[r] = value ? 1 : 0;
      return undefined;
    }
    return this.setText(r, String(value));
  }
  setMissing(r: number): void {
    this.values[r] = NO_BOOLEAN;
  }
  finish(length: number): Column {
    return { type: "boolean", values: this.values.subarray(0, length) };
  }
}

/**
 * A date column (epoch days); also the `at` column of a source.
 * @example
 * const at = new DateColumn("closed_on"); at.grow(8); at.setText(0, "1970-01-02"); // values[0] === 1
 */
export class DateColumn implements ColumnBuilder {
  private values = i32(0);
  constructor(readonly field: string) {}
  grow(capacity: number): void {
    this.values = grown(this.values, i32, capacity);
  }
  setText(r: number, text: string): string | undefined {
    const d = parseIsoDate(text);
    if (d === NO_DATE) return badDate(text);
    this.values[r] = d;
    return undefined;
  }
  setSlice(r: number, text: string, start: number, end: number): string | undefined {
    const d = parseIsoDateAt(text, start, end);
    if (d === NO_DATE) return badDate(text.slice(start, end));
    this.values[r] = d;
    return undefined;
  }
  setJson(_r: number, value: number | boolean): string | undefined {
    return `${value} is not a date; write dates as "YYYY-MM-DD" strings`;
  }
  setMissing(r: number): void {
    this.values[r] = NO_DATE;
  }
  finish(length: number): Column {
    return { type: "date", values: this.values.subarray(0, length) };
  }
}

/** One span index per entity list, built when its first quote-free row is read. */
const idIndexes = new WeakMap<EntityLookup, IdIndex>();
const idIndexOf = (entities: EntityLookup): IdIndex => {
  let ix = idIndexes.get(entities);
  if (!ix) {
    // Index order is the list's, whose ids byId maps: the index and the Map agree on every id.
    const ids = new Array<string>(entities.list.length);
    for (const [id, i] of entities.byId) ids[i] = id;
    idIndexes.set(entities, (ix = new IdIndex(ids)));
  }
  return ix;
};

/**
 * A reference to an entity by id; the entity must be of exactly the field's kind. Also the `by` column of a source.
 * @example
 * const by = new EntityColumn("rep", "rep", entities); by.grow(8); by.setText(0, "zhang"); // values[0] === index of zhang
 */
export class EntityColumn implements ColumnBuilder {
  private values = i32(0);
  private index: IdIndex | undefined;
  constructor(readonly field: string, private readonly kind: string, private readonly entities: EntityLookup) {}
  grow(capacity: number): void {
    this.values = grown(this.values, i32, capacity);
  }
  setText(r: number, text: string): string | undefined {
    const i = this.entities.byId.get(text);
    if (i === undefined) return `no entity has the id ${quote(text)}`;
    const kind = this.entities.list[i]?.kind;
    if (kind !== this.kind) return `${quote(text)} is a ${kind}, not a ${this.kind}`;
    this.values[r] = i;
    return undefined;
  }
  setSlice(r: number, text: string, start: number, end: number): string | undefined {
    const i = (this.index ??= idIndexOf(this.entities)).find(text, start, end);
    if (i !== -1 && this.entities.list[i]!.kind === this.kind) {
      this.values[r] = i;
      return undefined;
    }
    return this.setText(r, text.slice(start, end)); // the error, in setText's words
  }
  setJson(r: number, value: number | boolean): string | undefined {
    if (typeof value === "boolean") return `${value} is not an entity id`;
    return this.setText(r, String(value));
  }
  setMissing(r: number): void {
    this.values[r] = NO_CODE;
  }
  finish(length: number): Column {
    return { type: "entity", kind: this.kind, values: this.values.subarray(0, length) };
  }
  /** The array itself, shared with `SourceData.by`. */
  raw(length: number): Int32Array {
    return this.values.subarray(0, length);
  }
}

/**
 * The builder for a declared field; a type that is not a value type must be an entity kind.
 * Throws on a type the template could not have declared (a bug in the caller, not bad data).
 * @example
 * makeColumnBuilder({ name: "status", type: "enum", values: ["won", "lost"] }, ctx);
 */
export function makeColumnBuilder(f: DatasetFieldSpec, ctx: ColumnContext, entityKinds: ReadonlySet<string>): ColumnBuilder {
  switch (f.type) {
    case "money":
    case "integer":
    case "number":
    case "percent":
      return new FloatColumn(f.name, f.type, ctx.digits);
    case "string":
      return new CodeColumn(f.name, undefined);
    case "enum":
      if (!f.values || f.values.length === 0) throw new Error(`enum field ${f.name} declares no values`);
      return new CodeColumn(f.name, f.values);
    case "boolean":
      return new BooleanColumn(f.name);
    case "date":
      return new DateColumn(f.name);
    default:
      if (!entityKinds.has(f.type)) throw new Error(`field ${f.name} has type ${f.type}, which is neither a value type nor an entity kind`);
      return new EntityColumn(f.name, f.type, ctx.entities);
  }
}

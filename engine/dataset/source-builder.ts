/**
 * Builds one source's columns from its records, whatever form they come in:
 * CSV rows (arrays of cell text, mapped through the header) or JSON objects
 * (one JSON array element or one NDJSON line). The `by` column is named after
 * the source's entity kind and holds entity ids; the `at` field is a declared
 * date field. Both are required in every record; any other empty cell is a
 * missing value. A record with a bad value is reported and left out.
 * @module
 */
import { suggest } from "../../dsl/suggest.js";
import { DateColumn, EntityColumn, makeColumnBuilder, type ColumnBuilder, type ColumnContext } from "./columns.js";
import { jsonPointer, WARNING_LINES, type DataError, type DataWarning, type ErrorList } from "./errors.js";
import { inDateOrder } from "./date-order.js";
import { cutCells } from "./plain-lines.js";
import type { Column, DatasetSourceSpec, SourceData } from "./types.js";

/**
 * Where a JSON record sits: an NDJSON `line`, or an `index` in the JSON form's array under `path`.
 * @example
 * const w: RecordWhere = { index: 17, path: ["records", "deals", 17] };
 */
export interface RecordWhere {
  line?: number;
  index: number;
  path?: readonly (string | number)[];
}

const didYouMean = (word: string, names: Iterable<string>): string => {
  const s = suggest(word, names);
  return s === undefined ? "" : ` (did you mean ${s}?)`;
};

/**
 * Accumulates the records of one source into typed columns.
 * @example
 * const b = new SourceBuilder(spec.sources[0]!, ctx, kinds, errors, "visits.csv");
 * if (b.bindHeader(["rep", "visited_on"], 1)) b.addTextRow(["zhang", "2026-03-02"], 2);
 * const visits = b.finish(); // visits.length === 1
 */
export class SourceBuilder {
  private readonly cols: ColumnBuilder[];
  private readonly required: boolean[];
  private readonly colIndex = new Map<string, number>();
  private readonly by: EntityColumn;
  /** For CSV: the cell position of each column, set by `bindHeader`. */
  private pos: number[] = [];
  /** For quote-free CSV lines: where each cell of the current line starts and ends (one slot per header cell). */
  private starts = new Int32Array(1);
  private ends = new Int32Array(1);
  private origin = new Int32Array(0);
  private capacity = 0;
  /** Empty cells per column, and the first few lines (or record indexes) they are on. */
  private readonly missing: Int32Array;
  private readonly missingAt: number[][];
  private readonly rowMissing: number[] = [];
  /** The file's header for each field, when a mapping renamed columns (errors then speak of the file's columns). */
  columnOf: ((field: string) => string | undefined) | undefined;
  length = 0;

  constructor(
    private readonly spec: DatasetSourceSpec,
    ctx: ColumnContext,
    entityKinds: ReadonlySet<string>,
    private readonly errors: ErrorList,
    private readonly file: string,
  ) {
    this.by = new EntityColumn(spec.by, spec.by, ctx.entities);
    this.cols = [this.by];
    let at: DateColumn | undefined;
    for (const f of spec.fields) {
      if (f.name === spec.by) continue; // the `by` column already stands for it
      if (f.name === spec.at) {
        if (f.type !== "date") throw new Error(`source ${spec.name}: at field ${f.name} is a ${f.type}, not a date`);
        at = new DateColumn(f.name);
        this.cols.push(at);
      } else this.cols.push(makeColumnBuilder(f, ctx, entityKinds));
    }
    if (!at) throw new Error(`source ${spec.name}: at field ${spec.at} is not declared`);
    this.required = this.cols.map((c) => c === this.by || c === at);
    this.cols.forEach((c, i) => this.colIndex.set(c.field, i));
    this.missing = new Int32Array(this.cols.length);
    this.missingAt = this.cols.map(() => []);
  }

  /** Reads rows whose cells are in `columnNames` order (the mapped loader builds them so). */
  bindFieldOrder(): void {
    this.pos = this.cols.map((_, j) => j);
  }

  /** Counts the current row's empty cells, only when the row is kept (a bad row's are not the user's question). */
  private commitMissing(good: boolean, where: number): void {
    if (good) {
      for (const j of this.rowMissing) if (this.missing[j]!++ < WARNING_LINES) this.missingAt[j]!.push(where);
    }
    this.rowMissing.length = 0;
  }

  /** A warning per field with empty cells (only records that were kept count). */
  missingWarnings(): DataWarning[] {
    const out: DataWarning[] = [];
    this.cols.forEach((c, j) => {
      const count = this.missing[j]!;
      if (count === 0) return;
      const column = this.columnOf?.(c.field);
      const w: DataWarning = { kind: "missing", file: this.file, source: this.spec.name, field: c.field, count, lines: this.missingAt[j]!, message: `${count} empty ${count === 1 ? "cell" : "cells"} read as missing values` };
      if (column !== undefined && column !== c.field) w.column = column;
      out.push(w);
    });
    return out;
  }

  /** The column names a file of this source must have, in declaration order. */
  get columnNames(): string[] {
    return this.cols.map((c) => c.field);
  }

  /** Maps a CSV header onto the columns; reports unknown, duplicate and missing columns. */
  bindHeader(header: readonly string[], line: number): boolean {
    let ok = true;
    const pos = new Array<number>(this.cols.length).fill(-1);
    header.forEach((raw, cell) => {
      const name = raw.trim();
      const j = this.colIndex.get(name);
      if (name === "") {
        ok = false;
        this.report({ line }, undefined, `column ${cell + 1} of the header has no name`);
      } else if (j === undefined) {
        ok = false;
        const known = this.columnNames;
        this.report({ line }, name, `unknown column ${JSON.stringify(name)}${didYouMean(name, known)}; the columns of ${this.spec.name} are ${known.join(", ")}`);
      } else if (pos[j] !== -1) {
        ok = false;
        this.report({ line }, name, `column ${JSON.stringify(name)} appears twice`);
      } else pos[j] = cell;
    });
    pos.forEach((p, j) => {
      if (p !== -1) return;
      ok = false;
      this.report({ line }, this.cols[j]!.field, `missing column ${JSON.stringify(this.cols[j]!.field)}`);
    });
    this.pos = pos;
    this.starts = new Int32Array(header.length);
    this.ends = new Int32Array(header.length);
    return ok;
  }

  private ensureRoom(): void {
    if (this.length < this.capacity) return;
    this.capacity = Math.max(1024, this.capacity * 2);
    for (const c of this.cols) c.grow(this.capacity);
    const o = new Int32Array(this.capacity);
    o.set(this.origin);
    this.origin = o;
  }

  /**
   * Adds one CSV row (cells in header order; the caller has checked their count).
   * This is the hot loop of loading: no allocation unless a value is bad.
   */
  addTextRow(cells: readonly string[], line: number): void {
    this.ensureRoom();
    const r = this.length;
    const { cols, pos, required } = this;
    let good = true;
    for (let j = 0; j < cols.length; j++) {
      const col = cols[j]!;
      const text = cells[pos[j]!];
      if (text === undefined || text === "") {
        if (required[j]) good = this.missingRequired({ line }, col.field);
        else {
          col.setMissing(r);
          this.rowMissing.push(j);
        }
      } else {
        // The span reader of the whole text: the same value or error as setText, without its regular expressions and Map lookups.
        const err = col.setSlice(r, text, 0, text.length);
        if (err !== undefined) good = this.report({ line }, col.field, err);
      }
    }
    this.origin[r] = line;
    if (good) this.length = r + 1;
    if (this.rowMissing.length > 0) this.commitMissing(good, line);
  }

  /**
   * Adds the quote-free CSV line `text[from, end)`, its cells cut at
   * `delimiter` and converted from their spans (no string per cell where a
   * column can read a span). Returns false, having added nothing, when the
   * line's cell count is not the header's: the caller reports that.
   */
  addPlainRow(text: string, from: number, end: number, delimiter: string, line: number): boolean {
    if (!cutCells(text, from, end, delimiter, this.starts, this.ends)) return false;
    this.addSpans(text, this.starts, this.ends, this.pos, line);
    return true;
  }


  /**
   * Adds one record from spans of `text`: column j's cell is `text[starts[c], ends[c])` for c = `cellOf[j]`
   * (an empty span is a missing value). The mapped loader gives its trimmed spans so, in field order.
   */
  addSpans(text: string, starts: Int32Array, ends: Int32Array, cellOf: readonly number[], line: number): void {
    this.ensureRoom();
    const r = this.length;
    const { cols, required } = this;
    let good = true;
    for (let j = 0; j < cols.length; j++) {
      const col = cols[j]!;
      const c = cellOf[j]!;
      const s = starts[c]!;
      const e = ends[c]!;
      if (s === e) {
        if (required[j]) good = this.missingRequired({ line }, col.field);
        else {
          col.setMissing(r);
          this.rowMissing.push(j);
        }
      } else {
        const err = col.setSlice(r, text, s, e);
        if (err !== undefined) good = this.report({ line }, col.field, err);
      }
    }
    this.origin[r] = line;
    if (good) this.length = r + 1;
    if (this.rowMissing.length > 0) this.commitMissing(good, line);
  }

  /** Adds one record given as a JSON object (a JSON array element or an NDJSON line). */
  addJsonRecord(rec: unknown, where: RecordWhere): void {
    if (typeof rec !== "object" || rec === null || Array.isArray(rec)) {
      this.report(where, undefined, `expected a JSON object with the fields of ${this.spec.name}`);
      return;
    }
    this.ensureRoom();
    const r = this.length;
    const seen = new Array<boolean>(this.cols.length).fill(false);
    let good = true;
    for (const key of Object.keys(rec)) {
      const j = this.colIndex.get(key);
      if (j === undefined) {
        const known = this.columnNames;
        good = this.report(where, key, `unknown field ${JSON.stringify(key)}${didYouMean(key, known)}; the fields of ${this.spec.name} are ${known.join(", ")}`);
        continue;
      }
      seen[j] = true;
      const col = this.cols[j]!;
      const v = (rec as Record<string, unknown>)[key];
      let err: string | undefined;
      if (v === null || v === "") {
        if (this.required[j]) good = this.missingRequired(where, key);
        else {
          col.setMissing(r);
          this.rowMissing.push(j);
        }
      } else if (typeof v === "string") err = col.setText(r, v);
      else if (typeof v === "number" || typeof v === "boolean") err = col.setJson(r, v);
      else err = `expected a single value, not ${Array.isArray(v) ? "an array" : "an object"}`;
      if (err !== undefined) good = this.report(where, key, err);
    }
    seen.forEach((s, j) => {
      if (s) return;
      if (this.required[j]) good = this.missingRequired(where, this.cols[j]!.field);
      else {
        this.cols[j]!.setMissing(r);
        this.rowMissing.push(j);
      }
    });
    this.origin[r] = where.line ?? where.index;
    if (good) this.length = r + 1;
    if (this.rowMissing.length > 0) this.commitMissing(good, where.line ?? where.index);
  }

  private missingRequired(where: Partial<RecordWhere>, field: string): false {
    const what = field === this.spec.by ? `the id of the ${this.spec.by} it is credited to` : `its ${field} date`;
    return this.report(where, field, `missing; every ${this.spec.name} record needs ${what}`);
  }

  private report(where: Partial<RecordWhere>, field: string | undefined, message: string): false {
    const e: DataError = { file: this.file, message };
    if (where.line !== undefined) e.line = where.line;
    else if (where.index !== undefined) e.record = where.index;
    if (field !== undefined) {
      e.field = field;
      const column = this.columnOf?.(field);
      if (column !== undefined && column !== field) e.column = column;
    }
    if (where.path !== undefined && where.line === undefined) e.path = jsonPointer(field === undefined ? where.path : [...where.path, field]);
    this.errors.add(e);
    return false;
  }

  /**
   * The finished columns, records in date order (`date-order.ts`); `by` and
   * the `at` field's column share their arrays with `SourceData.by` and `.at`.
   */
  finish(): SourceData {
    const n = this.length;
    const fields = new Map<string, Column>();
    for (const c of this.cols) fields.set(c.field, c.finish(n));
    const at = fields.get(this.spec.at);
    const by = fields.get(this.spec.by);
    return inDateOrder({
      name: this.spec.name,
      byKind: this.spec.by,
      atField: this.spec.at,
      length: n,
      by: by?.type === "entity" ? by.values : this.by.raw(n),
      at: at?.type === "date" ? at.values : new Int32Array(0),
      origin: this.origin.subarray(0, n),
      file: this.file,
      fields,
    });
  }
}

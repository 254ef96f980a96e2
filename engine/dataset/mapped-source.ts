/**
 * A source read through its mapping: the file's header is bound to the
 * template's fields (`columns`, else a header of the field's own name; other
 * columns ignored or, with `extra: "error"`, errors), and each row's cells
 * are turned into the loader's canonical text before the `SourceBuilder`
 * reads them: trimmed, empty cells by the `missing` policy, owners found by
 * name (`match`), enum values through `values`, dates through `formats`,
 * numbers with currency symbols, parentheses, %, 万/亿 and separators
 * (`number-text.ts`), foreign amounts converted with the rates or refused.
 * Every error names the file's line and column header. Columns that need no
 * work beyond trimming (ISO dates, plain numbers, ids) cost one test per
 * cell and no allocation, so a mapping that only renames columns stays near
 * the unmapped loader's speed.
 * @module
 */
import { suggest } from "../../dsl/suggest.js";
import type { MissingPolicy, NumberFormat, SourceMapping } from "../../schemas/generated/mapping.js";
import { parseMoney } from "../money-parse.js";
import { compileDateFormat, type DateParser } from "./date-format.js";
import { quote, WARNING_LINES, type DataError, type DataWarning, type ErrorList } from "./errors.js";
import { NameIndex } from "./name-index.js";
import { currencyOfSymbol, DEFAULT_NUMBER_STYLE, normalizeNumber, roundDecimalText, type NumberStyle } from "./number-text.js";
import type { RateTable } from "./rates.js";
import type { SourceBuilder } from "./source-builder.js";
import { NO_DATE, type DatasetSourceSpec, type EntityTree } from "./types.js";
import { cutCells } from "./plain-lines.js";
import { plainDecimalAt, spaceLike } from "./span-checks.js";
import { isoOfDays, parseIsoDate, parseIsoDateAt } from "./values.js";

/**
 * What a mapped source needs beyond its own mapping.
 * @example
 * const ctx: MappedContext = { home: "CNY", digits: 2, timezone: "UTC", entities, kinds: new Set(["rep", "team"]) };
 */
export interface MappedContext {
  home: string;
  digits: number;
  timezone: string;
  entities: EntityTree;
  kinds: ReadonlySet<string>;
  rates?: RateTable;
  ratesFile?: string;
}

/** A cell's canonical text, or why it cannot be read. SKIP drops the record under a `skip` policy. */
type Out = string | { error: string };
type Transform = (text: string, binary: boolean) => Out;

const SKIP = "\u0000skip";
const PLAIN_NUMBER = /^-?\d+(?:\.\d+)?$/;
const TRUE = new Set(["true", "1", "yes", "y", "t", "是", "√", "✓", "x"]);
const FALSE = new Set(["false", "0", "no", "n", "f", "否", ""]);

const trim = (s: string): string => {
  const n = s.length;
  if (n === 0) return s;
  const a = s.charCodeAt(0);
  const b = s.charCodeAt(n - 1);
  return a > 32 && b > 32 && a !== 0xa0 && b !== 0xa0 && a !== 0x3000 && b !== 0x3000 ? s : s.trim();
};

interface Slot {
  field: string;
  type: string;
  column: string;
  /** Cell position in the file's rows; -1 when the column is absent (allowed with a `missing` policy). */
  pos: number;
  missing: MissingPolicy;
  transform: Transform | undefined;
  money: boolean;
  /**
   * How the quote-free span path may take this cell as it is (`plainRow`): `as-is` (ids, text), `iso` (an ISO date),
   * `plain` (a plain decimal), `exact` (an enum cell spelled as a declared value that maps to itself); `no`: the general path.
   */
  span: "as-is" | "iso" | "plain" | "exact" | "no";
  /** For `exact`: the declared values that map to themselves. */
  exact?: readonly string[];
}

/**
 * Binds a file's header to a source's fields and converts its rows.
 * @example
 * const m = new MappedSource(spec, mapping.sources.deals, ctx, builder, errors, "Opportunities.csv");
 * if (m.bindHeader(header, 1)) m.row(cells, 2);
 */
export class MappedSource {
  private slots: Slot[] = [];
  private readonly out: string[];
  private atSlot = -1;
  private currencyPos = -1;
  private readonly skipped: { count: number; lines: number[] } = { count: 0, lines: [] };
  private readonly styles: Map<string, NumberFormat>;
  /** For `plainRow`: each cell's span (one slot per header cell), and each field's span (in field order, as the builder reads them). */
  private cellStarts = new Int32Array(0);
  private cellEnds = new Int32Array(0);
  private readonly starts: Int32Array;
  private readonly ends: Int32Array;
  private readonly fieldOrder: number[];

  constructor(
    private readonly spec: DatasetSourceSpec,
    private readonly m: SourceMapping,
    private readonly ctx: MappedContext,
    private readonly builder: SourceBuilder,
    private readonly errors: ErrorList,
    private readonly file: string,
  ) {
    this.out = new Array<string>(builder.columnNames.length).fill("");
    this.starts = new Int32Array(this.out.length);
    this.ends = new Int32Array(this.out.length);
    this.fieldOrder = this.out.map((_, j) => j);
    this.styles = new Map(Object.entries(m.formats ?? {}).filter((e): e is [string, NumberFormat] => typeof e[1] === "object"));
  }

  private report(line: number, field: string | undefined, column: string | undefined, message: string): false {
    const e: DataError = { file: this.file, line, message };
    if (field !== undefined) e.field = field;
    if (column !== undefined) e.column = column;
    this.errors.add(e);
    return false;
  }

  /** Binds the header; false (errors reported) when a field's column is missing or a column is ambiguous. */
  bindHeader(header: readonly string[], line: number): boolean {
    const names = header.map((h) => trim(h));
    const at = new Map<string, number>();
    const twice = new Set<string>();
    names.forEach((n, i) => (at.has(n) ? twice.add(n) : at.set(n, i)));
    const types = new Map(this.spec.fields.map((f) => [f.name, f]));
    let ok = true;
    const used = new Set<number>();
    this.slots = this.builder.columnNames.map((field) => {
      const column = this.m.columns?.[field] ?? field;
      const f = types.get(field) ?? { name: field, type: this.spec.by };
      const policy = this.m.missing?.[field] ?? (field === this.spec.by || field === this.spec.at ? "error" : "null");
      let pos = at.get(column) ?? -1;
      if (pos === -1 && this.m.columns?.[field] === undefined) {
        // An unmapped field also finds a header that differs only in case.
        pos = names.findIndex((n) => n.toLowerCase() === field.toLowerCase());
      }
      if (twice.has(column)) {
        ok = this.report(line, field, column, `column ${JSON.stringify(column)} appears twice in the header; map ${field} to one of them by a unique header`);
      } else if (pos === -1 && !(this.m.missing?.[field] === "null" || this.m.missing?.[field] === "zero")) {
        const near = suggest(column, names);
        ok = this.report(line, field, undefined, `no column ${JSON.stringify(column)} for field ${field}${near ? ` (did you mean ${JSON.stringify(near)}?)` : ""}; map it in "columns" (the header has ${names.map((n) => JSON.stringify(n)).join(", ")})`);
      }
      if (pos !== -1) used.add(pos);
      const transform = this.transformFor(field, f.type, f.values);
      return { field, type: f.type, column, pos, missing: policy, transform, money: f.type === "money", ...this.spanOf(field, f.type, f.values, transform) };
    });
    this.cellStarts = new Int32Array(header.length);
    this.cellEnds = new Int32Array(header.length);
    this.atSlot = this.slots.findIndex((s) => s.field === this.spec.at);
    if (this.m.currency) {
      this.currencyPos = at.get(this.m.currency.column) ?? -1;
      if (this.currencyPos === -1) ok = this.report(line, undefined, this.m.currency.column, `no column ${JSON.stringify(this.m.currency.column)} for the records' currency`);
      else used.add(this.currencyPos);
    }
    if (this.m.extra === "error") {
      names.forEach((n, i) => {
        if (!used.has(i)) ok = this.report(line, undefined, n, `column ${JSON.stringify(n)} is not mapped to any field of ${this.spec.name} (the mapping says "extra": "error")`);
      });
    }
    const columnOf = new Map(this.slots.map((s) => [s.field, s.column]));
    this.builder.columnOf = (field) => columnOf.get(field);
    this.builder.bindFieldOrder();
    return ok;
  }

  /** What the span path may take of a field's cells as they are: exactly what `row` would pass on unchanged. */
  private spanOf(field: string, type: string, values: readonly string[] | undefined, transform: Transform | undefined): Pick<Slot, "span" | "exact"> {
    if (!transform) return { span: "as-is" };
    switch (type) {
      case "date":
        return { span: "iso" };
      case "money":
      case "number":
      case "integer":
      case "percent": {
        const fmt = this.styles.get(field);
        return { span: !fmt || (fmt.decimal ?? ".") === "." ? "plain" : "no" };
      }
      case "enum": {
        const exact = (values ?? []).filter((v) => transform(v, false) === v);
        return { span: "exact", exact };
      }
      default:
        return { span: "no" };
    }
  }

  private transformFor(field: string, type: string, values: readonly string[] | undefined): Transform | undefined {
    if (this.ctx.kinds.has(type)) {
      if (this.m.match?.[field] !== "name") return undefined;
      const index = new NameIndex(this.ctx.entities, type);
      return (text) => index.find(text);
    }
    switch (type) {
      case "enum":
        return this.enumTransform(field, values ?? []);
      case "date":
        return this.dateTransform(field);
      case "money":
      case "number":
      case "integer":
      case "percent":
        return this.numberTransform(field, type, this.styles.get(field));
      case "boolean":
        return (text) => {
          const t = text.toLowerCase();
          return TRUE.has(t) ? "true" : FALSE.has(t) ? "false" : { error: `${quote(text)} is not a yes/no value (true, false, yes, no, 1, 0, 是, 否)` };
        };
      default:
        return undefined;
    }
  }

  private enumTransform(field: string, declared: readonly string[]): Transform {
    const map = new Map<string, string>();
    for (const v of declared) map.set(v.toLowerCase(), v);
    let fallback: string | undefined;
    for (const [from, to] of Object.entries(this.m.values?.[field] ?? {})) {
      if (from === "*") fallback = to;
      else map.set(trim(from).toLowerCase(), to);
    }
    const keys = [...Object.keys(this.m.values?.[field] ?? {}).filter((k) => k !== "*"), ...declared];
    // A cell spelled exactly as a declared value (the common case) is answered without lower-casing it first: the same answer.
    const exact = new Map<string, string>();
    for (const v of declared) exact.set(v, map.get(v.toLowerCase())!);
    return (text) => {
      const e = exact.get(text);
      if (e !== undefined) return e;
      const v = map.get(text.toLowerCase());
      if (v !== undefined) return v;
      if (fallback !== undefined) return fallback;
      const near = suggest(text, keys);
      return { error: `${quote(text)} is not mapped to a value of ${field}${near ? ` (did you mean ${JSON.stringify(near)}?)` : ""}; add it to "values" (the values are ${declared.map((d) => JSON.stringify(d)).join(", ")}, or "*" for the rest)` };
    };
  }

  private dateTransform(field: string): Transform {
    const fmt = this.m.formats?.[field];
    const format = typeof fmt === "string" ? fmt : "YYYY/M/D";
    const parse: DateParser = compileDateFormat(format, this.m.timezone ?? this.ctx.timezone);
    const shown = typeof fmt === "string" ? fmt : "YYYY-MM-DD";
    return (text) => {
      if (text.length === 10 && parseIsoDate(text) !== NO_DATE) return text;
      const d = parse(text);
      return d === NO_DATE ? { error: `${quote(text)} is not a date of the form ${shown}${typeof fmt === "string" ? "" : '; give its form in "formats" (M/D/YYYY, YYYY年M月D日, iso, …)'}` } : isoOfDays(d);
    };
  }

  private numberTransform(field: string, type: string, fmt: NumberFormat | undefined): Transform {
    const style: NumberStyle = fmt ? { decimal: fmt.decimal ?? ".", group: fmt.group ?? (fmt.decimal === "," ? "." : ",") } : DEFAULT_NUMBER_STYLE;
    const plainOk = style.decimal === ".";
    const scale = type === "money" ? this.ctx.digits : type === "integer" ? 0 : -1;
    return (text, binary) => {
      if (plainOk && !binary && PLAIN_NUMBER.test(text)) return text;
      const n = normalizeNumber(text, style, this.ctx.home);
      if (!n.ok) return { error: n.reason };
      if (n.percent && type !== "percent" && type !== "number") return { error: `${quote(text)} is a percent; ${field} is ${type === "money" ? "an amount" : "a whole number"}` };
      let t = n.text;
      // A spreadsheet number cell is a binary double: its shortest text is rounded to the field's scale once.
      if (binary && scale >= 0) t = roundDecimalText(t, scale);
      if (n.currency !== undefined && n.currency !== this.ctx.home) return { error: `\u0000currency:${n.currency}:${t}` };
      return t;
    };
  }

  /**
   * A quote-free CSV line read from its spans, for the cells `row` would pass on unchanged (trimmed ids and
   * text, ISO dates, plain decimals, declared enum values, empty cells read as missing): no string per cell.
   * Returns false, having done nothing, for any line it cannot take so — another cell count, a cell with
   * space around it or another form, an empty cell under another policy, a currency column — which the
   * caller then reads through `row`, with the same result.
   */
  plainRow(text: string, from: number, end: number, delimiter: string, line: number): boolean {
    const { slots, cellStarts, cellEnds, starts, ends } = this;
    if (this.currencyPos !== -1 || !cutCells(text, from, end, delimiter, cellStarts, cellEnds)) return false;
    for (let j = 0; j < slots.length; j++) {
      const sl = slots[j]!;
      const a = sl.pos === -1 ? 0 : cellStarts[sl.pos]!;
      const b = sl.pos === -1 ? 0 : cellEnds[sl.pos]!;
      if (a === b) {
        if (sl.missing !== "null") return false;
        starts[j] = ends[j] = a;
        continue;
      }
      // Space around a cell is trimmed by `row` (with the Unicode spaces it knows): left to it.
      if (spaceLike(text.charCodeAt(a)) || spaceLike(text.charCodeAt(b - 1))) return false;
      switch (sl.span) {
        case "as-is":
          break;
        case "iso":
          if (parseIsoDateAt(text, a, b) === NO_DATE) return false;
          break;
        case "plain":
          if (!plainDecimalAt(text, a, b)) return false;
          break;
        case "exact": {
          const len = b - a;
          if (!sl.exact!.some((v) => v.length === len && text.startsWith(v, a))) return false;
          break;
        }
        default:
          return false;
      }
      starts[j] = a;
      ends[j] = b;
    }
    this.builder.addSpans(text, starts, ends, this.fieldOrder, line);
    return true;
  }

  /** Converts one row and hands it to the builder; `binary` marks spreadsheet number cells. */
  row(cells: readonly string[], line: number, binary?: Uint8Array): void {
    const { slots, out } = this;
    let good = true;
    let foreign: number[] | undefined;
    for (let j = 0; j < slots.length; j++) {
      const s = slots[j]!;
      const raw = s.pos === -1 ? "" : trim(cells[s.pos] ?? "");
      if (raw === "") {
        switch (s.missing) {
          case "null":
            out[j] = "";
            continue;
          case "zero":
            out[j] = s.type === "money" || s.type === "number" || s.type === "integer" || s.type === "percent" ? "0" : "";
            continue;
          case "skip":
            out[j] = SKIP;
            continue;
          default:
            good = this.report(line, s.field, s.column, s.field === this.spec.by ? `missing; every ${this.spec.name} record needs the ${this.spec.by} it is credited to` : `missing; the mapping says an empty ${s.field} is an error`);
            continue;
        }
      }
      const r = s.transform ? s.transform(raw, binary !== undefined && binary[s.pos] === 1) : raw;
      if (typeof r === "string") out[j] = r;
      else if (s.money && r.error.startsWith("\u0000currency:")) {
        (foreign ??= []).push(j);
        out[j] = r.error;
      } else good = this.report(line, s.field, s.column, r.error);
    }
    if (!good) return;
    if (this.currencyPos !== -1 || foreign) good = this.convert(cells, line, foreign);
    if (!good) return;
    for (let j = 0; j < slots.length; j++) {
      if (out[j] !== SKIP) continue;
      if (this.skipped.count++ < WARNING_LINES) this.skipped.lines.push(line);
      return;
    }
    this.builder.addTextRow(out, line);
  }

  /** Amounts in another currency: converted with the rates, or a located error. */
  private convert(cells: readonly string[], line: number, foreign: number[] | undefined): boolean {
    const { out, slots } = this;
    const cur = this.currencyPos === -1 ? "" : trim(cells[this.currencyPos] ?? "");
    const recordCode = cur === "" ? undefined : currencyOfSymbol(cur, this.ctx.home);
    if (cur !== "" && !recordCode) return this.report(line, undefined, this.m.currency?.column, `${quote(cur)} is not a currency (write an ISO code such as USD)`);
    const day = this.atSlot === -1 ? NO_DATE : parseIsoDate(out[this.atSlot]!);
    let good = true;
    for (let j = 0; j < slots.length; j++) {
      if (!slots[j]!.money || out[j] === "" || out[j] === SKIP) continue;
      let amount = out[j]!;
      let code = recordCode ?? this.ctx.home;
      if (foreign?.includes(j)) {
        const [, sym, text] = amount.split(":");
        if (recordCode !== undefined && recordCode !== sym) {
          good = this.report(line, slots[j]!.field, slots[j]!.column, `the amount is written in ${sym} but the record's currency is ${recordCode}`);
          continue;
        }
        code = sym!;
        amount = text!;
      }
      if (code === this.ctx.home) {
        out[j] = amount;
        continue;
      }
      if (!this.ctx.rates) {
        good = this.report(line, slots[j]!.field, slots[j]!.column, `the amount is in ${code}, not the template's ${this.ctx.home}; it is never summed as is: give the mapping a "rates" file (currency,period,rate)${this.m.currency ? "" : ' and a "currency" column'}`);
        continue;
      }
      if (day === NO_DATE) continue; // the date's own error is reported by the builder
      if (!PLAIN_NUMBER.test(amount)) {
        const m = parseMoney(amount, this.ctx.digits);
        good = this.report(line, slots[j]!.field, slots[j]!.column, m.ok ? `${quote(amount)} is not an amount` : m.reason);
        continue;
      }
      const c = this.ctx.rates.convert(amount, code, day, this.ctx.digits);
      if (c.ok) out[j] = c.text;
      else good = this.report(line, slots[j]!.field, slots[j]!.column, `the amount is in ${code}: ${c.reason}`);
    }
    return good;
  }

  /** The records left out by a `skip` policy, as a warning. */
  warnings(): DataWarning[] {
    if (this.skipped.count === 0) return [];
    const fields = this.slots.filter((s) => s.missing === "skip").map((s) => s.field);
    const n = this.skipped.count;
    return [{ kind: "skipped", file: this.file, field: fields.join(", "), count: n, lines: this.skipped.lines, message: `${n} ${n === 1 ? "record" : "records"} left out for an empty ${fields.join(" or ")} (the mapping says "skip")` }];
  }
}

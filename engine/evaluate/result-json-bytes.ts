/**
 * The result's indented JSON text (what `kpi eval --format json` prints:
 * `JSON.stringify(resultObjects(cols), null, 2)`, byte for byte, as
 * `result-json.ts` writes it) made straight into ~1 MB buffers of UTF-8:
 * separators, keys, integers and money digits are written as bytes, with no
 * string per cell and no conversion of a finished string. W1's 98 MB as
 * strings spent most of its time allocating and collecting them and then
 * encoding them again for the file. Other numbers go through `String` (the
 * shortest round-trip form JSON uses) and user text through `JSON.stringify`,
 * so escapes are exactly the object path's. test/cli/output.test.ts holds
 * it to the golden results.
 * @module
 */
import type { RV } from "./ops.js";
import type { PeriodColumns, ResultColumns, ResultLayout } from "./result-columns.js";
import { CellReader } from "./result-objects.js";

const CAP = 1 << 20;
const FAST_MONEY = 2 ** 50;
const q = JSON.stringify;

/** Buffers filled in turn; full ones wait in `ready` until the generator hands them on. */
class ByteSink {
  buf = Buffer.allocUnsafe(CAP);
  pos = 0;
  readonly ready: Buffer[] = [];

  /** Makes room for `n` more bytes, handing on the full buffer first. */
  room(n: number): void {
    if (this.pos + n <= this.buf.length) return;
    this.flush();
    if (n > this.buf.length) this.buf = Buffer.allocUnsafe(n);
  }

  flush(): void {
    if (this.pos === 0) return;
    this.ready.push(this.buf.subarray(0, this.pos));
    this.buf = Buffer.allocUnsafe(CAP);
    this.pos = 0;
  }

  /** Bytes made once (separators, quoted keys): copied, not encoded again. */
  put(bytes: Uint8Array): void {
    this.room(bytes.length);
    this.buf.set(bytes, this.pos);
    this.pos += bytes.length;
  }

  /** A number or, in money columns, an amount (NaN is null). */
  value(x: number, money: MoneyText | undefined): void {
    if (x !== x) this.put(NULL);
    else if (money) moneyText(this, x, money);
    else this.num(x);
  }

  /** ASCII text (separators, digits, keys already quoted). */
  ascii(s: string): void {
    this.room(s.length);
    const b = this.buf;
    let p = this.pos;
    for (let i = 0; i < s.length; i++) b[p++] = s.charCodeAt(i);
    this.pos = p;
  }

  /** Any text, as UTF-8. */
  text(s: string): void {
    this.room(s.length * 3);
    this.pos += this.buf.write(s, this.pos, "utf8");
  }

  /** A string value, quoted and escaped as `JSON.stringify` does. */
  str(s: string): void {
    for (let i = 0; i < s.length; i++) {
      const c = s.charCodeAt(i);
      if (c < 0x20 || c > 0x7e || c === 0x22 || c === 0x5c) return this.text(q(s));
    }
    this.room(s.length + 2);
    const b = this.buf;
    let p = this.pos;
    b[p++] = 0x22;
    for (let i = 0; i < s.length; i++) b[p++] = s.charCodeAt(i);
    b[p++] = 0x22;
    this.pos = p;
  }

  /** A non-negative safe integer's digits. */
  digits(n: number): void {
    this.room(16);
    const b = this.buf;
    if (n < 10) {
      b[this.pos++] = 48 + n;
      return;
    }
    let len = 0;
    for (let t = n; t >= 1; t = Math.floor(t / 10)) len++;
    let p = this.pos + len;
    this.pos = p;
    for (let t = n; t >= 1; t = Math.floor(t / 10)) b[--p] = 48 + (t % 10);
  }

  /** A JSON number (NaN and infinities are null), as `JSON.stringify` writes it. */
  num(x: number): void {
    if (x !== x || x === Infinity || x === -Infinity) return this.put(NULL);
    if (Number.isInteger(x) && x >= 0 && x < FAST_MONEY) return this.digits(x);
    this.ascii(String(x));
  }
}

/** The currency's digits, 10^digits, and the reader's formatter for what the fast path leaves. */
interface MoneyText {
  digits: number;
  unit: number;
  format: (minor: number) => string;
}

/** Money in minor units as the quoted decimal string of the result (`"1234.50"`). */
function moneyText(out: ByteSink, minor: number, m: MoneyText): void {
  const { digits, unit } = m;
  if (digits >= 1 && digits <= 3 && minor >= 0 && minor < FAST_MONEY && Number.isInteger(minor)) {
    const whole = Math.floor(minor / unit);
    let r = minor - whole * unit;
    if (r >= 0 && r < unit) {
      out.room(24);
      out.buf[out.pos++] = 0x22;
      out.digits(whole);
      const b = out.buf;
      b[out.pos++] = 0x2e;
      for (let d = digits - 1; d >= 0; d--) {
        b[out.pos + d] = 48 + (r % 10);
        r = Math.floor(r / 10);
      }
      out.pos += digits;
      b[out.pos++] = 0x22;
      return;
    }
  }
  out.str(m.format(minor));
}

const line = (depth: number): string => `\n${" ".repeat(depth)}`;
const I2 = line(2), I4 = line(4), I6 = line(6), I8 = line(8), I10 = line(10), I12 = line(12), I14 = line(14);
const b = (s: string): Uint8Array => new Uint8Array(Buffer.from(s, "utf8"));
const NULL = b("null");
/** The separators of an entity's object, encoded once. */
const E = {
  empty: b("{}"), first: b(`{${I12}`), next: b(`,${I12}`), value: b(`{${I14}"value": `), close12: b(`${I12}}`), close10: b(`${I10}}`),
  target: b(`,${I14}"target": `), challenge: b(`,${I14}"challenge": `), attainment: b(`,${I14}"attainment": `), pace: b(`,${I14}"pace": `),
  scores: b(`,${I10}"scores": {${I12}`), incentives: b(`,${I10}"incentives": {${I12}`), payout: b(`${I10}},${I10}"payout": `),
  noAlerts: b(`,${I10}"alerts": []`), alerts: b(`,${I10}"alerts": [${I12}`), alert: b(`{${I14}"alert": `), severity: b(`,${I14}"severity": `),
  message: b(`,${I14}"message": `), closeAlerts: b(I10 + "]"), close8: b(I8 + "}"), nextEntity: b(`,${I8}`), firstEntity: b(`[${I8}`),
};
type Keys = { metrics: Uint8Array[]; scores: Uint8Array[]; incentives: Uint8Array[]; heads: (Uint8Array | undefined)[] };

/**
 * The indented JSON text of a result (and its explanations), as UTF-8
 * buffers of about 1 MB, in order; the same bytes as `resultJson(cols,
 * explanations)`.
 * @example
 * for (const b of resultJsonBuffers(outcome.columns)) writeSync(fd, b);
 */
export function* resultJsonBuffers(cols: ResultColumns, explanations?: Record<string, unknown>): Generator<Buffer, void, undefined> {
  const { layout } = cols;
  const reader = new CellReader(layout);
  const out = new ByteSink();
  out.ascii(`{${I2}"template": `);
  out.str(layout.template);
  out.ascii(`,${I2}"currency": `);
  out.str(layout.currency);
  out.ascii(`,${I2}"periods": `);
  if (cols.periods.length === 0) out.ascii("[]");
  else {
    const keys: Keys = {
      metrics: layout.metrics.map((m) => b(`${q(m.name)}: `)),
      scores: layout.scorecards.map((s) => b(`${q(s)}: `)),
      incentives: layout.incentives.map((i) => b(`${q(i.name)}: `)),
      heads: [],
    };
    const money: MoneyText = { digits: layout.digits, unit: 10 ** layout.digits, format: reader.money };
    for (let i = 0; i < cols.periods.length; i++) {
      const p = cols.periods[i]!;
      out.ascii(`${i === 0 ? "[" : ","}${I4}{${I6}"period": `);
      out.str(p.period.text);
      out.ascii(`,${I6}"asOf": `);
      out.str(p.asOf);
      out.ascii(`,${I6}"entities": `);
      if (layout.order.length === 0) out.ascii("[]");
      for (let k = 0; k < layout.order.length; k++) {
        out.put(k === 0 ? E.firstEntity : E.nextEntity);
        entityBytes(out, p, layout.order[k]!, layout, reader, keys, money);
        if (out.ready.length) yield* out.ready.splice(0);
      }
      if (layout.order.length) out.ascii(I6 + "]");
      out.ascii(I4 + "}");
    }
    out.ascii(`${I2}]`);
  }
  if (explanations !== undefined) {
    out.ascii(`,${I2}"explanations": `);
    out.text(JSON.stringify(explanations, null, 2).replace(/\n/g, "\n  "));
  }
  out.ascii("\n}");
  out.flush();
  yield* out.ready.splice(0);
}

/** An entity's opening (id, kind, name, parent, up to `"metrics": `), the same in every period: encoded once, on first use. */
function entityHead(layout: ResultLayout, e: number, heads: (Uint8Array | undefined)[]): Uint8Array {
  let h = heads[e];
  if (h) return h;
  const ent = layout.entities[e]!;
  const parent = ent.parent < 0 ? "null" : q(layout.entities[ent.parent]!.id);
  h = heads[e] = b(`{${I10}"id": ${q(ent.id)},${I10}"kind": ${q(ent.kind)},${I10}"name": ${q(ent.name)},${I10}"parent": ${parent},${I10}"metrics": `);
  return h;
}

function entityBytes(out: ByteSink, p: PeriodColumns, e: number, layout: ResultLayout, reader: CellReader, keys: Keys, money: MoneyText): void {
  out.put(entityHead(layout, e, keys.heads));
  const forms = layout.metrics;
  if (forms.length === 0) out.put(E.empty);
  for (let j = 0; j < forms.length; j++) {
    out.put(j === 0 ? E.first : E.next);
    out.put(keys.metrics[j]!);
    const { form } = forms[j]!;
    const mc = p.metrics[j]!;
    out.put(E.value);
    if (form !== "money" && form !== "number") {
      const v = reader.other((mc.values as readonly RV[])[e]!, form) as string | number | boolean | null;
      if (v === null) out.put(NULL);
      else if (typeof v === "string") out.str(v);
      else if (typeof v === "number") out.num(v);
      else out.ascii(String(v));
      out.put(E.close12);
      continue;
    }
    const m = form === "money" ? money : undefined;
    out.value((mc.values as Float64Array)[e]!, m);
    const t = mc.targets;
    if (t) {
      out.put(E.target);
      out.value(t.base[e]!, m);
      out.put(E.challenge);
      out.value(t.challenge[e]!, m);
      out.put(E.attainment);
      out.value(t.attainment[e]!, undefined);
      out.put(E.pace);
      out.value(t.pace[e]!, undefined);
    }
    out.put(E.close12);
  }
  if (forms.length) out.put(E.close10);
  if (layout.scorecards.length) {
    for (let j = 0; j < layout.scorecards.length; j++) {
      out.put(j === 0 ? E.scores : E.next);
      out.put(keys.scores[j]!);
      out.value(p.scores[j]![e]!, undefined);
    }
    out.put(E.close10);
  }
  const incs = layout.incentivesOf[e]!;
  if (incs.length) {
    for (let j = 0; j < incs.length; j++) {
      out.put(j === 0 ? E.incentives : E.next);
      out.put(keys.incentives[incs[j]!]!);
      moneyText(out, p.incentives[incs[j]!]![e]!, money);
    }
    out.put(E.payout);
    moneyText(out, p.payout[e]!, money);
  }
  const alerts = p.alerts[e];
  if (!alerts || alerts.length === 0) out.put(E.noAlerts);
  else {
    for (let j = 0; j < alerts.length; j++) {
      const a = alerts[j]!;
      out.put(j === 0 ? E.alerts : E.next);
      out.put(E.alert);
      out.str(a.alert);
      out.put(E.severity);
      out.str(a.severity);
      if (a.message !== undefined) {
        out.put(E.message);
        out.str(a.message);
      }
      out.put(E.close12);
    }
    out.put(E.closeAlerts);
  }
  out.put(E.close8);
}

/**
 * A first look at one export file for `kpi map infer` and the preview: its
 * encoding (detected), delimiter, the title lines before the header, the
 * header and the first rows (at most 256 KiB of a text file is read; a
 * workbook sheet is streamed and cut after the rows wanted).
 * @module
 */
import { parse } from "csv-parse/sync";
import type { DataFiles } from "../data-files.js";
import { decoderLabel, detectEncoding } from "../decode.js";
import { ErrorList } from "../errors.js";
import { sniffDelimiter } from "../read-files.js";
import { readXlsx } from "../read-xlsx.js";

const SAMPLE = 256 * 1024;

/**
 * What a file looks like.
 * @example
 * const s: Sniffed = { file: "deals.csv", encoding: "utf-8", delimiter: ",", skipRows: 0, header: ["Owner", "Amount"], rows: [["Ann", "5"]], xlsx: false };
 */
export interface Sniffed {
  file: string;
  encoding: string;
  delimiter: string;
  skipRows: number;
  header: string[];
  rows: string[][];
  xlsx: boolean;
  sheet?: string;
}

/** The index of the header row: the first row as wide as most of the rows after it. */
function headerIndex(rows: string[][]): number {
  const widths = new Map<number, number>();
  for (const r of rows) if (r.length > 1) widths.set(r.length, (widths.get(r.length) ?? 0) + 1);
  let width = 0;
  let best = 0;
  for (const [w, n] of widths) if (n > best || (n === best && w > width)) [width, best] = [w, n];
  const i = rows.findIndex((r) => r.length === width && r.every((c) => c.trim() !== ""));
  return i === -1 ? 0 : i;
}

/**
 * Reads the start of a file.
 * @example
 * const s = await sniffFile(folderFiles("exports"), "Opportunities.csv", 200);
 */
export async function sniffFile(files: DataFiles, name: string, maxRows: number): Promise<Sniffed | { file: string; problem: string }> {
  if (name.toLowerCase().endsWith(".xlsx")) {
    // Every sheet is read; the one with the widest header is the data (a workbook often starts with a notes sheet).
    const sheets: { name: string; rows: string[][] }[] = [];
    const errors = new ErrorList();
    const take = (cells: string[]): void => {
      const s = sheets.at(-1);
      if (s && s.rows.length <= maxRows) s.rows.push(cells);
    };
    await readXlsx(files.open(name), name, errors, { header: (cells) => (take(cells), true), row: (cells) => take(cells) }, { everySheet: true, onSheet: (n) => void sheets.push({ name: n, rows: [] }) });
    if (errors.count > 0) return { file: name, problem: errors.list(name)[0]!.message };
    const best = sheets.reduce<{ name: string; rows: string[][] } | undefined>((b, s) => (!b || (s.rows[0]?.length ?? 0) > (b.rows[0]?.length ?? 0) ? s : b), undefined);
    const rows = best?.rows ?? [];
    return { file: name, encoding: "xlsx", delimiter: "", skipRows: 0, header: rows[0] ?? [], rows: rows.slice(1), xlsx: true, ...(best && sheets.length > 1 ? { sheet: best.name } : {}) };
  }
  const chunks: Uint8Array[] = [];
  let size = 0;
  let cut = false;
  try {
    for await (const c of files.open(name)) {
      chunks.push(c);
      size += c.length;
      if (size >= SAMPLE) {
        cut = true;
        break;
      }
    }
  } catch (err) {
    return { file: name, problem: `cannot read the file: ${(err as Error).message}` };
  }
  const bytes = Buffer.concat(chunks).subarray(0, SAMPLE);
  const encoding = detectEncoding(bytes);
  let text = new TextDecoder(decoderLabel(encoding)).decode(bytes);
  if (cut) text = text.slice(0, text.lastIndexOf("\n") + 1);
  const firstLines = text.split(/\r?\n/).slice(0, 10);
  // The delimiter of the widest of the first lines (a title line has none).
  const delimiter = firstLines.map(sniffDelimiter).sort((a, b) => firstLines.filter((l) => l.includes(b)).length - firstLines.filter((l) => l.includes(a)).length)[0] ?? ",";
  let rows: string[][];
  try {
    rows = parse(text, { delimiter, relax_column_count: true, relax_quotes: true, skip_empty_lines: true, bom: true, to: maxRows + 20 }) as string[][];
  } catch (err) {
    return { file: name, problem: `not readable as delimited text: ${(err as Error).message}` };
  }
  const h = headerIndex(rows.slice(0, 50));
  return { file: name, encoding, delimiter, skipRows: h, header: (rows[h] ?? []).map((c) => c.trim()), rows: rows.slice(h + 1, h + 1 + maxRows), xlsx: false };
}

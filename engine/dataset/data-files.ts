/**
 * Where the files of a dataset folder come from: a folder on disk (`kpi eval
 * --data DIR`) or files held in memory (an HTTP upload), behind one small
 * interface, so that the loader reads both the same way and the server never
 * writes uploads to temporary files to read them back. Files are read as
 * streams of bytes; decoding is the loader's business (`decode.ts`).
 * @module
 */
import { createReadStream } from "node:fs";
import { readdir, stat } from "node:fs/promises";
import { join } from "node:path";

/**
 * The files of one dataset.
 * @example
 * const files = folderFiles("examples/demo/dataset");
 * for await (const chunk of files.open("deals.csv")) count += chunk.length;
 */
export interface DataFiles {
  /** Every file name, or an error message when the folder cannot be listed. */
  names(): Promise<{ ok: true; names: Set<string> } | { ok: false; message: string }>;
  /** The name errors use for a file (`DIR/deals.csv`, or the bare name for uploads). */
  label(name: string): string;
  /** What errors about the whole dataset name. */
  readonly origin: string;
  /** The file's bytes; the iterator throws an `ENOENT`-coded error when the file is missing. */
  open(name: string): AsyncIterable<Uint8Array>;
  /** Where the file is on disk, for files that are (a worker thread then reads it itself); absent for files in memory. */
  path?(name: string): string;
}

/**
 * The files of a folder on disk.
 * @example
 * folderFiles("data").label("deals.csv"); // "data/deals.csv"
 */
export function folderFiles(dir: string): DataFiles {
  return {
    origin: dir,
    label: (name) => join(dir, name),
    async names() {
      try {
        if (!(await stat(dir)).isDirectory()) return { ok: false, message: "not a folder" };
        return { ok: true, names: new Set(await readdir(dir)) };
      } catch (err) {
        const code = (err as NodeJS.ErrnoException).code;
        return { ok: false, message: code === "ENOENT" ? "no such folder" : code === "ENOTDIR" ? "not a folder" : `cannot read the folder: ${(err as Error).message}` };
      }
    },
    open: (name) => createReadStream(join(dir, name), { highWaterMark: 1 << 20 }),
    path: (name) => join(dir, name),
  };
}

/**
 * Files held in memory (text or bytes), e.g. an upload. Text is UTF-8.
 * @example
 * const files = memoryFiles(new Map([["entities.csv", "id,kind\nzhang,rep\n"]]), "dataset");
 */
export function memoryFiles(files: ReadonlyMap<string, string | Uint8Array>, origin = "dataset"): DataFiles {
  return {
    origin,
    label: (name) => name,
    names: () => Promise.resolve({ ok: true, names: new Set(files.keys()) }),
    async *open(name) {
      const f = files.get(name);
      if (f === undefined) throw Object.assign(new Error("file not found"), { code: "ENOENT" });
      const bytes = typeof f === "string" ? Buffer.from(f, "utf8") : f;
      // Slices of 1 MiB, as a file stream would give, so that decoding and parsing see the same chunking.
      for (let i = 0; i < bytes.length; i += 1 << 20) yield bytes.subarray(i, i + (1 << 20));
    },
  };
}

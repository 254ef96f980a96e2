/**
 * The messages between the loader and its source worker threads
 * (`source-worker.ts`, `source-workers.ts`).
 * @module
 */
import type { DataError, DataWarning } from "./errors.js";
import type { DatasetSourceSpec, SourceData } from "./types.js";

/** What every worker is told before its first job (it starts before the entities are read): the entities by id (index order) and kind, the currency's digits, the entity kinds. */
export interface SourceWorkerSetup {
  kind: "setup";
  ids: string[];
  idKinds: string[];
  digits: number;
  kinds: string[];
}

/** One source file to load. `file` is the name errors give it. */
export interface SourceJob {
  kind: "job";
  id: number;
  path: string;
  file: string;
  form: "csv" | "ndjson";
  spec: DatasetSourceSpec;
}

/** A loaded source, or the stack of a bug in the worker. */
export interface SourceWorkerReply {
  id: number;
  data?: SourceData;
  errors?: { kept: DataError[]; dropped: number };
  warnings?: DataWarning[];
  crash?: string;
}

/**
 * The buffers of a source's typed arrays, to transfer rather than copy (each once).
 * @example
 * port.postMessage(reply, sourceTransfers(reply.data));
 */
export function sourceTransfers(src: SourceData): ArrayBuffer[] {
  const out = new Set<ArrayBuffer>();
  const add = (a: { buffer: ArrayBufferLike }): void => {
    if (a.buffer instanceof ArrayBuffer) out.add(a.buffer);
  };
  add(src.by);
  add(src.at);
  add(src.origin);
  for (const c of src.fields.values()) add("codes" in c ? c.codes : c.values);
  return [...out];
}

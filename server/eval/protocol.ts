/**
 * What the server and an evaluation worker send each other. The checked
 * template is plain data, so it crosses the thread boundary by structured
 * clone; the dataset crosses as text (JSON text, or file name/text pairs) so
 * that keys such as `__proto__` stay data all the way; the result comes back
 * as JSON text, ready to send.
 * @module
 */
import type { CheckedTemplate } from "../../engine/check/index.js";
import type { FieldError } from "../../schemas/generated/api.js";
import type { Mapping } from "../../schemas/generated/mapping.js";
import type { DataWarning } from "../../schemas/generated/result.js";

/**
 * A dataset as sent to a worker.
 * @example
 * const d: WireDataset = { form: "files", files: [["entities.csv", "id,kind\n"]] };
 */
export type WireDataset = ({ form: "json"; json: string } | { form: "files"; files: [string, string | Uint8Array][]; mapping?: Mapping }) & {
  /**
   * A stored dataset's id: stored datasets never change (a new upload is a new id),
   * so a worker may keep the loaded form and skip parsing the text next time.
   */
  storedId?: string;
};

/**
 * One evaluation.
 * @example
 * const job: EvalJob = { checked, dataset, period: "2026-03", explain: [], tmpDir: "/tmp" };
 */
export interface EvalJob {
  checked: CheckedTemplate;
  dataset: WireDataset;
  period: string;
  asOf?: string;
  explain: string[];
  /** Where the folder form's files are written while they load. */
  tmpDir: string;
}

/**
 * How an evaluation ended: the Result as JSON text (and the data load's
 * warnings, which the route puts beside it), the dataset's errors (422, the
 * first ones and the exact total), or errors of the request itself (400: an
 * unknown entity to explain).
 * @example
 * if (out.kind === "ok") return new Response(out.json);
 */
export type EvalOutcome =
  | { kind: "ok"; json: string; warnings?: DataWarning[] }
  | { kind: "data-errors"; errors: FieldError[]; total?: number }
  | { kind: "request-errors"; errors: FieldError[] };

/**
 * A message from a worker.
 * @example
 * const m: WorkerMessage = { type: "ready" };
 */
export type WorkerMessage = { type: "ready" } | { type: "done"; id: number; outcome: EvalOutcome } | { type: "failed"; id: number; message: string; stack?: string };

/**
 * A message to a worker.
 * @example
 * worker.postMessage({ type: "run", id: 1, job } satisfies WorkerRequest);
 */
export type WorkerRequest = { type: "run"; id: number; job: EvalJob };

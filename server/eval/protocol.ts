/**
 * What the server and an evaluation worker send each other. The checked
 * template is plain data, so it crosses the thread boundary by structured
 * clone; the dataset crosses as text (JSON text, or file name/text pairs) so
 * that keys such as `__proto__` stay data all the way; the result comes back
 * as JSON text, ready to send. Front-end jobs (check, format, parse, diff
 * of user text) cross as text and come back as plain data.
 * @module
 */
import type { BaseSource, CheckedTemplate } from "../../engine/check/index.js";
import type { Narrowing } from "../../engine/evaluate/result-narrow.js";
import type { DatasetPreviewRequest, FieldError } from "../../schemas/generated/api.js";
import type { Mapping } from "../../schemas/generated/mapping.js";
import type { DataWarning } from "../../schemas/generated/result.js";
import type { SimulateInput, SimulateOutcome } from "../../engine/scenario/index.js";

/**
 * A dataset as sent to a worker.
 * @example
 * const d: WireDataset = { form: "files", files: [["entities.csv", "id,kind\n"]] };
 */
export type WireDataset = ({ form: "json"; json: string } | { form: "files"; files: [string, string | Uint8Array][]; mapping?: Mapping } | StoredRef | PgConnection) & {
  /**
   * A stored dataset's id: stored datasets never change (a new upload is a new id),
   * so a worker may keep the loaded form and skip parsing the text next time.
   */
  storedId?: string;
};

/**
 * A stored dataset by its id alone: the worker evaluates it when it has it
 * loaded already (for the template's view of it), else answers
 * `need-dataset` and the route sends the content. Reading a large dataset
 * from the database and copying it to the worker cost ~1.5 s of a W1-size
 * preview on every request, while the worker already held it.
 */
export interface StoredRef {
  form: "stored";
  storedId: string;
}

/**
 * A registered PostgreSQL connection, opened: the worker reads the small
 * tables, loads them in process and has PostgreSQL compute the aggregates
 * (eval/pg-load.ts). The URL holds the password: it crosses to the worker
 * (same process) and is never put in an outcome, a message or a log line;
 * `shown` is what messages name.
 * @example
 * const d: PgConnection = { form: "postgres", connection: "crm", url, schema: "kpi", shown: 'connection "crm" (postgres://kpi:***@db:5432/sales)' };
 */
export interface PgConnection {
  form: "postgres";
  /** The connection's name, for messages and labels. */
  connection: string;
  url: string;
  schema: string;
  /** How messages name it: `connection "crm" (postgres://kpi:***@db:5432/sales)`. */
  shown: string;
}

/**
 * One evaluation.
 * @example
 * const job: EvalJob = { checked, dataset, period: "2026-03", explain: [], narrow: {}, maxResultBytes: 64 << 20, tmpDir: "/tmp" };
 */
export interface EvalJob {
  checked: CheckedTemplate;
  dataset: WireDataset;
  period: string;
  asOf?: string;
  explain: string[];
  /** The part of the result to return (entities' subtrees, metrics). */
  narrow: Narrowing;
  /** The most bytes of result JSON to produce; past it the outcome is `too-large`. */
  maxResultBytes: number;
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
  | { kind: "request-errors"; errors: FieldError[] }
  | { kind: "too-large"; size: ResultSize }
  | DatabaseError
  | NeedDataset;

/**
 * A registered connection's database failed the evaluation: 422 when what it
 * holds does not fit the template (a missing table or column, floating-point
 * money, a cell that is not a date), 502 when it could not be used at all
 * (unreachable, authentication, no such database). The message names the
 * connection, table and column, never the password.
 * @example
 * const e: DatabaseError = { kind: "database-error", status: 422, type: "database-layout", message: 'connection "crm" (…): no table or view public.surveys …' };
 */
export interface DatabaseError {
  kind: "database-error";
  status: 422 | 502;
  type: "database-layout" | "database-data" | "database-unavailable";
  message: string;
}

/** The worker does not hold the stored dataset a `StoredRef` named: send it again with the content. */
export interface NeedDataset {
  kind: "need-dataset";
}

/**
 * One comparison of what-if scenarios: the dataset is loaded once (as for an evaluation) and every scenario is evaluated over it.
 * @example
 * const job: SimJob = { checked, dataset, input: { period: "2026-03", scenarios: [] }, tmpDir: "/tmp" };
 */
export interface SimJob {
  checked: CheckedTemplate;
  dataset: WireDataset;
  input: SimulateInput;
  tmpDir: string;
}

/**
 * How a comparison ended: the engine's outcome, or the dataset's load errors (with the exact total).
 * @example
 * if (out.kind === "ok") return c.json(out.value);
 */
export type SimOutcome = SimulateOutcome | { kind: "load-errors"; errors: FieldError[]; total?: number } | NeedDataset;

/**
 * Why a result was refused as too large: at least `bytes` of JSON, for so many entities, periods and metrics.
 * @example
 * const s: ResultSize = { bytes: 1.2e9, entities: 1001, periods: 1524, metrics: 12, limit: 64 << 20 };
 */
export interface ResultSize {
  bytes: number;
  entities: number;
  periods: number;
  metrics: number;
  limit: number;
}

/**
 * What the front end does for a request, in a worker: check (with bases),
 * format, parse, or diff two texts; check uploaded dataset files; preview
 * export files against a template. User text and files are parsed only here,
 * never on the server's event loop.
 * @example
 * const op: FrontEndOp = { op: "check", source, file: "saas_growth" };
 */
export type FrontEndOp =
  | { op: "check"; source: string; file?: string }
  | { op: "format"; source: string }
  | { op: "parse"; source: string }
  | { op: "diff"; file: string; from: { source: string; label: string }; to: { source: string; label: string } }
  | { op: "dataset-files"; upload: { files: object; mapping?: Mapping }; filesAt: string }
  | { op: "preview"; checked: CheckedTemplate; request: DatasetPreviewRequest };

/**
 * A front-end job: the operation plus the base templates known so far. The
 * checker asks for a base by name while it runs, but the registry lives on
 * the server's thread; so a job that meets a base it was not given answers
 * `need-bases`, and the server runs it again with them (`null`: no such base).
 * @example
 * const job: FrontEndJob = { op: "parse", source, bases: [] };
 */
export type FrontEndJob = FrontEndOp & { bases: [string, BaseSource | null][] };

/**
 * The answer of a front-end job; `value` is the operation's result (see `front-end-job.ts`).
 * @example
 * if (a.kind === "need-bases") rerunWith(a.names);
 */
export type FrontEndAnswer = { kind: "need-bases"; names: string[] } | { kind: "done"; value: unknown };

/**
 * A job of either kind, as the pool sends it.
 * @example
 * const w: WorkerJob = { kind: "evaluate", job };
 */
export type WorkerJob = { kind: "evaluate"; job: EvalJob } | { kind: "simulate"; job: SimJob } | { kind: "front-end"; job: FrontEndJob };

/**
 * What a job is called in messages: "evaluation", "comparison", or the front-end operation.
 * @example
 * jobLabel({ kind: "simulate", job }); // "comparison"
 */
export const jobLabel = (j: WorkerJob): string => (j.kind === "evaluate" ? "evaluation" : j.kind === "simulate" ? "comparison" : j.job.op);

/**
 * A message from a worker.
 * @example
 * const m: WorkerMessage = { type: "ready" };
 */
export type WorkerMessage = { type: "ready" } | { type: "done"; id: number; outcome: EvalOutcome | SimOutcome | FrontEndAnswer } | { type: "failed"; id: number; message: string; stack?: string };

/**
 * A message to a worker.
 * @example
 * worker.postMessage({ type: "run", id: 1, job: { kind: "evaluate", job } } satisfies WorkerRequest);
 */
export type WorkerRequest = { type: "run"; id: number; job: WorkerJob };

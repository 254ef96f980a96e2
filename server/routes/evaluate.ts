/**
 * `POST /v1/evaluate`, as `kpi eval` does it: resolve and check the
 * template (422 with diagnostics), read the period and as-of date (400),
 * get the dataset (inline, stored, or a registered connection: 404 when
 * unknown; a connection's database errors are 422 or 502), then evaluate in a
 * worker under the time limit (503 with Retry-After when it runs out) —
 * the dataset's errors are a 422, unknown entities to explain a 400.
 *
 * By id, the version in force on the period's first day is used (or the
 * `version` asked for), and its bases are the versions in force on that day
 * too. The period's first day depends on the template's fiscal year, so the
 * latest version's fiscal year start is used to find it.
 * @module
 */
import { hasErrors } from "../../dsl/diagnostics.js";
import type { CheckedTemplate, CheckResult } from "../../engine/check/index.js";
import { MAX_PERIODS } from "../../engine/evaluate/request.js";
import { checkPeriodAgainstGrain, formatDate, monthFromName, parseDate, parseRange } from "../../engine/periods.js";
import type { EvaluateRequest, FieldError, TemplateById } from "../../schemas/generated/api.js";
import type { Db } from "../db/open.js";
import { datasetExists, getDataset } from "../db/datasets.js";
import { getTemplate, getVersion, versionInForce, type VersionRecord } from "../db/templates.js";
import type { EvalOutcome, NeedDataset, ResultSize, WireDataset } from "../eval/protocol.js";
import { ApiError } from "../http/problem.js";
import { workerFailure } from "../http/worker-errors.js";
import { checkInRegistry } from "../registry/front-end.js";
import { toApiDiagnostics } from "../registry/diagnostics.js";
import { actor, now, type Handler, type Services } from "../services.js";
import { writeAudit } from "../db/audit.js";
import { connectionDataset } from "./connections.js";
import { contentOf } from "./datasets.js";
import { archivedError } from "./templates.js";

const fiscalStartOf = (r: CheckResult): number => (r.checked ? (monthFromName(r.checked.settings.fiscalYearStarts) ?? 1) : 1);

const badPeriod = (period: string, reason: string): ApiError =>
  // The engine's reasons usually start with the period itself; it is not repeated.
  new ApiError(400, "validation", reason.startsWith(period.trim()) ? `bad period ${reason}` : `bad period ${JSON.stringify(period)}: ${reason}`, { errors: [{ path: "/period", message: reason }] });

/** The first day of the period (or range), `YYYY-MM-DD`. */
function firstDay(period: string, fiscalStart: number): string {
  const r = parseRange(period.trim(), { fiscalStart, maxPeriods: MAX_PERIODS });
  if (!r.ok) throw badPeriod(period, r.reason);
  return formatDate(r.periods[0]!.start);
}

export function templateErrors(r: CheckResult, what: string): ApiError {
  const n = r.diagnostics.filter((d) => d.severity === "error").length;
  return new ApiError(422, "template-errors", `${what} has ${n} error${n === 1 ? "" : "s"}; nothing was evaluated`, { diagnostics: toApiDiagnostics(r.diagnostics) });
}

/** The published version to evaluate, checked with the bases in force on the period's first day. */
export async function byId(s: Services, ref: TemplateById, period: string): Promise<{ checked: CheckedTemplate; version: VersionRecord }> {
  const db = s.db;
  const t = getTemplate(db, ref.id);
  if (!t) throw new ApiError(404, "not-found", `no template has the id ${JSON.stringify(ref.id)}`);
  if (t.archived) throw archivedError(t);
  const latest = versionInForce(db, ref.id);
  if (!latest) throw new ApiError(404, "not-found", `template ${JSON.stringify(ref.id)} has no published version yet`);
  const day = firstDay(period, fiscalStartOf(await checkInRegistry(s, latest.source)));
  let v: VersionRecord | undefined;
  if (ref.version !== undefined) {
    v = getVersion(db, ref.id, ref.version);
    if (!v) throw new ApiError(404, "not-found", `template ${JSON.stringify(ref.id)} has no version ${ref.version}; its versions are 1 to ${latest.version}`);
  } else {
    v = versionInForce(db, ref.id, day);
    if (!v) throw new ApiError(422, "no-version-in-force", `template ${JSON.stringify(ref.id)} has no version in force on ${day}, the first day of ${period}`);
  }
  const r = await checkInRegistry(s, v.source, { file: `${ref.id}@v${v.version}`, day });
  if (!r.checked || hasErrors(r.diagnostics)) throw templateErrors(r, `template ${ref.id} version ${v.version}`);
  return { checked: r.checked, version: v };
}

/** A bad period or as-of date is the request's fault: nothing is loaded before they are known to be good (as `kpi eval`). */
export function checkRequest(checked: CheckedTemplate, req: Pick<EvaluateRequest, "period" | "asOf">): void {
  const fiscalStart = monthFromName(checked.settings.fiscalYearStarts) ?? 1;
  const range = parseRange(req.period.trim(), { fiscalStart, maxPeriods: MAX_PERIODS });
  if (!range.ok) throw badPeriod(req.period, range.reason);
  for (const p of range.periods) {
    const fits = checkPeriodAgainstGrain(p, checked.settings.grain);
    if (!fits.ok) throw badPeriod(req.period, fits.reason);
  }
  if (req.asOf !== undefined) {
    const d = parseDate(req.asOf);
    if (!d.ok) throw new ApiError(400, "validation", `bad asOf ${JSON.stringify(req.asOf)}: ${d.reason}`, { errors: [{ path: "/asOf", message: d.reason }] });
  }
}

export async function datasetOf(s: Services, d: EvaluateRequest["dataset"]): Promise<WireDataset> {
  const db = s.db;
  if ("connection" in d) return connectionDataset(s, d.connection);
  if ("datasetId" in d) {
    const stored = getDataset(db, d.datasetId);
    if (!stored) throw new ApiError(404, "not-found", `no dataset has the id ${JSON.stringify(d.datasetId)}`);
    const c = stored.content;
    const wire: WireDataset = c.form === "json" ? { ...c } : { form: "files", files: [...c.files], ...(c.mapping !== undefined ? { mapping: c.mapping } : {}) };
    wire.storedId = d.datasetId;
    return wire;
  }
  const content = await contentOf(s, "files" in d ? { files: d.files } : { dataset: d }, "/dataset/files");
  return content.form === "json" ? content : { form: "files", files: [...content.files] };
}

/**
 * Runs a worker job over the request's dataset. A stored dataset goes first
 * by its id alone: the worker that evaluated it lately holds it loaded, and
 * reading and copying its content (seconds for a large one) would be
 * wasted; only when the worker answers `need-dataset` is the content read
 * and sent.
 * @example
 * const out = await withDataset(s, req.dataset, (dataset) => run(s, { ...job, dataset }));
 */
export async function withDataset<O extends { kind: string }>(s: Services, d: EvaluateRequest["dataset"], call: (dataset: WireDataset) => Promise<O | NeedDataset>): Promise<Exclude<O, NeedDataset>> {
  if ("datasetId" in d) {
    if (!datasetExists(s.db, d.datasetId)) throw new ApiError(404, "not-found", `no dataset has the id ${JSON.stringify(d.datasetId)}`);
    const first = await call({ form: "stored", storedId: d.datasetId });
    if (first.kind !== "need-dataset") return first as Exclude<O, NeedDataset>;
  }
  const out = await call(await datasetOf(s, d));
  if (out.kind === "need-dataset") throw new Error("the worker asked again for the dataset it was sent");
  return out as Exclude<O, NeedDataset>;
}

async function run(s: Services, job: Parameters<Services["evaluator"]["run"]>[0]): Promise<EvalOutcome> {
  try {
    return await s.evaluator.run(job, s.limits.evalTimeoutMs);
  } catch (e) {
    throw workerFailure(e, s.limits, "the evaluation", "evaluate a shorter range or a smaller dataset");
  }
}

const evaluate: Handler = async (c, s, body) => {
  const req = body as EvaluateRequest;
  let checked: CheckedTemplate;
  let version: number | undefined;
  if ("source" in req.template) {
    const r = await checkInRegistry(s, req.template.source);
    if (!r.checked || hasErrors(r.diagnostics)) throw templateErrors(r, "the template");
    checked = r.checked;
  } else {
    const found = await byId(s, req.template, req.period);
    checked = found.checked;
    version = found.version.version;
    c.header("X-Template-Id", req.template.id);
    c.header("X-Template-Version", String(found.version.version));
  }
  checkRequest(checked, req);
  if ("connection" in req.dataset && req.explain?.length) {
    // As `kpi eval --data postgres://… --explain`: the records behind the numbers stay in the database.
    throw new ApiError(400, "validation", "explain needs the records behind the numbers, and a connection's records stay in its database; explain over an uploaded dataset", { errors: [{ path: "/explain", message: "is not supported with {connection}" }] });
  }
  const narrow = { ...(req.entities !== undefined ? { entities: req.entities } : {}), ...(req.fields !== undefined ? { fields: req.fields } : {}) };
  const out = await withDataset(s, req.dataset, (dataset) =>
    run(s, {
      checked,
      dataset,
      period: req.period.trim(),
      ...(req.asOf !== undefined ? { asOf: req.asOf } : {}),
      explain: req.explain ?? [],
      narrow,
      maxResultBytes: s.limits.maxResultBytes,
      tmpDir: s.tmpDir,
    }),
  );
  audit(c, s, req, checked, version, out);
  if (out.kind === "data-errors") throw new ApiError(422, "data-errors", `the dataset does not fit the template (${countErrors(out.errors, out.total)}); nothing was evaluated`, { errors: out.errors });
  if (out.kind === "request-errors") throw new ApiError(400, "validation", out.errors.map((e) => e.message).join("; "), { errors: out.errors });
  if (out.kind === "too-large") throw tooLarge(out.size);
  if (out.kind === "database-error") throw new ApiError(out.status, out.type, out.message);
  // The load's warnings go beside the result, as its last member (the result is JSON text ending in "}").
  const json = out.warnings ? `${out.json.slice(0, out.json.lastIndexOf("}"))},"warnings":${JSON.stringify(out.warnings)}}` : out.json;
  return c.body(json, 200, { "Content-Type": "application/json; charset=utf-8" });
};

/**
 * One audit entry per evaluation that ran: who, which template version (or
 * text), which stored dataset (or inline data), the period, and how it ended.
 */
function audit(c: Parameters<Handler>[0], s: Services, req: EvaluateRequest, checked: CheckedTemplate, version: number | undefined, out: EvalOutcome): void {
  const stored = "datasetId" in req.dataset ? req.dataset.datasetId : undefined;
  const parts = [
    `period ${req.period.trim()}`,
    ...(req.asOf !== undefined ? [`as of ${req.asOf}`] : []),
    ...(version === undefined ? ["template text"] : []),
    ...("connection" in req.dataset ? [`connection ${req.dataset.connection}`] : stored === undefined ? ["inline dataset"] : []),
    out.kind === "ok" ? `ok, ${out.json.length} bytes` : `refused: ${out.kind === "too-large" ? "result-too-large" : out.kind === "database-error" ? out.type : out.kind}`,
  ];
  const template = "id" in req.template ? req.template.id : checked.name;
  writeAudit(s.db, {
    at: now(s),
    actor: actor(c),
    action: "evaluate",
    ...(template !== undefined ? { template } : {}),
    ...(version !== undefined ? { version } : {}),
    ...(stored !== undefined ? { dataset: stored } : {}),
    detail: parts.join("; "),
  });
}

const mb = (bytes: number): string => (bytes >= 1e9 ? `${(bytes / 1e9).toFixed(1)} GB` : `${(bytes / 1e6).toFixed(1)} MB`);

/** The refusal of a result too large to send, with what it would hold and how to narrow it. */
function tooLarge(size: ResultSize): ApiError {
  const n = (x: number): string => x.toLocaleString("en-US");
  return new ApiError(
    422,
    "result-too-large",
    `the result would be at least ${mb(size.bytes)} (${n(size.entities)} entities × ${n(size.periods)} period${size.periods === 1 ? "" : "s"} × ${n(size.metrics)} metrics), more than the limit of ${mb(size.limit)}; ` +
      "narrow it: a shorter period range, `entities` (ids whose subtrees to return) or `fields` (the metrics to return) — or raise the limit with kpi serve --max-result-bytes",
    { limit: { bytes: size.limit, actual: size.bytes, option: "--max-result-bytes" } },
  );
}

/** "832,279 errors; the first 100 are listed" when the list was cut off. */
export const countErrors = (errors: readonly FieldError[], total = errors.length): string =>
  errors.length < total ? `${total.toLocaleString("en-US")} errors; the first ${errors.length - 1} are listed` : `${total.toLocaleString("en-US")} error${total === 1 ? "" : "s"}`;

/**
 * The handlers of this module, by route id.
 * @example
 * evaluateHandlers.evaluate; // POST /v1/evaluate
 */
export const evaluateHandlers: Record<string, Handler> = { evaluate };

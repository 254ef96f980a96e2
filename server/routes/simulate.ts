/**
 * `POST /v1/simulate`, as `kpi simulate` does it: the template (text or id)
 * and dataset are found and checked as for evaluate (the same helpers), the
 * period and as-of date read (400), then the comparison runs in a worker
 * under the evaluation time limit (503 with Retry-After past it): one load
 * of the dataset, the baseline and every scenario (engine/scenario). A
 * change that does not fit the template is a 422 listing every one with its
 * JSON path; data that does not fit is a 422 as for evaluate.
 * @module
 */
import { hasErrors } from "../../dsl/diagnostics.js";
import type { CheckedTemplate } from "../../engine/check/index.js";
import type { Scenario } from "../../engine/scenario/index.js";
import type { SimulateRequest } from "../../schemas/generated/api.js";
import { writeAudit } from "../db/audit.js";
import type { SimOutcome } from "../eval/protocol.js";
import { ApiError } from "../http/problem.js";
import { workerFailure } from "../http/worker-errors.js";
import { checkInRegistry } from "../registry/front-end.js";
import { actor, now, type Handler } from "../services.js";
import { byId, checkRequest, countErrors, templateErrors, withDataset } from "./evaluate.js";

const simulate: Handler = async (c, s, body) => {
  const req = body as SimulateRequest;
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
    c.header("X-Template-Version", String(version));
  }
  checkRequest(checked, req);
  if (!s.evaluator.simulate) throw new Error("this server's evaluator cannot run comparisons");
  const input = {
    period: req.period.trim(),
    ...(req.asOf !== undefined ? { asOf: req.asOf } : {}),
    scenarios: req.scenarios as Scenario[],
    ...(req.attainment !== undefined ? { attainment: req.attainment } : {}),
    ...(req.revenue !== undefined ? { revenue: req.revenue } : {}),
  };
  const simulate = s.evaluator.simulate.bind(s.evaluator);
  const out = await withDataset(s, req.dataset, async (dataset): Promise<SimOutcome> => {
    try {
      return await simulate({ checked, dataset, input, tmpDir: s.tmpDir }, s.limits.evalTimeoutMs);
    } catch (e) {
      throw workerFailure(e, s.limits, "the comparison", "compare fewer scenarios or a smaller dataset");
    }
  });
  const template = "id" in req.template ? req.template.id : checked.name;
  const stored = "datasetId" in req.dataset ? req.dataset.datasetId : undefined;
  writeAudit(s.db, {
    at: now(s),
    actor: actor(c),
    action: "simulate",
    ...(template !== undefined ? { template } : {}),
    ...(version !== undefined ? { version } : {}),
    ...(stored !== undefined ? { dataset: stored } : {}),
    detail: `period ${input.period}; ${req.scenarios.length} scenario${req.scenarios.length === 1 ? "" : "s"}; ${out.kind}`,
  });
  if (out.kind === "load-errors") throw new ApiError(422, "data-errors", `the dataset does not fit the template (${countErrors(out.errors, out.total)}); nothing was compared`, { errors: out.errors });
  if (out.kind === "data-errors") throw new ApiError(422, "data-errors", `the dataset does not fit the template (${countErrors(out.errors)}); nothing was compared`, { errors: out.errors });
  if (out.kind === "request-errors") throw new ApiError(400, "validation", out.errors.map((e) => e.message).join("; "), { errors: out.errors });
  if (out.kind === "scenario-errors") {
    const n = out.errors.length;
    throw new ApiError(422, "scenario-errors", `${n} change${n === 1 ? "" : "s"} of the scenarios do${n === 1 ? "es" : ""} not fit the template; nothing was compared`, { errors: out.errors });
  }
  return c.json(out.value, 200);
};

/**
 * The handlers of this module, by route id.
 * @example
 * simulateHandlers.simulate; // POST /v1/simulate
 */
export const simulateHandlers: Record<string, Handler> = { simulate };

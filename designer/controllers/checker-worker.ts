/**
 * The checker in a Web Worker: the same `checkSource` (dsl/ + engine/check)
 * that `kpi check` and the server run, so the designer never has a second
 * grammar or type system. Bases come with each request (the page fetched
 * them through the API); the worker does no I/O.
 * @module
 */
import { checkSource } from "../../engine/check/index.js";
import type { MetricType } from "../../engine/check/checked-model.js";
import type { CheckReplyMessage, CheckRequestMessage } from "./checker-protocol.js";

interface WorkerScope {
  onmessage: ((e: MessageEvent<CheckRequestMessage>) => void) | null;
  postMessage(m: CheckReplyMessage): void;
}
const scope = globalThis as unknown as WorkerScope;

scope.onmessage = (e) => {
  const { id, text, bases } = e.data;
  const started = performance.now();
  const r = checkSource(text, {
    loadBase: (name) => (Object.hasOwn(bases, name) ? { file: name, text: bases[name]! } : undefined),
  });
  let metricTypes: Record<string, MetricType> | undefined;
  if (r.checked) {
    metricTypes = Object.create(null) as Record<string, MetricType>;
    for (const m of r.checked.metrics) metricTypes[m.name] = m.inferredType;
  }
  const reply: CheckReplyMessage = { id, diagnostics: r.diagnostics, merged: r.merged, ms: performance.now() - started };
  if (metricTypes) reply.metricTypes = metricTypes;
  scope.postMessage(reply);
};

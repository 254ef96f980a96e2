/**
 * The messages between the page and the checker worker.
 * @module
 */
import type { Diagnostic } from "../../dsl/diagnostics.js";
import type { MetricType } from "../../engine/check/checked-model.js";
import type { Template } from "../../schemas/generated/template.js";

/** Page → worker: check this text; `bases` are the published texts of the templates it extends, by name. */
export interface CheckRequestMessage {
  id: number;
  text: string;
  bases: Record<string, string>;
}

/** Worker → page. */
export interface CheckReplyMessage {
  id: number;
  diagnostics: Diagnostic[];
  /** The model after `extends` and `drop`: what the tabs show, inherited declarations included. */
  merged: Template;
  /** Each metric's type when the template checks without errors. */
  metricTypes?: Record<string, MetricType>;
  /** How long the check took in the worker, ms. */
  ms: number;
}

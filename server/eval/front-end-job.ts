/**
 * A front-end job as a worker runs it: check, format, parse or diff user
 * text. The checker asks for bases by name while it runs; the worker has no
 * database, so it answers from the bases the job carries and, when it meets
 * one it was not given, answers `need-bases` with every such name (the
 * server looks them up and sends the job again). The same function runs in
 * process for stand-in evaluators in tests (`inProcessFrontEnd`).
 * @module
 */
import { hasErrors, type Diagnostic } from "../../dsl/diagnostics.js";
import { parseTemplate } from "../../dsl/parse.js";
import { printTemplate } from "../../dsl/printer.js";
import { checkSource, type BaseSource, type CheckResult } from "../../engine/check/index.js";
import type { DatasetPreview } from "../../schemas/generated/api.js";
import type { Template } from "../../schemas/generated/template.js";
import { checkFilesContent, type ContentCheck } from "../datasets/content.js";
import { previewWith } from "../datasets/preview-files.js";
import { modelChanges, type ModelChanges } from "../registry/model-diff.js";
import { unifiedDiff } from "../registry/text-diff.js";
import type { FrontEndRunner } from "./pool.js";
import type { FrontEndAnswer, FrontEndJob } from "./protocol.js";

/**
 * What `format` gives: the canonical text, or the syntax errors that leave none.
 * @example
 * if (f.text === undefined) show(f.diagnostics);
 */
export interface FormatValue {
  diagnostics: Diagnostic[];
  text?: string;
}

/**
 * What `parse` gives: the file's model and its syntax diagnostics.
 * @example
 * const { model } = value as ParseValue;
 */
export interface ParseValue {
  diagnostics: Diagnostic[];
  model: Template;
}

/**
 * What `diff` gives: the unified text diff and the declarations changed.
 * @example
 * const { text, changes } = value as DiffValue;
 */
export interface DiffValue {
  text: string;
  changes: ModelChanges;
}

/**
 * Runs one front-end job.
 * @example
 * await runFrontEndJob({ op: "format", source: "metric x = 1", bases: [] }); // { kind: "done", value: { diagnostics: [], text: "metric x = 1\n" } }
 */
export async function runFrontEndJob(job: FrontEndJob): Promise<FrontEndAnswer> {
  const given = new Map(job.bases);
  const missing = new Set<string>();
  const loadBase = (name: string): BaseSource | undefined => {
    if (given.has(name)) return given.get(name) ?? undefined;
    missing.add(name);
    return undefined;
  };
  const check = (source: string, file: string | undefined): CheckResult => checkSource(source, { ...(file !== undefined ? { file } : {}), loadBase });
  let value: CheckResult | FormatValue | ParseValue | DiffValue | ContentCheck | DatasetPreview;
  switch (job.op) {
    case "check":
      value = check(job.source, job.file);
      break;
    case "format": {
      const parsed = parseTemplate(job.source);
      value = hasErrors(parsed.diagnostics) ? { diagnostics: parsed.diagnostics } : { diagnostics: parsed.diagnostics, text: printTemplate(parsed.model) };
      break;
    }
    case "parse": {
      const { diagnostics, model } = parseTemplate(job.source);
      value = { diagnostics, model };
      break;
    }
    case "diff":
      value = {
        text: unifiedDiff(job.from.source, job.to.source, job.from.label, job.to.label),
        changes: modelChanges(check(job.from.source, job.file), check(job.to.source, job.file)),
      };
      break;
    case "dataset-files":
      value = checkFilesContent(job.upload, job.filesAt);
      break;
    case "preview":
      value = await previewWith(job.checked, job.request);
      break;
  }
  if (missing.size) return { kind: "need-bases", names: [...missing] };
  return { kind: "done", value };
}

/**
 * Runs front-end jobs on the calling thread: for tests whose evaluator is a
 * stand-in without workers. The server itself always uses a worker pool.
 * @example
 * createApp({ db, evaluator: failing, frontEnd: inProcessFrontEnd });
 */
export const inProcessFrontEnd: FrontEndRunner = { runFrontEnd: (job) => runFrontEndJob(job) };

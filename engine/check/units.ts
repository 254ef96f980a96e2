/**
 * Builds the checker's units: a template file parsed from text (spans in file
 * offsets, from `parseTemplate`), or a model given without text, as the HTTP
 * API and the designer send it. A model's expressions are parsed here one by
 * one with `parseExpression`; their syntax errors carry the JSON pointer of
 * the property (`/declarations/7/formula`) and spans relative to the
 * expression text, and the declaration is marked broken so later phases skip it.
 * @module
 */
import type { Diagnostic } from "../../dsl/diagnostics.js";
import { parseExpression, parseTemplate } from "../../dsl/parse.js";
import type { Declaration, Template } from "../../schemas/generated/template.js";
import type { Unit } from "./context.js";

export interface UnitBuild {
  unit: Unit;
  /** Syntax diagnostics, already located (and carrying `file` for a base file). */
  diagnostics: Diagnostic[];
}

/**
 * Parses template text into a unit.
 * @example
 * const { unit, diagnostics } = sourceUnit("metric a = 1", "a.kpi");
 */
export function sourceUnit(text: string, file?: string): UnitBuild {
  const r = parseTemplate(text);
  const unit: Unit = { model: r.model, text, spans: r.spans, exprs: r.exprs, broken: r.broken, lines: r.lines };
  if (file !== undefined) unit.file = file;
  const diagnostics = file === undefined ? r.diagnostics : r.diagnostics.map((d) => ({ ...d, file }));
  return { unit, diagnostics };
}

/**
 * Wraps a model (no source text) into a unit, parsing each expression.
 * @example
 * modelUnit({ declarations: [{ kind: "metric", name: "a", formula: "1 +" }] }).diagnostics[0]?.path; // "/declarations/0/formula"
 */
export function modelUnit(model: Template, file?: string): UnitBuild {
  const unit: Unit = { model, spans: new Map(), exprs: new Map(), broken: new Set() };
  if (file !== undefined) unit.file = file;
  const diagnostics: Diagnostic[] = [];
  (model.declarations ?? []).forEach((decl, i) => {
    const pointer = `/declarations/${i}`;
    for (const [sub, text] of expressionsOf(decl)) {
      const r = parseExpression(text);
      if (r.expr && r.diagnostics.length === 0) {
        unit.exprs.set(pointer + sub, r.expr);
        continue;
      }
      unit.broken.add(pointer);
      for (const d of r.diagnostics) diagnostics.push({ ...d, path: pointer + sub, ...(file === undefined ? {} : { file }) });
    }
  });
  return { unit, diagnostics };
}

/**
 * The expression properties of a declaration: `[sub-pointer, text]`.
 * @example
 * expressionsOf({ kind: "alert", name: "a", severity: "info", when: "x > 1" }); // [["/when", "x > 1"]]
 */
export function expressionsOf(decl: Declaration): [string, string][] {
  const out: [string, string][] = [];
  const add = (sub: string, text: string | undefined) => {
    if (typeof text === "string") out.push([sub, text]);
  };
  switch (decl.kind) {
    case "metric":
      if (!decl.input) add("/formula", decl.formula);
      break;
    case "funnel":
      (decl.steps ?? []).forEach((s, i) => add(`/steps/${i}/formula`, s.formula));
      break;
    case "incentive":
      add("/formula", decl.formula);
      add("/basis", decl.basis);
      add("/tiers/on", decl.tiers?.on);
      add("/gate", decl.gate);
      break;
    case "alert":
      add("/when", decl.when);
      break;
    default:
      break;
  }
  return out;
}

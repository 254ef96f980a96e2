/**
 * One alert for one entity and period (DESIGN.md "Alerts"), called by the
 * evaluator core for every entity: the alert fires when its `when` condition
 * is true (null, like false, does not fire). Its message is the declared
 * message with `{entity}` replaced by the entity's name and each
 * `{expression}` by the expression's value formatted for its type
 * (`formatForMessage`: money with its currency's digits, rounded once by the
 * template's mode; percent as `87.5%`; dates as `YYYY-MM-DD`; null as `—`);
 * without a message it is the alert's label, else its name.
 * @module
 */
import type { CheckedAlert, MessagePart } from "../check/checked-model.js";
import type { AlertOutcome, Cell, EvalEnv } from "../evaluate/contract.js";
import { finishMoney, formatForMessage } from "../evaluate/values.js";

/**
 * The alert's outcome at a cell when it fires, else null.
 * @example
 * evaluateAlert(checked.alerts[0]!, env, cell, "张伟");
 * // { alert: "behind_pace", severity: "warning", message: "张伟 新签合同额进度 75%" }
 */
export function evaluateAlert(alert: CheckedAlert, env: EvalEnv, cell: Cell, entityName: string): AlertOutcome | null {
  if (env.evaluate(alert.when, cell) !== true) return null;
  return { alert: alert.name, severity: alert.severity, message: alertMessage(alert, env, cell, entityName) };
}

/**
 * The message an alert shows at a cell (whether or not it fires).
 * @example
 * alertMessage(alert, env, cell, "张伟"); // "张伟 新签合同额进度 75%"
 */
export function alertMessage(alert: CheckedAlert, env: EvalEnv, cell: Cell, entityName: string): string {
  if (!alert.message) return alert.label ?? alert.name;
  return alert.message.map((p) => partText(p, env, cell, entityName)).join("");
}

function partText(p: MessagePart, env: EvalEnv, cell: Cell, entityName: string): string {
  if (p.kind === "text") return p.text;
  if (p.kind === "entity") return entityName;
  const { currencyDigits, rounding } = env.checked.settings;
  const raw = env.evaluate(p.expr, cell);
  // Money inside a formula may still be an exact unrounded product: round it once, by the template's mode.
  const v = p.expr.type === "money" ? finishMoney(raw, rounding) : raw;
  return formatForMessage(v, p.expr.type, currencyDigits);
}

/**
 * The designer's design tokens (CSS custom properties) and the few shared
 * rules every component adopts: one look, one visible focus ring.
 * @module
 */
import { css } from "lit";

/** Shared rules: tokens come from page.css on :root, so they pierce shadow roots. */
export const shared = css`
  :host { font: var(--kpi-font); color: var(--kpi-fg); }
  *:focus-visible { outline: 3px solid var(--kpi-focus); outline-offset: 2px; }
  button { font: inherit; padding: 6px 12px; border: 1px solid var(--kpi-border-strong); border-radius: var(--kpi-radius); background: var(--kpi-bg); color: var(--kpi-fg); cursor: pointer; }
  button:hover:not(:disabled) { background: var(--kpi-bg-hover); }
  button.primary { background: var(--kpi-accent); color: #fff; border-color: var(--kpi-accent); }
  button.primary:hover:not(:disabled) { background: var(--kpi-accent-strong); }
  button:disabled { opacity: 0.55; cursor: not-allowed; }
  input, select, textarea { font: inherit; padding: 5px 8px; border: 1px solid var(--kpi-border-strong); border-radius: var(--kpi-radius); background: var(--kpi-bg); color: var(--kpi-fg); min-width: 0; }
  /* One height for text inputs and selects, so the labels above a row of them line up. */
  input:not([type="checkbox"]):not([type="radio"]), select { box-sizing: border-box; height: 2rem; }
  input[readonly], select:disabled, textarea[readonly] { background: var(--kpi-bg-muted); }
  input[aria-invalid="true"] { border-color: var(--kpi-error); }
  label { display: inline-flex; flex-direction: column; gap: 2px; font-size: 0.85rem; color: var(--kpi-fg-muted); }
  table { border-collapse: collapse; width: 100%; }
  th, td { text-align: left; padding: 6px 8px; border-bottom: 1px solid var(--kpi-border); vertical-align: top; }
  th { font-size: 0.85rem; color: var(--kpi-fg-muted); font-weight: 600; }
  h2 { font-size: 1.15rem; margin: 0 0 12px; }
  h3 { font-size: 1rem; margin: 16px 0 8px; }
  .muted { color: var(--kpi-fg-muted); }
  .badge { display: inline-block; font-size: 0.75rem; padding: 1px 6px; border-radius: 10px; background: var(--kpi-bg-muted); color: var(--kpi-fg-muted); border: 1px solid var(--kpi-border); }
  .badge.inherited { background: var(--kpi-inherited-bg); color: var(--kpi-inherited-fg); border-color: transparent; }
  .error { color: var(--kpi-error); }
  .notice { padding: 8px 12px; border-radius: var(--kpi-radius); background: var(--kpi-warn-bg); border: 1px solid var(--kpi-warn-border); margin: 0 0 12px; }
  .row { display: flex; flex-wrap: wrap; gap: 12px; align-items: flex-end; }
  code, pre { font-family: var(--kpi-mono); font-size: 0.85rem; }
  button.remove { padding: 2px 8px; margin-left: auto; }
  .sr-only { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
`;

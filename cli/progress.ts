/**
 * A progress line on standard error while a long step runs (the dataset
 * load of `kpi eval`): after one second, `kpi eval: loading PATH… 3 s`,
 * rewritten in place every half second, erased when the step ends. Only when
 * standard error is a terminal: scripts and logs get nothing. The loader
 * reports no bytes or rows read yet, so the line shows the elapsed time; no
 * library is needed for that.
 * @module
 */

/** Where the line goes: standard error's writer, and whether it is a terminal. */
export interface ProgressTarget {
  err(text: string): void;
  errIsTTY?: boolean | undefined;
}

/** How long a step runs before the line appears, in ms. */
export const PROGRESS_AFTER_MS = 1000;

/**
 * Runs `step`, showing `label… N s` on a terminal's standard error while it takes longer than a second.
 * @example
 * const loaded = await withProgress(io, `loading ${path}`, () => loadDataset(path, spec));
 */
export async function withProgress<T>(target: ProgressTarget, label: string, step: () => Promise<T>, afterMs = PROGRESS_AFTER_MS): Promise<T> {
  if (!target.errIsTTY) return step();
  const started = Date.now();
  let shown = false;
  const show = (): void => {
    shown = true;
    target.err(`\r\u001b[K${label}… ${Math.floor((Date.now() - started) / 1000)} s`);
  };
  let repeat: NodeJS.Timeout | undefined;
  const first = setTimeout(() => {
    show();
    repeat = setInterval(show, 500);
  }, afterMs);
  try {
    return await step();
  } finally {
    clearTimeout(first);
    clearInterval(repeat);
    if (shown) target.err("\r\u001b[K");
  }
}

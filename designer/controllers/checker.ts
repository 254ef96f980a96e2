/**
 * The page's side of the checker worker: `check(text, bases)` resolves with
 * the diagnostics of the latest request only (a stale answer is dropped, so
 * fast typing never shows old problems).
 * @module
 */
import type { CheckReplyMessage, CheckRequestMessage } from "./checker-protocol.js";

/** The URL of the worker's bundle, which index.html names (it is content-hashed). */
export function checkerUrl(doc: Document = document): string {
  const meta = doc.querySelector<HTMLMetaElement>('meta[name="kpi-checker"]');
  if (!meta) throw new Error("index.html names no checker worker");
  return meta.content;
}

/**
 * Talks to the worker.
 * @example
 * const checker = new Checker(checkerUrl());
 * const r = await checker.check("metric a = 1", {}); // r?.diagnostics
 */
export class Checker {
  private readonly worker: Worker;
  private seq = 0;
  private waiting = new Map<number, (r: CheckReplyMessage | undefined) => void>();

  constructor(url: string) {
    this.worker = new Worker(url, { type: "module", name: "kpi-checker" });
    this.worker.onmessage = (e: MessageEvent<CheckReplyMessage>) => {
      const done = this.waiting.get(e.data.id);
      this.waiting.delete(e.data.id);
      // Anything older than this answer is stale: resolve it as undefined.
      for (const [id, stale] of this.waiting) if (id < e.data.id) {
        stale(undefined);
        this.waiting.delete(id);
      }
      done?.(e.data);
    };
  }

  /** Checks text; resolves undefined when a newer request overtook this one. */
  check(text: string, bases: Record<string, string>): Promise<CheckReplyMessage | undefined> {
    const id = ++this.seq;
    const msg: CheckRequestMessage = { id, text, bases };
    return new Promise((resolve) => {
      this.waiting.set(id, resolve);
      this.worker.postMessage(msg);
    });
  }

  close(): void {
    this.worker.terminate();
  }
}

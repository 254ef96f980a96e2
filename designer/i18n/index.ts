/**
 * Picks the designer's language (`?lang=en|zh-CN`, else the browser's) and
 * formats messages with `{name}` placeholders.
 * @module
 */
import { en, type Messages } from "./en.js";
import { zhCN } from "./zh-CN.js";

/** The languages the designer speaks. */
export type Lang = "en" | "zh-CN";

const CATALOGUES: Record<Lang, Messages> = { en, "zh-CN": zhCN };

/** A message key. */
export type MessageKey = keyof typeof en;

/**
 * The language from the query string, else from the browser's preferences.
 * @example
 * pickLang("?lang=zh-CN", ["en-US"]); // "zh-CN"
 * pickLang("", ["zh-TW", "en"]); // "zh-CN"
 */
export function pickLang(search: string, preferred: readonly string[]): Lang {
  const asked = new URLSearchParams(search).get("lang");
  if (asked === "en" || asked === "zh-CN") return asked;
  for (const p of preferred) {
    const l = p.toLowerCase();
    if (l.startsWith("zh")) return "zh-CN";
    if (l.startsWith("en")) return "en";
  }
  return "en";
}

/** A translator: a key and its parameters → text. */
export type Translate = (key: MessageKey, params?: Record<string, string | number>) => string;

/**
 * The translator of a language.
 * @example
 * translator("en")("savedDraft", { n: 3 }); // "Draft saved (revision 3)."
 */
export function translator(lang: Lang): Translate {
  const m = CATALOGUES[lang];
  return (key, params) => {
    const text = m[key];
    return params ? text.replace(/\{(\w+)\}/g, (all, k: string) => (Object.hasOwn(params, k) ? String(params[k]) : all)) : text;
  };
}

import { en } from './en.ts';
import { fa, type MessageKey } from './fa.ts';

export type { MessageKey };
export type Lang = 'fa' | 'en';

export const DICTIONARIES: Record<Lang, Record<MessageKey, string>> = { fa, en };

/** Values for `{name}` placeholders; numbers must be formatted by the caller (digit style). */
export type MessageParams = Record<string, string>;

/**
 * Looks a key up and fills its `{name}` placeholders. A placeholder without a value stays
 * visible as `{name}` so a missing argument shows up in review instead of vanishing.
 */
export function translate(lang: Lang, key: MessageKey, params?: MessageParams): string {
  const text = DICTIONARIES[lang][key];
  if (!params) return text;
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => params[name] ?? whole);
}

export type Translate = (key: MessageKey, params?: MessageParams) => string;

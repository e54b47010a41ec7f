import type { MessageKey } from './fa.ts';

export type { MessageKey };
export type Lang = 'fa' | 'en';
export type Dictionary = Record<MessageKey, string>;

// Each language is its own chunk: a page downloads only the dictionary it shows (issue #4).
const LOADERS: Record<Lang, () => Promise<Dictionary>> = {
  fa: () => import('./fa.ts').then((module) => module.fa),
  en: () => import('./en.ts').then((module) => module.en),
};

const loaded: Partial<Record<Lang, Dictionary>> = {};
const loading: Partial<Record<Lang, Promise<Dictionary>>> = {};

/** Downloads a language's dictionary once; a failed download is tried again on the next call. */
export function loadDictionary(lang: Lang): Promise<Dictionary> {
  loading[lang] ??= LOADERS[lang]().then(
    (dictionary) => (loaded[lang] = dictionary),
    (error: unknown) => {
      delete loading[lang];
      throw error;
    },
  );
  return loading[lang];
}

/** Whether `translate(lang, …)` can answer now. */
export function isDictionaryLoaded(lang: Lang): boolean {
  return loaded[lang] !== undefined;
}

/** Values for `{name}` placeholders; numbers must be formatted by the caller (digit style). */
export type MessageParams = Record<string, string>;

/**
 * Looks a key up and fills its `{name}` placeholders. A placeholder without a value stays
 * visible as `{name}` so a missing argument shows up in review instead of vanishing. The
 * language's dictionary must be loaded (`loadDictionary`; `useLocale` waits for it).
 */
export function translate(lang: Lang, key: MessageKey, params?: MessageParams): string {
  const dictionary = loaded[lang];
  if (!dictionary) throw new Error(`the ${lang} dictionary is not loaded yet (loadDictionary)`);
  const text = dictionary[key];
  if (!params) return text;
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => params[name] ?? whole);
}

export type Translate = (key: MessageKey, params?: MessageParams) => string;

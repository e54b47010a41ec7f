import { use, useMemo } from 'react';
import { useSearchParams } from 'react-router';
import { isDictionaryLoaded, loadDictionary, translate, type Translate } from '../i18n/index.ts';
import { createFormatter, type DigitStyle, type Formatter, type Lang } from './format.ts';
import { digitsOf, langOf } from './url-state.ts';

export interface LocaleApi {
  lang: Lang;
  dir: 'rtl' | 'ltr';
  digits: DigitStyle;
  fmt: Formatter;
  t: Translate;
  /** Picks the Persian or English name of a record with nameFa/nameEn. */
  name: (record: { nameFa: string; nameEn: string }) => string;
}

const formatters = new Map<string, Formatter>();

/** Formatter for a language and digit style, shared across components. */
export function formatterFor(lang: Lang, digits: DigitStyle): Formatter {
  const key = `${lang}:${digits}`;
  let f = formatters.get(key);
  if (!f) {
    f = createFormatter({ lang, digits });
    formatters.set(key, f);
  }
  return f;
}

/** Language, direction, formatter and `t()` for the current URL (`?lang=en`, `?digits=latin`). */
export function useLocale(): LocaleApi {
  const [params] = useSearchParams();
  const lang = langOf(params);
  const digits = digitsOf(params);
  // Switching language fetches the other dictionary once: suspend until it is here (inside a
  // navigation transition React keeps the current screen meanwhile).
  if (!isDictionaryLoaded(lang)) use(loadDictionary(lang));
  return useMemo(
    () => ({
      lang,
      dir: lang === 'fa' ? 'rtl' : 'ltr',
      digits,
      fmt: formatterFor(lang, digits),
      t: (key, values) => translate(lang, key, values),
      name: (record) => (lang === 'fa' ? record.nameFa : record.nameEn),
    }),
    [lang, digits],
  );
}

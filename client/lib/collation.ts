import type { Lang } from './format.ts';

/**
 * Alphabetical order of names as a reader of the language expects it (issue #14): Persian
 * collation puts «آذربایجان شرقی» before «اصفهان» and «ک/گ» in their Persian places, where code
 * order (IR-00, IR-01…) or code points would not. Lists a person picks from or reads down use
 * this; a ranking keeps its order by value.
 */
const collators = new Map<Lang, Intl.Collator>();

export function collator(lang: Lang): Intl.Collator {
  let c = collators.get(lang);
  if (!c) {
    c = new Intl.Collator(lang, { numeric: true, sensitivity: 'base' });
    collators.set(lang, c);
  }
  return c;
}

/** A copy of `items` in the language's alphabetical order of `name(item)`. */
export function sortByName<T>(items: readonly T[], name: (item: T) => string, lang: Lang): T[] {
  const c = collator(lang);
  return [...items].sort((a, b) => c.compare(name(a), name(b)));
}

import {
  EMPTY_FILTERS,
  LIST_KEYS,
  checkFilters,
  describeFilterError,
  filtersToParams,
  parseFilterParams,
  type Filters,
  type ListKey,
} from '../../server/domain/filters.ts';
import type { DigitStyle, Lang } from './format.ts';

/**
 * The whole view state lives in the URL (DESIGN §3): the shared filter parameters, parsed and
 * written only by server/domain/filters.ts, plus a few page parameters. Pure functions here; the
 * React binding is `useViewState` in use-view-state.ts.
 */

/** Page parameters besides the filters. `map` = raw | capita (the map's scale). */
export const PAGE_PARAMS = ['by', 'metric', 'chart', 'map', 'page'] as const;
export type PageParam = (typeof PAGE_PARAMS)[number];

/** Parameters that are display preferences and survive every navigation. */
export const PREFERENCE_PARAMS = ['lang', 'digits'] as const;

export interface ViewState {
  filters: Filters;
  /** Readable reason when some filter parameters were invalid and were dropped. */
  filterError: string | null;
  lang: Lang;
  digits: DigitStyle;
  /** Whether `digits` was given explicitly (otherwise it follows the language). */
  digitsExplicit: boolean;
}

/** The language from `lang=` (anything but `en` is Persian, the default). */
export function langOf(params: URLSearchParams): Lang {
  return params.get('lang') === 'en' ? 'en' : 'fa';
}

/** Digit style: explicit `digits=` or the language's own (Persian UI → Persian digits). */
export function digitsOf(params: URLSearchParams): DigitStyle {
  const explicit = params.get('digits');
  if (explicit === 'persian' || explicit === 'latin') return explicit;
  return langOf(params) === 'en' ? 'latin' : 'persian';
}

/**
 * Filters from the URL. An invalid parameter does not blank the page: it is dropped (each filter
 * key is retried alone) and the reason is returned for a notice.
 */
export function readFilters(params: URLSearchParams): { filters: Filters; error: string | null } {
  const parsed = parseFilterParams(params);
  if (parsed.success) return { filters: parsed.data, error: null };
  const kept = new URLSearchParams();
  for (const key of [...LIST_KEYS, 'from', 'to'] as const) {
    const value = params.get(key);
    if (value === null) continue;
    const alone = new URLSearchParams({ [key]: value });
    if (parseFilterParams(alone).success) kept.set(key, value);
  }
  const retry = parseFilterParams(kept);
  return {
    filters: retry.success ? retry.data : EMPTY_FILTERS,
    error: describeFilterError(parsed.error),
  };
}

/** The full view state of a URL. */
export function readViewState(params: URLSearchParams): ViewState {
  const { filters, error } = readFilters(params);
  const explicit = params.get('digits');
  return {
    filters,
    filterError: error,
    lang: langOf(params),
    digits: digitsOf(params),
    digitsExplicit: explicit === 'persian' || explicit === 'latin',
  };
}

/**
 * New URL parameters with `filters` written in place of the current ones; every other parameter
 * (language, digits, page parameters) is kept. Output order is stable, so equal views give equal URLs.
 */
export function withFilters(params: URLSearchParams, filters: Partial<Filters>): URLSearchParams {
  const next = new URLSearchParams();
  for (const [key, value] of filtersToParams(filters)) next.set(key, value);
  for (const [key, value] of params) {
    if (!isFilterParam(key)) next.set(key, value);
  }
  return next;
}

/** New URL parameters with one parameter set (or removed when `value` is null or empty). */
export function withParam(
  params: URLSearchParams,
  key: string,
  value: string | null,
): URLSearchParams {
  const next = new URLSearchParams(params);
  if (value === null || value === '') next.delete(key);
  else next.set(key, value);
  return next;
}

/** Only the parameters that carry over to another page: filters and display preferences. */
export function carriedParams(params: URLSearchParams): URLSearchParams {
  const next = new URLSearchParams();
  for (const [key, value] of params) {
    if (isFilterParam(key) || (PREFERENCE_PARAMS as readonly string[]).includes(key)) {
      next.set(key, value);
    }
  }
  return next;
}

/** A path plus a query string (without a dangling `?`). */
export function hrefOf(path: string, params: URLSearchParams): string {
  const query = params.toString();
  return query ? `${path}?${query}` : path;
}

export function isFilterParam(key: string): boolean {
  return (LIST_KEYS as readonly string[]).includes(key) || key === 'from' || key === 'to';
}

/** Toggles one code in a list filter, returning new filters (cross-filter clicks use this). */
export function toggleListValue(filters: Filters, key: ListKey, code: string): Filters {
  const list: readonly string[] = filters[key];
  const next = list.includes(code) ? list.filter((c) => c !== code) : [...list, code];
  return setListValues(filters, key, next);
}

/** Filters with one list replaced; validates through `checkFilters` so bad codes never reach the URL. */
export function setListValues(filters: Filters, key: ListKey, codes: string[]): Filters {
  const parsed = checkFilters({ ...filters, [key]: codes });
  return parsed.success ? parsed.data : filters;
}

/** How many filters are active (list entries plus an explicit year range). */
export function activeFilterCount(filters: Filters): number {
  let count = 0;
  for (const key of LIST_KEYS) count += filters[key].length;
  if (filters.from !== undefined || filters.to !== undefined) count += 1;
  return count;
}

/**
 * Filters without one list: a chart that cross-filters by a dimension shows all of that
 * dimension's members (the chosen ones highlighted), not only the chosen ones.
 */
export function withoutList(filters: Filters, key: ListKey): Filters {
  return filters[key].length === 0 ? filters : { ...filters, [key]: [] };
}

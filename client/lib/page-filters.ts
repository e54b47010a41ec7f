import type { Filters } from '../../server/domain/filters.ts';
import { PROVINCE_CODES } from '../../server/domain/reference.ts';

/**
 * What a page answers is its URL's filters plus what its route pins: `/provinces/IR-10` is about
 * Isfahan whatever `province=` says. One function, so the page's panels, its filter bar and
 * caption, its slides and its saved views all see the same filters.
 */

/** The province a route pins (`/provinces/IR-10` → IR-10), or null. */
export function pinnedProvince(path: string): string | null {
  const code = /^\/provinces\/(IR-\d{2})$/.exec(path)?.[1];
  return code && (PROVINCE_CODES as readonly string[]).includes(code) ? code : null;
}

/** The filters a page answers: the URL's, with the route's pinned province in place of its own. */
export function pageFilters(path: string, filters: Filters): Filters {
  const code = pinnedProvince(path);
  return code ? { ...filters, province: [code] } : filters;
}

import { filtersToParams, type Filters } from '../../server/domain/filters.ts';
import type { DigitStyle, Lang } from './format.ts';

/**
 * Download URLs of the export endpoints (DESIGN §3: `/api/export/<view>.<csv|xlsx>`). The views are
 * the server's (server/export/request.ts), which the client may not import; a wrong name is a 404
 * the e2e test would catch.
 */
export type ExportView =
  'summary' | 'breakdown' | 'provinces' | 'timeseries' | 'drill' | 'units' | 'grants' | 'impact';

/** What a panel exports: the view, the filters its query used, and the view's own parameters. */
export interface ExportTarget {
  view: ExportView;
  filters: Filters;
  /** `by`, `by2`, `metric`, `metrics`, `sort`, `limit`, `grain`, `level`, `status`… */
  params?: Record<string, string | number | readonly string[] | undefined>;
}

/**
 * The URL of a panel's file, in the page language and digits: `digits=` only when it is not the
 * language's own, as the page's URL carries it (the file's sentences follow the screen's digits).
 * @example exportHref({ view: 'provinces', filters, params: { metric: 'amount' } }, 'csv', 'fa')
 *   // → '/api/export/provinces.csv?from=1398&to=1403&metric=amount&lang=fa'
 */
export function exportHref(
  target: ExportTarget,
  format: 'csv' | 'xlsx',
  lang: Lang,
  digits: DigitStyle = lang === 'fa' ? 'persian' : 'latin',
): string {
  const query = filtersToParams(target.filters);
  for (const [key, value] of Object.entries(target.params ?? {})) {
    if (value === undefined) continue;
    const text = typeof value === 'object' ? value.join(',') : String(value);
    if (text !== '') query.set(key, text);
  }
  query.set('lang', lang);
  if (digits !== (lang === 'fa' ? 'persian' : 'latin')) query.set('digits', digits);
  return `/api/export/${target.view}.${format}?${query.toString()}`;
}

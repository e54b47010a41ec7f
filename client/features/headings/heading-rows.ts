import type { Metric, MetricValues } from '../../../server/domain/metrics.ts';
import type { ChartRow } from '../../components/charts/chart-config.ts';
import { breakdownToRows, type NamedMetricRow } from '../../lib/chart-rows.ts';
import type { Lang } from '../../lib/format.ts';

/** Pure transforms for the Support headings page. */

/** Support metrics: the ones a heading can be measured by. */
export const HEADING_METRICS: readonly Metric[] = ['amount', 'grants', 'supportedUnits'];

export interface HeadingInfo {
  code: string;
  category: string;
  nameFa: string;
  nameEn: string;
  evidence: string;
}
export interface CategoryInfo {
  code: string;
  nameFa: string;
  nameEn: string;
}

/**
 * Every heading of the reference list (not only those with grants), ordered by category then
 * code, with its metrics from the breakdown (zero when it had none) and text fields `category`
 * (code), `categoryName` and `evidence` for the table.
 */
export function allHeadingRows(
  headings: readonly HeadingInfo[],
  categories: readonly CategoryInfo[],
  apiRows: readonly NamedMetricRow[],
  metrics: readonly Metric[],
  lang: Lang,
): ChartRow[] {
  const byKey = new Map(apiRows.map((r) => [r.key, r]));
  const order = new Map(categories.map((c, i) => [c.code, i]));
  const sorted = [...headings].sort(
    (a, b) =>
      (order.get(a.category) ?? 99) - (order.get(b.category) ?? 99) || a.code.localeCompare(b.code),
  );
  const zero: Partial<MetricValues> = { supportedUnits: 0, grants: 0, amount: '0' };
  const rows = breakdownToRows(
    sorted.map((h) => ({
      ...zero,
      ...byKey.get(h.code),
      key: h.code,
      nameFa: h.nameFa,
      nameEn: h.nameEn,
    })),
    metrics,
    lang,
  );
  return rows.map((row, i) => {
    const heading = sorted[i];
    const category = categories.find((c) => c.code === heading?.category);
    return {
      ...row,
      category: heading?.category ?? '',
      categoryName: category ? (lang === 'fa' ? category.nameFa : category.nameEn) : '',
      evidence: heading?.evidence ?? '',
    };
  });
}

/**
 * The headings a heat map shows: those of `categories` (all when empty) and, when headings are
 * chosen, only those; in the given order.
 */
export function headingsInView(
  headings: readonly HeadingInfo[],
  filter: { category: readonly string[]; heading: readonly string[] },
): HeadingInfo[] {
  return headings.filter(
    (h) =>
      (filter.category.length === 0 || filter.category.includes(h.category)) &&
      (filter.heading.length === 0 || filter.heading.includes(h.code)),
  );
}

/**
 * Splits codes into chunks whose pairs with `columns` members fit one breakdown (`maxCells`
 * rows, the API's limit): heading × province is 85 × 31 cells, more than one request may return.
 */
export function chunkCodes(codes: readonly string[], columns: number, maxCells = 500): string[][] {
  const size = Math.max(1, Math.floor(maxCells / Math.max(1, columns)));
  const chunks: string[][] = [];
  for (let i = 0; i < codes.length; i += size) chunks.push(codes.slice(i, i + size));
  return chunks;
}

/** A pair breakdown row: `key` × `key2` with metric values. */
export type PairRow = { key: string; key2?: string } & Partial<MetricValues>;

/** Cell values of pair breakdowns by `${key}|${key2}` (money as a float for colouring). */
export function pairValues(rows: readonly PairRow[], metric: Metric): Map<string, number> {
  const cells = new Map<string, number>();
  for (const row of rows) {
    if (row.key2 === undefined) continue;
    const value = row[metric];
    const n = typeof value === 'string' ? Number(value) : value;
    if (typeof n === 'number' && Number.isFinite(n)) cells.set(`${row.key}|${row.key2}`, n);
  }
  return cells;
}

/** Years from..to inclusive, as heat-map columns. */
export function yearColumns(range: { from: number; to: number }): number[] {
  const years: number[] = [];
  for (let y = range.from; y <= range.to; y++) years.push(y);
  return years;
}

import type { Dimension } from '../../../server/domain/dimensions.ts';
import { METRIC_DEFS, type Metric, type MetricValues } from '../../../server/domain/metrics.ts';
import {
  exactKey,
  paletteColor,
  type ChartConfig,
  type ChartRow,
} from '../../components/charts/chart-config.ts';
import { collator } from '../../lib/collation.ts';
import { amountToNumber, type Lang } from '../../lib/format.ts';
import {
  OTHERS_KEY,
  breakdownToRows,
  breakdownWithOthers,
  type NamedMetricRow,
} from '../../lib/chart-rows.ts';
import { withPerCapita } from '../../lib/per-capita.ts';

/** Pure transforms from Explore's breakdowns to chart and table rows. */

/** The per-capita series of a metric (`amountPerCapita`…), as written by `withPerCapita`. */
export function perCapitaKey(metric: Metric): string {
  return `${metric}PerCapita`;
}

/**
 * One-dimension rows: the breakdown (plus "others" when rows were folded), years in calendar
 * order rather than by value, and per-capita values (then ranked by them) when asked.
 */
export function singleRows(
  rows: readonly NamedMetricRow[],
  others: Partial<MetricValues> | null,
  metrics: readonly Metric[],
  options: {
    by: Dimension;
    lang: Lang;
    othersLabel: string;
    /** Formats a Jalali year in the UI's digits (the API names years by their Latin digits). */
    yearLabel: (year: number) => string;
    perCapitaOf?: Metric;
  },
): ChartRow[] {
  let out = breakdownWithOthers(rows, others, metrics, options.lang, options.othersLabel);
  if (options.by === 'year') {
    out = out
      .sort((a, b) => a.key.localeCompare(b.key))
      .map((row) => ({ ...row, label: options.yearLabel(Number(row.key)) }));
  }
  const metric = options.perCapitaOf;
  if (metric) {
    const key = perCapitaKey(metric);
    out = withPerCapita(out, metric).sort(
      (a, b) =>
        (typeof b[key] === 'number' ? b[key] : -Infinity) -
        (typeof a[key] === 'number' ? a[key] : -Infinity),
    );
  }
  return out;
}

/** A pair breakdown row. */
export type PairRow = NamedMetricRow & { key2?: string; name2Fa?: string; name2En?: string };

export interface AxisMember {
  key: string;
  label: string;
}

/** A pair breakdown as a matrix: members of each dimension and one value per cell. */
export interface PairMatrix {
  rows: AxisMember[];
  columns: AxisMember[];
  /** `${rowKey}|${columnKey}` → value (money as a float). */
  cells: Map<string, number>;
  /** Exact money per cell, when the metric is money. */
  exact: Map<string, string>;
}

function numeric(row: Partial<MetricValues>, metric: Metric): number | null {
  const value = row[metric];
  if (metric === 'amount') return typeof value === 'string' ? amountToNumber(value) : null;
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

/**
 * Pair rows → matrix; the first dimension are the rows, unless `transpose`. Years run in calendar
 * order; other members by their total of the metric, largest first (`order: 'total'`: a stacked
 * or line chart keeps the largest as its series), or alphabetically in the UI language
 * (`'name'`: a heat map is read down and across like a list, issue #14).
 */
export function pairMatrix(
  rows: readonly PairRow[],
  metric: Metric,
  dims: { by: Dimension; by2: Dimension },
  lang: Lang,
  yearLabel: (year: number) => string,
  transpose = false,
  order: 'total' | 'name' = 'total',
): PairMatrix {
  const totals = [new Map<string, number>(), new Map<string, number>()] as const;
  const labels = [new Map<string, string>(), new Map<string, string>()] as const;
  const cells = new Map<string, number>();
  const exact = new Map<string, string>();
  for (const r of rows) {
    if (r.key2 === undefined) continue;
    const value = numeric(r, metric);
    const keys = transpose ? [r.key2, r.key] : [r.key, r.key2];
    const names = transpose
      ? [lang === 'fa' ? r.name2Fa : r.name2En, lang === 'fa' ? r.nameFa : r.nameEn]
      : [lang === 'fa' ? r.nameFa : r.nameEn, lang === 'fa' ? r.name2Fa : r.name2En];
    keys.forEach((key, i) => {
      const side = i === 0 ? 0 : 1;
      labels[side].set(key ?? '', names[i] ?? key ?? '');
      totals[side].set(key ?? '', (totals[side].get(key ?? '') ?? 0) + Math.abs(value ?? 0));
    });
    const cell = `${keys[0]}|${keys[1]}`;
    if (value !== null) cells.set(cell, value);
    if (metric === 'amount' && typeof r.amount === 'string') exact.set(cell, r.amount);
  }
  const dimOf = transpose ? [dims.by2, dims.by] : [dims.by, dims.by2];
  const members = (side: 0 | 1): AxisMember[] => {
    const keys = [...labels[side].keys()];
    const names = collator(lang);
    if (dimOf[side] === 'year') keys.sort((a, b) => a.localeCompare(b));
    else if (order === 'name')
      keys.sort(
        (a, b) =>
          names.compare(labels[side].get(a) ?? a, labels[side].get(b) ?? b) || a.localeCompare(b),
      );
    else
      keys.sort(
        (a, b) => (totals[side].get(b) ?? 0) - (totals[side].get(a) ?? 0) || a.localeCompare(b),
      );
    return keys.map((key) => ({
      key,
      label: dimOf[side] === 'year' ? yearLabel(Number(key)) : (labels[side].get(key) ?? key),
    }));
  };
  return { rows: members(0), columns: members(1), cells, exact };
}

/**
 * A matrix as series for a stacked or line chart: one chart row per matrix row, one series per
 * column (the `maxSeries − 1` largest, the rest summed into "others" — only for metrics that add
 * up, which the chart choice guarantees for stacked charts).
 */
export function matrixSeries(
  matrix: PairMatrix,
  metric: Metric,
  maxSeries: number,
  othersLabel: string,
  foldOthers: boolean,
): { rows: ChartRow[]; config: ChartConfig } {
  const kind = METRIC_DEFS[metric].kind;
  const needFold = foldOthers && matrix.columns.length > maxSeries;
  const shown = needFold
    ? matrix.columns.slice(0, maxSeries - 1)
    : matrix.columns.slice(0, maxSeries);
  const folded = needFold ? matrix.columns.slice(maxSeries - 1) : [];
  const config: ChartConfig = {};
  shown.forEach((c, i) => {
    config[`s${i}`] = { label: c.label, color: paletteColor(i), kind };
  });
  if (folded.length > 0) config[OTHERS_KEY] = { label: othersLabel, color: 'var(--chart-7)', kind };
  const rows = matrix.rows.map((r) => {
    const row: ChartRow = { key: r.key, label: r.label };
    shown.forEach((c, i) => {
      const cell = `${r.key}|${c.key}`;
      row[`s${i}`] = matrix.cells.get(cell) ?? null;
      const exact = matrix.exact.get(cell);
      if (exact !== undefined) row[exactKey(`s${i}`)] = exact;
    });
    if (folded.length > 0) {
      row[OTHERS_KEY] = folded.reduce(
        (sum, c) => sum + (matrix.cells.get(`${r.key}|${c.key}`) ?? 0),
        0,
      );
    }
    return row;
  });
  return { rows, config };
}

/** Pair rows in long form for the table: key `a|b`, the second member's name in `second`. */
export function pairTableRows(
  rows: readonly PairRow[],
  metrics: readonly Metric[],
  dims: { by: Dimension; by2: Dimension },
  lang: Lang,
  yearLabel: (year: number) => string,
): ChartRow[] {
  return breakdownToRows(rows, metrics, lang).map((row, i) => {
    const r = rows[i];
    const second = (lang === 'fa' ? r?.name2Fa : r?.name2En) ?? '';
    return {
      ...row,
      key: `${row.key}|${r?.key2 ?? ''}`,
      label: dims.by === 'year' ? yearLabel(Number(row.key)) : row.label,
      second: dims.by2 === 'year' ? yearLabel(Number(r?.key2)) : second,
    };
  });
}

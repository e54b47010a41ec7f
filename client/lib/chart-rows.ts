import { METRIC_DEFS, type Metric, type MetricValues } from '../../server/domain/metrics.ts';
import type { Translate } from '../i18n/index.ts';
import { exactKey, type ChartConfig, type ChartRow } from '../components/charts/chart-config.ts';
import { amountToNumber, type Formatter, type Lang } from './format.ts';

/**
 * Pure transforms from API rows to chart rows and configs, shared by every page. A metric always
 * has the same colour and label on every chart.
 */

/** Fixed colour per metric (Okabe–Ito slots), so "employment" is orange everywhere. */
export const METRIC_COLORS: Record<Metric, string> = {
  units: 'var(--chart-1)',
  employment: 'var(--chart-2)',
  supportedUnits: 'var(--chart-3)',
  amount: 'var(--chart-4)',
  coverage: 'var(--chart-5)',
  grants: 'var(--chart-6)',
  employmentChange: 'var(--chart-8)',
};

/** Chart config for metrics: label from the dictionary, kind from the metric catalogue. */
export function metricConfig(
  metrics: readonly Metric[],
  t: Translate,
  secondary: readonly Metric[] = [],
): ChartConfig {
  const config: ChartConfig = {};
  for (const metric of metrics) {
    config[metric] = {
      label: t(`metric.${metric}`),
      color: METRIC_COLORS[metric],
      kind: METRIC_DEFS[metric].kind,
      ...(secondary.includes(metric) ? { axis: 'secondary' as const } : {}),
    };
  }
  return config;
}

/** Writes metric values into a chart row: money as a float plus its exact string. */
function putMetrics(
  row: ChartRow,
  values: Partial<MetricValues>,
  metrics: readonly Metric[],
): ChartRow {
  for (const metric of metrics) {
    const value = values[metric];
    if (metric === 'amount') {
      row.amount = typeof value === 'string' ? amountToNumber(value) : null;
      row[exactKey('amount')] = typeof value === 'string' ? value : null;
    } else {
      row[metric] = typeof value === 'number' ? value : null;
    }
  }
  return row;
}

/** A breakdown row as the API returns it (names in both languages, metric values). */
export type NamedMetricRow = {
  key: string;
  nameFa: string;
  nameEn: string;
} & Partial<MetricValues>;

/** Breakdown rows → chart rows, labelled in the UI language. */
export function breakdownToRows(
  rows: readonly NamedMetricRow[],
  metrics: readonly Metric[],
  lang: Lang,
): ChartRow[] {
  return rows.map((r) =>
    putMetrics({ key: r.key, label: lang === 'fa' ? r.nameFa : r.nameEn }, r, metrics),
  );
}

/**
 * Breakdown rows plus the folded "others" row (rows past the limit), so a top-N chart still adds
 * up to the total. `others` is keyed `__others` and must not be used as a filter value.
 */
export function breakdownWithOthers(
  rows: readonly NamedMetricRow[],
  others: Partial<MetricValues> | null,
  metrics: readonly Metric[],
  lang: Lang,
  othersLabel: string,
): ChartRow[] {
  const out = breakdownToRows(rows, metrics, lang);
  if (others) out.push(putMetrics({ key: OTHERS_KEY, label: othersLabel }, others, metrics));
  return out;
}

export const OTHERS_KEY = '__others';

/** Timeseries rows → chart rows labelled by period (Jalali year, quarter or month). */
export function timeseriesToRows(
  rows: readonly ({ period: string } & Partial<Record<Metric, number | string | null>>)[],
  metrics: readonly Metric[],
  fmt: Formatter,
): ChartRow[] {
  return rows.map((r) =>
    putMetrics({ key: r.period, label: fmt.period(r.period) }, r as Partial<MetricValues>, metrics),
  );
}

/** Values by key for one metric (map input); money as float. */
export function valuesByKey(
  rows: readonly NamedMetricRow[],
  metric: Metric,
): Record<string, number | null> {
  const out: Record<string, number | null> = {};
  for (const r of rows) {
    const value = r[metric];
    out[r.key] =
      metric === 'amount'
        ? amountToNumber(value as string | undefined)
        : typeof value === 'number'
          ? value
          : null;
  }
  return out;
}

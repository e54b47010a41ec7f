import type { Dimension } from '../domain/dimensions.ts';
import type { Metric, MetricValues } from '../domain/metrics.ts';
import type { PlanMetric } from '../domain/plan.ts';
import type { Bilingual, Cell, CellType, ExportColumn } from './table.ts';

/**
 * Column headers of the exports. The wording follows the UI dictionaries (client/i18n), which the
 * server may not import (imports go down), so the few labels a file needs are kept here.
 */
export const METRIC_LABELS: Record<Metric, Bilingual> = {
  units: { fa: 'واحدهای تولیدی', en: 'Production units' },
  employment: { fa: 'اشتغال', en: 'Employment' },
  supportedUnits: { fa: 'واحدهای حمایت‌شده', en: 'Supported units' },
  coverage: { fa: 'پوشش حمایت', en: 'Support coverage' },
  grants: { fa: 'حمایت‌های پرداخت‌شده', en: 'Disbursed grants' },
  amount: { fa: 'مبلغ پرداختی (ریال)', en: 'Disbursed amount (rials)' },
  employmentChange: { fa: 'تغییر اشتغال', en: 'Employment change' },
};

const METRIC_TYPES: Record<Metric, CellType> = {
  units: 'int',
  employment: 'int',
  supportedUnits: 'int',
  coverage: 'ratio',
  grants: 'int',
  amount: 'money',
  employmentChange: 'int',
};

export const DIMENSION_LABELS: Record<Dimension | 'unit', Bilingual> = {
  province: { fa: 'استان', en: 'Province' },
  park: { fa: 'شهرک/ناحیه', en: 'Park/zone' },
  cluster: { fa: 'خوشه', en: 'Cluster' },
  sector: { fa: 'گروه صنعتی', en: 'Sector' },
  size: { fa: 'اندازه', en: 'Size' },
  category: { fa: 'دسته حمایت', en: 'Support category' },
  heading: { fa: 'سرفصل حمایت', en: 'Support heading' },
  year: { fa: 'سال', en: 'Year' },
  unit: { fa: 'واحد', en: 'Unit' },
};

/** A column; `col('from', 'year', 'از سال', 'From year')`. */
export function col(key: string, type: CellType, fa: string, en: string): ExportColumn {
  return { key, type, label: { fa, en } };
}

export function metricColumn(metric: Metric): ExportColumn {
  return { key: metric, type: METRIC_TYPES[metric], label: METRIC_LABELS[metric] };
}

/** Cells of the metric columns, in `metrics` order; money stays an exact string. */
export function metricCells(values: MetricValues, metrics: readonly Metric[]): Cell[] {
  return metrics.map((m) => values[m]);
}

/** `amountTarget`, `amountAchievement`: the keys of a plan metric's two columns. */
export function planColumnKeys(metric: PlanMetric): { target: string; achievement: string } {
  return { target: `${metric}Target`, achievement: `${metric}Achievement` };
}

/** A plan metric's target (exact money, or a count) and achievement (a ratio) columns. */
export function planColumns(metric: PlanMetric): ExportColumn[] {
  const keys = planColumnKeys(metric);
  const label = METRIC_LABELS[metric];
  return [
    {
      key: keys.target,
      type: metric === 'amount' ? 'money' : 'int',
      label: { fa: `هدف: ${label.fa}`, en: `Target: ${label.en}` },
    },
    {
      key: keys.achievement,
      type: 'ratio',
      label: { fa: `تحقق: ${label.fa}`, en: `Achievement: ${label.en}` },
    },
  ];
}

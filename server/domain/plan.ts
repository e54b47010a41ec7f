// Plans (issue #18): which metrics a target can be set for, and how a target's place and support
// selection are named. Pure: shared by the import, the queries and the client.
import type { Metric } from './metrics.ts';

/** Metrics a plan may set a yearly target for, in the order pages list them. */
export const PLAN_METRICS = [
  'amount',
  'grants',
  'supportedUnits',
  'units',
  'employment',
] as const satisfies readonly Metric[];
export type PlanMetric = (typeof PLAN_METRICS)[number];

/** What the /plan page ranks by (and a slide may name achievement by): places or support. */
export const PLAN_DIMENSIONS = ['province', 'category', 'heading'] as const;
export type PlanDimension = (typeof PLAN_DIMENSIONS)[number];

export function isPlanMetric(metric: string): metric is PlanMetric {
  return (PLAN_METRICS as readonly string[]).includes(metric);
}

/** A target for the whole country, not one province: what a targets file writes for it. */
export const NATIONAL = { fa: 'کل کشور', en: 'Whole country' } as const;
/** A target for every support heading together. */
export const ALL_SUPPORT = { fa: 'همه', en: 'All' } as const;

/** The other ways a targets file may name the whole country or every heading (search keys). */
export const NATIONAL_WORDS = ['کل کشور', 'کشور', 'ملی', 'whole country', 'national', 'iran', '*'];
export const ALL_SUPPORT_WORDS = ['همه', 'همه سرفصلها', 'کل', 'all', 'all headings', '*'];

/** Stands for "the whole country" or "every heading" in a target's code. */
export const ANY = '*';

/**
 * A target's natural key spelled out, the code an import upserts on: year, province (or `*`),
 * category or heading (or `*`), metric.
 * @example targetCode(1403, 'IR-23', 'FIN', 'amount') // → '1403/IR-23/FIN/amount'
 */
export function targetCode(
  year: number,
  province: string | null,
  support: string | null,
  metric: PlanMetric,
): string {
  return `${year}/${province ?? ANY}/${support ?? ANY}/${metric}`;
}

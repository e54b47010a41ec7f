import type { ChartConfig, ChartRow } from '../../components/charts/chart-config.ts';
import type { Translate } from '../../i18n/index.ts';

/** Pure transforms for the Programme impact page. */

export interface ImpactGroupValues {
  units: number;
  employmentFrom: number;
  employmentTo: number;
  /** Percent (43.4 = +43.4 %), null without employment in `from`. */
  changePct: number | null;
}
export interface ImpactValues {
  range: { from: number; to: number };
  supported: ImpactGroupValues;
  comparison: ImpactGroupValues;
  strata: number;
  differencePct: number | null;
}

/** A percentage as the ratio the formatter's percent() expects (43.4 → 0.434). */
export function pctToRatio(pct: number | null | undefined): number | null {
  return typeof pct === 'number' && Number.isFinite(pct) ? pct / 100 : null;
}

/** What can be said about a result: nothing to compare, or which group grew more. */
export type ImpactVerdict =
  'noRange' | 'noSupported' | 'noComparison' | 'higher' | 'lower' | 'same';

/**
 * The verdict on a result. A one-year range cannot show change; without supported units or
 * without comparable ones there is nothing to compare; half a percentage point is "the same".
 */
export function impactVerdict(impact: ImpactValues): ImpactVerdict {
  if (impact.range.from >= impact.range.to) return 'noRange';
  if (impact.supported.units === 0) return 'noSupported';
  if (impact.comparison.units === 0 || impact.differencePct === null) return 'noComparison';
  if (Math.abs(impact.differencePct) < 0.5) return 'same';
  return impact.differencePct > 0 ? 'higher' : 'lower';
}

/** Config of the change chart: supported vs comparison, as percentages. */
export function impactConfig(t: Translate): ChartConfig {
  return {
    supported: { label: t('impact.supported'), color: 'var(--chart-3)', kind: 'ratio' },
    comparison: { label: t('impact.comparison'), color: 'var(--chart-1)', kind: 'ratio' },
  };
}

/**
 * One chart row per selection (the whole selection, or each support category): employment change
 * of supported and reweighted comparison units as ratios, plus group sizes for the table.
 */
export function impactRows(
  items: readonly { key: string; label: string; impact: ImpactValues | undefined }[],
): ChartRow[] {
  return items.flatMap(({ key, label, impact }) =>
    impact && impact.supported.units > 0
      ? [
          {
            key,
            label,
            supported: pctToRatio(impact.supported.changePct),
            comparison: pctToRatio(impact.comparison.changePct),
            supportedUnits: impact.supported.units,
            comparisonUnits: impact.comparison.units,
            difference: pctToRatio(impact.differencePct),
          },
        ]
      : [],
  );
}

export { categorySelections } from '../../../server/domain/impact-selections.ts';

import { useLocale } from '../../lib/locale.ts';
import type { ImpactValues } from './impact-rows.ts';

/** The method in plain words, with this result's own numbers filled in. */
export function ImpactExplanation({ impact }: { impact: ImpactValues }) {
  const { t, fmt } = useLocale();
  const values = {
    from: fmt.year(impact.range.from),
    to: fmt.year(impact.range.to),
    supported: fmt.number(impact.supported.units),
    comparison: fmt.number(impact.comparison.units),
    strata: fmt.number(impact.strata),
  };
  return (
    <div className="impact-method">
      <p>{t('impact.explainSupported', values)}</p>
      <p>{t('impact.explainComparison', values)}</p>
      <p>{t('impact.explainReweight', values)}</p>
      <p>{t('impact.explainDifference', values)}</p>
    </div>
  );
}

import { useId } from 'react';
import { DIMENSIONS, type Dimension } from '../../../server/domain/dimensions.ts';
import { MetricSelect } from '../../components/MetricSelect.tsx';
import { useLocale } from '../../lib/locale.ts';
import { chartsFor, metricsFor, perCapitaAllowed, type ExploreChoice } from './chart-choices.ts';

/** The Explore choices: dimension, second dimension, metric, chart type and per capita. */
export function ExploreControls({
  choice,
  onChange,
}: {
  choice: ExploreChoice;
  onChange: (patch: Partial<ExploreChoice>) => void;
}) {
  const { t } = useLocale();
  const byId = useId();
  const by2Id = useId();
  const dims = choice.by2 ? [choice.by, choice.by2] : [choice.by];
  return (
    <div
      className="filter-controls explore-controls"
      role="group"
      aria-label={t('explore.controls')}
    >
      <span className="year-range">
        <label htmlFor={byId} className="hint">
          {t('explore.by')}
        </label>
        <select
          id={byId}
          className="select"
          value={choice.by}
          onChange={(e) => onChange({ by: e.target.value as Dimension })}
        >
          {DIMENSIONS.map((d) => (
            <option key={d} value={d}>
              {t(`dimension.${d}`)}
            </option>
          ))}
        </select>
      </span>
      <span className="year-range">
        <label htmlFor={by2Id} className="hint">
          {t('explore.by2')}
        </label>
        <select
          id={by2Id}
          className="select"
          value={choice.by2 ?? ''}
          onChange={(e) =>
            onChange({ by2: e.target.value === '' ? null : (e.target.value as Dimension) })
          }
        >
          <option value="">{t('explore.none')}</option>
          {DIMENSIONS.filter((d) => d !== choice.by).map((d) => (
            <option key={d} value={d}>
              {t(`dimension.${d}`)}
            </option>
          ))}
        </select>
      </span>
      <MetricSelect
        label={t('explore.metric')}
        value={choice.metric}
        options={metricsFor(dims)}
        onChange={(metric) => onChange({ metric })}
      />
      <div className="segmented" role="group" aria-label={t('explore.chart')}>
        {chartsFor(choice.by, choice.by2, choice.metric).map((chart) => (
          <button
            key={chart}
            type="button"
            className="btn btn-small"
            aria-pressed={choice.chart === chart}
            onClick={() => onChange({ chart })}
          >
            {t(`chart.${chart}`)}
          </button>
        ))}
      </div>
      {perCapitaAllowed(choice) ? (
        <label className="explore-check">
          <input
            type="checkbox"
            checked={choice.perCapita}
            onChange={(e) => onChange({ perCapita: e.target.checked })}
          />
          {t('explore.perCapita')}
        </label>
      ) : null}
    </div>
  );
}

import type { Metric } from '../../../server/domain/metrics.ts';
import { MetricSelect } from '../../components/MetricSelect.tsx';
import { useLocale } from '../../lib/locale.ts';
import { useViewState } from '../../lib/use-view-state.ts';
import { HeadingProvincePanel } from './HeadingProvincePanel.tsx';
import { HeadingTreemapPanel } from './HeadingTreemapPanel.tsx';
import { HeadingYearPanel } from './HeadingYearPanel.tsx';
import { HEADING_METRICS } from './heading-rows.ts';
import './headings.css';

/**
 * `/headings`: the 85 support headings inside their six categories (with how well each heading
 * is documented), heading × year and heading × province heat maps. A click filters `heading=`.
 */
export function HeadingsPage() {
  const { t } = useLocale();
  const { params, setParam } = useViewState();
  const metricParam = params.get('metric');
  const metric: Metric = HEADING_METRICS.find((m) => m === metricParam) ?? 'amount';
  return (
    <>
      <h1 className="page-title">{t('headings.title')}</h1>
      <div className="filter-controls">
        <MetricSelect
          label={t('headings.metric')}
          value={metric}
          options={HEADING_METRICS}
          onChange={(m) => setParam('metric', m === 'amount' ? null : m)}
        />
        <p className="hint">{t('headings.hint')}</p>
      </div>
      <div className="grid">
        <HeadingTreemapPanel metric={metric} />
        <HeadingYearPanel metric={metric} />
        <HeadingProvincePanel metric={metric} />
      </div>
    </>
  );
}

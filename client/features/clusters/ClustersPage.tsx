import type { Metric } from '../../../server/domain/metrics.ts';
import { MetricSelect } from '../../components/MetricSelect.tsx';
import { useLocale } from '../../lib/locale.ts';
import { useViewState } from '../../lib/use-view-state.ts';
import { ClusterRankingPanel } from './ClusterRankingPanel.tsx';
import { ClusterSectorPanel } from './ClusterSectorPanel.tsx';
import { ClusterTablePanel } from './ClusterTablePanel.tsx';

/** Metrics a cluster can be ranked by (all of the catalogue). */
export const CLUSTER_METRICS: readonly Metric[] = [
  'units',
  'employment',
  'supportedUnits',
  'coverage',
  'grants',
  'amount',
  'employmentChange',
];

/**
 * `/clusters`: clusters ranked by a chosen metric (`metric=`), their split by sector, and every
 * cluster in a paged table. A bar or row narrows the dashboard to that cluster (`cluster=`).
 */
export function ClustersPage() {
  const { t } = useLocale();
  const { params, setParam } = useViewState();
  const metricParam = params.get('metric');
  const metric: Metric = CLUSTER_METRICS.find((m) => m === metricParam) ?? 'units';
  return (
    <>
      <h1 className="page-title">{t('clusters.title')}</h1>
      <div className="filter-controls">
        <MetricSelect
          label={t('clusters.metric')}
          value={metric}
          options={CLUSTER_METRICS}
          onChange={(m) => setParam('metric', m === 'units' ? null : m)}
        />
        <p className="hint">{t('clusters.hint')}</p>
      </div>
      <div className="grid">
        <ClusterRankingPanel metric={metric} />
        <ClusterSectorPanel metric={metric} />
        <ClusterTablePanel metric={metric} />
      </div>
    </>
  );
}

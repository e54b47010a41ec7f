import { lazy, Suspense } from 'react';
import { useLocale } from '../../lib/locale.ts';
import { ProvinceMapPanel } from '../provinces/ProvinceMapPanel.tsx';
import { CategoryPanel } from './CategoryPanel.tsx';
import { KpiStrip } from './KpiStrip.tsx';
import { TopClustersPanel } from './TopClustersPanel.tsx';
import { TrendPanel } from './TrendPanel.tsx';

// Its own chunk: the sentence renderer stays out of the overview's first download.
const KeyMessagesPanel = lazy(() => import('../plan/KeyMessagesPanel.tsx'));

/** `/`: KPIs, the key messages, the trend, uptake by category, the province map and the top clusters. */
export function OverviewPage() {
  const { t } = useLocale();
  return (
    <>
      <h1 className="page-title">{t('overview.title')}</h1>
      <KpiStrip />
      <div className="grid">
        <Suspense fallback={null}>
          <KeyMessagesPanel />
        </Suspense>
        <TrendPanel />
        <CategoryPanel />
        <ProvinceMapPanel title={t('overview.map')} />
        <TopClustersPanel />
      </div>
    </>
  );
}

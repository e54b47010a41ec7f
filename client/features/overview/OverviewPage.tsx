import { useLocale } from '../../lib/locale.ts';
import { ProvinceMapPanel } from '../provinces/ProvinceMapPanel.tsx';
import { CategoryPanel } from './CategoryPanel.tsx';
import { KpiStrip } from './KpiStrip.tsx';
import { TopClustersPanel } from './TopClustersPanel.tsx';
import { TrendPanel } from './TrendPanel.tsx';

/** `/`: KPIs, the trend, uptake by category, the province map and the top clusters. */
export function OverviewPage() {
  const { t } = useLocale();
  return (
    <>
      <h1 className="page-title">{t('overview.title')}</h1>
      <KpiStrip />
      <div className="grid">
        <TrendPanel />
        <CategoryPanel />
        <ProvinceMapPanel title={t('overview.map')} />
        <TopClustersPanel />
      </div>
    </>
  );
}

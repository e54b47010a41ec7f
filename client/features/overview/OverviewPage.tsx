import { lazy, Suspense, useEffect, useRef, useState } from 'react';
import { useLocale } from '../../lib/locale.ts';
import { ProvinceMapPanel } from '../provinces/ProvinceMapPanel.tsx';
import { CategoryPanel } from './CategoryPanel.tsx';
import { KpiStrip } from './KpiStrip.tsx';
import { TopClustersPanel } from './TopClustersPanel.tsx';
import { TrendPanel } from './TrendPanel.tsx';

const KeyMessagesPanel = lazy(() => import('../plan/KeyMessagesPanel.tsx'));

/**
 * The key messages, fetched when scrolled into view: the panel and its sentence renderer
 * (~4 KB gzip) would take the overview's first load past its 260 KB budget (issue #4).
 */
function KeyMessagesSlot() {
  const slot = useRef<HTMLDivElement>(null);
  const [seen, setSeen] = useState(false);
  useEffect(() => {
    const observer = new IntersectionObserver(([entry]) => {
      if (entry?.isIntersecting) setSeen(true);
    });
    if (slot.current) observer.observe(slot.current);
    return () => observer.disconnect();
  }, []);
  return (
    <div ref={slot} className="grid-wide" id="key-messages-slot">
      {seen ? (
        <Suspense fallback={null}>
          <KeyMessagesPanel />
        </Suspense>
      ) : null}
    </div>
  );
}

/** `/`: KPIs, the trend, uptake by category, the province map, the top clusters, key messages. */
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
        <KeyMessagesSlot />
      </div>
    </>
  );
}

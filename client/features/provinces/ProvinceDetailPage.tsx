import { lazy, Suspense } from 'react';
import { Link, useParams } from 'react-router';
import { PROVINCES } from '../../../server/domain/reference.ts';
import { useLocale } from '../../lib/locale.ts';
import { provinceNames } from '../../lib/province-names.ts';
import { useOutsideScope, useSessionUser } from '../../lib/session.ts';
import { carriedParams, hrefOf } from '../../lib/url-state.ts';
import { usePageFilters } from '../../lib/use-page-filters.ts';
import { useViewState } from '../../lib/use-view-state.ts';
import { KpiStrip } from '../overview/KpiStrip.tsx';
import { DrillPanel } from './DrillPanel.tsx';
import { HeadingsPanel } from './HeadingsPanel.tsx';
import { UnitsPanel } from './UnitsPanel.tsx';

const KeyMessagesPanel = lazy(() => import('../plan/KeyMessagesPanel.tsx'));

/**
 * `/provinces/:code`: one province under the page's other filters: KPIs, its parks and clusters
 * (click to narrow), support by heading, and its units (paged).
 */
export function ProvinceDetailPage() {
  const { code = '' } = useParams();
  const { t, name, lang } = useLocale();
  const { params } = useViewState();
  // The route pins the province (the filter bar, slides and saved views see the same).
  const { filters: pinned } = usePageFilters();
  const province = PROVINCES.find((p) => p.code === code);
  const scope = useSessionUser()?.scope.provinces;
  const outside = useOutsideScope([code]).length > 0;
  const back = <Link to={hrefOf('/provinces', carriedParams(params))}>{t('province.back')}</Link>;
  if (!province) {
    return (
      <div className="state" role="alert">
        <p>{t('province.unknown', { code })}</p>
        {back}
      </div>
    );
  }
  if (outside && scope !== undefined && scope !== 'all') {
    return (
      <div className="state" role="alert" data-testid="scope-notice">
        <p>
          {t('scope.outsideProvince', {
            name: name(province),
            allowed: provinceNames(scope, name, lang),
          })}
        </p>
        {back}
      </div>
    );
  }
  return (
    <>
      <p className="hint">{back}</p>
      <h1 className="page-title">{t('province.title', { name: name(province) })}</h1>
      <KpiStrip filters={pinned} />
      <div className="grid">
        <Suspense fallback={null}>
          <KeyMessagesPanel filters={pinned} />
        </Suspense>
        <DrillPanel level="park" filters={pinned} />
        <DrillPanel level="cluster" filters={pinned} />
        <HeadingsPanel filters={pinned} />
        <UnitsPanel filters={pinned} />
      </div>
    </>
  );
}

import { useMemo } from 'react';
import { Link, useParams } from 'react-router';
import type { Filters } from '../../../server/domain/filters.ts';
import { PROVINCES } from '../../../server/domain/reference.ts';
import { useLocale } from '../../lib/locale.ts';
import { carriedParams, hrefOf } from '../../lib/url-state.ts';
import { useViewState } from '../../lib/use-view-state.ts';
import { KpiStrip } from '../overview/KpiStrip.tsx';
import { DrillPanel } from './DrillPanel.tsx';
import { HeadingsPanel } from './HeadingsPanel.tsx';
import { UnitsPanel } from './UnitsPanel.tsx';

/**
 * `/provinces/:code`: one province under the page's other filters: KPIs, its parks and clusters
 * (click to narrow), support by heading, and its units (paged).
 */
export function ProvinceDetailPage() {
  const { code = '' } = useParams();
  const { t, name } = useLocale();
  const { filters, params } = useViewState();
  const province = PROVINCES.find((p) => p.code === code);
  const pinned: Filters = useMemo(() => ({ ...filters, province: [code] }), [filters, code]);
  const back = <Link to={hrefOf('/provinces', carriedParams(params))}>{t('province.back')}</Link>;
  if (!province) {
    return (
      <div className="state" role="alert">
        <p>{t('province.unknown', { code })}</p>
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
        <DrillPanel level="park" filters={pinned} />
        <DrillPanel level="cluster" filters={pinned} />
        <HeadingsPanel filters={pinned} />
        <UnitsPanel filters={pinned} />
      </div>
    </>
  );
}

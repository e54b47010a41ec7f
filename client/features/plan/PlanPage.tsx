import './plan.css';
import type { Filters } from '../../../server/domain/filters.ts';
import { isDefaultPeriod } from '../../../server/domain/period.ts';
import { PLAN_METRICS, type PlanMetric } from '../../../server/domain/plan.ts';
import { MetricSelect } from '../../components/MetricSelect.tsx';
import { ErrorState, Skeleton } from '../../components/states.tsx';
import { ProvinceMap } from '../provinces/ProvinceMapPanel.tsx';
import { Num } from '../../components/Num.tsx';
import { useLocale } from '../../lib/locale.ts';
import { usePlanText } from './plan-text.ts';
import { useEffectiveRange, usePlan, type PlanResult } from '../../lib/queries.ts';
import { usePageFilters } from '../../lib/use-page-filters.ts';
import { useViewState } from '../../lib/use-view-state.ts';
import { PlanTable } from './PlanTable.tsx';

/**
 * `/plan`: achievement of one plan metric (`metric=`) by province (map and ranking), by support
 * category and by heading, with the expected pace, and what the plan leaves without a target.
 * Targets are yearly: a URL naming no year shows the latest year of the data, and says so.
 */
export function PlanPage() {
  const { t, fmt } = useLocale();
  const pt = usePlanText();
  const { params, setParam } = useViewState();
  const { filters } = usePageFilters();
  const range = useEffectiveRange(filters);
  const metric: PlanMetric = PLAN_METRICS.find((m) => m === params.get('metric')) ?? 'amount';
  const latestYear = isDefaultPeriod(filters) && range ? range.to : null;
  const planFilters: Filters =
    latestYear !== null ? { ...filters, from: latestYear, to: latestYear } : filters;
  const byProvince = usePlan(planFilters, { metric, by: 'province' });
  const byCategory = usePlan(planFilters, { metric, by: 'category' });
  const byHeading = usePlan(planFilters, { metric, by: 'heading' });
  const total = byProvince.data?.total;
  const kind = metric === 'amount' ? 'money' : 'count';
  const support = metric !== 'units' && metric !== 'employment';
  return (
    <>
      <h1 className="page-title">{pt('title')}</h1>
      <div className="panel-tools">
        <MetricSelect
          label={pt('metric')}
          value={metric}
          options={PLAN_METRICS}
          onChange={(m) => setParam('metric', m === 'amount' ? null : m)}
        />
      </div>
      {latestYear !== null ? (
        <p className="hint" data-testid="plan-year">
          {pt('latestYear', { year: fmt.year(latestYear) })}
        </p>
      ) : null}
      {total ? (
        <section aria-live="polite" data-testid="plan-total">
          {total.target !== null ? (
            <p className="kpi-value">
              <Num>
                {pt('total', {
                  achievement: fmt.percent(total.achievement),
                  actual: fmt.value(kind, total.actual),
                  target: fmt.value(kind, total.target),
                })}
              </Num>
            </p>
          ) : (
            <p>{total.reason ? pt(`reason.${total.reason}`) : pt('noTarget')}</p>
          )}
          {total.target !== null && total.current && total.pace !== null ? (
            <p className="hint" data-testid="plan-pace">
              {pt('pace', { pace: fmt.percent(total.pace) })}
            </p>
          ) : null}
          {total.missing.length > 0 ? (
            <p className="plan-notice" data-testid="plan-missing">
              {pt('missing', { list: missingList(total.missing, byProvince.data, pt, fmt) })}
            </p>
          ) : null}
        </section>
      ) : null}
      <div className="grid">
        <PlanPanel title={pt('byProvince')} id="plan-provinces" query={byProvince}>
          {(data) => (
            <>
              <ProvinceMap
                values={Object.fromEntries(data.rows.map((r) => [r.key, r.achievement]))}
                kind="ratio"
                perCapita={false}
                ariaLabel={pt('byProvince')}
              />
              <PlanTable
                result={data}
                metric={metric}
                label={t('dimension.province')}
                testId="plan-province-table"
              />
            </>
          )}
        </PlanPanel>
        {support ? (
          <>
            <PlanPanel title={pt('byCategory')} id="plan-categories" query={byCategory}>
              {(data) => (
                <PlanTable
                  result={data}
                  metric={metric}
                  label={t('dimension.category')}
                  testId="plan-category-table"
                />
              )}
            </PlanPanel>
            <PlanPanel title={pt('byHeading')} id="plan-headings" query={byHeading}>
              {(data) => (
                <PlanTable
                  result={data}
                  metric={metric}
                  label={t('dimension.heading')}
                  testId="plan-heading-table"
                />
              )}
            </PlanPanel>
          </>
        ) : null}
      </div>
    </>
  );
}

type Translate = ReturnType<typeof usePlanText>;
type Fmt = ReturnType<typeof useLocale>['fmt'];

/** The places, supports and years lacking a target, named. */
function missingList(
  missing: PlanResult['total']['missing'],
  data: PlanResult | undefined,
  t: Translate,
  fmt: Fmt,
): string {
  const names = new Map(
    data?.rows.map((r) => [r.key, fmt.locale.lang === 'fa' ? r.nameFa : r.nameEn]) ?? [],
  );
  const parts = missing.map((m) =>
    [
      fmt.year(m.year),
      m.province === null ? t('wholeCountry') : (names.get(m.province) ?? m.province),
      m.support ?? '',
    ]
      .filter(Boolean)
      .join(' '),
  );
  return parts.length > 8
    ? `${parts.slice(0, 8).join('، ')} … (${fmt.number(parts.length)})`
    : parts.join(fmt.locale.lang === 'fa' ? '، ' : ', ');
}

function PlanPanel({
  title,
  id,
  query,
  children,
}: {
  title: string;
  id: string;
  query: ReturnType<typeof usePlan>;
  children: (data: PlanResult) => React.ReactNode;
}) {
  const { fmt, lang } = useLocale();
  const pt = usePlanText();
  const data = query.data;
  const without = data?.withoutTarget ?? [];
  const names = new Map(data?.rows.map((r) => [r.key, lang === 'fa' ? r.nameFa : r.nameEn]));
  // A plain panel: the dashboard's Panel would pull its export menu and table toggle along.
  return (
    <section className="panel grid-wide" id={id} aria-labelledby={`${id}-title`}>
      <header className="panel-header">
        <h2 className="panel-title" id={`${id}-title`}>
          {title}
        </h2>
        {without.length > 0 && data ? (
          <p className="plan-notice panel-subtitle" data-testid={`${id}-without`}>
            {pt('withoutTarget', {
              count: fmt.number(without.length),
              list: without.map((k) => names.get(k) ?? k).join(lang === 'fa' ? '، ' : ', '),
            })}
          </p>
        ) : null}
      </header>
      <div className="panel-body" aria-busy={query.isFetching}>
        {query.error ? (
          <ErrorState message={query.error.message} onRetry={() => void query.refetch()} />
        ) : data ? (
          children(data)
        ) : (
          <Skeleton height={200} />
        )}
      </div>
    </section>
  );
}

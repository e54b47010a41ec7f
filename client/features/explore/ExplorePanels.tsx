import type { Filters } from '../../../server/domain/filters.ts';
import { METRIC_DEFS, type Metric } from '../../../server/domain/metrics.ts';
import type { ChartConfig, ChartRow } from '../../components/charts/chart-config.ts';
import { DataTable } from '../../components/DataTable.tsx';
import { Num } from '../../components/Num.tsx';
import { Panel, panelStateOf } from '../../components/Panel.tsx';
import { chartAriaLabel } from '../../lib/aria.ts';
import { metricConfig, OTHERS_KEY } from '../../lib/chart-rows.ts';
import { useLocale } from '../../lib/locale.ts';
import { useBreakdown, useEffectiveRange } from '../../lib/queries.ts';
import { toggleListValue, withoutList } from '../../lib/url-state.ts';
import { useViewState } from '../../lib/use-view-state.ts';
import { metricsFor, type ExploreChart, type ExploreChoice } from './chart-choices.ts';
import { ExploreChartView } from './ExploreChartView.tsx';
import { pairTableRows, perCapitaKey, singleRows } from './explore-rows.ts';

/** Rows fetched per chart type: a donut needs few slices, a ranking fits all 31 provinces. */
const LIMITS: Record<ExploreChart, number> = {
  bar: 31,
  line: 100,
  donut: 8,
  treemap: 40,
  stacked: 500,
  heatmap: 500,
};

/** Table columns: the chosen metric, and employment change beside it where it applies. */
export function tableMetrics(choice: ExploreChoice): Metric[] {
  const dims = choice.by2 ? [choice.by, choice.by2] : [choice.by];
  const allowed = metricsFor(dims);
  const extra: Metric[] = choice.by2 ? [] : ['employmentChange'];
  return [choice.metric, ...extra.filter((m) => m !== choice.metric && allowed.includes(m))];
}

/** The chart panel and the table panel of Explore, side by side on a wide screen. */
export function ExplorePanels({ choice, filters }: { choice: ExploreChoice; filters: Filters }) {
  const { t, fmt, lang } = useLocale();
  const { setFilters } = useViewState();
  const { by, by2, metric, chart, perCapita } = choice;
  const metrics = tableMetrics(choice);
  // The chart's own dimension shows all its members, the chosen ones highlighted (cross-filter).
  const listKey = by === 'year' ? null : by;
  const queryFilters = listKey ? withoutList(filters, listKey) : filters;
  const options = {
    by,
    ...(by2 ? { by2 } : {}),
    metrics,
    sort: metric,
    limit: LIMITS[chart],
  };
  const query = useBreakdown(queryFilters, options);
  const exportTarget = { view: 'breakdown', filters: queryFilters, params: options } as const;
  const range = useEffectiveRange(filters);
  const data = query.data;
  const yearLabel = (year: number) => fmt.year(year);
  const single = by2
    ? []
    : singleRows(data?.rows ?? [], data?.others ?? null, metrics, {
        by,
        lang,
        othersLabel: t('chart.others'),
        yearLabel,
        ...(perCapita ? { perCapitaOf: metric } : {}),
      });
  const tableRows: ChartRow[] = by2
    ? pairTableRows(data?.rows ?? [], metrics, { by, by2 }, lang, yearLabel)
    : single;
  const perCapitaDef = {
    label: `${t(`metric.${metric}`)} ${t('metric.perCapita')}`,
    color: 'var(--chart-7)',
    kind: METRIC_DEFS[metric].kind === 'money' ? ('money' as const) : ('rate' as const),
  };
  const base = metricConfig(metrics, t);
  const tableConfig: ChartConfig = perCapita
    ? { [metric]: base[metric] ?? perCapitaDef, [perCapitaKey(metric)]: perCapitaDef, ...base }
    : base;
  const metricText = perCapita ? perCapitaDef.label : [metric];
  const aria =
    chartAriaLabel(t, fmt, chart, metricText, by, range) +
    (by2 ? ` × ${t(`dimensionInText.${by2}`)}` : '');
  const select = (key: string) => {
    if (!listKey || key === OTHERS_KEY) return;
    setFilters((current) => toggleListValue(current, listKey, key.split('|')[0] ?? key));
  };
  const total = data?.total;
  const state = panelStateOf(query, (data?.rows.length ?? 0) === 0);
  return (
    <div className="grid explore-grid">
      <Panel
        title={t('explore.chartTitle')}
        subtitle={
          total ? (
            <>
              {t('chart.total')}: <Num>{fmt.value(METRIC_DEFS[metric].kind, total[metric])}</Num>
            </>
          ) : null
        }
        id="explore-chart"
        exportTarget={exportTarget}
        className={by2 ? 'grid-wide' : undefined}
        state={state}
        height={360}
      >
        {() => (
          <ExploreChartView
            choice={choice}
            singleRows={single}
            pairRows={data?.rows ?? []}
            ariaLabel={aria}
            onSelect={select}
            activeKeys={listKey ? filters[listKey] : []}
          />
        )}
      </Panel>
      <Panel
        title={t('explore.tableTitle')}
        id="explore-table"
        exportTarget={exportTarget}
        className={by2 ? 'grid-wide' : undefined}
        state={state}
        height={360}
      >
        {() => (
          <DataTable
            rows={tableRows}
            config={tableConfig}
            labelHeader={t(`dimension.${by}`)}
            caption={aria}
            textColumns={by2 ? [{ key: 'second', header: t(`dimension.${by2}`) }] : undefined}
            onSelect={listKey ? (row) => select(row.key) : undefined}
            exactMoney={false}
          />
        )}
      </Panel>
    </div>
  );
}

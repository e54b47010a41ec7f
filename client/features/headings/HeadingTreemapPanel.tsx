import type { Metric } from '../../../server/domain/metrics.ts';
import { TreemapChart } from '../../components/charts/TreemapChart.tsx';
import { DataTable } from '../../components/DataTable.tsx';
import { Panel, panelStateOf } from '../../components/Panel.tsx';
import { chartAriaLabel } from '../../lib/aria.ts';
import { metricConfig } from '../../lib/chart-rows.ts';
import { useLocale } from '../../lib/locale.ts';
import { useBreakdown, useDimensions, useEffectiveRange } from '../../lib/queries.ts';
import { toggleListValue, withoutList } from '../../lib/url-state.ts';
import { useViewState } from '../../lib/use-view-state.ts';
import { EvidenceBadge, EvidenceLegend } from './EvidenceBadge.tsx';
import { allHeadingRows, HEADING_METRICS } from './heading-rows.ts';

/**
 * All 85 headings nested in their categories (a treemap coloured by category); the table view
 * lists every heading, with or without grants, and its evidence. The heading filter is left out
 * of the query so chosen headings are shown among the rest; a click toggles one.
 */
export function HeadingTreemapPanel({ metric }: { metric: Metric }) {
  const { t, fmt, lang, name } = useLocale();
  const { filters, setFilters } = useViewState();
  const dimensions = useDimensions();
  const queryFilters = withoutList(filters, 'heading');
  const options = {
    by: 'heading',
    metrics: [...HEADING_METRICS],
    sort: metric,
    limit: 100,
  } satisfies Parameters<typeof useBreakdown>[1];
  const query = useBreakdown(queryFilters, options);
  const range = useEffectiveRange(filters);
  const headings = dimensions.data?.headings ?? [];
  const categories = dimensions.data?.categories ?? [];
  const rows = allHeadingRows(headings, categories, query.data?.rows ?? [], HEADING_METRICS, lang);
  const counts: Record<string, number> = {};
  for (const h of headings) counts[h.evidence] = (counts[h.evidence] ?? 0) + 1;
  const aria = chartAriaLabel(t, fmt, 'treemap', [metric], 'heading', range);
  const select = (key: string) => setFilters((current) => toggleListValue(current, 'heading', key));
  const hasValues = rows.some((r) => typeof r[metric] === 'number' && r[metric] > 0);
  return (
    <Panel
      exportTarget={{ view: 'breakdown', filters: queryFilters, params: options }}
      title={t('headings.all', { count: fmt.number(headings.length) })}
      subtitle={t('headings.allNote')}
      id="heading-treemap"
      className="grid-wide"
      state={panelStateOf(query, !hasValues)}
      height={420}
      table={() => (
        <DataTable
          rows={rows}
          config={metricConfig(HEADING_METRICS, t)}
          labelHeader={t('dimension.heading')}
          caption={aria}
          textColumns={[
            { key: 'categoryName', header: t('dimension.category') },
            {
              key: 'evidence',
              header: t('headings.evidence'),
              render: (row) => <EvidenceBadge evidence={String(row.evidence)} />,
            },
          ]}
          onSelect={(row) => select(row.key)}
          exactMoney={false}
        />
      )}
    >
      {() => (
        <>
          <TreemapChart
            rows={rows}
            config={metricConfig([metric], t)}
            ariaLabel={aria}
            height={420}
            onSelect={(row) => select(row.key)}
            group={{
              field: 'category',
              groups: categories.map((c) => ({ key: c.code, label: name(c) })),
            }}
          />
          <EvidenceLegend counts={counts} />
        </>
      )}
    </Panel>
  );
}

import type { Metric } from '../../../server/domain/metrics.ts';
import { METRIC_DEFS } from '../../../server/domain/metrics.ts';
import { HeatMap } from '../../components/charts/HeatMap.tsx';
import { Panel } from '../../components/Panel.tsx';
import { chartAriaLabel } from '../../lib/aria.ts';
import { sortByName } from '../../lib/collation.ts';
import { useLocale } from '../../lib/locale.ts';
import { useDimensions, useEffectiveRange } from '../../lib/queries.ts';
import { toggleListValue } from '../../lib/url-state.ts';
import { useViewState } from '../../lib/use-view-state.ts';
import { chunkCodes, headingsInView, pairValues, yearColumns } from './heading-rows.ts';
import { useHeadingChunks } from './use-breakdown-chunks.ts';

/**
 * Heading × year heat map (breakdown by=heading, by2=year): each year counted alone. Rows are the
 * headings' names in alphabetical order (collation.ts); the filters apply (chosen headings or categories narrow the rows). A cell
 * click toggles that heading in the filters.
 */
export function HeadingYearPanel({ metric }: { metric: Metric }) {
  const { t, fmt, name, lang } = useLocale();
  const { filters, setFilters } = useViewState();
  const dimensions = useDimensions();
  const range = useEffectiveRange(filters);
  const headings = headingsInView(dimensions.data?.headings ?? [], filters);
  const years = range ? yearColumns(range) : [];
  const chunks = range
    ? chunkCodes(
        headings.map((h) => h.code),
        years.length,
      )
    : [];
  const { rows, state } = useHeadingChunks(filters, chunks, {
    by: 'heading',
    by2: 'year',
    metrics: [metric],
    sort: metric,
    limit: 500,
  });
  const cells = pairValues(rows, metric);
  const aria = chartAriaLabel(t, fmt, 'heatmap', [metric], 'heading', range).concat(
    ` × ${t('dimensionInText.year')}`,
  );
  return (
    <Panel
      // One breakdown of every heading in view (the screen asks in chunks of headings).
      exportTarget={{
        view: 'breakdown',
        filters: { ...filters, heading: headings.map((h) => h.code) },
        params: { by: 'heading', by2: 'year', metrics: [metric], sort: metric, limit: 500 },
      }}
      title={t('headings.byYear')}
      subtitle={t('headings.byYearNote', { metric: t(`metric.${metric}`) })}
      id="heading-year"
      className="grid-wide"
      state={{
        ...state,
        pending: state.pending || !range,
        empty: cells.size === 0 && !state.pending,
      }}
      height={480}
    >
      {() => (
        <HeatMap
          rows={sortByName(
            headings.map((h) => ({ key: h.code, label: name(h) })),
            (r) => r.label,
            lang,
          )}
          columns={years.map((y) => ({ key: String(y), label: fmt.year(y) }))}
          value={(heading, year) => cells.get(`${heading}|${year}`) ?? null}
          kind={METRIC_DEFS[metric].kind}
          ariaLabel={aria}
          onSelect={(heading) =>
            setFilters((current) => toggleListValue(current, 'heading', heading))
          }
        />
      )}
    </Panel>
  );
}

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
import { chunkCodes, headingsInView, pairValues } from './heading-rows.ts';
import { useHeadingChunks } from './use-breakdown-chunks.ts';

/**
 * Heading × province (breakdown by=heading, by2=province) for one category at a time
 * (`hcat=`, default the first chosen category): provinces down, that category's headings across,
 * so the grid stays readable. A cell click toggles the heading in the filters.
 */
export function HeadingProvincePanel({ metric }: { metric: Metric }) {
  const { t, fmt, name, lang } = useLocale();
  const { filters, params, setFilters, setParam } = useViewState();
  const dimensions = useDimensions();
  const range = useEffectiveRange(filters);
  const categories = dimensions.data?.categories ?? [];
  const provinces = dimensions.data?.provinces ?? [];
  const hcat = params.get('hcat');
  const category =
    categories.find((c) => c.code === hcat)?.code ??
    filters.category[0] ??
    categories[0]?.code ??
    'FIN';
  const headings = headingsInView(dimensions.data?.headings ?? [], {
    category: [category],
    heading: filters.heading,
  });
  const chunks = chunkCodes(
    headings.map((h) => h.code),
    provinces.length || 31,
  );
  const { rows, state } = useHeadingChunks(filters, chunks, {
    by: 'heading',
    by2: 'province',
    metrics: [metric],
    sort: metric,
    limit: 500,
  });
  const cells = pairValues(rows, metric);
  const aria = `${chartAriaLabel(t, fmt, 'heatmap', [metric], 'province', range)} × ${t('dimensionInText.heading')}`;
  return (
    <Panel
      // One breakdown of every heading in view (the screen asks in chunks of headings).
      exportTarget={{
        view: 'breakdown',
        filters: { ...filters, heading: headings.map((h) => h.code) },
        params: { by: 'heading', by2: 'province', metrics: [metric], sort: metric, limit: 500 },
      }}
      title={t('headings.byProvince')}
      subtitle={t('headings.byProvinceNote')}
      id="heading-province"
      className="grid-wide"
      state={{ ...state, empty: cells.size === 0 && !state.pending }}
      height={480}
      controls={
        <div className="segmented category-tabs" role="group" aria-label={t('dimension.category')}>
          {categories.map((c) => (
            <button
              key={c.code}
              type="button"
              className="btn btn-small"
              aria-pressed={c.code === category}
              onClick={() => setParam('hcat', c.code)}
            >
              {name(c)}
            </button>
          ))}
        </div>
      }
    >
      {() => (
        <HeatMap
          rows={sortByName(
            provinces.map((p) => ({ key: p.code, label: name(p) })),
            (r) => r.label,
            lang,
          )}
          columns={headings.map((h) => ({ key: h.code, label: h.code, title: name(h) }))}
          value={(province, heading) => cells.get(`${heading}|${province}`) ?? null}
          kind={METRIC_DEFS[metric].kind}
          ariaLabel={aria}
          onSelect={(_province, heading) =>
            setFilters((current) => toggleListValue(current, 'heading', heading))
          }
        />
      )}
    </Panel>
  );
}

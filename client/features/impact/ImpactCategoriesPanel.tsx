import type { Filters } from '../../../server/domain/filters.ts';
import { BarChart } from '../../components/charts/BarChart.tsx';
import { DataTable } from '../../components/DataTable.tsx';
import { Panel } from '../../components/Panel.tsx';
import { useLocale } from '../../lib/locale.ts';
import { toggleListValue } from '../../lib/url-state.ts';
import { useViewState } from '../../lib/use-view-state.ts';
import { categorySelections, impactConfig, impactRows } from './impact-rows.ts';
import { useImpacts } from './use-category-impacts.ts';

interface Named {
  code: string;
  nameFa: string;
  nameEn: string;
}

/**
 * The comparison repeated for each support category (under the chosen headings of that category,
 * if any): change of supported vs comparison units side by side. A click filters the category.
 */
export function ImpactCategoriesPanel({
  filters,
  categories,
  headings,
}: {
  filters: Filters;
  categories: readonly Named[];
  headings: readonly (Named & { category: string })[];
}) {
  const { t, name } = useLocale();
  const { setFilters } = useViewState();
  const selections = categorySelections(
    filters,
    categories.map((c) => c.code),
    new Map(headings.map((h) => [h.code, h.category])),
  );
  const results = useImpacts(selections.map((s) => s.filters));
  const rows = impactRows(
    selections.map((s, i) => {
      const category = categories.find((c) => c.code === s.category);
      return {
        key: s.category,
        label: category ? name(category) : s.category,
        impact: results[i]?.data,
      };
    }),
  );
  const error = results.find((r) => r.error)?.error ?? null;
  const pending = categories.length === 0 || results.some((r) => r.isPending);
  const select = (key: string) =>
    setFilters((current) => toggleListValue(current, 'category', key));
  const config = impactConfig(t);
  const aria = t('impact.byCategoryAria');
  return (
    <Panel
      title={t('impact.byCategory')}
      subtitle={t('impact.byCategoryNote')}
      id="impact-categories"
      exportTarget={{ view: 'impact', filters, params: { by: 'category' } }}
      state={{
        pending,
        fetching: results.some((r) => r.isFetching && !r.isPending),
        error,
        empty: !pending && !error && rows.length === 0,
        retry: () => {
          for (const r of results) if (r.error) void r.refetch();
        },
      }}
      height={300}
      table={() => (
        <DataTable
          rows={rows}
          config={{
            ...config,
            difference: {
              label: t('impact.differenceColumn'),
              color: 'var(--chart-8)',
              kind: 'ratio',
            },
            supportedUnits: {
              label: t('impact.supportedUnits'),
              color: 'var(--chart-3)',
              kind: 'count',
            },
            comparisonUnits: {
              label: t('impact.comparisonUnits'),
              color: 'var(--chart-1)',
              kind: 'count',
            },
          }}
          labelHeader={t('dimension.category')}
          caption={aria}
          onSelect={(row) => select(row.key)}
        />
      )}
    >
      {() => (
        <BarChart
          rows={rows}
          config={config}
          ariaLabel={aria}
          orientation="bar"
          onSelect={(row) => select(row.key)}
          activeKeys={filters.category}
        />
      )}
    </Panel>
  );
}

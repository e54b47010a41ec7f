import { METRIC_DEFS } from '../../../server/domain/metrics.ts';
import { BarChart } from '../../components/charts/BarChart.tsx';
import type { ChartRow } from '../../components/charts/chart-config.ts';
import { DonutChart } from '../../components/charts/DonutChart.tsx';
import { HeatMap } from '../../components/charts/HeatMap.tsx';
import { LineChart } from '../../components/charts/LineChart.tsx';
import { TreemapChart } from '../../components/charts/TreemapChart.tsx';
import { metricConfig, OTHERS_KEY } from '../../lib/chart-rows.ts';
import { useLocale } from '../../lib/locale.ts';
import { isPartOfWhole, stackedDimension, type ExploreChoice } from './chart-choices.ts';
import { matrixSeries, pairMatrix, perCapitaKey, type PairRow } from './explore-rows.ts';

/** Series in a stacked or line chart before the rest is folded into "others". */
const MAX_SERIES = 8;
/** A ranking with more rows than this turns horizontal so labels stay readable. */
const MAX_COLUMNS = 12;

export interface ExploreChartViewProps {
  choice: ExploreChoice;
  singleRows: ChartRow[];
  pairRows: readonly PairRow[];
  ariaLabel: string;
  onSelect: (key: string) => void;
  activeKeys: readonly string[];
}

/** Draws the chosen chart type from Explore's rows (presentational: data comes in props). */
export function ExploreChartView({
  choice,
  singleRows,
  pairRows,
  ariaLabel,
  onSelect,
  activeKeys,
}: ExploreChartViewProps) {
  const { t, fmt, lang } = useLocale();
  const { by, by2, metric, chart, perCapita } = choice;
  const kind = METRIC_DEFS[metric].kind;
  const yearLabel = (year: number) => fmt.year(year);
  const select = (row: ChartRow) => onSelect(row.key);

  if (by2) {
    const dims = { by, by2 };
    const straight = pairMatrix(pairRows, metric, dims, lang, yearLabel);
    // Heat map: years across the columns, otherwise the longer list down the rows. Stacked and
    // line charts: years along the x axis (the matrix rows), the other dimension as series.
    const transpose =
      chart === 'heatmap'
        ? by === 'year' || (by2 !== 'year' && straight.columns.length > straight.rows.length)
        : stackedDimension(by, by2) === by;
    if (chart === 'heatmap') {
      // Read down and across like a list: names in alphabetical order, not by value.
      const grid = pairMatrix(pairRows, metric, dims, lang, yearLabel, transpose, 'name');
      return (
        <HeatMap
          rows={grid.rows}
          columns={grid.columns}
          value={(r, c) => grid.cells.get(`${r}|${c}`) ?? null}
          kind={kind}
          ariaLabel={ariaLabel}
        />
      );
    }
    const matrix = transpose ? pairMatrix(pairRows, metric, dims, lang, yearLabel, true) : straight;
    if (chart === 'line') {
      // x = years: the matrix rows are years, its columns the series.
      const series = matrixSeries(
        matrix,
        metric,
        MAX_SERIES,
        t('chart.others'),
        isPartOfWhole(metric, [stackedDimension(by, by2)]),
      );
      return <LineChart rows={series.rows} config={series.config} ariaLabel={ariaLabel} />;
    }
    const series = matrixSeries(matrix, metric, MAX_SERIES, t('chart.others'), true);
    return (
      <BarChart
        rows={series.rows}
        config={series.config}
        ariaLabel={ariaLabel}
        stacked
        orientation={series.rows.length > MAX_COLUMNS ? 'bar' : 'column'}
      />
    );
  }

  const key = perCapita ? perCapitaKey(metric) : metric;
  const config = perCapita
    ? {
        [key]: {
          label: `${t(`metric.${metric}`)} ${t('metric.perCapita')}`,
          color: 'var(--chart-7)',
          kind: kind === 'money' ? ('money' as const) : ('rate' as const),
        },
      }
    : metricConfig([metric], t);
  const ranked = singleRows.filter((row) => row.key !== OTHERS_KEY);
  switch (chart) {
    case 'line':
      return <LineChart rows={ranked} config={config} ariaLabel={ariaLabel} />;
    case 'donut':
      return (
        <DonutChart
          rows={singleRows}
          config={config}
          ariaLabel={ariaLabel}
          onSelect={select}
          activeKeys={activeKeys}
        />
      );
    case 'treemap':
      return (
        <TreemapChart rows={singleRows} config={config} ariaLabel={ariaLabel} onSelect={select} />
      );
    default:
      return (
        <BarChart
          rows={ranked}
          config={config}
          ariaLabel={ariaLabel}
          orientation={by === 'year' && ranked.length <= MAX_COLUMNS ? 'column' : 'bar'}
          onSelect={select}
          activeKeys={activeKeys}
        />
      );
  }
}

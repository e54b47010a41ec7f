import {
  Bar,
  BarChart as RechartsBarChart,
  CartesianGrid,
  Cell,
  LabelList,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import { useLocale } from '../../lib/locale.ts';
import { AxisUnits, ChartLegend } from './ChartLegend.tsx';
import { ChartTooltip } from './ChartTooltip.tsx';
import {
  axisValues,
  CHART_THEME,
  chartSize,
  distinctLabels,
  type ChartConfig,
  type ChartRow,
} from './chart-config.ts';

export interface BarChartProps {
  rows: ChartRow[];
  config: ChartConfig;
  /** The accessible name: what the chart shows («نمودار ستونی: … بر حسب استان، ۱۳۹۸ تا ۱۴۰۳»). */
  ariaLabel: string;
  /** `column`: categories along the reading direction; `bar`: a ranking, one horizontal bar per row. */
  orientation?: 'column' | 'bar';
  /** Stack the series (a stacked bar chart). */
  stacked?: boolean;
  height?: number;
  /** A fixed width in px (the printed handout: paper width); else the chart fills its container. */
  width?: number;
  /** Click on a bar: cross-filter or drill. */
  onSelect?: (row: ChartRow) => void;
  /** Keys of rows currently selected in the filters: the others are dimmed. */
  activeKeys?: readonly string[];
  /** Write each value at the end of its bar (slides: nothing may need hovering). */
  showValues?: boolean;
  /** Width of a ranking's category axis, for long names in large type (default 170). */
  categoryWidth?: number;
  /** Room for the written values (slides: the widest value, measured; default 150). */
  valueRoom?: number;
  /** A ranking's labels as one or two measured lines (slides); else shortened to 26 characters. */
  categoryLines?: Map<string, string[]>;
}

/**
 * Bar/column chart. In RTL the category axis is mirrored (first category at the right, bars of a
 * ranking grow leftwards) and the value axis sits on the right, as Persian readers expect.
 */
export function BarChart({
  rows,
  config,
  ariaLabel,
  orientation = 'column',
  stacked = false,
  height,
  width,
  onSelect,
  activeKeys,
  showValues = false,
  categoryWidth = 170,
  valueRoom: measuredRoom,
  categoryLines,
}: BarChartProps) {
  const { dir, fmt } = useLocale();
  const rtl = dir === 'rtl';
  const keys = Object.keys(config);
  const first = config[keys[0] ?? ''];
  const kind = first?.kind ?? 'count';
  const ranking = orientation === 'bar';
  const chartHeight = height ?? (ranking ? Math.max(180, rows.length * 28 + 40) : 300);
  const dim = (row: ChartRow) =>
    activeKeys && activeKeys.length > 0 && !activeKeys.includes(row.key) ? 0.35 : 1;
  const axis = fmt.axis(kind, axisValues(rows, keys, stacked));
  const valueTick = axis.tick;
  // Distinct rows never shorten to the same text; the full name stays in the tooltip and table.
  const labels = rows.map((r) => r.label);
  const shortColumn = distinctLabels(labels, 14);
  const shortBar = distinctLabels(labels, 26);
  // Room at the value end of the bars for the written values.
  const valueRoom = showValues ? (measuredRoom ?? (ranking ? 150 : 40)) : 8;
  const margin = ranking
    ? { top: 8, bottom: 8, left: rtl ? valueRoom : 8, right: rtl ? 8 : valueRoom }
    : { top: valueRoom, bottom: 8, left: 8, right: 8 };

  return (
    <div className="chart" role="img" aria-label={ariaLabel}>
      <AxisUnits primary={axis.unit} />
      <RechartsBarChart
        {...chartSize(width, chartHeight)}
        accessibilityLayer={false}
        data={rows}
        layout={ranking ? 'vertical' : 'horizontal'}
        margin={margin}
      >
        <CartesianGrid stroke={CHART_THEME.grid} horizontal={!ranking} vertical={ranking} />
        {ranking ? (
          <>
            <XAxis
              type="number"
              // Values written on the bars (slides): the value axis would only repeat them.
              hide={showValues}
              reversed={rtl}
              tickFormatter={valueTick}
              stroke={CHART_THEME.axis}
            />
            <YAxis
              type="category"
              dataKey="label"
              orientation={rtl ? 'right' : 'left'}
              stroke={CHART_THEME.axis}
              width={categoryWidth}
              interval={0}
              tick={(props: CategoryTickProps) => (
                <CategoryTick {...props} short={shortBar} lines={categoryLines} />
              )}
            />
          </>
        ) : (
          <>
            <XAxis
              dataKey="label"
              reversed={rtl}
              interval="preserveStartEnd"
              stroke={CHART_THEME.axis}
              tickFormatter={(label: string) => shortColumn.get(label) ?? label}
            />
            <YAxis
              orientation={rtl ? 'right' : 'left'}
              tickFormatter={valueTick}
              stroke={CHART_THEME.axis}
              width={64}
            />
          </>
        )}
        <Tooltip
          cursor={{ fill: CHART_THEME.cursorFill }}
          content={(props) => <ChartTooltip {...props} config={config} />}
        />
        {keys.map((key) => {
          const def = config[key];
          if (!def) return null;
          return (
            <Bar
              key={key}
              dataKey={key}
              name={def.label}
              fill={def.color}
              stackId={stacked ? 'stack' : undefined}
              isAnimationActive={false}
              cursor={onSelect ? 'pointer' : undefined}
              onClick={
                onSelect
                  ? (_: unknown, index: number) => {
                      const row = rows[index];
                      if (row) onSelect(row);
                    }
                  : undefined
              }
            >
              {rows.map((row) => (
                <Cell key={row.key} fillOpacity={dim(row)} />
              ))}
              {showValues ? (
                <LabelList
                  dataKey={key}
                  className="chart-value"
                  fill={CHART_THEME.label}
                  position={ranking ? 'right' : 'top'}
                  formatter={(v) => (typeof v === 'number' ? fmt.value(def.kind, v) : '')}
                />
              ) : null}
            </Bar>
          );
        })}
      </RechartsBarChart>
      <ChartLegend config={config} />
    </div>
  );
}

interface CategoryTickProps {
  x?: number | string;
  y?: number | string;
  textAnchor?: 'inherit' | 'end' | 'start' | 'middle';
  payload?: { value?: string | number };
}

/** One line per category (Recharts would wrap long names into overlapping lines); full name on hover. */
function CategoryTick({
  x,
  y,
  textAnchor,
  payload,
  short,
  lines,
}: CategoryTickProps & { short: Map<string, string>; lines?: Map<string, string[]> }) {
  const label = String(payload?.value ?? '');
  const shown = lines?.get(label) ?? [short.get(label) ?? label];
  return (
    <text
      x={Number(x)}
      y={Number(y)}
      // Centre the one or two lines on the bar.
      dy={shown.length > 1 ? '-0.25em' : 4}
      textAnchor={textAnchor}
      fontSize={12}
      fill={CHART_THEME.axis}
    >
      <title>{label}</title>
      {shown.map((line, i) => (
        <tspan key={line} x={Number(x)} dy={i === 0 ? 0 : '1.15em'}>
          {line}
        </tspan>
      ))}
    </text>
  );
}

/** A stacked column chart: the same component with `stacked`. */
export function StackedBarChart(props: Omit<BarChartProps, 'stacked'>) {
  return <BarChart {...props} stacked />;
}

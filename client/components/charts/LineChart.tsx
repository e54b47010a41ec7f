import {
  CartesianGrid,
  LabelList,
  Line,
  LineChart as RechartsLineChart,
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
  lineValueText,
  type ChartConfig,
  type ChartRow,
} from './chart-config.ts';

export interface LineChartProps {
  rows: ChartRow[];
  config: ChartConfig;
  ariaLabel: string;
  height?: number;
  /** A fixed width in px (the printed handout: paper width); else the chart fills its container. */
  width?: number;
  onSelect?: (row: ChartRow) => void;
  /** Write each point's value beside it (slides: nothing may need hovering). */
  showValues?: boolean;
  /** Padding at both ends of the time axis (slides: half the widest written value, measured). */
  edgePadding?: number;
  /** Which side of its point a written value goes (default above), so the line misses it. */
  valueSide?: (series: string, index: number) => 'above' | 'below';
}

/**
 * Line chart over ordered periods. Time runs right-to-left in RTL (the x axis is mirrored).
 * Series with `axis: 'secondary'` get their own value axis on the far side.
 */
export function LineChart({
  rows,
  config,
  ariaLabel,
  height = 300,
  width,
  onSelect,
  showValues = false,
  edgePadding = 0,
  valueSide,
}: LineChartProps) {
  const { dir, fmt } = useLocale();
  const rtl = dir === 'rtl';
  const keys = Object.keys(config);
  const primaryKind =
    config[keys.find((k) => config[k]?.axis !== 'secondary') ?? '']?.kind ?? 'count';
  const secondaryKey = keys.find((k) => config[k]?.axis === 'secondary');
  const secondaryKind = secondaryKey ? (config[secondaryKey]?.kind ?? 'count') : 'count';
  const primaryAxis = fmt.axis(
    primaryKind,
    axisValues(
      rows,
      keys.filter((k) => config[k]?.axis !== 'secondary'),
    ),
  );
  const secondaryAxis = secondaryKey
    ? fmt.axis(secondaryKind, axisValues(rows, [secondaryKey]))
    : null;
  const written = lineValueText(config, rows, fmt);
  return (
    <div className="chart" role="img" aria-label={ariaLabel}>
      <AxisUnits primary={primaryAxis.unit} secondary={secondaryAxis?.unit} />
      <RechartsLineChart
        {...chartSize(width, height)}
        accessibilityLayer={false}
        data={rows}
        margin={{ top: showValues ? 48 : 8, right: 8, bottom: showValues ? 40 : 8, left: 8 }}
        onClick={
          onSelect
            ? (state) => {
                const index = Number(state.activeTooltipIndex);
                const row = Number.isInteger(index) ? rows[index] : undefined;
                if (row) onSelect(row);
              }
            : undefined
        }
      >
        <CartesianGrid stroke={CHART_THEME.grid} vertical={false} />
        <XAxis
          dataKey="label"
          reversed={rtl}
          interval="preserveStartEnd"
          stroke={CHART_THEME.axis}
          padding={{ left: edgePadding, right: edgePadding }}
        />
        <YAxis
          yAxisId="primary"
          orientation={rtl ? 'right' : 'left'}
          stroke={CHART_THEME.axis}
          tickFormatter={primaryAxis.tick}
          width={64}
        />
        {secondaryKey ? (
          <YAxis
            yAxisId="secondary"
            orientation={rtl ? 'left' : 'right'}
            stroke={CHART_THEME.axis}
            tickFormatter={secondaryAxis?.tick}
            width={64}
          />
        ) : null}
        <Tooltip
          cursor={{ stroke: CHART_THEME.cursorLine }}
          content={(props) => <ChartTooltip {...props} config={config} />}
        />
        {keys.map((key) => {
          const def = config[key];
          if (!def) return null;
          return (
            <Line
              key={key}
              yAxisId={def.axis === 'secondary' ? 'secondary' : 'primary'}
              type="monotone"
              dataKey={key}
              name={def.label}
              stroke={def.color}
              strokeWidth={2.5}
              dot={{ r: 3, fill: def.color }}
              isAnimationActive={false}
            >
              {showValues ? (
                <LabelList
                  dataKey={key}
                  content={(props) => {
                    const { x, y, value, index } = props;
                    if (typeof value !== 'number') return null;
                    const below = valueSide?.(key, Number(index)) === 'below';
                    return (
                      <text
                        x={Number(x)}
                        y={Number(y)}
                        // Clear of the 8 px dot: a line's height above, or below it.
                        dy={below ? '1.6em' : '-0.8em'}
                        textAnchor="middle"
                        className="chart-value"
                        fill={CHART_THEME.label}
                      >
                        {written(key, value)}
                      </text>
                    );
                  }}
                />
              ) : null}
            </Line>
          );
        })}
      </RechartsLineChart>
      <ChartLegend config={config} />
    </div>
  );
}

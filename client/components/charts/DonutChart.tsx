import { Cell, Pie, PieChart, Tooltip } from 'recharts';
import { useLocale } from '../../lib/locale.ts';
import { Num } from '../Num.tsx';
import { ChartTooltip } from './ChartTooltip.tsx';
import { paletteColor, seriesValue, type ChartConfig, type ChartRow } from './chart-config.ts';

export interface DonutChartProps {
  rows: ChartRow[];
  /** One series: the value of each slice. Slice colours come from the palette in row order. */
  config: ChartConfig;
  ariaLabel: string;
  height?: number;
  onSelect?: (row: ChartRow) => void;
  activeKeys?: readonly string[];
}

/** Donut of one series' shares, with an HTML legend giving each slice's value and share. */
export function DonutChart({
  rows,
  config,
  ariaLabel,
  height = 260,
  onSelect,
  activeKeys,
}: DonutChartProps) {
  const { fmt } = useLocale();
  const key = Object.keys(config)[0] ?? '';
  const def = config[key];
  const total = rows.reduce((sum, row) => sum + (seriesValue(row, key) ?? 0), 0);
  const dimmed = (row: ChartRow) => !!activeKeys?.length && !activeKeys.includes(row.key);
  return (
    <div className="chart" role="img" aria-label={ariaLabel}>
      <PieChart responsive accessibilityLayer={false} style={{ width: '100%', height }}>
        <Pie
          data={rows}
          dataKey={key}
          nameKey="label"
          innerRadius="55%"
          outerRadius="90%"
          paddingAngle={1}
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
          {rows.map((row, i) => (
            <Cell
              key={row.key}
              fill={paletteColor(i)}
              fillOpacity={dimmed(row) ? 0.35 : 1}
              stroke="var(--surface)"
            />
          ))}
        </Pie>
        <Tooltip content={(props) => <ChartTooltip {...props} config={config} />} />
      </PieChart>
      <ul className="legend">
        {rows.map((row, i) => {
          const value = seriesValue(row, key);
          return (
            <li key={row.key}>
              <span className="swatch" style={{ background: paletteColor(i) }} aria-hidden="true" />
              <bdi>{row.label}</bdi>
              <Num>{def ? fmt.value(def.kind, value) : ''}</Num>
              {total > 0 && value !== null ? (
                <Num>{`(${fmt.percent(value / total, 0)})`}</Num>
              ) : null}
            </li>
          );
        })}
      </ul>
    </div>
  );
}

import { useState } from 'react';
import { useLocale } from '../../lib/locale.ts';
import { Num } from '../Num.tsx';
import { ChartTooltipBody } from './ChartTooltip.tsx';
import { paletteColor, seriesValue, type ChartConfig, type ChartRow } from './chart-config.ts';
import { donutSlices } from './donut-geometry.ts';

export interface DonutChartProps {
  rows: ChartRow[];
  /** One series: the value of each slice. Slice colours come from the palette in row order. */
  config: ChartConfig;
  ariaLabel: string;
  height?: number;
  onSelect?: (row: ChartRow) => void;
  activeKeys?: readonly string[];
}

/** Gap between slices, as Recharts' `paddingAngle={1}` drew it (1°). */
const PAD_ANGLE = Math.PI / 180;

/**
 * Donut of one series' shares, with an HTML legend giving each slice's value and share. Plain SVG
 * arcs (donut-geometry.ts) rather than Recharts' Pie: a donut is a few arcs, and Recharts' polar
 * machinery would add ~6 KB gzip to the overview (issue #4). Slices start at 12 o'clock and run
 * clockwise in row order.
 */
export function DonutChart({
  rows,
  config,
  ariaLabel,
  height = 260,
  onSelect,
  activeKeys,
}: DonutChartProps) {
  const { fmt } = useLocale();
  const [hovered, setHovered] = useState<number | null>(null);
  const key = Object.keys(config)[0] ?? '';
  const def = config[key];
  const total = rows.reduce((sum, row) => sum + (seriesValue(row, key) ?? 0), 0);
  const dimmed = (row: ChartRow) => !!activeKeys?.length && !activeKeys.includes(row.key);
  const radius = height / 2;
  const slices = donutSlices(
    rows.map((row) => seriesValue(row, key)),
    radius * 0.9 * 0.55,
    radius * 0.9,
    PAD_ANGLE,
  );
  const hoveredSlice = slices.find((slice) => slice.index === hovered);
  const hoveredRow = hoveredSlice ? rows[hoveredSlice.index] : undefined;
  const [tipX, tipY] = hoveredSlice?.centroid ?? [0, 0];
  return (
    <div className="chart" role="img" aria-label={ariaLabel}>
      <div className="donut" style={{ blockSize: height }}>
        <svg
          viewBox={`${-radius} ${-radius} ${height} ${height}`}
          width="100%"
          height={height}
          onMouseLeave={() => setHovered(null)}
        >
          {slices.map((slice) => {
            const row = rows[slice.index];
            if (!row) return null;
            return (
              <path
                key={row.key}
                d={slice.path}
                fill={paletteColor(slice.index)}
                fillOpacity={dimmed(row) ? 0.35 : 1}
                fillRule="evenodd"
                stroke="var(--surface)"
                cursor={onSelect ? 'pointer' : undefined}
                onMouseEnter={() => setHovered(slice.index)}
                onClick={onSelect ? () => onSelect(row) : undefined}
              />
            );
          })}
        </svg>
        {hoveredRow ? (
          <div
            className="donut-tooltip"
            style={{ left: `calc(50% + ${tipX}px)`, top: radius + tipY }}
          >
            <ChartTooltipBody
              row={hoveredRow}
              entries={[{ key, value: seriesValue(hoveredRow, key) }]}
              config={config}
            />
          </div>
        ) : null}
      </div>
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

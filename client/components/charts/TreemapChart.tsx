import { useEffect, useRef, useState } from 'react';
import { Tooltip, Treemap, type TreemapNode } from 'recharts';
import { useLocale } from '../../lib/locale.ts';
import { ChartTooltip } from './ChartTooltip.tsx';
import { paletteColor, truncateLabel, type ChartConfig, type ChartRow } from './chart-config.ts';

export interface TreemapChartProps {
  rows: ChartRow[];
  /** One series: the area of each rectangle. */
  config: ChartConfig;
  ariaLabel: string;
  height?: number;
  onSelect?: (row: ChartRow) => void;
  /**
   * Nest the rectangles in groups (a heading inside its category): `field` is the row field that
   * holds the group key; each group gets one palette colour and a legend entry, in this order.
   */
  group?: { field: string; groups: readonly { key: string; label: string }[] };
}

/**
 * Treemap of one series; each rectangle labelled with its (shortened) name when it fits. In RTL the
 * layout is mirrored, so the largest rectangle sits at the top right where a Persian reader starts.
 */
export function TreemapChart({
  rows,
  config,
  ariaLabel,
  height = 320,
  onSelect,
  group,
}: TreemapChartProps) {
  const { dir } = useLocale();
  const [box, width] = useWidth();
  const mirrorWidth = dir === 'rtl' ? width : null;
  // Recharts places the tooltip at the unmirrored tile: in RTL we place it at the drawn one.
  const [tipAt, setTipAt] = useState<{ x: number; y: number } | undefined>(undefined);
  const key = Object.keys(config)[0] ?? '';
  const positive = rows.filter((row) => typeof row[key] === 'number' && row[key] > 0);
  const data = group
    ? group.groups
        .map((g, gi) => ({
          key: g.key,
          label: g.label,
          name: g.label,
          fill: paletteColor(gi),
          children: positive
            .filter((row) => row[group.field] === g.key)
            .map((row) => ({ ...row, name: row.label, fill: paletteColor(gi) })),
        }))
        .filter((g) => g.children.length > 0)
    : positive.map((row, i) => ({ ...row, name: row.label, fill: paletteColor(i) }));
  return (
    <div className="chart" role="img" aria-label={ariaLabel}>
      <div ref={box} style={{ blockSize: height }}>
        {width > 0 ? (
          <Treemap
            width={width}
            height={height}
            data={data}
            dataKey={key}
            nameKey="name"
            isAnimationActive={false}
            stroke="var(--surface)"
            content={(node: TreemapNode) => (
              <TreemapCell node={node} mirrorWidth={mirrorWidth} onHover={setTipAt} />
            )}
            onClick={
              onSelect
                ? (node: TreemapNode) => {
                    const row = rows.find((r) => r.key === node.key);
                    if (row) onSelect(row);
                  }
                : undefined
            }
          >
            <Tooltip
              position={mirrorWidth === null ? undefined : tipAt}
              content={(props) => <ChartTooltip {...props} config={config} />}
            />
          </Treemap>
        ) : null}
      </div>
      {group ? (
        <ul className="legend">
          {group.groups.map((g, gi) => (
            <li key={g.key}>
              <span
                className="swatch"
                style={{ background: paletteColor(gi) }}
                aria-hidden="true"
              />
              <bdi>{g.label}</bdi>
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}

/** The width of an element, followed as it resizes (0 until measured). */
function useWidth() {
  const ref = useRef<HTMLDivElement>(null);
  const [width, setWidth] = useState(0);
  useEffect(() => {
    const element = ref.current;
    if (!element) return;
    const observer = new ResizeObserver(([entry]) => {
      setWidth(Math.floor(entry?.contentRect.width ?? 0));
    });
    observer.observe(element);
    return () => observer.disconnect();
  }, []);
  return [ref, width] as const;
}

/**
 * One rectangle. Recharts lays the squarified tiles out from the left; with `mirrorWidth` (RTL)
 * each tile is placed at the mirror image of its position, its label unmirrored.
 */
function TreemapCell({
  node,
  mirrorWidth,
  onHover,
}: {
  node: TreemapNode;
  mirrorWidth: number | null;
  onHover: (center: { x: number; y: number }) => void;
}) {
  const { y, width, height, name } = node;
  const x = mirrorWidth === null ? node.x : mirrorWidth - node.x - width;
  const fill = typeof node.fill === 'string' ? node.fill : 'var(--chart-1)';
  const fits = width > 60 && height > 24;
  return (
    <g onMouseEnter={() => onHover({ x: x + width / 2, y: y + height / 2 })}>
      <rect x={x} y={y} width={width} height={height} fill={fill} stroke="var(--surface)" />
      {fits ? (
        <text
          x={x + width / 2}
          y={y + height / 2}
          textAnchor="middle"
          dominantBaseline="middle"
          style={{
            fill: 'var(--text)',
            stroke: 'var(--surface)',
            strokeWidth: 3,
            paintOrder: 'stroke',
            fontSize: 12,
          }}
        >
          {truncateLabel(String(name), Math.max(4, Math.floor(width / 8)))}
        </text>
      ) : null}
    </g>
  );
}

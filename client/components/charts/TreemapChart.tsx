import { ResponsiveContainer, Tooltip, Treemap, type TreemapNode } from 'recharts';
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

/** Treemap of one series; each rectangle labelled with its (shortened) name when it fits. */
export function TreemapChart({
  rows,
  config,
  ariaLabel,
  height = 320,
  onSelect,
  group,
}: TreemapChartProps) {
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
      <ResponsiveContainer width="100%" height={height}>
        <Treemap
          data={data}
          dataKey={key}
          nameKey="name"
          isAnimationActive={false}
          stroke="var(--surface)"
          content={TreemapCell}
          onClick={
            onSelect
              ? (node: TreemapNode) => {
                  const row = rows.find((r) => r.key === node.key);
                  if (row) onSelect(row);
                }
              : undefined
          }
        >
          <Tooltip content={(props) => <ChartTooltip {...props} config={config} />} />
        </Treemap>
      </ResponsiveContainer>
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

function TreemapCell(node: TreemapNode) {
  const { x, y, width, height, name } = node;
  const fill = typeof node.fill === 'string' ? node.fill : 'var(--chart-1)';
  const fits = width > 60 && height > 24;
  return (
    <g>
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

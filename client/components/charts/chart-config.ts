import type { Formatter, ValueKind } from '../../lib/format.ts';

/**
 * One config drives every chart, its tooltip, legend and table view (the shadcn/ui chart idea):
 * series key → label, colour (a CSS variable, so light/dark themes switch without JS) and value kind.
 */
export interface SeriesDef {
  label: string;
  /** A CSS colour, normally one of PALETTE. */
  color: string;
  kind: ValueKind;
  /** Line/column charts: plot on a second value axis (different magnitude, e.g. units vs jobs). */
  axis?: 'primary' | 'secondary';
}
export type ChartConfig = Record<string, SeriesDef>;

/**
 * A chart row: `key` identifies the member (province code, year…) for cross-filtering, `label` is
 * what is shown, every config key holds a number. Money series also carry their exact decimal
 * string under `${series}Exact` for tooltips and tables.
 */
export interface ChartRow {
  key: string;
  label: string;
  [series: string]: string | number | null;
}

/**
 * Colours of everything around the data (axes, tick labels, grid, written values, hover cursor) as
 * the theme's CSS variables. Without them Recharts writes `stroke="#666"` on every axis (tick labels
 * take the axis stroke as their fill) and a grey cursor, which stay the same in the dark theme.
 */
export const CHART_THEME = {
  axis: 'var(--text-muted)',
  grid: 'var(--grid)',
  label: 'var(--text)',
  cursorFill: 'var(--surface-2)',
  cursorLine: 'var(--text-muted)',
} as const;

/** Okabe–Ito based, colour-blind safe; each entry has a dark-theme variant in styles/theme.css. */
export const PALETTE = [
  'var(--chart-1)',
  'var(--chart-2)',
  'var(--chart-3)',
  'var(--chart-4)',
  'var(--chart-5)',
  'var(--chart-6)',
  'var(--chart-7)',
  'var(--chart-8)',
] as const;

/** The palette colour for the i-th series or slice (cycles). */
export function paletteColor(index: number): string {
  return PALETTE[index % PALETTE.length] ?? 'var(--chart-1)';
}

/** The key under which a money series' exact decimal string travels. */
export function exactKey(series: string): string {
  return `${series}Exact`;
}

/** A row's numeric value for a series (null when missing or not a finite number). */
export function seriesValue(row: ChartRow, series: string): number | null {
  const value = row[series];
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

/**
 * Every value the value axis must show for `keys` (row totals when stacked), for `fmt.axis` to
 * pick one unit for the whole axis.
 */
export function axisValues(rows: readonly ChartRow[], keys: readonly string[], stacked = false) {
  return rows.flatMap((row) => {
    const values = keys.map((k) => seriesValue(row, k) ?? 0);
    return stacked ? [values.reduce((a, b) => a + b, 0)] : values;
  });
}

/**
 * How a line chart writes values on its points (slides): money as bare figures in its axis's one
 * unit, which the chart names once above the plot (issue #14: «۵٫۱ هزار میلیارد ریال» at every
 * point ran into the next value), other kinds as the tooltip writes them.
 */
export function lineValueText(
  config: ChartConfig,
  rows: readonly ChartRow[],
  fmt: Pick<Formatter, 'axis' | 'value'>,
): (key: string, value: number) => string {
  const keys = Object.keys(config);
  const ticks = new Map<string, (value: number) => string>();
  for (const secondary of [false, true]) {
    const onAxis = keys.filter((k) => (config[k]?.axis === 'secondary') === secondary);
    if (config[onAxis[0] ?? '']?.kind !== 'money') continue;
    const { tick } = fmt.axis('money', axisValues(rows, onAxis));
    for (const key of onAxis) ticks.set(key, tick);
  }
  return (key, value) => ticks.get(key)?.(value) ?? fmt.value(config[key]?.kind ?? 'count', value);
}

/** Shortens a category label for an axis tick; the full label stays in tooltip and table. */
export function truncateLabel(label: string, max = 18): string {
  return label.length > max ? `${label.slice(0, max - 1)}…` : label;
}

/**
 * Shortens by cutting the middle: names that differ only at their end (a cluster's province,
 * a park's number) stay told apart, «خوشه ماشین‌آلا…کشاورزی اصفهان».
 */
export function middleTruncate(label: string, max: number): string {
  const chars = [...label];
  if (chars.length <= max) return label;
  const head = Math.ceil((max - 1) * 0.55);
  const tail = max - 1 - head;
  return `${chars.slice(0, head).join('').trimEnd()}…${chars
    .slice(chars.length - tail)
    .join('')
    .trimStart()}`;
}

/**
 * Short forms of a list of labels, at most `max` characters where possible, never two alike:
 * labels whose short forms collide get more characters until they differ (at worst, in full).
 */
export function distinctLabels(labels: readonly string[], max: number): Map<string, string> {
  const unique = [...new Set(labels)];
  const short = new Map(unique.map((l) => [l, middleTruncate(l, max)]));
  for (let room = max + 2; ; room += 2) {
    const seen = new Map<string, string[]>();
    for (const [full, s] of short) seen.set(s, [...(seen.get(s) ?? []), full]);
    const clashing = [...seen.values()].filter((group) => group.length > 1).flat();
    if (clashing.length === 0) return short;
    for (const full of clashing) short.set(full, middleTruncate(full, room));
  }
}

/**
 * Recharts' sizing props: a fixed `width` draws the chart at exactly that size, synchronously
 * (the printed handout re-renders at paper width inside `beforeprint`, before the browser lays
 * the page out); without one the chart follows its container's measured width.
 */
export function chartSize(width: number | undefined, height: number) {
  return width === undefined
    ? { responsive: true, style: { width: '100%', height } }
    : { width, height, style: { width, height } };
}

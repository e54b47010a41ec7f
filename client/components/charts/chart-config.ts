import type { ValueKind } from '../../lib/format.ts';

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

/** Shortens a category label for an axis tick; the full label stays in tooltip and table. */
export function truncateLabel(label: string, max = 18): string {
  return label.length > max ? `${label.slice(0, max - 1)}…` : label;
}

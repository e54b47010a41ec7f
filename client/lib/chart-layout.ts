import { middleTruncate } from '../components/charts/chart-config.ts';
import type { TextMeasure } from './text-measure.ts';

/**
 * Chart margins from measured text (issue #14: slides clipped their own labels, with margins
 * guessed in pixels). Pure: the slides pass the page's canvas measurer and their type size.
 */

/** Room around a label, in px. */
const PAD = 12;

export interface RankingLayout {
  /** Width of the category axis: the widest label line, at most `maxShare` of the chart. */
  categoryWidth: number;
  /** Room at the end of the bars for the widest written value. */
  valueRoom: number;
  /** Each category's label as one or two lines that fit `categoryWidth`. */
  lines: Map<string, string[]>;
}

/**
 * Splits a label into at most two lines no wider than `width`; a second line that still does not
 * fit is shortened in the middle (the full name stays in the table view and the tooltip).
 */
export function twoLines(label: string, width: number, size: number, measure: TextMeasure) {
  if (measure(label, size) <= width) return [label];
  const words = label.split(' ');
  let first = '';
  let i = 0;
  for (; i < words.length; i++) {
    const next = first ? `${first} ${words[i]}` : (words[i] ?? '');
    if (first && measure(next, size) > width) break;
    first = next;
  }
  let second = words.slice(i).join(' ');
  for (let max = [...second].length; max > 3 && measure(second, size) > width; max--) {
    second = middleTruncate(words.slice(i).join(' '), max);
  }
  return second ? [first, second] : [first];
}

/** A ranking's axis width, value room and wrapped labels for a chart `width` px wide. */
export function rankingLayout(
  labels: readonly string[],
  values: readonly string[],
  options: { width: number; fontSize: number; measure: TextMeasure; maxShare?: number },
): RankingLayout {
  const { width, fontSize, measure, maxShare = 0.38 } = options;
  const valueRoom = Math.ceil(Math.max(0, ...values.map((v) => measure(v, fontSize, 700))) + PAD);
  const maxLabel = Math.max(60, width * maxShare - PAD);
  const lines = new Map(labels.map((l) => [l, twoLines(l, maxLabel, fontSize, measure)]));
  const widest = Math.max(0, ...[...lines.values()].flat().map((line) => measure(line, fontSize)));
  return { categoryWidth: Math.ceil(Math.min(maxLabel, widest) + PAD), valueRoom, lines };
}

/**
 * Padding at both ends of a line chart's time axis so the first and last written values, centred
 * on their points, stay inside the chart.
 */
export function lineEdgePadding(values: readonly string[], fontSize: number, measure: TextMeasure) {
  return Math.ceil(Math.max(0, ...values.map((v) => measure(v, fontSize, 700))) / 2 + PAD);
}

/**
 * Share of the value range above the axis that a value written below its point needs (two lines
 * of the slide's type in a plot about 14 of them tall, at every slide size and on paper).
 */
const ROOM_BELOW = 0.15;

/**
 * Where a point's written value goes so the line does not cross it: above a point that stands
 * higher than its neighbours' average (the line falls away on both sides), below one that stands
 * lower — unless it stands so near the axis that the value would run into the axis labels. Ends
 * compare with their one neighbour.
 */
export function valueSide(values: readonly (number | null)[], index: number): 'above' | 'below' {
  const v = values[index];
  const around = [values[index - 1], values[index + 1]].filter(
    (n): n is number => typeof n === 'number',
  );
  if (typeof v !== 'number' || around.length === 0) return 'above';
  // The value axis runs from zero (or the lowest value, when below zero) to the highest value.
  const known = values.filter((n): n is number => typeof n === 'number');
  const low = Math.min(0, ...known);
  const high = Math.max(0, ...known);
  if (high > low && (v - low) / (high - low) < ROOM_BELOW) return 'above';
  const mean = around.reduce((a, b) => a + b, 0) / around.length;
  return v >= mean ? 'above' : 'below';
}

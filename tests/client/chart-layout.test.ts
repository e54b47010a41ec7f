import { describe, expect, it } from 'vitest';
import {
  lineEdgePadding,
  rankingLayout,
  twoLines,
  valueSide,
} from '../../client/lib/chart-layout.ts';
import type { TextMeasure } from '../../client/lib/text-measure.ts';

// A stand-in for canvas measureText: 0.5 em per character.
const measure: TextMeasure = (text, size) => [...text].length * size * 0.5;

describe('slide chart layout from measured text', () => {
  it('wraps a long name onto two lines that fit, shortening only the second', () => {
    const lines = twoLines('خوشه فرش دستباف اصفهان ۱۰', 120, 20, measure);
    expect(lines).toHaveLength(2);
    for (const line of lines) expect(measure(line, 20)).toBeLessThanOrEqual(120);
    expect(lines[1]).toMatch(/۱۰$/);
    expect(twoLines('سایر', 120, 20, measure)).toEqual(['سایر']);
  });

  it('sizes the category axis to the widest line and the value room to the widest value', () => {
    const layout = rankingLayout(['سایر', 'خوشه فرش دستباف اصفهان ۱۰'], ['۱۳٬۳۷۳', '۲۵۹٬۳۶۸'], {
      width: 1000,
      fontSize: 20,
      measure,
    });
    expect(layout.valueRoom).toBe(7 * 10 + 12);
    expect(layout.categoryWidth).toBeLessThanOrEqual(1000 * 0.38);
    const widest = Math.max(...[...layout.lines.values()].flat().map((l) => measure(l, 20)));
    expect(layout.categoryWidth).toBe(Math.ceil(widest + 12));
  });

  it('pads a line chart by half its widest written value', () => {
    expect(lineEdgePadding(['۱۳٬۳۷۳', '۲۵۹٬۳۶۸'], 20, measure)).toBe(35 + 12);
  });

  it('writes a value on the side the line leaves free', () => {
    const peak = [1, 5, 2];
    expect(valueSide(peak, 1)).toBe('above');
    const dip = [5, 1, 4];
    expect(valueSide(dip, 1)).toBe('below');
    // The first point of a rising line: the line climbs away above it.
    expect(valueSide([1, 5], 0)).toBe('below');
    expect(valueSide([5, 1], 0)).toBe('above');
  });
  it('writes a value above its point when below would run into the axis labels', () => {
    // The headings deck's payments: 5.1 at the start of a line rising to 44.2 (axis from 0).
    const rising = [5.1, 8.7, 13.1, 16.1, 20.5, 25.5, 34.4, 44.2];
    expect(valueSide(rising, 0)).toBe('above');
    expect(valueSide(rising, 1)).toBe('below');
    // A dip far from the axis still takes its value below.
    expect(valueSide([50, 40, 50], 1)).toBe('below');
    expect(valueSide([50, 4, 50], 1)).toBe('above');
  });
});

import { describe, expect, it } from 'vitest';
import { classColor, classOf, legendOf, sequentialScale } from '../../client/lib/scales.ts';

describe('sequentialScale', () => {
  it('splits skewed values into quantile classes', () => {
    const values = [1, 2, 3, 4, 5, 6, 7, 8, 9, 1000];
    const scale = sequentialScale(values);
    expect(scale.min).toBe(1);
    expect(scale.max).toBe(1000);
    expect(scale.thresholds).toEqual([3, 5, 7, 9]);
    expect(classOf(scale, 1)).toBe(1);
    expect(classOf(scale, 4)).toBe(2);
    expect(classOf(scale, 1000)).toBe(5);
  });

  it('treats missing values as no data', () => {
    const scale = sequentialScale([null, undefined, 5]);
    expect(classOf(scale, null)).toBe(0);
    expect(classColor(0)).toBe('var(--map-empty)');
  });

  it('keeps classes distinct when values repeat', () => {
    const scale = sequentialScale([0, 0, 0, 0, 10]);
    expect(scale.thresholds).toEqual([]);
    expect(classOf(scale, 0)).toBe(5);
    const two = sequentialScale([0, 0, 0, 5, 5, 10]);
    expect(new Set([0, 5, 10].map((v) => classOf(two, v))).size).toBeGreaterThan(1);
  });

  it('gives one legend entry per class, covering min to max', () => {
    const legend = legendOf(sequentialScale([1, 2, 3, 4, 5, 6, 7, 8, 9, 1000]));
    expect(legend).toHaveLength(5);
    expect(legend[0]?.from).toBe(1);
    expect(legend.at(-1)?.to).toBe(1000);
    expect(legendOf(sequentialScale([]))).toHaveLength(1);
  });
});

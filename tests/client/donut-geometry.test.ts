import { describe, expect, it } from 'vitest';
import { donutSlices } from '../../client/components/charts/donut-geometry.ts';

const TAU = 2 * Math.PI;

describe('donutSlices', () => {
  it('gives each value its share of the circle, from 12 o’clock clockwise, in order', () => {
    const slices = donutSlices([1, 3], 50, 100);
    expect(slices.map((s) => s.index)).toEqual([0, 1]);
    expect(slices[0]?.startAngle).toBe(0);
    expect(slices[0]?.endAngle).toBeCloseTo(TAU / 4);
    expect(slices[1]?.startAngle).toBeCloseTo(TAU / 4);
    expect(slices[1]?.endAngle).toBeCloseTo(TAU);
    // The quarter slice lies right of 12 o'clock: its centroid is up and to the right.
    const [x, y] = slices[0]?.centroid ?? [0, 0];
    expect(x).toBeCloseTo(75 * Math.sin(TAU / 8));
    expect(y).toBeCloseTo(-75 * Math.cos(TAU / 8));
    expect(slices[0]?.path).toBe('M0,-100A100,100 0 0 1 100,0L50,0A50,50 0 0 0 0,-50Z');
    // Three quarters take the large arc.
    expect(slices[1]?.path).toContain('A100,100 0 1 1');
  });

  it('leaves a gap between slices and none around a lone one', () => {
    const [first, second] = donutSlices([1, 1], 50, 100, 0.1);
    expect(first?.startAngle).toBeCloseTo(0.05);
    expect(first?.endAngle).toBeCloseTo(Math.PI - 0.05);
    expect(second?.startAngle).toBeCloseTo(Math.PI + 0.05);
    const [lone] = donutSlices([5], 50, 100, 0.1);
    expect(lone?.startAngle).toBe(0);
    expect(lone?.endAngle).toBeCloseTo(TAU);
  });

  it('draws a lone value as a whole ring (an arc cannot end where it starts)', () => {
    const [ring] = donutSlices([0, 7, null], 50, 100);
    expect(ring?.index).toBe(1);
    expect(ring?.path).toBe(
      'M0,-100A100,100 0 1 1 0,100A100,100 0 1 1 0,-100Z' +
        'M0,-50A50,50 0 1 0 0,50A50,50 0 1 0 0,-50Z',
    );
  });

  it('draws nothing for zero, negative or missing values', () => {
    expect(donutSlices([0, -3, null], 50, 100)).toEqual([]);
    expect(donutSlices([2, -3, 2], 50, 100).map((s) => s.index)).toEqual([0, 2]);
  });
});

import { describe, expect, it } from 'vitest';
import { Rng, WeightedPicker } from '../../server/seed/prng.ts';

describe('Rng (sfc32)', () => {
  it('is reproducible from its seed words and differs between seeds', () => {
    const a = Array.from(
      { length: 5 },
      (
        (r) => () =>
          r.nextUint32()
      )(new Rng(1403, 1)),
    );
    const b = Array.from(
      { length: 5 },
      (
        (r) => () =>
          r.nextUint32()
      )(new Rng(1403, 1)),
    );
    const c = Array.from(
      { length: 5 },
      (
        (r) => () =>
          r.nextUint32()
      )(new Rng(1403, 2)),
    );
    expect(a).toEqual(b);
    expect(a).not.toEqual(c);
  });

  it('draws uniform floats in [0, 1) and integers within bounds', () => {
    const rng = new Rng(7);
    let sum = 0;
    for (let i = 0; i < 100_000; i++) {
      const x = rng.float();
      expect(x >= 0 && x < 1).toBe(true);
      sum += x;
      const k = rng.int(3, 5);
      expect(k >= 3 && k <= 5).toBe(true);
    }
    expect(Math.abs(sum / 100_000 - 0.5)).toBeLessThan(0.005);
  });

  it('normal and poisson have the right means', () => {
    const rng = new Rng(11);
    let n = 0;
    let p = 0;
    for (let i = 0; i < 50_000; i++) {
      n += rng.normal();
      p += rng.poisson(2.5);
    }
    expect(Math.abs(n / 50_000)).toBeLessThan(0.02);
    expect(Math.abs(p / 50_000 - 2.5)).toBeLessThan(0.03);
  });

  it('WeightedPicker follows its weights and never picks a zero weight', () => {
    const rng = new Rng(3);
    const picker = new WeightedPicker([1, 0, 3]);
    const counts = [0, 0, 0];
    for (let i = 0; i < 40_000; i++) counts[picker.index(rng)]!++;
    expect(counts[1]).toBe(0);
    expect(Math.abs(counts[2]! / 40_000 - 0.75)).toBeLessThan(0.01);
    expect(() => new WeightedPicker([0, 0])).toThrow();
  });
});

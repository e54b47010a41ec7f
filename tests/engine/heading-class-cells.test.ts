import { describe, expect, it } from 'vitest';
import {
  sumSectors,
  tri,
  type HeadingClassCells,
} from '../../server/engine/facts/heading-class-cells.ts';

/** Exact total of a cell: its float part and its bigint spill. */
const exact = (amount: Float64Array, spill: Map<number, bigint>, i: number) =>
  BigInt(amount[i] ?? 0) + (spill.get(i) ?? 0n);

describe('the heading class cells with the sectors summed', () => {
  // 2 headings, 2 provinces, 3 sectors, 2 years, 2 categories; amounts near 2^52 in each sector,
  // so a cell's sum over sectors passes 2^53 and must spill to stay exact.
  const H = 2;
  const P = 2;
  const S = 3;
  const Y = 2;
  const C = 2;
  const T = tri(Y - 1, Y - 1) + 1;
  const K = P * S * 3;
  const big = 2 ** 52 - 1;
  const cells: HeadingClassCells = {
    sectors: S,
    classes: K,
    tri: T,
    grants: new Float64Array(H * P * S * Y).map((_, i) => i + 1),
    amount: new Float64Array(H * P * S * Y).fill(big),
    spill: new Map([[5, 7n]]),
    sizedGrants: new Float64Array(H * K * T).map((_, i) => (i % 5) + 1),
    sizedAmount: new Float64Array(H * K * T).fill(big),
    sizedSpill: new Map([[11, 3n]]),
    units: new Int32Array(H * K * T).map((_, i) => i % 7),
    categoryUnits: new Int32Array(C * K * T).map((_, i) => i % 3),
  };
  const summed = sumSectors(cells, P, Y);

  it('adds every sector of a (heading, province[, size]) exactly', () => {
    for (let h = 0; h < H; h++)
      for (let p = 0; p < P; p++)
        for (let y = 0; y < Y; y++) {
          let grants = 0;
          let amount = 0n;
          for (let s = 0; s < S; s++) {
            const i = ((h * P + p) * S + s) * Y + y;
            grants += cells.grants[i] ?? 0;
            amount += exact(cells.amount, cells.spill, i);
          }
          const j = (h * P + p) * Y + y;
          expect(summed.grants[j]).toBe(grants);
          expect(exact(summed.amount, summed.spill, j)).toBe(amount);
        }
    for (let g = 0; g < H; g++)
      for (let p = 0; p < P; p++)
        for (let z = 0; z < 3; z++)
          for (let t = 0; t < T; t++) {
            let grants = 0;
            let amount = 0n;
            let units = 0;
            for (let s = 0; s < S; s++) {
              const i = (g * K + (p * S + s) * 3 + z) * T + t;
              grants += cells.sizedGrants[i] ?? 0;
              amount += exact(cells.sizedAmount, cells.sizedSpill, i);
              units += cells.units[i] ?? 0;
            }
            const j = (g * P * 3 + p * 3 + z) * T + t;
            expect(summed.sizedGrants[j]).toBe(grants);
            expect(exact(summed.sizedAmount, summed.sizedSpill, j)).toBe(amount);
            expect(summed.units[j]).toBe(units);
          }
    for (let c = 0; c < C; c++)
      for (let p = 0; p < P; p++)
        for (let z = 0; z < 3; z++)
          for (let t = 0; t < T; t++) {
            let units = 0;
            for (let s = 0; s < S; s++)
              units += cells.categoryUnits[(c * K + (p * S + s) * 3 + z) * T + t] ?? 0;
            expect(summed.categoryUnits[(c * P * 3 + p * 3 + z) * T + t]).toBe(units);
          }
    expect(summed.sectors).toBe(1);
    expect(summed.classes).toBe(P * 3);
  });
});

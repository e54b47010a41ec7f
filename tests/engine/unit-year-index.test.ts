import { describe, expect, it } from 'vitest';
import {
  buildUnitYearIndex,
  MAX_INDEXED_YEARS,
  unitYearIndexBytes,
  yearBits,
  type GrantColumns,
} from '../../server/engine/facts/unit-year-index.ts';

// The builder of the unit-year index over hand-made columns. That every question it answers
// equals the raw SQL is engine-equality.test.ts's property (which checks it ran).

const MAX = Number.MAX_SAFE_INTEGER;

/** Columns of units whose grants are [heading position, year position, amount]. */
function columns(nYears: number, units: [number, number, number][][]): GrantColumns {
  const grants = units.flat();
  const grantStart = new Int32Array(units.length + 1);
  units.forEach((g, u) => (grantStart[u + 1] = (grantStart[u] ?? 0) + g.length));
  return {
    nYears,
    unitIds: Int32Array.from(units, (_, u) => 100 + u),
    grantStart,
    grantHeading: Uint8Array.from(grants, (g) => g[0]),
    grantYear: Uint8Array.from(grants, (g) => g[1]),
    grantAmount: Float64Array.from(grants, (g) => g[2]),
    // headings 0, 1 → category 0; heading 2 → category 1
    categoryOfHeading: Int32Array.from([0, 0, 1]),
    categories: { ids: [7, 8] },
    // Unit u's employees in year y: 10u + y, none (−1) where u + y is odd; size 1 + (u % 3).
    employees: Int32Array.from({ length: units.length * nYears }, (_, i) => {
      const [u, y] = [Math.floor(i / nYears), i % nYears];
      return (u + y) % 2 === 1 ? -1 : 10 * u + y;
    }),
    size: Uint8Array.from({ length: units.length * nYears }, (_, i) => {
      const [u, y] = [Math.floor(i / nYears), i % nYears];
      return (u + y) % 2 === 1 ? 0 : 1 + (u % 3);
    }),
  };
}

/** Unit u's values in every year of a year-major column of `n` units. */
function perUnit(column: ArrayLike<number>, u: number, n: number): number[] {
  return Array.from({ length: column.length / n }, (_, y) => column[y * n + u] ?? NaN);
}

describe('the unit-year index', () => {
  const index = buildUnitYearIndex(
    columns(3, [
      [
        [0, 0, 5],
        [2, 2, 7],
        [1, 2, 1],
      ],
      [],
      [
        [2, 1, MAX],
        [2, 1, 0],
      ],
      // Passes 2^53 in its last year only.
      [
        [0, 0, MAX - 1],
        [0, 2, 1],
        [0, 2, 1],
      ],
    ]),
  );
  if (!index) throw new Error('three years fit the masks');

  it('marks each unit’s years with a disbursed grant, in all and per category', () => {
    expect([...index.supportYears]).toEqual([0b101, 0, 0b010, 0b101]);
    // category 0 of units 0..3, then category 1
    expect([...index.categoryYears]).toEqual([0b101, 0, 0, 0b101, 0b100, 0, 0b010, 0]);
  });

  it('sums each unit’s grants and amounts up to every year', () => {
    // Year-major: year y of unit u at y * 4 + u.
    expect([0, 1, 2, 3].map((u) => perUnit(index.grantsUpTo, u, 4))).toEqual([
      [1, 1, 3],
      [0, 0, 0],
      [0, 2, 2],
      [1, 1, 3],
    ]);
    expect([0, 1, 2].map((u) => perUnit(index.amountUpTo, u, 4))).toEqual([
      [5, 5, 13],
      [0, 0, 0],
      [0, MAX, MAX],
    ]);
  });

  it('copies employees and size year-major', () => {
    expect([0, 1, 2, 3].map((u) => perUnit(index.employeesByYear, u, 4))).toEqual([
      [0, -1, 2],
      [-1, 11, -1],
      [20, -1, 22],
      [-1, 31, -1],
    ]);
    expect([0, 1, 2, 3].map((u) => perUnit(index.sizeByYear, u, 4))).toEqual([
      [1, 0, 1],
      [0, 2, 0],
      [3, 0, 3],
      [0, 1, 0],
    ]);
  });

  it('flags the units whose running total passes 2^53 − 1, and only those', () => {
    // Unit 2 totals exactly MAX_SAFE_INTEGER: exact. Unit 3 passes it.
    expect([...index.inexact]).toEqual([0, 0, 0, 1]);
  });

  it('says what it adds in bytes', () => {
    expect(unitYearIndexBytes(index)).toBe(4 * 4 + 2 * 4 * 4 + 12 * 4 + 12 * 8 + 4 + 12 * 4 + 12);
  });

  it('is not built when the years do not fit a mask', () => {
    expect(buildUnitYearIndex(columns(MAX_INDEXED_YEARS + 1, [[[0, 0, 1]]]))).toBeNull();
    expect(buildUnitYearIndex(columns(MAX_INDEXED_YEARS, [[[0, 31, 1]]]))?.supportYears[0]).toBe(
      2 ** 31,
    );
  });

  it('masks a span of year positions', () => {
    expect(yearBits(0, 0)).toBe(1);
    expect(yearBits(1, 3)).toBe(0b1110);
    expect(yearBits(0, 31)).toBe(0xffffffff);
    expect(yearBits(31, 31)).toBe(2 ** 31);
  });
});

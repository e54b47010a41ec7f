import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { selectPage, selectPageByKey } from '../../server/engine/memory/top-k.ts';
import { propertyRuns } from '../helpers/property-runs.ts';

// selectPage must return exactly the slice a full sort would, by each of its three ways: the
// heap of the first ranks, the heap of the last ranks, and quickselect in the middle.

/** Items 0..n-1 ordered by a value with many ties, then by index (a strict total order). */
function ordering(values: number[], sign: 1 | -1) {
  return (a: number, b: number) => ((values[a] ?? 0) - (values[b] ?? 0)) * sign || a - b;
}

describe('selectPage', () => {
  it('returns the ranks offset..offset+count-1 of a full sort, by every strategy', () => {
    fc.assert(
      fc.property(
        // Long enough for quickselect to partition (it insertion-sorts ranges of 16 or fewer).
        fc.array(fc.integer({ min: 0, max: 6 }), { maxLength: 300, size: 'max' }),
        fc.constantFrom<1 | -1>(1, -1),
        fc.nat(320),
        fc.integer({ min: 1, max: 40 }),
        // 0: always quickselect; small: the heaps near the ends, quickselect between; large: heap.
        fc.constantFrom(0, 1, 5, 30, 4096),
        (values, sign, offset, count, heapLimit) => {
          const compare = ordering(values, sign);
          const items = Int32Array.from(values.keys());
          const expected = [...items].sort(compare).slice(offset, offset + count);
          const before = [...items];
          expect([...selectPage(items, compare, offset, count, heapLimit)]).toEqual(expected);
          expect([...items]).toEqual(before);
        },
      ),
      propertyRuns({ numRuns: 2000, seed: 15 }),
    );
  });

  it('orders items given in any order, and pages past the end come back empty', () => {
    const values = [5, 1, 5, 3, 1, 9, 0, 5, 2, 2];
    const compare = ordering(values, -1);
    const shuffled = Int32Array.from([7, 2, 9, 0, 5, 1, 8, 3, 6, 4]);
    for (const heapLimit of [0, 3, 4096]) {
      expect([...selectPage(shuffled, compare, 0, 4, heapLimit)]).toEqual([5, 0, 2, 7]);
      expect([...selectPage(shuffled, compare, 4, 4, heapLimit)]).toEqual([3, 8, 9, 1]);
      expect([...selectPage(shuffled, compare, 8, 4, heapLimit)]).toEqual([4, 6]);
      expect(selectPage(shuffled, compare, 10, 4, heapLimit).length).toBe(0);
    }
  });
});

// selectPageByKey (name and code sorts: ranks) must return the same slice a full sort by
// (key in the page's direction, then ascending index) would; count null is the rest of the list.
describe('selectPageByKey', () => {
  it('returns the ranks offset..offset+count-1 of a full sort, ties by index both ways', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 9 }), { maxLength: 200 }),
        fc.constantFrom('asc' as const, 'desc' as const),
        fc.nat(220),
        fc.option(fc.integer({ min: 1, max: 40 }), { nil: null }),
        (values, order, offset, count) => {
          const key = Int32Array.from(values);
          const keyCount = Math.max(0, ...values) + 1;
          const sign = order === 'asc' ? 1 : -1;
          const expected = [...values.keys()]
            .sort(ordering(values, sign))
            .slice(offset, count === null ? undefined : offset + count);
          expect([...selectPageByKey(key, keyCount, order, offset, count)]).toEqual(expected);
        },
      ),
      propertyRuns({ numRuns: 2000, seed: 16 }),
    );
  });
});

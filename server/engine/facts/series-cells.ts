/**
 * The disbursed grants summed by month and by unit cell (province × sector × the unit's size in
 * the grant's year), for the quarterly and monthly series (memory/series-pass.ts). Every filter
 * of a series but park, cluster and heading is a set of cells, categories and years, and a
 * unit is in one cell a year: so grants, amounts and the distinct units of one month (or one
 * quarter) add up over cells, and a series reads ~100k cell totals instead of 7.5M grants at
 * `large`. Derived after every load in the loading worker, like the unit-year index, in shared
 * memory; not stored in the snapshot.
 */

import { sharedArray } from './shared-array.ts';
import type { MemoryFacts } from './memory-facts.ts';

/** Size slots of a cell: the unit's size class that year (1..3), 0 without an employment row. */
export const SIZE_SLOTS = 4;

/** Category sets fit a byte, and their build table (cells × months × 2^categories) stays small. */
export const MAX_SET_CATEGORIES = 6;

/** Amounts are kept as high × 2^32 + low, both exact in a float (low < 2^32). */
export const SPLIT = 2 ** 32;

/** Distinct units of a (cell, bucket) by the set of categories they had grants of there (CSR). */
export interface CategorySets {
  /** Entries of (cell, bucket) k: offsets[k] .. offsets[k + 1]. */
  offsets: Int32Array;
  /** Category positions as bits (bit c: category position c). */
  sets: Uint8Array;
  units: Int32Array;
}

export interface SeriesCells {
  /** Cells: (province position × sector radix + sector position) × SIZE_SLOTS + size slot. */
  sectorRadix: number;
  cells: number;
  categories: number;
  /** Month buckets of the data's years: year position × 12 + month − 1. */
  months: number;
  /** Grants of (cell, category position, month bucket) at (cell × categories + c) × months + b. */
  grants: Int32Array;
  amountHigh: Float64Array;
  amountLow: Float64Array;
  /**
   * Units with a grant in (cell, bucket) and an employment row that year (the ones a series
   * counts as supported): months at cell × months + b; quarters (year × 4 + quarter − 1) at
   * cell × months / 3 + q.
   */
  monthUnits: Int32Array;
  quarterUnits: Int32Array;
  /** The same by category set, for whole-category filters; null past MAX_SET_CATEGORIES. */
  monthSets: CategorySets | null;
  quarterSets: CategorySets | null;
}

/** The columns the cells are built from (a subset of MemoryFacts). */
export type SeriesColumns = Pick<
  MemoryFacts,
  | 'nYears'
  | 'unitIds'
  | 'province'
  | 'sector'
  | 'employees'
  | 'size'
  | 'grantStart'
  | 'grantHeading'
  | 'grantYear'
  | 'grantMonth'
  | 'grantAmount'
  | 'categoryOfHeading'
  | 'provinces'
  | 'sectors'
  | 'categories'
  | 'byProvince'
>;

/** CSR lists being filled one province at a time (growing arrays, then shared). */
class SetLists {
  readonly offsets: Int32Array;
  private sets = new Uint8Array(1 << 16);
  private units = new Int32Array(1 << 16);
  private n = 0;

  constructor(buckets: number) {
    this.offsets = sharedArray(Int32Array, buckets + 1);
  }

  /**
   * Appends the non-zero counts of `dense` (bucket × width), its buckets starting at `first`,
   * and adds them up per bucket into `total`.
   */
  append(dense: Int32Array, first: number, buckets: number, width: number, total: Int32Array) {
    for (let b = 0; b < buckets; b++) {
      this.offsets[first + b] = this.n;
      for (let s = 1; s < width; s++) {
        const v = dense[b * width + s] ?? 0;
        if (v === 0) continue;
        total[first + b] = (total[first + b] ?? 0) + v;
        if (this.n === this.units.length) this.grow();
        this.sets[this.n] = s;
        this.units[this.n++] = v;
      }
    }
    this.offsets[first + buckets] = this.n;
  }

  private grow(): void {
    const sets = new Uint8Array(this.units.length * 2);
    sets.set(this.sets);
    this.sets = sets;
    const units = new Int32Array(this.units.length * 2);
    units.set(this.units);
    this.units = units;
  }

  done(): CategorySets {
    const sets = sharedArray(Uint8Array, this.n);
    sets.set(this.sets.subarray(0, this.n));
    const units = sharedArray(Int32Array, this.n);
    units.set(this.units.subarray(0, this.n));
    return { offsets: this.offsets, sets, units };
  }
}

/**
 * Builds the cells in one pass over the grants, province by province (its posting list): a
 * province's cells are contiguous, so what one province writes (~1.5 MB) stays in cache; in
 * unit order every grant wrote at random into ~40 MB (1.9 s at `large` instead of ~0.2).
 */
export function buildSeriesCells(m: SeriesColumns): SeriesCells {
  const Y = m.nYears;
  const B = Y * 12;
  const Q = Y * 4;
  const S = Math.max(1, m.sectors.ids.length);
  const C = Math.max(1, m.categories.ids.length);
  const nP = Math.max(1, m.provinces.ids.length);
  const perProvince = S * SIZE_SLOTS;
  const cells = nP * perProvince;
  const grants = sharedArray(Int32Array, cells * C * B);
  const amountHigh = sharedArray(Float64Array, cells * C * B);
  const amountLow = sharedArray(Float64Array, cells * C * B);
  const monthUnits = sharedArray(Int32Array, cells * B);
  const quarterUnits = sharedArray(Int32Array, cells * Q);
  const withSets = C <= MAX_SET_CATEGORIES;
  const width = 1 << C;
  // One province's units by (cell, bucket, category set), appended to the lists after it.
  const monthDense = new Int32Array(withSets ? perProvince * B * width : 0);
  const quarterDense = new Int32Array(withSets ? perProvince * Q * width : 0);
  const monthLists = new SetLists(withSets ? cells * B : 0);
  const quarterLists = new SetLists(withSets ? cells * Q : 0);
  // The unit's category set per bucket (0 = no grant there) and the buckets it touched.
  const monthSet = new Uint8Array(B);
  const quarterSet = new Uint8Array(Q);
  const monthsHit = new Int32Array(B);
  const quartersHit = new Int32Array(Q);
  const { offsets, units: members } = m.byProvince;
  for (let p = 0; p < nP; p++) {
    const firstCell = p * perProvince;
    for (let k = offsets[p] ?? 0; k < (offsets[p + 1] ?? 0); k++) {
      const u = members[k] ?? 0;
      const first = m.grantStart[u] ?? 0;
      const end = m.grantStart[u + 1] ?? 0;
      if (first === end) continue;
      const unitCell = (p * S + (m.sector[u] ?? 0)) * SIZE_SLOTS;
      let nMonths = 0;
      let nQuarters = 0;
      for (let i = first; i < end; i++) {
        const y = m.grantYear[i] ?? 0;
        const month = (m.grantMonth[i] ?? 1) - 1;
        const c = m.categoryOfHeading[m.grantHeading[i] ?? 0] ?? 0;
        const cell = unitCell + (m.size[u * Y + y] ?? 0);
        const b = y * 12 + month;
        const at = (cell * C + c) * B + b;
        grants[at] = (grants[at] ?? 0) + 1;
        const amount = m.grantAmount[i] ?? 0;
        const high = Math.floor(amount / SPLIT);
        let low = (amountLow[at] ?? 0) + (amount - high * SPLIT);
        let carry = high;
        if (low >= SPLIT) {
          low -= SPLIT;
          carry++;
        }
        amountLow[at] = low;
        if (carry !== 0) amountHigh[at] = (amountHigh[at] ?? 0) + carry;
        const bit = 1 << c;
        if (monthSet[b] === 0) monthsHit[nMonths++] = b;
        monthSet[b] = (monthSet[b] ?? 0) | bit;
        const q = y * 4 + ((month / 3) | 0);
        if (quarterSet[q] === 0) quartersHit[nQuarters++] = q;
        quarterSet[q] = (quarterSet[q] ?? 0) | bit;
      }
      for (let h = 0; h < nMonths; h++) {
        const b = monthsHit[h] ?? 0;
        const y = (b / 12) | 0;
        if ((m.employees[u * Y + y] ?? -1) >= 0) {
          const cell = unitCell + (m.size[u * Y + y] ?? 0);
          if (!withSets) monthUnits[cell * B + b] = (monthUnits[cell * B + b] ?? 0) + 1;
          else {
            const at = ((cell - firstCell) * B + b) * width + (monthSet[b] ?? 0);
            monthDense[at] = (monthDense[at] ?? 0) + 1;
          }
        }
        monthSet[b] = 0;
      }
      for (let h = 0; h < nQuarters; h++) {
        const q = quartersHit[h] ?? 0;
        const y = q >> 2;
        if ((m.employees[u * Y + y] ?? -1) >= 0) {
          const cell = unitCell + (m.size[u * Y + y] ?? 0);
          if (!withSets) quarterUnits[cell * Q + q] = (quarterUnits[cell * Q + q] ?? 0) + 1;
          else {
            const at = ((cell - firstCell) * Q + q) * width + (quarterSet[q] ?? 0);
            quarterDense[at] = (quarterDense[at] ?? 0) + 1;
          }
        }
        quarterSet[q] = 0;
      }
    }
    if (!withSets) continue;
    monthLists.append(monthDense, firstCell * B, perProvince * B, width, monthUnits);
    quarterLists.append(quarterDense, firstCell * Q, perProvince * Q, width, quarterUnits);
    monthDense.fill(0);
    quarterDense.fill(0);
  }
  return {
    sectorRadix: S,
    cells,
    categories: C,
    months: B,
    grants,
    amountHigh,
    amountLow,
    monthUnits,
    quarterUnits,
    monthSets: withSets ? monthLists.done() : null,
    quarterSets: withSets ? quarterLists.done() : null,
  };
}

/** Bytes the cells add (all shared: once per process). */
export function seriesCellsBytes(x: SeriesCells): number {
  const sets = [x.monthSets, x.quarterSets].flatMap((s) => (s ? [s.offsets, s.sets, s.units] : []));
  return [x.grants, x.amountHigh, x.amountLow, x.monthUnits, x.quarterUnits, ...sets].reduce(
    (n, a) => n + a.byteLength,
    0,
  );
}

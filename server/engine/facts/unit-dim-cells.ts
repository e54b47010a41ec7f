/**
 * The disbursed grants summed by unit cell — (province, sector, the unit's size class) in each
 * population year — for the grant reads grouped and filtered by province, sector, size and year
 * alone (memory/unit-dim-pass.ts). A unit sits in one cell per population year, so a cell's sums
 * and its distinct units add up over cells exactly: at `large` a breakdown by size or sector ×
 * size reads ~60k cell values instead of a million units' masks and sums. Derived after every
 * load in the loading worker, like the unit-year index, in shared memory; not in the snapshot.
 */

import type { ResolvedFilters } from '../filters/resolve-filters.ts';
import type { Column } from '../sql/filter-sql.ts';
import { MAX_CELL_YEARS } from './heading-index.ts';
import { MAX_SET_CATEGORIES, SIZE_SLOTS, SPLIT } from './series-cells.ts';
import { sharedArray } from './shared-array.ts';
import type { MemoryFacts } from './memory-facts.ts';

/** Size sets of the "others" histograms: bit s − 1 for size class s (1..3); 7 = every class. */
export const SIZE_SETS = 8;

export interface UnitDimCells {
  /** Cells of one population year: (province × sectors + sector) × SIZE_SLOTS + size slot. */
  cells: number;
  sectorRadix: number;
  categories: number;
  /**
   * Grants of the units in cell k of population year t, of category c, in year y, at
   * ((t × cells + k) × categories + c) × years + y; amounts as high × 2^32 + low (low < 2^32).
   * Size slot 0: the units without an employment row in t (their grants count, not them).
   */
  grants: Int32Array;
  amountHigh: Float64Array;
  amountLow: Float64Array;
  /**
   * Units of cell k (size slot ≥ 1: a row in t) with a grant in years a..t, by the set S of
   * categories of those grants, at ((pair(t, a) × cells + k) × sets + S), pair(t, a) =
   * t(t + 1)/2 + a; slot S = 0 holds them all. `sets` is 1 past MAX_SET_CATEGORIES (the totals).
   */
  units: Int32Array;
  sets: number;
  /**
   * For "others" recounts by province or sector and year: per (province × sectors + sector,
   * size set σ) the units by the mask of years y in which they have a grant, a row and a size
   * in σ, as subset sums (slot M: the units whose mask is within M), at
   * ((group × SIZE_SETS + σ) << years) + M. Null past MAX_CELL_YEARS.
   */
  yearMasks: Int32Array | null;
}

/** The columns the cells are built from (a subset of MemoryFacts). */
export type UnitDimColumns = Pick<
  MemoryFacts,
  | 'nYears'
  | 'province'
  | 'sector'
  | 'employees'
  | 'size'
  | 'grantStart'
  | 'grantHeading'
  | 'grantYear'
  | 'grantAmount'
  | 'categoryOfHeading'
  | 'provinces'
  | 'sectors'
  | 'categories'
  | 'byProvince'
>;

/** Past this many slots (64 MB of counters) the cells are not built: the passes answer. */
const MAX_SLOTS = 16 << 20;

/** Position of the (population year t, first year a ≤ t) pair. */
export function yearPair(t: number, a: number): number {
  return (t * (t + 1)) / 2 + a;
}

/** Group-by columns the cells tell apart. */
const CELL_COLUMNS: ReadonlySet<Column> = new Set<Column>([
  'province',
  'sector',
  'size',
  'year',
  'category',
]);

/**
 * Whether the cells answer a grant read (the planner's test, on the request's shape alone):
 * grouped by province, sector, size, category and (per year) year, filtered by provinces,
 * sectors, sizes, years and whole categories — no park, cluster or heading.
 */
export function dimCellsCover(
  rf: ResolvedFilters,
  dims: readonly Column[],
  perYear: boolean,
): boolean {
  return (
    dims.every((d) => CELL_COLUMNS.has(d)) &&
    perYear === dims.includes('year') &&
    rf.parks === null &&
    rf.clusters === null &&
    (rf.headings === null || rf.wholeCategories !== null)
  );
}

/**
 * Whether the year-mask histograms answer a breakdown's "others" recount: by province or sector
 * and year (per year), filtered by provinces, sectors, sizes and years only.
 */
export function dimOthersCover(rf: ResolvedFilters, dims: readonly Column[]): boolean {
  const [a, b, ...rest] = dims;
  const unit = a === 'year' ? b : a;
  const year = a === 'year' ? a : b;
  return (
    rest.length === 0 &&
    year === 'year' &&
    (unit === 'province' || unit === 'sector') &&
    rf.parks === null &&
    rf.clusters === null &&
    rf.headings === null
  );
}

/**
 * Builds the cells in one pass over the grants, province by province (its posting list), so what
 * one province writes stays in cache. Null where they would be too large.
 */
export function buildUnitDimCells(m: UnitDimColumns): UnitDimCells | null {
  const Y = m.nYears;
  const S = Math.max(1, m.sectors.ids.length);
  const C = Math.max(1, m.categories.ids.length);
  const nP = Math.max(1, m.provinces.ids.length);
  const cells = nP * S * SIZE_SLOTS;
  const sets = C <= MAX_SET_CATEGORIES ? 1 << C : 1;
  const pairs = yearPair(Y, 0);
  if (Y * cells * C * Y > MAX_SLOTS || pairs * cells * sets > MAX_SLOTS) return null;
  const grants = sharedArray(Int32Array, Y * cells * C * Y);
  const amountHigh = sharedArray(Float64Array, Y * cells * C * Y);
  const amountLow = sharedArray(Float64Array, Y * cells * C * Y);
  const units = sharedArray(Int32Array, pairs * cells * sets);
  const withMasks = Y <= MAX_CELL_YEARS;
  const yearMasks = withMasks ? sharedArray(Int32Array, ((nP * S * SIZE_SETS) << Y) + 1) : null;
  // The unit's categories per year (bits), and its years with a grant per size class.
  const catsOf = new Int32Array(Y);
  const bySize = new Int32Array(SIZE_SLOTS);
  const { offsets, units: members } = m.byProvince;
  for (let p = 0; p < nP; p++) {
    for (let k = offsets[p] ?? 0; k < (offsets[p + 1] ?? 0); k++) {
      const u = members[k] ?? 0;
      const first = m.grantStart[u] ?? 0;
      const end = m.grantStart[u + 1] ?? 0;
      if (first === end) continue;
      const group = p * S + (m.sector[u] ?? 0);
      const unitCell = group * SIZE_SLOTS;
      catsOf.fill(0);
      for (let i = first; i < end; i++) {
        const y = m.grantYear[i] ?? 0;
        const c = m.categoryOfHeading[m.grantHeading[i] ?? 0] ?? 0;
        catsOf[y] = (catsOf[y] ?? 0) | (1 << c);
        const amount = m.grantAmount[i] ?? 0;
        const high = Math.floor(amount / SPLIT);
        const low = amount - high * SPLIT;
        // Every population year t ≥ y sees this grant in year y (ranges end at t).
        for (let t = y; t < Y; t++) {
          const cell = unitCell + (m.size[u * Y + t] ?? 0);
          const at = ((t * cells + cell) * C + c) * Y + y;
          grants[at] = (grants[at] ?? 0) + 1;
          let sumLow = (amountLow[at] ?? 0) + low;
          let carry = high;
          if (sumLow >= SPLIT) {
            sumLow -= SPLIT;
            carry++;
          }
          amountLow[at] = sumLow;
          if (carry !== 0) amountHigh[at] = (amountHigh[at] ?? 0) + carry;
        }
      }
      bySize.fill(0);
      for (let t = 0; t < Y; t++) {
        const size = m.size[u * Y + t] ?? 0;
        if (size === 0) continue; // no row in t: not counted there
        if (catsOf[t] !== 0) bySize[size] = (bySize[size] ?? 0) | (1 << t);
        const cell = unitCell + size;
        let set = 0;
        for (let a = t; a >= 0; a--) {
          set |= catsOf[a] ?? 0;
          if (set === 0) continue;
          const at = (yearPair(t, a) * cells + cell) * sets;
          units[at] = (units[at] ?? 0) + 1;
          if (sets > 1) units[at + set] = (units[at + set] ?? 0) + 1;
        }
      }
      if (!yearMasks) continue;
      for (let sigma = 1; sigma < SIZE_SETS; sigma++) {
        let mask = 0;
        for (let s = 1; s < SIZE_SLOTS; s++) if (sigma & (1 << (s - 1))) mask |= bySize[s] ?? 0;
        const at = ((group * SIZE_SETS + sigma) << Y) + mask;
        yearMasks[at] = (yearMasks[at] ?? 0) + 1;
      }
    }
  }
  if (yearMasks) {
    // Subset sums over the masks: slot M then holds the units whose mask is within M.
    const n = nP * S * SIZE_SETS;
    for (let bit = 0; bit < Y; bit++) {
      for (let h = 0; h < n; h++) {
        for (let mask = 0; mask < 1 << Y; mask++) {
          if ((mask & (1 << bit)) === 0) continue;
          const at = (h << Y) + mask;
          yearMasks[at] = (yearMasks[at] ?? 0) + (yearMasks[at ^ (1 << bit)] ?? 0);
        }
      }
    }
  }
  return {
    cells,
    sectorRadix: S,
    categories: C,
    grants,
    amountHigh,
    amountLow,
    units,
    sets,
    yearMasks,
  };
}

/** Bytes the cells add (all shared: once per process). */
export function unitDimCellsBytes(x: UnitDimCells): number {
  return [
    x.grants,
    x.amountHigh,
    x.amountLow,
    x.units,
    ...(x.yearMasks ? [x.yearMasks] : []),
  ].reduce((n, a) => n + a.byteLength, 0);
}

/**
 * Per-unit summaries of each unit's disbursed grants by year, derived from the fact columns
 * after they load (from the tables or the snapshot), in shared memory like them. With them a
 * question without a heading filter (or with whole categories, for distinct units) reads one or
 * two values per selected unit instead of every grant: at `large` a read of a million units
 * instead of a pass over 7.5 million grants (memory-aggregate.ts, the "indexed" pass).
 */

import type { ResolvedFilters } from '../filters/resolve-filters.ts';
import type { Column } from '../sql/filter-sql.ts';
import { sharedArray } from './shared-array.ts';

/** Year bits fit one Uint32 per unit: datasets spanning more years go without the index. */
export const MAX_INDEXED_YEARS = 32;

export interface UnitYearIndex {
  /** Bit y of unit u: u has a disbursed grant in year yMin + y, under any heading. */
  supportYears: Uint32Array;
  /** The same per category: category position c, unit u at c * units + u. */
  categoryYears: Uint32Array;
  /**
   * Unit u's disbursed grants in years yMin .. yMin + y, at y * units + u: year-major, so a pass
   * reading one or two years of every unit reads two runs of the array, not a line per unit.
   */
  grantsUpTo: Int32Array;
  /**
   * Their amount, at the same place; exact (every partial sum below 2^53) unless the unit is
   * `inexact`: a range's amount is amountUpTo[to] − amountUpTo[from − 1].
   */
  amountUpTo: Float64Array;
  /**
   * The facts' employees and size (memory-facts.ts: u * nYears + y) copied year-major, at
   * y * units + u, for the same reason: the unit passes read one year of every unit (at `large`
   * 4 MB of a year's employees instead of a 32-byte line per unit).
   */
  employeesByYear: Int32Array;
  sizeByYear: Uint8Array;
  /** 1 where u's running total passes 2^53 − 1: its sums take the exact loop over its grants. */
  inexact: Uint8Array;
}

/** The columns the index is built from (a subset of MemoryFacts). */
export interface GrantColumns {
  nYears: number;
  unitIds: Int32Array;
  grantStart: Int32Array;
  grantHeading: Uint8Array;
  grantYear: Uint8Array;
  grantAmount: Float64Array;
  categoryOfHeading: Int32Array;
  categories: { ids: readonly number[] };
  employees: Int32Array;
  size: Uint8Array;
}

/** Builds the index in one pass over the grants; null when the years do not fit the masks. */
export function buildUnitYearIndex(m: GrantColumns): UnitYearIndex | null {
  const Y = m.nYears;
  if (Y > MAX_INDEXED_YEARS) return null;
  const nU = m.unitIds.length;
  const nC = Math.max(1, m.categories.ids.length);
  const supportYears = sharedArray(Uint32Array, nU);
  const categoryYears = sharedArray(Uint32Array, nC * nU);
  const grantsUpTo = sharedArray(Int32Array, nU * Y);
  const amountUpTo = sharedArray(Float64Array, nU * Y);
  const inexact = sharedArray(Uint8Array, nU);
  const employeesByYear = sharedArray(Int32Array, nU * Y);
  const sizeByYear = sharedArray(Uint8Array, nU * Y);
  for (let u = 0; u < nU; u++) {
    for (let y = 0; y < Y; y++) {
      employeesByYear[y * nU + u] = m.employees[u * Y + y] ?? -1;
      sizeByYear[y * nU + u] = m.size[u * Y + y] ?? 0;
    }
  }
  const count = new Int32Array(Y);
  const amount = new Float64Array(Y);
  for (let u = 0; u < nU; u++) {
    const end = m.grantStart[u + 1] ?? 0;
    const first = m.grantStart[u] ?? 0;
    if (first === end) continue; // every value 0
    count.fill(0);
    amount.fill(0);
    let bits = 0;
    for (let i = first; i < end; i++) {
      const y = m.grantYear[i] ?? 0;
      const bit = 1 << y;
      bits |= bit;
      const c = m.categoryOfHeading[m.grantHeading[i] ?? 0] ?? 0;
      categoryYears[c * nU + u] = (categoryYears[c * nU + u] ?? 0) | bit;
      count[y] = (count[y] ?? 0) + 1;
      amount[y] = (amount[y] ?? 0) + (m.grantAmount[i] ?? 0);
    }
    supportYears[u] = bits;
    let n = 0;
    let total = 0;
    for (let y = 0; y < Y; y++) {
      n += count[y] ?? 0;
      total += amount[y] ?? 0;
      // A rounded sum is ≥ 2^53 whenever the exact one is: past MAX_SAFE_INTEGER, nothing is sure.
      if (total > Number.MAX_SAFE_INTEGER) inexact[u] = 1;
      grantsUpTo[y * nU + u] = n;
      amountUpTo[y * nU + u] = total;
    }
  }
  return {
    supportYears,
    categoryYears,
    grantsUpTo,
    amountUpTo,
    inexact,
    employeesByYear,
    sizeByYear,
  };
}

/** Bytes the index adds (all shared: once per process, whatever the workers). */
export function unitYearIndexBytes(x: UnitYearIndex): number {
  return [
    x.supportYears,
    x.categoryYears,
    x.grantsUpTo,
    x.amountUpTo,
    x.inexact,
    x.employeesByYear,
    x.sizeByYear,
  ].reduce((n, a) => n + a.byteLength, 0);
}

/** The bits of year positions a..b (0 ≤ a ≤ b < 32), as an unsigned mask. */
export function yearBits(a: number, b: number): number {
  const upTo = (y: number) => (y >= 31 ? 0xffffffff : 2 ** (y + 1) - 1);
  return (upTo(b) - (a > 0 ? upTo(a - 1) : 0)) >>> 0;
}

/**
 * Group-by columns a unit and a grant's year alone tell apart — the unit's own, its size, the
 * year: what this index can key, and the heading index's per-unit year bits (heading-pass.ts).
 */
export const INDEXED_COLUMNS: ReadonlySet<Column> = new Set<Column>([
  'province',
  'park',
  'cluster',
  'sector',
  'unit',
  'size',
  'year',
]);

/**
 * Whether the index answers a grant read grouped by `dims` under these filters: any unit
 * filter, no heading filter — or, for distinct units alone (`sums` false), whole categories
 * (their masks); the prefix sums are over every heading. (A dataset of more than 32 years has
 * no index: the pass checks that apart.)
 */
export function yearIndexAnswers(
  rf: ResolvedFilters,
  dims: readonly Column[],
  sums: boolean,
): boolean {
  if (!dims.every((d) => INDEXED_COLUMNS.has(d))) return false;
  return rf.headings === null || (!sums && rf.wholeCategories !== null);
}

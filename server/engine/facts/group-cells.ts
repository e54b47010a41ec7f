/**
 * Per-(park or cluster, year) cells of the unit side, derived from the fact columns after every
 * load (like heading-index.ts, in shared memory, built in the loading worker): an unfiltered
 * read of units, employment and distinct supported units by park or cluster (the Overview's top
 * clusters) sums a few thousand cells instead of a pass over every unit.
 */

import type { ResolvedFilters } from '../filters/resolve-filters.ts';
import type { Column } from '../sql/filter-sql.ts';
import { MAX_CELL_YEARS } from './heading-index.ts';
import { sharedArray } from './shared-array.ts';

/**
 * Histograms past this many slots (32 MB as 16-bit counters) are not built: the pass answers.
 * At `large` parks take 3,719 × 256 × 9 = 8.6M, clusters 4.1M.
 */
const MAX_GROUP_SLOTS = 16 << 20;

/**
 * Whether the group cells can answer a unit-side read (the planner's test, on the request's
 * shape alone): no list filter at all, grouped by park or cluster alone, one population year,
 * units (with employment) and distinct supported units only.
 */
export function groupCellsCover(
  rf: ResolvedFilters,
  dims: readonly Column[],
  perYear: boolean,
  change: boolean,
): boolean {
  const [only, ...rest] = dims;
  return (
    !change &&
    !perYear &&
    rest.length === 0 &&
    (only === 'park' || only === 'cluster') &&
    rf.provinces === null &&
    rf.parks === null &&
    rf.clusters === null &&
    rf.sectors === null &&
    rf.sizes === null &&
    rf.headings === null
  );
}

export interface ColumnCells {
  /** Units with an employment row in year position t, and their employees, at g * years + t. */
  units: Int32Array;
  employment: Float64Array;
  /**
   * Units of group g whose year mask of disbursed grants (supportYears) is within S: at
   * ((g << years) + S) * (years + 1) + t those with a row in year t; slot t = years counts
   * them all (a group exists where any has a grant in range, counted or not).
   */
  histogram: Int32Array | Uint16Array;
}

export interface GroupCells {
  park: ColumnCells | null;
  cluster: ColumnCells | null;
}

/** The columns the cells are built from (a subset of MemoryFacts). */
export interface GroupColumns {
  nYears: number;
  unitIds: Int32Array;
  park: Int32Array;
  cluster: Int32Array;
  parkIds: number[];
  clusterIds: number[];
  employees: Int32Array;
}

function buildColumn(
  m: GroupColumns,
  values: Int32Array,
  groups: number,
  supportYears: Uint32Array,
): ColumnCells | null {
  const Y = m.nYears;
  if ((groups << Y) * (Y + 1) > MAX_GROUP_SLOTS) return null;
  const units = sharedArray(Int32Array, groups * Y);
  const employment = sharedArray(Float64Array, groups * Y);
  const nU = m.unitIds.length;
  // 16-bit counters where no group has 65,536 units (halves the histograms at `large`).
  const size = new Int32Array(groups);
  for (let u = 0; u < nU; u++) size[values[u] ?? 0] = (size[values[u] ?? 0] ?? 0) + 1;
  let largest = 0;
  for (let g = 1; g < groups; g++) largest = Math.max(largest, size[g] ?? 0);
  const slots = (groups << Y) * (Y + 1);
  const histogram =
    largest < 0xffff ? sharedArray(Uint16Array, slots) : sharedArray(Int32Array, slots);
  for (let u = 0; u < nU; u++) {
    const g = values[u] ?? 0;
    if (g === 0) continue; // no park / cluster: in no group
    const at = ((g << Y) + (supportYears[u] ?? 0)) * (Y + 1);
    histogram[at + Y] = (histogram[at + Y] ?? 0) + 1;
    for (let t = 0; t < Y; t++) {
      const e = m.employees[u * Y + t] ?? -1;
      if (e < 0) continue;
      units[g * Y + t] = (units[g * Y + t] ?? 0) + 1;
      employment[g * Y + t] = (employment[g * Y + t] ?? 0) + e;
      histogram[at + t] = (histogram[at + t] ?? 0) + 1;
    }
  }
  // Subset sums (per group and year, over the masks): slot S then holds the units whose mask is
  // within S, so the units with a grant in range R are those of `all` minus those of all & ~R.
  const W = Y + 1;
  for (let bit = 0; bit < Y; bit++) {
    for (let g = 1; g < groups; g++) {
      for (let mask = 0; mask < 1 << Y; mask++) {
        if ((mask & (1 << bit)) === 0) continue;
        const at = ((g << Y) + mask) * W;
        const from = ((g << Y) + (mask ^ (1 << bit))) * W;
        for (let t = 0; t < W; t++)
          histogram[at + t] = (histogram[at + t] ?? 0) + (histogram[from + t] ?? 0);
      }
    }
  }
  return { units, employment, histogram };
}

/** Null past MAX_CELL_YEARS years or without the unit-year index's masks. */
export function buildGroupCells(
  m: GroupColumns,
  supportYears: Uint32Array | null,
): GroupCells | null {
  if (!supportYears || m.nYears > MAX_CELL_YEARS) return null;
  return {
    park: buildColumn(m, m.park, m.parkIds.length + 1, supportYears),
    cluster: buildColumn(m, m.cluster, m.clusterIds.length + 1, supportYears),
  };
}

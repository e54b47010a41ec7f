/**
 * Units, employment and employment change summed by unit cell — (province, sector, the unit's
 * size class) in each year — for the unit-side reads grouped and filtered by province, sector,
 * size and year alone (memory/unit-side-cell-pass.ts): the coarse rollups ru_units_ps and
 * ru_change_ps in memory, so a worker answering such a read from the unit cells
 * (unit-dim-cells.ts) needs no SQL for its unit side. A unit sits in one cell per year, so
 * cells add up exactly. Derived after every load in the loading worker, in shared memory; not in
 * the snapshot. At `large` 744 cells a year: ~0.4 MB in all.
 */

import type { ResolvedFilters } from '../filters/resolve-filters.ts';
import type { Column } from '../sql/filter-sql.ts';
import { SIZE_SLOTS } from './series-cells.ts';
import { sharedArray } from './shared-array.ts';
import type { MemoryFacts } from './memory-facts.ts';
import { yearPair } from './unit-dim-cells.ts';

export interface UnitSideCells {
  /** Cells of one year: (province × sectors + sector) × SIZE_SLOTS + size class (slot 0 unused). */
  cells: number;
  sectorRadix: number;
  /** Units with an employment row in year t, in cell k (the size of t), at t × cells + k. */
  units: Int32Array;
  /** Their employees, at the same place. */
  employment: Float64Array;
  /**
   * Units of cell k in year t (the size of t) with a row in year a < t too, and the sum of their
   * employees in t minus those in a, at yearPair(t, a) × cells + k.
   */
  changeUnits: Int32Array;
  change: Float64Array;
}

/** The columns the cells are built from (a subset of MemoryFacts). */
export type UnitSideColumns = Pick<
  MemoryFacts,
  'nYears' | 'unitIds' | 'province' | 'sector' | 'employees' | 'size' | 'provinces' | 'sectors'
>;

/** Group-by columns the cells tell apart. */
const CELL_COLUMNS: ReadonlySet<Column> = new Set<Column>(['province', 'sector', 'size', 'year']);

/**
 * Whether the cells answer a unit-side read (the planner's test, on the request's shape alone):
 * grouped by province, sector, size and (per year) year, no park or cluster filter. Grant filters
 * (headings, categories) do not apply to the unit side.
 */
export function unitSideCellsCover(
  rf: ResolvedFilters,
  unitDims: readonly Column[],
  perYear: boolean,
): boolean {
  return (
    unitDims.every((d) => CELL_COLUMNS.has(d)) &&
    perYear === unitDims.includes('year') &&
    rf.parks === null &&
    rf.clusters === null
  );
}

/** Builds the cells in one pass over every unit's years (~32M steps at `large` for the pairs). */
export function buildUnitSideCells(m: UnitSideColumns): UnitSideCells {
  const Y = m.nYears;
  const S = Math.max(1, m.sectors.ids.length);
  const nP = Math.max(1, m.provinces.ids.length);
  const cells = nP * S * SIZE_SLOTS;
  const units = sharedArray(Int32Array, Y * cells);
  const employment = sharedArray(Float64Array, Y * cells);
  const pairs = yearPair(Y, 0);
  const changeUnits = sharedArray(Int32Array, pairs * cells);
  const change = sharedArray(Float64Array, pairs * cells);
  const n = m.unitIds.length;
  for (let u = 0; u < n; u++) {
    const unitCell = ((m.province[u] ?? 0) * S + (m.sector[u] ?? 0)) * SIZE_SLOTS;
    const row = u * Y;
    for (let t = 0; t < Y; t++) {
      const e2 = m.employees[row + t] ?? -1;
      if (e2 < 0) continue;
      const cell = unitCell + (m.size[row + t] ?? 0);
      const at = t * cells + cell;
      units[at] = (units[at] ?? 0) + 1;
      employment[at] = (employment[at] ?? 0) + e2;
      for (let a = 0; a < t; a++) {
        const e1 = m.employees[row + a] ?? -1;
        if (e1 < 0) continue;
        const pairAt = yearPair(t, a) * cells + cell;
        changeUnits[pairAt] = (changeUnits[pairAt] ?? 0) + 1;
        change[pairAt] = (change[pairAt] ?? 0) + (e2 - e1);
      }
    }
  }
  return { cells, sectorRadix: S, units, employment, changeUnits, change };
}

/** Bytes the cells add (all shared: once per process). */
export function unitSideCellsBytes(x: UnitSideCells): number {
  return [x.units, x.employment, x.changeUnits, x.change].reduce((n, a) => n + a.byteLength, 0);
}

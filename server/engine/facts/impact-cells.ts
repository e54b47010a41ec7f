/**
 * Impact's strata summed ahead (queries/impact.ts): for every pair of years from ≤ to, the units
 * with an employment row in both, by (province, sector, size in `from`, size in `to`) and by
 * whether they have a disbursed grant in from..to under any heading, with their employees in
 * `from` and `to`. A unit sits in one class per pair, so the classes add up exactly: impact
 * filtered by provinces, sectors and sizes (in `to`) reads a few thousand cells instead of a
 * million units, and under a heading filter its comparison group (no grant in the range at all)
 * still comes from here. Derived after every load in the loading worker, in shared memory; not
 * in the snapshot. At `large` (8 years): 36 pairs × 2,232 classes × 2 groups, 3.1 MB, and the
 * category cells (6 categories) 9.2 MB; ~1.2 s of the loader's CPU (load ~9).
 */

import type { MemoryFacts } from './memory-facts.ts';
import { sharedArray } from './shared-array.ts';
import { yearBits } from './unit-year-index.ts';
import { yearPair } from './unit-dim-cells.ts';

/** Size classes 1..3 of a unit with an employment row. */
const SIZES = 3;

/** Past this many slots (8 MB of sums per array) the cells are not built: the pass answers. */
const MAX_SLOTS = 1 << 20;

export interface ImpactCells {
  /** Classes of one pair of years: (group × 3 + size in from − 1) × 3 + size in to − 1. */
  classes: number;
  /** Each group's province × sectors + sector: the (province, sector) pairs some unit has. */
  groups: Int32Array;
  sectorRadix: number;
  /**
   * Units of class k in the pair (from, to), grp 1 with a disbursed grant in from..to, 0 without,
   * at ((yearPair(to, from) × classes + k) << 1) | grp; their employees in `from` and `to` at the
   * same place (integers: exact as floats far past any dataset's total).
   */
  units: Int32Array;
  employeesFrom: Float64Array;
  employeesTo: Float64Array;
  /**
   * The supported group of one whole category: units of class k in the pair with a disbursed
   * grant in from..to under category position c, and their employees, at
   * (yearPair(to, from) × classes + k) × categories + c (a unit's categories side by side). A filter of one category (the dashboard's
   * usual) reads them instead of its units' masks or its headings' pairs (at `large` up to 2.1M).
   */
  categories: number;
  pairs: number;
  categoryUnits: Int32Array;
  categoryFrom: Float64Array;
  categoryTo: Float64Array;
}

/** The slot of class k of the year pair (from ≤ to, positions), group grp. */
export function impactSlot(
  x: ImpactCells,
  from: number,
  to: number,
  k: number,
  grp: 0 | 1,
): number {
  return ((yearPair(to, from) * x.classes + k) << 1) | grp;
}

/** The category cells' slot of class k of the year pair (from ≤ to, positions), category c. */
export function categorySlot(
  x: ImpactCells,
  c: number,
  from: number,
  to: number,
  k: number,
): number {
  return (yearPair(to, from) * x.classes + k) * x.categories + c;
}

/**
 * Builds the cells in one pass over the units per pair of years (year-major columns of the
 * unit-year index: two runs of employees and sizes and the year masks); null without that index
 * or past MAX_SLOTS.
 */
export function buildImpactCells(
  m: Pick<
    MemoryFacts,
    'nYears' | 'unitIds' | 'province' | 'sector' | 'provinces' | 'sectors' | 'categories' | 'years'
  >,
): ImpactCells | null {
  const x = m.years;
  if (!x) return null;
  const Y = m.nYears;
  const nU = m.unitIds.length;
  const S = Math.max(1, m.sectors.ids.length);
  // Only the (province, sector) pairs some unit has: at `large` 248 of 248, in a small dataset a
  // few, so the cells scale with the data rather than the reference lists.
  const groupOf = new Int32Array(Math.max(1, m.provinces.ids.length) * S).fill(-1);
  const groupList: number[] = [];
  const group = new Int32Array(nU);
  for (let u = 0; u < nU; u++) {
    const ps = (m.province[u] ?? 0) * S + (m.sector[u] ?? 0);
    if (groupOf[ps] === -1) groupOf[ps] = groupList.push(ps) - 1;
    group[u] = groupOf[ps] ?? 0;
  }
  const groups = sharedArray(Int32Array, groupList.length);
  groups.set(groupList);
  const classes = Math.max(1, groups.length) * SIZES * SIZES;
  const pairs = yearPair(Y, 0);
  const C = Math.max(1, m.categories.ids.length);
  const slots = (pairs * classes) << 1;
  if (slots > MAX_SLOTS || C > 31 || C * pairs * classes > MAX_SLOTS) return null;
  const units = sharedArray(Int32Array, slots);
  const employeesFrom = sharedArray(Float64Array, slots);
  const employeesTo = sharedArray(Float64Array, slots);
  const categoryUnits = sharedArray(Int32Array, C * pairs * classes);
  const categoryFrom = sharedArray(Float64Array, C * pairs * classes);
  const categoryTo = sharedArray(Float64Array, C * pairs * classes);
  const catYears = x.categoryYears;
  // Each unit's categories with a grant (bits), so the pairs below visit only those.
  const categoriesOf = new Int32Array(nU);
  for (let c = 0; c < C; c++) {
    for (let u = 0; u < nU; u++) {
      if ((catYears[c * nU + u] ?? 0) !== 0) categoriesOf[u] = (categoriesOf[u] ?? 0) | (1 << c);
    }
  }
  const emp = x.employeesByYear;
  const size = x.sizeByYear;
  for (let to = 0; to < Y; to++) {
    for (let from = 0; from <= to; from++) {
      const bits = yearBits(from, to) | 0;
      const pair = yearPair(to, from);
      const base = pair * classes;
      const f = from * nU;
      const t = to * nU;
      for (let u = 0; u < nU; u++) {
        const e1 = emp[f + u] ?? -1;
        const e2 = emp[t + u] ?? -1;
        if (e1 < 0 || e2 < 0) continue;
        const k =
          ((group[u] ?? 0) * SIZES + (size[f + u] ?? 1) - 1) * SIZES + (size[t + u] ?? 1) - 1;
        const supported = ((x.supportYears[u] ?? 0) & bits) !== 0;
        const at = ((base + k) << 1) | (supported ? 1 : 0);
        units[at] = (units[at] ?? 0) + 1;
        employeesFrom[at] = (employeesFrom[at] ?? 0) + e1;
        employeesTo[at] = (employeesTo[at] ?? 0) + e2;
        if (!supported) continue;
        for (let cs = categoriesOf[u] ?? 0; cs !== 0; cs &= cs - 1) {
          const c = 31 - Math.clz32(cs & -cs);
          if (((catYears[c * nU + u] ?? 0) & bits) === 0) continue;
          const cat = (base + k) * C + c;
          categoryUnits[cat] = (categoryUnits[cat] ?? 0) + 1;
          categoryFrom[cat] = (categoryFrom[cat] ?? 0) + e1;
          categoryTo[cat] = (categoryTo[cat] ?? 0) + e2;
        }
      }
    }
  }
  return {
    classes,
    groups,
    sectorRadix: S,
    units,
    employeesFrom,
    employeesTo,
    categories: C,
    pairs,
    categoryUnits,
    categoryFrom,
    categoryTo,
  };
}

/** Bytes the cells add (shared: once per process). */
export function impactCellsBytes(x: ImpactCells): number {
  return [
    x.units,
    x.employeesFrom,
    x.employeesTo,
    x.categoryUnits,
    x.categoryFrom,
    x.categoryTo,
  ].reduce((n, a) => n + a.byteLength, 0);
}

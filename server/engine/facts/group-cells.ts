/**
 * Park and cluster cells: the unit-side facts and the grants summed per (group, province,
 * sector) and year, derived from the fact columns after every load (like heading-index.ts, in
 * shared memory, built in the loading worker). Every metric partitions by unit and a unit has
 * one group, province and sector, so a read by park or cluster under any years and any province,
 * sector or group filter sums a few cells per group (at `large` 28,739 park cells, 1,808 cluster
 * cells) instead of a pass over a million units.
 */

import type { ResolvedFilters } from '../filters/resolve-filters.ts';
import type { Column } from '../sql/filter-sql.ts';
import { sharedArray } from './shared-array.ts';

/** Cells past this many year pairs are not built: the pass answers. */
const MAX_PAIR_SLOTS = 32 << 20;

/**
 * Whether the group cells can answer a read (the planner's test, on the request's shape alone):
 * grouped by park or cluster alone, one population year, no size filter beside a sector filter
 * (sizes are per year: the size cells, without sectors) and no filter on the other grouping
 * column; for the grants and distinct supported units (`grants`), no heading filter either
 * (headings are per grant; the unit side ignores them) but whole categories without sizes
 * (the per-category cells; the distinct units of several from memory/supported-bits.ts).
 */
export function groupCellsCover(
  rf: ResolvedFilters,
  dims: readonly Column[],
  perYear: boolean,
  grants: boolean,
): boolean {
  const [only, ...rest] = dims;
  return (
    !perYear &&
    rest.length === 0 &&
    ((only === 'park' && rf.clusters === null) || (only === 'cluster' && rf.parks === null)) &&
    (rf.sizes === null || rf.sectors === null) &&
    (!grants || rf.headings === null || (rf.wholeCategories !== null && rf.sizes === null))
  );
}

export interface ColumnCells {
  /** Cell k's group (park or cluster position, ≥ 1), province and sector positions. */
  group: Int32Array;
  province: Uint8Array;
  sector: Uint8Array;
  /**
   * Every array below is year-major over the K cells (a year's or pair's K values in one run,
   * which a read goes through in order): units with an employment row in year position y, and
   * their employees, at y * K + k.
   */
  units: Int32Array;
  employment: Float64Array;
  /** Σ employees(y2) − employees(y1) over units with rows in both, at (y1 * Y + y2) * K + k, y1 < y2. */
  change: Float64Array;
  /** Disbursed grants in year position y, at y * K + k. */
  grants: Int32Array;
  /**
   * Their amount: exactly BigInt(amount[at]) + (amountOverflow.get(at) ?? 0n); the float part
   * stays below 2^52 (memory-aggregate.ts addMoney), so totals past 2^53 stay exact.
   */
  amount: Float64Array;
  amountOverflow: Map<number, bigint>;
  /**
   * Units with an employment row in year position `to` and a grant in from..to, at
   * (to * Y + from) * K + k, from ≤ to (distinct supported units, counted in `to`).
   */
  supported: Int32Array;
  /**
   * The same three per category position c too (one whole category filter): grants and amount
   * at (c * Y + y) * K + k, supported units at ((c * Y + to) * Y + from) * K + k. At `large`
   * ~61 MB for the parks' cells, 4 MB for the clusters': the bench's sets with a category
   * filter took the whole unit pass (by park 30-70 ms of CPU).
   */
  byCategory: CategoryCells;
  bySize: SizeCells;
  /**
   * The same summed per group (cell g is group g; 0 stays empty), for reads without a province,
   * sector or size filter (the scope included): at `large` 3,719 park cells instead of 28,739,
   * ~11.5 MB (clusters ~5.6 MB).
   */
  whole: GroupSums;
}

/** ColumnCells summed over provinces and sectors: one cell per group. */
export type GroupSums = Omit<ColumnCells, 'bySize' | 'whole'>;

/**
 * Under a size filter (sizes are per unit and year: a unit counts in `to` with its size there):
 * cells per (group, province, size in `to`), cell j = k2 * 3 + size - 1, with the unit side as in
 * ColumnCells, year-major over the J cells (units, employment at to * J + j, change at
 * (from * Y + to) * J + j, supported at (to * Y + from) * J + j) and the grants per (to, grant
 * year): at (to * Y + y) * J + j. No
 * sector (with it, 4x the cells): a size filter with a sector filter takes the pass. At
 * `large` 3,7k park cells x 4 sizes, ~20 MB; the bench's sets with a size filter alone took the
 * whole unit pass (by park 50 ms of CPU, by cluster 38).
 */
export interface SizeCells {
  group: Int32Array;
  province: Uint8Array;
  size: Uint8Array;
  units: Int32Array;
  employment: Float64Array;
  change: Float64Array;
  grants: Int32Array;
  amount: Float64Array;
  amountOverflow: Map<number, bigint>;
  supported: Int32Array;
}

export interface CategoryCells {
  categories: number;
  grants: Int32Array;
  amount: Float64Array;
  amountOverflow: Map<number, bigint>;
  supported: Int32Array;
}

export interface GroupCells {
  park: ColumnCells | null;
  cluster: ColumnCells | null;
}

/** The columns the cells are built from (a subset of MemoryFacts). */
export interface GroupColumns {
  nYears: number;
  unitIds: Int32Array;
  province: Uint8Array;
  sector: Uint8Array;
  park: Int32Array;
  cluster: Int32Array;
  parkIds: number[];
  clusterIds: number[];
  provinces: { ids: readonly number[] };
  sectors: { ids: readonly number[] };
  categories: { ids: readonly number[] };
  categoryOfHeading: Int32Array;
  grantHeading: Uint8Array;
  size: Uint8Array;
  employees: Int32Array;
  grantStart: Int32Array;
  grantYear: Uint8Array;
  grantAmount: Float64Array;
}

function buildColumn(m: GroupColumns, values: Int32Array, groups: number): ColumnCells | null {
  const Y = m.nYears;
  const nU = m.unitIds.length;
  const nP = Math.max(1, m.provinces.ids.length);
  const nS = Math.max(1, m.sectors.ids.length);
  // Each unit's cell (-1: no group), numbered in order of first appearance.
  const cellOf = new Int32Array(groups * nP * nS).fill(-1);
  const unitCell = new Int32Array(nU);
  let K = 0;
  for (let u = 0; u < nU; u++) {
    const g = values[u] ?? 0;
    if (g === 0) {
      unitCell[u] = -1;
      continue;
    }
    const key = (g * nP + (m.province[u] ?? 0)) * nS + (m.sector[u] ?? 0);
    let k = cellOf[key] ?? -1;
    if (k < 0) {
      k = K++;
      cellOf[key] = k;
    }
    unitCell[u] = k;
  }
  // Each unit's (group, province) cell for the size cells, numbered the same way.
  const pairOf = new Int32Array(groups * nP).fill(-1);
  const unitPair = new Int32Array(nU);
  let K2 = 0;
  for (let u = 0; u < nU; u++) {
    const g = values[u] ?? 0;
    if (g === 0) continue;
    const key = g * nP + (m.province[u] ?? 0);
    let k2 = pairOf[key] ?? -1;
    if (k2 < 0) {
      k2 = K2++;
      pairOf[key] = k2;
    }
    unitPair[u] = k2;
  }
  const C = Math.max(1, m.categories.ids.length);
  if (K * C * Y * Y > MAX_PAIR_SLOTS) return null;
  const c: ColumnCells = {
    ...emptySums(K, Y, C),
    bySize: null as unknown as SizeCells,
    whole: null as unknown as GroupSums,
  };
  const J = K2 * 3;
  const bySize: SizeCells = {
    group: sharedArray(Int32Array, J),
    province: sharedArray(Uint8Array, J),
    size: sharedArray(Uint8Array, J),
    units: sharedArray(Int32Array, J * Y),
    employment: sharedArray(Float64Array, J * Y),
    change: sharedArray(Float64Array, J * Y * Y),
    grants: sharedArray(Int32Array, J * Y * Y),
    amount: sharedArray(Float64Array, J * Y * Y),
    amountOverflow: new Map(),
    supported: sharedArray(Int32Array, J * Y * Y),
  };
  c.bySize = bySize;
  // The unit's grants and amount per grant year.
  const yearGrants = new Int32Array(Y);
  const yearAmount = new Float64Array(Y);
  const unitSpill = new Map<number, bigint>();
  const { size: unitSize } = m;
  const sGroup = bySize.group;
  const sUnits = bySize.units;
  const sEmployment = bySize.employment;
  const sChange = bySize.change;
  const sGrants = bySize.grants;
  const sAmount = bySize.amount;
  const sSupported = bySize.supported;
  const cat = c.byCategory;
  // The unit's grant years per category, and the categories it has (few: most units one or two).
  const catMask = new Int32Array(C);
  const present = new Int32Array(C);
  const { categoryOfHeading, grantHeading } = m;
  // One loop with everything it reads or writes in locals: at `large` a million units, 7.5M grants.
  const { group, province, sector, units, employment, change, grants, amount, supported } = c;
  const { employees, grantStart, grantYear, grantAmount } = m;
  for (let u = 0; u < nU; u++) {
    const k = unitCell[u] ?? -1;
    if (k < 0) continue;
    group[k] = values[u] ?? 0;
    province[k] = m.province[u] ?? 0;
    sector[k] = m.sector[u] ?? 0;
    const kY = k * Y;
    let mask = 0;
    let nPresent = 0;
    const end = grantStart[u + 1] ?? 0;
    for (let i = grantStart[u] ?? 0; i < end; i++) {
      const y = grantYear[i] ?? 0;
      const at = kY + y;
      mask |= 1 << y;
      yearGrants[y] = (yearGrants[y] ?? 0) + 1;
      addAmount(yearAmount, unitSpill, y, grantAmount[i] ?? 0);
      grants[at] = (grants[at] ?? 0) + 1;
      const grant = grantAmount[i] ?? 0;
      addAmount(amount, c.amountOverflow, at, grant);
      const ct = categoryOfHeading[grantHeading[i] ?? 0] ?? 0;
      if (catMask[ct] === 0) present[nPresent++] = ct;
      catMask[ct] = (catMask[ct] ?? 0) | (1 << y);
      const atC = (k * C + ct) * Y + y;
      cat.grants[atC] = (cat.grants[atC] ?? 0) + 1;
      addAmount(cat.amount, cat.amountOverflow, atC, grant);
    }
    const uY = u * Y;
    const k2 = unitPair[u] ?? 0;
    for (let y2 = 0; y2 < Y; y2++) {
      const e2 = employees[uY + y2] ?? -1;
      if (e2 < 0) continue;
      // Size 0 (none) passes no size filter: such a row has no size cell (jRow -1).
      const sz = unitSize[uY + y2] ?? 0;
      const j = sz === 0 ? -1 : k2 * 3 + sz - 1;
      const jRow = j < 0 ? -1 : j * Y + y2;
      const jY = jRow * Y;
      if (j >= 0) {
        sGroup[j] = values[u] ?? 0;
        bySize.province[j] = m.province[u] ?? 0;
        bySize.size[j] = sz;
        sUnits[jRow] = (sUnits[jRow] ?? 0) + 1;
        sEmployment[jRow] = (sEmployment[jRow] ?? 0) + e2;
      }
      for (let y1 = 0; j >= 0 && mask !== 0 && y1 <= y2; y1++) {
        const n = yearGrants[y1] ?? 0;
        if (n === 0) continue;
        sGrants[jY + y1] = (sGrants[jY + y1] ?? 0) + n;
        addAmount(sAmount, bySize.amountOverflow, jY + y1, yearAmount[y1] ?? 0);
        const spilled = unitSpill.size > 0 ? unitSpill.get(y1) : undefined;
        if (spilled !== undefined) {
          const over = bySize.amountOverflow;
          over.set(jY + y1, (over.get(jY + y1) ?? 0n) + spilled);
        }
      }
      units[kY + y2] = (units[kY + y2] ?? 0) + 1;
      employment[kY + y2] = (employment[kY + y2] ?? 0) + e2;
      for (let y1 = 0; y1 < y2; y1++) {
        const e1 = employees[uY + y1] ?? -1;
        if (e1 < 0) continue;
        const at = (kY + y1) * Y + y2;
        change[at] = (change[at] ?? 0) + (e2 - e1);
        // Size cells: the change at (j * Y + from) * Y + to.
        if (j < 0) continue;
        const atS = (jRow - y2 + y1) * Y + y2;
        sChange[atS] = (sChange[atS] ?? 0) + (e2 - e1);
      }
      // Supported in from..y2 for every `from` up to its last grant year at or before y2.
      const upTo = mask & (2 ** (y2 + 1) - 1);
      if (upTo === 0) continue;
      countSupported(supported, (kY + y2) * Y, upTo);
      if (j >= 0) countSupported(sSupported, jY, upTo);
      for (let q = 0; q < nPresent; q++) {
        const ct = present[q] ?? 0;
        const catUpTo = (catMask[ct] ?? 0) & (2 ** (y2 + 1) - 1);
        if (catUpTo !== 0) countSupported(cat.supported, ((k * C + ct) * Y + y2) * Y, catUpTo);
      }
    }
    for (let q = 0; q < nPresent; q++) catMask[present[q] ?? 0] = 0;
    yearGrants.fill(0);
    yearAmount.fill(0);
    unitSpill.clear();
  }
  // Built cell by cell (a unit's writes close together: at `large` ~3.3 s of CPU, where writing
  // year-major took 6.7), read year by year (a run of K values per year, read in order): turned
  // year-major once, here, through one scratch copy of each type (at `large` the parks' supported
  // units by category, 44 MB, and their amounts, 11 MB, for the moment of the turn).
  const Y2 = Y * Y;
  const whole = groupSums(c, groups, Y, C);
  c.whole = whole;
  const scratch = new Scratch();
  yearMajor(scratch, whole, ['units', 'employment', 'grants', 'amount'], groups, Y);
  yearMajor(scratch, whole, ['change', 'supported'], groups, Y2);
  yearMajor(scratch, whole.byCategory, ['grants', 'amount'], groups, C * Y);
  yearMajor(scratch, whole.byCategory, ['supported'], groups, C * Y2);
  yearMajor(scratch, c, ['units', 'employment', 'grants', 'amount'], K, Y);
  yearMajor(scratch, c, ['change', 'supported'], K, Y2);
  yearMajor(scratch, cat, ['grants', 'amount'], K, C * Y);
  yearMajor(scratch, cat, ['supported'], K, C * Y2);
  yearMajor(scratch, bySize, ['units', 'employment'], J, Y);
  yearMajor(scratch, bySize, ['change', 'grants', 'amount', 'supported'], J, Y2);
  return c;
}

/** Zeroed cells (or per-group sums) for `n` keys over Y years and C whole categories. */
function emptySums(n: number, Y: number, C: number): GroupSums {
  const Y2 = Y * Y;
  return {
    group: sharedArray(Int32Array, n),
    province: sharedArray(Uint8Array, n),
    sector: sharedArray(Uint8Array, n),
    units: sharedArray(Int32Array, n * Y),
    employment: sharedArray(Float64Array, n * Y),
    change: sharedArray(Float64Array, n * Y2),
    grants: sharedArray(Int32Array, n * Y),
    amount: sharedArray(Float64Array, n * Y),
    amountOverflow: new Map(),
    supported: sharedArray(Int32Array, n * Y2),
    byCategory: {
      categories: C,
      grants: sharedArray(Int32Array, n * C * Y),
      amount: sharedArray(Float64Array, n * C * Y),
      amountOverflow: new Map(),
      supported: sharedArray(Int32Array, n * C * Y2),
    },
  };
}

/**
 * The cells (still cell-major) summed per group: every metric partitions by unit and a unit has
 * one cell, so the sums are exact (money through addAmount and the overflow, as the cells').
 */
function groupSums(c: ColumnCells, groups: number, Y: number, C: number): GroupSums {
  const K = c.group.length;
  const Y2 = Y * Y;
  const w = emptySums(groups, Y, C);
  for (let g = 0; g < groups; g++) w.group[g] = g;
  const add = (to: Int32Array | Float64Array, from: Int32Array | Float64Array, S: number) => {
    for (let k = 0; k < K; k++) {
      const a = (c.group[k] ?? 0) * S;
      const b = k * S;
      for (let s = 0; s < S; s++) to[a + s] = (to[a + s] ?? 0) + (from[b + s] ?? 0);
    }
  };
  const addMoney = (to: CategoryCells, from: CategoryCells, S: number) => {
    for (let k = 0; k < K; k++) {
      const a = (c.group[k] ?? 0) * S;
      const b = k * S;
      for (let s = 0; s < S; s++) {
        const v = from.amount[b + s] ?? 0;
        if (v !== 0) addAmount(to.amount, to.amountOverflow, a + s, v);
      }
    }
    for (const [at, v] of from.amountOverflow) {
      const a = (c.group[Math.floor(at / S)] ?? 0) * S + (at % S);
      to.amountOverflow.set(a, (to.amountOverflow.get(a) ?? 0n) + v);
    }
  };
  add(w.units, c.units, Y);
  add(w.employment, c.employment, Y);
  add(w.change, c.change, Y2);
  add(w.grants, c.grants, Y);
  add(w.supported, c.supported, Y2);
  addMoney(w as unknown as CategoryCells, c as unknown as CategoryCells, Y);
  add(w.byCategory.grants, c.byCategory.grants, C * Y);
  add(w.byCategory.supported, c.byCategory.supported, C * Y2);
  addMoney(w.byCategory, c.byCategory, C * Y);
  return w;
}

/** One reusable copy per array type, grown to the largest array turned. */
class Scratch {
  private ints = new Int32Array(0);
  private floats = new Float64Array(0);
  copyOf(a: Int32Array | Float64Array): Int32Array | Float64Array {
    if (a instanceof Int32Array) {
      if (this.ints.length < a.length) this.ints = new Int32Array(a.length);
      this.ints.set(a);
      return this.ints;
    }
    if (this.floats.length < a.length) this.floats = new Float64Array(a.length);
    this.floats.set(a);
    return this.floats;
  }
}

/**
 * Turns arrays of `cells` cells of `slots` values each from cell-major (k * slots + s) to
 * year-major (s * cells + k), in place; the money overflow's positions move with `amount`.
 */
function yearMajor<T extends { amountOverflow: Map<number, bigint> }>(
  scratch: Scratch,
  owner: T,
  keys: readonly (keyof T & string)[],
  cells: number,
  slots: number,
): void {
  for (const key of keys) {
    const a = owner[key] as unknown as Int32Array | Float64Array;
    const copy = scratch.copyOf(a);
    for (let k = 0; k < cells; k++) {
      const from = k * slots;
      for (let s = 0; s < slots; s++) a[s * cells + k] = copy[from + s] ?? 0;
    }
  }
  const over = owner.amountOverflow;
  if (over.size === 0 || !keys.includes('amount' as keyof T & string)) return;
  const moved = [...over].map(([at, v]): [number, bigint] => [
    (at % slots) * cells + Math.floor(at / slots),
    v,
  ]);
  over.clear();
  for (const [at, v] of moved) over.set(at, v);
}

/** One more supported unit at row + from for every `from` up to the last year in `upTo`. */
function countSupported(supported: Int32Array, row: number, upTo: number): void {
  const last = 31 - Math.clz32(upTo);
  for (let from = 0; from <= last; from++) supported[row + from] = (supported[row + from] ?? 0) + 1;
}

/** addMoney (memory-aggregate.ts), which this layer does not import: exact past 2^53. */
function addAmount(amount: Float64Array, overflow: Map<number, bigint>, at: number, grant: number) {
  const before = amount[at] ?? 0;
  if (before + grant >= 2 ** 52) {
    overflow.set(at, (overflow.get(at) ?? 0n) + BigInt(before) + BigInt(grant));
    amount[at] = 0;
  } else amount[at] = before + grant;
}

/** Null past 31 years (the year masks above are 32-bit). */
export function buildGroupCells(m: GroupColumns): GroupCells | null {
  if (m.nYears > 31) return null;
  return {
    park: buildColumn(m, m.park, m.parkIds.length + 1),
    cluster: buildColumn(m, m.cluster, m.clusterIds.length + 1),
  };
}

/**
 * Cells of the heading index by unit class: per heading and (province, sector, size) class, the
 * grants, amount and distinct units a read filtered by sector or size needs, which the
 * (heading, province) cells (heading-index.ts) cannot tell apart. A unit's size changes by year,
 * and a read takes it in the population year `to` (or the grant's year per year), so the sized
 * sums are kept per (population year t, grant year y ≤ t) and the distinct units per year range
 * [a, b] counted in b (a unit has one class a year, so they add up over classes). Built from the
 * heading index's pairs, one heading at a time (its cells stay in cache).
 */

import type { ResolvedFilters } from '../filters/resolve-filters.ts';
import type { Column } from '../sql/filter-sql.ts';
import { sharedArray } from './shared-array.ts';
import type { HeadingIndex } from './heading-index.ts';

/** Sizes 1..3 (size.ts); a unit without an employment row in a year has size 0 there. */
const SIZES = 3;

/** Cells in all (per array) past which they are not built: at `large` 60 × 31 × 8 × 3 × 36 = 1.6M. */
const MAX_CLASS_CELLS = 8 << 20;

export interface HeadingClassCells {
  /** Sectors of the layout: every sector, or 1 where they are summed (sumSectors). */
  sectors: number;
  /** Classes: (province p, sector s, size z) at (p * sectors + s) * 3 + z − 1. */
  classes: number;
  /** Triangle of year pairs (t, y ≤ t) at t (t + 1) / 2 + y: tri(Y − 1, Y − 1) + 1. */
  tri: number;
  /** Grants and amount by (heading, province, sector) and grant year, any size: at hps * Y + y. */
  grants: Float64Array;
  amount: Float64Array;
  spill: Map<number, bigint>;
  /** The same by (heading, class) with the class's size in year t, grant year y: (h * classes + k) * tri + tri(t, y). */
  sizedGrants: Float64Array;
  sizedAmount: Float64Array;
  sizedSpill: Map<number, bigint>;
  /** (unit, heading) pairs with a grant in [a, b] whose unit is in the class in b: (h * classes + k) * tri + tri(b, a). */
  units: Int32Array;
  /** The same for (unit, category): category c at (c * classes + k) * tri + tri(b, a). */
  categoryUnits: Int32Array;
}

export function tri(t: number, y: number): number {
  return ((t * (t + 1)) >> 1) + y;
}

/** The columns the cells are built from (a subset of MemoryFacts). */
export interface ClassColumns {
  nYears: number;
  unitIds: Int32Array;
  province: Uint8Array;
  sector: Uint8Array;
  size: Uint8Array;
  provinces: { ids: readonly number[] };
  sectors: { ids: readonly number[] };
  headings: { ids: readonly number[] };
  categories: { ids: readonly number[] };
}

function addAmount(
  total: Float64Array,
  exact: Map<number, bigint>,
  c: number,
  amount: number,
): void {
  const next = (total[c] ?? 0) + amount;
  if (next < 2 ** 52) {
    total[c] = next;
    return;
  }
  exact.set(c, (exact.get(c) ?? 0n) + BigInt(total[c] ?? 0) + BigInt(amount));
  total[c] = 0;
}

/** Null where the cells would be too many, or without the category masks. */
export function buildHeadingClassCells(
  m: ClassColumns,
  x: HeadingIndex,
  categoryYears: Uint32Array | null,
): HeadingClassCells | null {
  const Y = m.nYears;
  const P = Math.max(1, m.provinces.ids.length);
  const S = Math.max(1, m.sectors.ids.length);
  const H = x.pairStart.length - 1;
  const C = m.categories.ids.length;
  const K = P * S * SIZES;
  const T = tri(Y - 1, Y - 1) + 1;
  if (!categoryYears || Y > 8 || H * K * T > MAX_CLASS_CELLS) return null;
  const nU = m.unitIds.length;
  const grants = sharedArray(Float64Array, H * P * S * Y);
  const amount = sharedArray(Float64Array, H * P * S * Y);
  const spill = new Map<number, bigint>();
  const sizedGrants = sharedArray(Float64Array, H * K * T);
  const sizedAmount = sharedArray(Float64Array, H * K * T);
  const sizedSpill = new Map<number, bigint>();
  const units = sharedArray(Int32Array, H * K * T);
  const categoryUnits = sharedArray(Int32Array, C * K * T);
  const { pairStart, pairUnit, pairYears, runStart, grantYear, grantAmount, unitRows } = x;
  // A pair counts in [a, b] when its latest year up to b is at least a: tallied at (b, that
  // year), then summed over a from b down.
  const tally = (out: Int32Array, at: number, u: number, yearsOf: number, classBase: number) => {
    for (let rows = unitRows[u] ?? 0; rows !== 0; rows &= rows - 1) {
      const b = 31 - Math.clz32(rows & -rows);
      const upTo = yearsOf & ((2 << b) - 1);
      if (upTo === 0) continue;
      const z = m.size[u * Y + b] ?? 0;
      if (z < 1 || z > SIZES) continue;
      const c = at + (classBase + z - 1) * T + tri(b, 31 - Math.clz32(upTo));
      out[c] = (out[c] ?? 0) + 1;
    }
  };
  for (let h = 0; h < H; h++) {
    const end = pairStart[h + 1] ?? 0;
    for (let k = pairStart[h] ?? 0; k < end; k++) {
      const u = pairUnit[k] ?? 0;
      const ps = (m.province[u] ?? 0) * S + (m.sector[u] ?? 0);
      const plain = (h * P * S + ps) * Y;
      const rows = unitRows[u] ?? 0;
      const last = runStart[k + 1] ?? 0;
      for (let i = runStart[k] ?? 0; i < last; i++) {
        const y = grantYear[i] ?? 0;
        const a = grantAmount[i] ?? 0;
        grants[plain + y] = (grants[plain + y] ?? 0) + 1;
        addAmount(amount, spill, plain + y, a);
        // Each population year t ≥ y the unit has a row in, under its size there.
        for (let later = rows & ~((1 << y) - 1); later !== 0; later &= later - 1) {
          const t = 31 - Math.clz32(later & -later);
          const z = m.size[u * Y + t] ?? 0;
          if (z < 1 || z > SIZES) continue;
          const c = (h * K + ps * SIZES + z - 1) * T + tri(t, y);
          sizedGrants[c] = (sizedGrants[c] ?? 0) + 1;
          addAmount(sizedAmount, sizedSpill, c, a);
        }
      }
      tally(units, h * K * T, u, pairYears[k] ?? 0, ps * SIZES);
    }
  }
  for (let c = 0; c < C; c++) {
    for (let u = 0; u < nU; u++) {
      const years = categoryYears[c * nU + u] ?? 0;
      if (years === 0) continue;
      const ps = (m.province[u] ?? 0) * S + (m.sector[u] ?? 0);
      tally(categoryUnits, c * K * T, u, years, ps * SIZES);
    }
  }
  for (const out of [units, categoryUnits]) {
    for (let cell = 0; cell < out.length; cell += T) {
      for (let b = 0; b < Y; b++) {
        for (let a = b - 1; a >= 0; a--) {
          const at = cell + tri(b, a);
          out[at] = (out[at] ?? 0) + (out[at + 1] ?? 0);
        }
      }
    }
  }
  return {
    sectors: S,
    classes: K,
    tri: T,
    grants,
    amount,
    spill,
    sizedGrants,
    sizedAmount,
    sizedSpill,
    units,
    categoryUnits,
  };
}

/**
 * The same cells with the sectors summed (one "sector"): a read under a size filter but no
 * sector filter or key visits a heading's provinces × sizes, not × sectors too (at `large` by
 * heading × province with a size 2,635 classes a size instead of 21,080). Exact: a unit has one
 * sector, so its units add up; amounts keep the spill. At `large` 5.8 MB.
 */
export function sumSectors(
  c: HeadingClassCells,
  provinces: number,
  years: number,
): HeadingClassCells {
  const S = c.sectors;
  const P = provinces;
  const Y = years;
  const T = c.tri;
  const H = c.grants.length / (P * S * Y);
  const C = c.categoryUnits.length / (c.classes * T);
  const K = P * SIZES;
  const grants = sharedArray(Float64Array, H * P * Y);
  const amount = sharedArray(Float64Array, H * P * Y);
  const spill = new Map<number, bigint>();
  const sizedGrants = sharedArray(Float64Array, H * K * T);
  const sizedAmount = sharedArray(Float64Array, H * K * T);
  const sizedSpill = new Map<number, bigint>();
  const units = sharedArray(Int32Array, H * K * T);
  const categoryUnits = sharedArray(Int32Array, C * K * T);
  // Old plain index ((h P + p) S + s) Y + y -> (h P + p) Y + y.
  const plainOf = (i: number) => {
    const y = i % Y;
    const hps = (i - y) / Y;
    return ((hps - (hps % S)) / S) * Y + y;
  };
  // Old class index (g K_old + (p S + s) 3 + z) T + t -> (g K + p 3 + z) T + t.
  const classOf = (i: number) => {
    const t = i % T;
    const gk = (i - t) / T;
    const z = gk % SIZES;
    const gps = (gk - z) / SIZES;
    const ps = gps % (P * S);
    const g = (gps - ps) / (P * S);
    const p = (ps - (ps % S)) / S;
    return ((g * P + p) * SIZES + z) * T + t;
  };
  for (let i = 0; i < c.grants.length; i++) {
    const j = plainOf(i);
    grants[j] = (grants[j] ?? 0) + (c.grants[i] ?? 0);
    addAmount(amount, spill, j, c.amount[i] ?? 0);
  }
  for (const [i, v] of c.spill) spill.set(plainOf(i), (spill.get(plainOf(i)) ?? 0n) + v);
  for (let i = 0; i < c.sizedGrants.length; i++) {
    const j = classOf(i);
    sizedGrants[j] = (sizedGrants[j] ?? 0) + (c.sizedGrants[i] ?? 0);
    addAmount(sizedAmount, sizedSpill, j, c.sizedAmount[i] ?? 0);
    units[j] = (units[j] ?? 0) + (c.units[i] ?? 0);
  }
  for (const [i, v] of c.sizedSpill) {
    const j = classOf(i);
    sizedSpill.set(j, (sizedSpill.get(j) ?? 0n) + v);
  }
  for (let i = 0; i < c.categoryUnits.length; i++) {
    const j = classOf(i);
    categoryUnits[j] = (categoryUnits[j] ?? 0) + (c.categoryUnits[i] ?? 0);
  }
  return {
    sectors: 1,
    classes: K,
    tri: T,
    grants,
    amount,
    spill,
    sizedGrants,
    sizedAmount,
    sizedSpill,
    units,
    categoryUnits,
  };
}

export function headingClassCellsBytes(c: HeadingClassCells): number {
  return [c.grants, c.amount, c.sizedGrants, c.sizedAmount, c.units, c.categoryUnits].reduce(
    (n, a) => n + a.byteLength,
    0,
  );
}

const CLASS_COLUMNS: ReadonlySet<Column> = new Set<Column>([
  'heading',
  'category',
  'province',
  'sector',
  'year',
]);

/**
 * Whether the class cells' grants and amounts answer a read grouped by `columns` (they add up
 * over any headings; the distinct units only under classCellsCover): no park or cluster filter,
 * by heading, category, province, sector and year (by year only per year).
 */
export function classSumsCover(
  rf: ResolvedFilters,
  columns: readonly Column[],
  perYear: boolean,
): boolean {
  return (
    rf.parks === null &&
    rf.clusters === null &&
    columns.every((c) => CLASS_COLUMNS.has(c)) &&
    perYear === columns.includes('year')
  );
}

/**
 * Whether the class cells key and filter a grant read grouped by `columns`: no park or cluster
 * filter; by heading, category, province, sector and year (by year only per year, a grant's
 * year its population year); and distinct units that add up over cells — the key holds the
 * heading, or one heading is selected, or it holds the category and whole categories are.
 */
export function classCellsCover(
  rf: ResolvedFilters,
  columns: readonly Column[],
  perYear: boolean,
): boolean {
  const wholeCategories = rf.headings === null || rf.wholeCategories !== null;
  return (
    classSumsCover(rf, columns, perYear) &&
    (columns.includes('heading') ||
      rf.headings?.length === 1 ||
      (columns.includes('category') && wholeCategories))
  );
}

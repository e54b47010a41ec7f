/**
 * Grant reads grouped and filtered by province, sector, size and year alone, from the unit
 * cells (facts/unit-dim-cells.ts): the rows of memoryGrantRows, and a breakdown's "others"
 * recount by province or sector and year, summed over at most a few thousand cells instead of a
 * pass over every unit. The planner chooses them (ReadPlan.dimCells, others 'cells').
 */

import type { ResolvedFilters } from '../filters/resolve-filters.ts';
import type { Column } from '../sql/filter-sql.ts';
import type { MemoryFacts } from '../facts/memory-facts.ts';
import { SIZE_SLOTS, SPLIT } from '../facts/series-cells.ts';
import { dimCellsCover, dimOthersCover, SIZE_SETS, yearPair } from '../facts/unit-dim-cells.ts';
import { allowed, maskCategories, yearSpan } from './memory-aggregate.ts';

/** Reads the unit cells answered (the equality test requires each path taken). */
export const dimCellPaths = { grants: 0, categorySets: 0, byCategory: 0, others: 0 };

/** One group-by column over the cells: its radix and a position's id. */
interface CellDim {
  column: Column;
  radix: number;
  id: (pos: number) => number;
}

function cellDims(m: MemoryFacts, columns: readonly Column[]): CellDim[] {
  return columns.map((column) => {
    switch (column) {
      case 'province':
        return { column, radix: m.provinces.ids.length, id: (p) => m.provinces.ids[p] ?? 0 };
      case 'sector':
        return { column, radix: m.sectors.ids.length, id: (p) => m.sectors.ids[p] ?? 0 };
      case 'size':
        return { column, radix: SIZE_SLOTS, id: (p) => p };
      case 'category':
        return { column, radix: m.categories.ids.length, id: (p) => m.categories.ids[p] ?? 0 };
      default:
        return { column, radix: m.nYears, id: (p) => m.yMin + p };
    }
  });
}

/**
 * The rows of memoryGrantRows(m, rf, columns, perYear, sums) from the cells: `k0…` ids, grants,
 * amount (bigint) and distinct supported units; null where the cells were not built or cannot
 * answer (the caller's pass answers then). Same rules: a group exists where a selected grant
 * falls; the size is the population year's (`to`, or each year's per year), and a unit counts
 * as supported there where it has a row; with `sums` false the counts and amounts are 0.
 */
export function dimCellRows(
  m: MemoryFacts,
  rf: ResolvedFilters,
  columns: readonly Column[],
  perYear: boolean,
  sums = true,
): Record<string, unknown>[] | null {
  const x = m.byDim;
  if (!x || !dimCellsCover(rf, columns, perYear)) return null;
  const cats = maskCategories(m, rf);
  const byCategory = columns.includes('category');
  // A category's distinct units are those whose set of categories holds it: the sets are needed.
  if ((cats !== null || byCategory) && x.sets === 1) return null;
  dimCellPaths.grants++;
  if (cats !== null) dimCellPaths.categorySets++;
  if (byCategory) dimCellPaths.byCategory++;
  const span = yearSpan(m, rf.from, rf.to);
  if (!span) return [];
  const Y = m.nYears;
  const { cells, sectorRadix: S, categories: C, sets } = x;
  const dims = cellDims(m, columns);
  const strides: number[] = [];
  let radix = 1;
  for (let i = dims.length - 1; i >= 0; i--) {
    strides[i] = radix;
    radix *= dims[i]?.radix ?? 1;
  }
  const strideOf = (c: Column) => strides[columns.indexOf(c)] ?? 0;
  const [pStride, sStride, zStride, yStride, cStride] = [
    'province',
    'sector',
    'size',
    'year',
    'category',
  ].map((c) => (columns.includes(c as Column) ? strideOf(c as Column) : 0)) as [
    number,
    number,
    number,
    number,
    number,
  ];
  const provinceOk = allowed(
    rf.provinces,
    (id) => m.provinces.index.get(id),
    m.provinces.ids.length,
  );
  const sectorOk = allowed(rf.sectors, (id) => m.sectors.index.get(id), S);
  const sizeOk = allowed(rf.sizes, (id) => id, SIZE_SLOTS);
  const needSize = sizeOk !== null || zStride > 0;
  const catList = cats ?? Array.from({ length: C }, (_, c) => c);
  let catMask = 0;
  for (const c of catList) catMask |= 1 << c;
  const count = new Float64Array(radix);
  const high = new Float64Array(radix);
  const low = new Float64Array(radix);
  const distinct = new Int32Array(radix);
  // Population years and their ranges: each year alone per year, else `to` over from..to.
  const toPos = rf.to - m.yMin;
  const periods: [number, number, number][] = perYear
    ? Array.from({ length: span[1] - span[0] + 1 }, (_, i) => [
        span[0] + i,
        span[0] + i,
        span[0] + i,
      ])
    : [[Math.min(toPos, Y - 1), span[0], span[1]]];
  // `to` past the data: nobody has a row there (size slot 0, counted nowhere).
  const beyond = !perYear && toPos >= Y;
  if (beyond && needSize) return [];
  for (const [t, a, b] of periods) {
    const pair = yearPair(t, a);
    for (let p = 0; p < m.provinces.ids.length; p++) {
      if (provinceOk !== null && provinceOk[p] !== 1) continue;
      for (let s = 0; s < S; s++) {
        if (sectorOk !== null && sectorOk[s] !== 1) continue;
        for (let z = needSize ? 1 : 0; z < SIZE_SLOTS; z++) {
          if (sizeOk !== null && sizeOk[z] !== 1) continue;
          const cell = (p * S + s) * SIZE_SLOTS + z;
          const key = p * pStride + s * sStride + (beyond ? 0 : z * zStride) + t * yStride;
          if (byCategory) {
            // One group per category: its grants, and its units by the sets holding it.
            const at = (pair * cells + cell) * sets;
            for (const c of catList) {
              const grantsAt = ((t * cells + cell) * C + c) * Y;
              let n = 0;
              let hi = 0;
              let lo = 0;
              for (let y = a; y <= b; y++) {
                n += x.grants[grantsAt + y] ?? 0;
                hi += x.amountHigh[grantsAt + y] ?? 0;
                lo += x.amountLow[grantsAt + y] ?? 0;
              }
              if (n === 0) continue;
              const ck = key + c * cStride;
              count[ck] = (count[ck] ?? 0) + n;
              high[ck] = (high[ck] ?? 0) + hi;
              low[ck] = (low[ck] ?? 0) + lo;
              if (z === 0 || beyond) continue; // no row in t: not counted
              let d = 0;
              for (let set = 1; set < sets; set++) if (set & (1 << c)) d += x.units[at + set] ?? 0;
              distinct[ck] = (distinct[ck] ?? 0) + d;
            }
            continue;
          }
          let n = 0;
          let hi = 0;
          let lo = 0;
          for (const c of catList) {
            const at = ((t * cells + cell) * C + c) * Y;
            for (let y = a; y <= b; y++) {
              n += x.grants[at + y] ?? 0;
              hi += x.amountHigh[at + y] ?? 0;
              lo += x.amountLow[at + y] ?? 0;
            }
          }
          if (n === 0) continue;
          count[key] = (count[key] ?? 0) + n;
          high[key] = (high[key] ?? 0) + hi;
          low[key] = (low[key] ?? 0) + lo;
          if (z === 0 || beyond) continue; // no row in t: not counted
          const at = (pair * cells + cell) * sets;
          let d = 0;
          if (cats === null) d = x.units[at] ?? 0;
          else for (let set = 1; set < sets; set++) if (set & catMask) d += x.units[at + set] ?? 0;
          distinct[key] = (distinct[key] ?? 0) + d;
        }
      }
    }
  }
  const rows: Record<string, unknown>[] = [];
  for (let key = 0; key < radix; key++) {
    if (count[key] === 0) continue;
    const row: Record<string, unknown> = {};
    dims.forEach((d, i) => {
      row[`k${i}`] = d.id(Math.floor(key / (strides[i] ?? 1)) % d.radix);
    });
    // Each cell's low part is below 2^32: a few thousand of them stay exact in a float.
    row.grants = sums ? count[key] : 0;
    row.amount = sums ? BigInt(high[key] ?? 0) * BigInt(SPLIT) + BigInt(low[key] ?? 0) : 0n;
    row.supported = distinct[key];
    rows.push(row);
  }
  return rows;
}

/**
 * memorySupportedOutside(m, rf, columns, kept, true) from the year-mask histograms: distinct
 * units counted (a grant, a row and an allowed size in that year) in a (province or sector,
 * year) group that is not kept. Null where they were not built or cannot answer.
 */
export function dimCellsOutside(
  m: MemoryFacts,
  rf: ResolvedFilters,
  columns: readonly Column[],
  kept: readonly (readonly number[])[],
): number | null {
  const x = m.byDim;
  const masks = x?.yearMasks;
  if (!x || !masks || !dimOthersCover(rf, columns)) return null;
  dimCellPaths.others++;
  const span = yearSpan(m, rf.from, rf.to);
  if (!span) return 0;
  const Y = m.nYears;
  const S = x.sectorRadix;
  const nP = m.provinces.ids.length;
  const yearAt = columns.indexOf('year');
  const byProvince = columns.includes('province');
  const unitAt = yearAt === 0 ? 1 : 0;
  // The kept years of each province (or sector) position, as bits.
  const radix = byProvince ? nP : S;
  const keptYears = new Int32Array(radix);
  for (const ids of kept) {
    const id = ids[unitAt] ?? 0;
    const pos = byProvince ? m.provinces.index.get(id) : m.sectors.index.get(id);
    const y = (ids[yearAt] ?? 0) - m.yMin;
    if (pos === undefined || y < 0 || y >= Y) continue;
    keptYears[pos] = (keptYears[pos] ?? 0) | (1 << y);
  }
  let sigma = SIZE_SETS - 1;
  if (rf.sizes !== null) {
    sigma = 0;
    for (const z of rf.sizes) if (z >= 1 && z < SIZE_SLOTS) sigma |= 1 << (z - 1);
    if (sigma === 0) return 0;
  }
  const provinceOk = allowed(rf.provinces, (id) => m.provinces.index.get(id), nP);
  const sectorOk = allowed(rf.sectors, (id) => m.sectors.index.get(id), S);
  const all = (1 << Y) - 1;
  let range = 0;
  for (let y = span[0]; y <= span[1]; y++) range |= 1 << y;
  let count = 0;
  for (let p = 0; p < nP; p++) {
    if (provinceOk !== null && provinceOk[p] !== 1) continue;
    for (let s = 0; s < S; s++) {
      if (sectorOk !== null && sectorOk[s] !== 1) continue;
      const outside = range & ~(keptYears[byProvince ? p : s] ?? 0);
      if (outside === 0) continue;
      // Units whose mask meets `outside`: every unit minus those whose mask is within ~outside.
      const at = ((p * S + s) * SIZE_SETS + sigma) << Y;
      count += (masks[at + all] ?? 0) - (masks[at + (all & ~outside)] ?? 0);
    }
  }
  return count;
}

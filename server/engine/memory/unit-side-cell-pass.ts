/**
 * Unit-side reads (units and employment, or their change) grouped and filtered by province,
 * sector, size and year alone, from the unit-side cells (facts/unit-side-cells.ts): the rows of
 * memoryUnitRows summed over at most a few thousand cells instead of a pass over every unit.
 * The planner chooses them (ReadPlan.unitSideCells).
 */

import type { ResolvedFilters } from '../filters/resolve-filters.ts';
import type { Column } from '../sql/filter-sql.ts';
import type { MemoryFacts } from '../facts/memory-facts.ts';
import { SIZE_SLOTS } from '../facts/series-cells.ts';
import { yearPair } from '../facts/unit-dim-cells.ts';
import { unitSideCellsCover } from '../facts/unit-side-cells.ts';
import { allowed, yearSpan } from './memory-aggregate.ts';

/** Reads the cells answered (the equality test requires each path taken). */
export const unitSideCellPaths = { units: 0, change: 0 };

/**
 * The rows of memoryUnitRows(m, rf, kind, columns, perYear) from the cells: `k0…` ids and
 * units and employment, or change; null where the cells were not built or cannot answer (the
 * caller's pass answers then). Same rules: a unit counts in a year where it has a row of an
 * allowed size (that year's); its change from `from` (per year: the year before) where it has a
 * row then too; a group has a row where some unit counts.
 */
export function unitSideCellRows(
  m: MemoryFacts,
  rf: ResolvedFilters,
  kind: 'units' | 'change',
  columns: readonly Column[],
  perYear: boolean,
): Record<string, unknown>[] | null {
  const x = m.unitSide;
  if (!x || !unitSideCellsCover(rf, columns, perYear)) return null;
  const Y = m.nYears;
  const fromPos = rf.from - m.yMin;
  // Not perYear, a change needs `from` before `to` (the planner reads none otherwise).
  if (kind === 'change' && !perYear && fromPos >= rf.to - m.yMin) return null;
  unitSideCellPaths[kind]++;
  const span = perYear ? yearSpan(m, rf.from, rf.to) : yearSpan(m, rf.to, rf.to);
  if (!span) return [];
  const S = x.sectorRadix;
  const nP = m.provinces.ids.length;
  const radixOf = (c: Column) =>
    c === 'province' ? nP : c === 'sector' ? S : c === 'size' ? SIZE_SLOTS : Y;
  const strides: number[] = [];
  let radix = 1;
  for (let i = columns.length - 1; i >= 0; i--) {
    strides[i] = radix;
    radix *= radixOf(columns[i] ?? 'year');
  }
  const strideOf = (c: Column) => (columns.includes(c) ? (strides[columns.indexOf(c)] ?? 0) : 0);
  const [pStride, sStride, zStride, yStride] = (
    ['province', 'sector', 'size', 'year'] as const
  ).map(strideOf) as [number, number, number, number];
  const provinceOk = allowed(rf.provinces, (id) => m.provinces.index.get(id), nP);
  const sectorOk = allowed(rf.sectors, (id) => m.sectors.index.get(id), S);
  const sizeOk = allowed(rf.sizes, (id) => id, SIZE_SLOTS);
  const count = new Float64Array(radix);
  const total = new Float64Array(radix);
  const { cells } = x;
  for (let t = span[0]; t <= span[1]; t++) {
    const before = perYear ? t - 1 : fromPos;
    // A change needs a row in the earlier year, which must be in the data.
    if (kind === 'change' && (before < 0 || before >= Y)) continue;
    const base = kind === 'units' ? t * cells : yearPair(t, before) * cells;
    const counts = kind === 'units' ? x.units : x.changeUnits;
    const sums = kind === 'units' ? x.employment : x.change;
    for (let p = 0; p < nP; p++) {
      if (provinceOk !== null && provinceOk[p] !== 1) continue;
      for (let s = 0; s < S; s++) {
        if (sectorOk !== null && sectorOk[s] !== 1) continue;
        for (let z = 1; z < SIZE_SLOTS; z++) {
          if (sizeOk !== null && sizeOk[z] !== 1) continue;
          const at = base + (p * S + s) * SIZE_SLOTS + z;
          const n = counts[at] ?? 0;
          if (n === 0) continue;
          const key = p * pStride + s * sStride + z * zStride + t * yStride;
          count[key] = (count[key] ?? 0) + n;
          total[key] = (total[key] ?? 0) + (sums[at] ?? 0);
        }
      }
    }
  }
  const ids = (c: Column, pos: number) =>
    c === 'province'
      ? (m.provinces.ids[pos] ?? 0)
      : c === 'sector'
        ? (m.sectors.ids[pos] ?? 0)
        : c === 'size'
          ? pos
          : m.yMin + pos;
  const rows: Record<string, unknown>[] = [];
  for (let key = 0; key < radix; key++) {
    if (count[key] === 0) continue;
    const row: Record<string, unknown> = {};
    columns.forEach((c, i) => {
      row[`k${i}`] = ids(c, Math.floor(key / (strides[i] ?? 1)) % radixOf(c));
    });
    if (kind === 'units') {
      row.units = count[key];
      row.employment = total[key];
    } else row.change = total[key];
    rows.push(row);
  }
  return rows;
}

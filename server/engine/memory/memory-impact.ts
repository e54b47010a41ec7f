import { allowed, yearSpan } from './memory-aggregate.ts';
import { forEachFilteredUnit } from './unit-side.ts';
import type { MemoryFacts } from '../facts/memory-facts.ts';
import type { ResolvedFilters } from '../filters/resolve-filters.ts';

/** One stratum's group in the impact comparison: 1 = supported, 0 = unsupported. */
export interface ImpactStratumRow {
  provinceId: number;
  sectorId: number;
  /** Size class id in `from` (1..3). */
  size: number;
  grp: 0 | 1;
  units: number;
  employmentFrom: number;
  employmentTo: number;
}

/**
 * impact.ts's strata from the in-memory facts in one pass over the selected units (a million at
 * `large`, each looking at its own grants only until one decides), instead of the raw SQL's
 * join of employment twice and two `exists` over ten million grants. Same rules: units with rows
 * in `from` and `to` (the size filter on the size in `to`), stratified by province, sector and
 * size in `from`; supported = a disbursed grant in from..to under the selected headings; a unit
 * with grants in the range under other headings only belongs to neither group.
 */
export function memoryImpactStrata(m: MemoryFacts, rf: ResolvedFilters): ImpactStratumRow[] {
  const Y = m.nYears;
  const fromPos = rf.from - m.yMin;
  const toPos = rf.to - m.yMin;
  if (fromPos < 0 || fromPos >= Y || toPos < 0 || toPos >= Y) return [];
  const span = yearSpan(m, rf.from, rf.to);
  const sizeOk = allowed(rf.sizes, (id) => id, 4);
  const headingOk = allowed(rf.headings, (id) => m.headings.index.get(id), m.headings.ids.length);
  // Cells keyed by (province, sector, size, grp) positions.
  const nS = m.sectors.ids.length;
  const cells = m.provinces.ids.length * nS * 4 * 2;
  const units = new Float64Array(cells);
  const from = new Float64Array(cells);
  const to = new Float64Array(cells);
  forEachFilteredUnit(m, rf, (u) => {
    const e1 = m.employees[u * Y + fromPos] ?? -1;
    const e2 = m.employees[u * Y + toPos] ?? -1;
    if (e1 < 0 || e2 < 0) return;
    if (sizeOk && sizeOk[m.size[u * Y + toPos] ?? 0] !== 1) return;
    let grp = 0;
    if (span) {
      const end = m.grantStart[u + 1] ?? 0;
      for (let i = m.grantStart[u] ?? 0; i < end; i++) {
        const y = m.grantYear[i] ?? 0;
        if (y < span[0] || y > span[1]) continue;
        grp = 2; // paid in the range: in neither group unless a grant is under a selected heading
        if (!headingOk || headingOk[m.grantHeading[i] ?? 0] === 1) {
          grp = 1;
          break;
        }
      }
    }
    if (grp === 2) return;
    const size = m.size[u * Y + fromPos] ?? 0;
    const c = ((((m.province[u] ?? 0) * nS + (m.sector[u] ?? 0)) * 4 + size) << 1) | grp;
    units[c] = (units[c] ?? 0) + 1;
    from[c] = (from[c] ?? 0) + e1;
    to[c] = (to[c] ?? 0) + e2;
  });
  const rows: ImpactStratumRow[] = [];
  for (let c = 0; c < cells; c++) {
    if (units[c] === 0) continue;
    const stratum = c >> 1;
    rows.push({
      provinceId: m.provinces.ids[Math.floor(stratum / (nS * 4))] ?? 0,
      sectorId: m.sectors.ids[Math.floor(stratum / 4) % nS] ?? 0,
      size: stratum % 4,
      grp: (c & 1) as 0 | 1,
      units: units[c] ?? 0,
      employmentFrom: from[c] ?? 0,
      employmentTo: to[c] ?? 0,
    });
  }
  return rows;
}

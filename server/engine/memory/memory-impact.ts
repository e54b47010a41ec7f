import { allowed, candidateUnits, classMasks, unitFlags, yearSpan } from './memory-aggregate.ts';
import { forEachFilteredUnit } from './unit-side.ts';
import { yearBits } from '../facts/unit-year-index.ts';
import { categorySlot, impactSlot } from '../facts/impact-cells.ts';
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

/** Which way memoryImpactStrata answered (tests check each is reached). */
export const impactPaths = {
  cells: 0,
  categoryCells: 0,
  headingBits: 0,
  categoryMasks: 0,
  unitPass: 0,
  grantPass: 0,
};

/** The strata summed so far: per (province, sector, size in from, grp) cell. */
class Strata {
  readonly units: Float64Array;
  readonly from: Float64Array;
  readonly to: Float64Array;
  constructor(
    readonly m: MemoryFacts,
    readonly nS: number,
  ) {
    const cells = m.provinces.ids.length * nS * 4 * 2;
    this.units = new Float64Array(cells);
    this.from = new Float64Array(cells);
    this.to = new Float64Array(cells);
  }

  cellOf(province: number, sector: number, size: number, grp: number): number {
    return (((province * this.nS + sector) * 4 + size) << 1) | grp;
  }

  add(c: number, units: number, e1: number, e2: number): void {
    this.units[c] = (this.units[c] ?? 0) + units;
    this.from[c] = (this.from[c] ?? 0) + e1;
    this.to[c] = (this.to[c] ?? 0) + e2;
  }

  rows(): ImpactStratumRow[] {
    const { m, nS } = this;
    const rows: ImpactStratumRow[] = [];
    for (let c = 0; c < this.units.length; c++) {
      if (this.units[c] === 0) continue;
      const stratum = c >> 1;
      rows.push({
        provinceId: m.provinces.ids[Math.floor(stratum / (nS * 4))] ?? 0,
        sectorId: m.sectors.ids[Math.floor(stratum / 4) % nS] ?? 0,
        size: stratum % 4,
        grp: (c & 1) as 0 | 1,
        units: this.units[c] ?? 0,
        employmentFrom: this.from[c] ?? 0,
        employmentTo: this.to[c] ?? 0,
      });
    }
    return rows;
  }
}

/**
 * impact.ts's strata from the in-memory facts, instead of the raw SQL's join of employment twice
 * and two `exists` over ten million grants. Same rules: units with rows in `from` and `to` (the
 * size filter on the size in `to`), stratified by province, sector and size in `from`; supported
 * = a disbursed grant in from..to under the selected headings; a unit with grants in the range
 * under other headings only belongs to neither group. Filtered by provinces, sectors and sizes
 * (and one whole category) alone, the impact cells answer (impact-cells.ts); under another
 * heading filter the supported units come from the heading index's pairs or category masks; otherwise one pass over the selected units reads
 * their year-major columns and year masks (the grants only without those indexes).
 */
export function memoryImpactStrata(m: MemoryFacts, rf: ResolvedFilters): ImpactStratumRow[] {
  const Y = m.nYears;
  const fromPos = rf.from - m.yMin;
  const toPos = rf.to - m.yMin;
  if (fromPos < 0 || fromPos >= Y || toPos < 0 || toPos >= Y) return [];
  const strata = new Strata(m, m.sectors.ids.length);
  const x = m.years;
  if (!x || fromPos > toPos) {
    grantPass(m, rf, strata, fromPos, toPos);
    return strata.rows();
  }
  const bits = yearBits(fromPos, toPos) | 0;
  const cells = m.byImpact && rf.parks === null && rf.clusters === null ? m.byImpact : null;
  // One whole category: its supported group is in the cells too.
  const [only, ...more] = rf.wholeCategories ?? [];
  const category = only !== undefined && !more.length ? m.categories.index.get(only) : undefined;
  if (cells && (rf.headings === null || category !== undefined)) {
    impactPaths.cells++;
    if (category !== undefined) impactPaths.categoryCells++;
    fromCells(m, rf, strata, fromPos, toPos, category ?? null);
    return strata.rows();
  }
  const candidates = candidateUnits(m, rf);
  // Units supported under the selected headings in the range, as bits from the heading index's
  // pairs, unless whole categories hold more pairs than the pass visits units: their masks then
  // (at `large` category 3's 15 headings hold 0.7M pairs: 3.7 ms of CPU by the pairs, 15 by the
  // masks; FIN's 18 hold 2.1M: 17-19 ms either way).
  const viaMasks =
    rf.wholeCategories !== null &&
    pairsOf(m, rf.headings) > (candidates ? candidates.length : m.unitIds.length);
  const supported = rf.headings === null || viaMasks ? null : headingUnits(m, rf, bits);
  if (cells) {
    impactPaths.cells++;
    fromCells(m, rf, strata, fromPos, toPos, null);
    if (supported) supportedFromBits(m, rf, strata, fromPos, toPos, supported);
    else if (rf.headings !== null) {
      unitPass(m, rf, strata, fromPos, toPos, bits, candidates, null, true);
    }
    return strata.rows();
  }
  impactPaths.unitPass++;
  unitPass(m, rf, strata, fromPos, toPos, bits, candidates, supported);
  return strata.rows();
}

/** The heading index's (unit, heading) pairs of these headings (0 without the index). */
function pairsOf(m: MemoryFacts, headings: readonly number[] | null): number {
  const hx = m.byHeading;
  if (!hx || headings === null) return 0;
  let n = 0;
  for (const id of headings) {
    const h = m.headings.index.get(id);
    if (h !== undefined) n += (hx.pairStart[h + 1] ?? 0) - (hx.pairStart[h] ?? 0);
  }
  return n;
}

/**
 * The units with a disbursed grant in the range's years (`bits`) under rf.headings, as one bit
 * per unit, from the heading index's (unit, heading) pairs and their year masks: the selected
 * headings' pairs (at `large` ~68,000 a heading) instead of every unit's grants. Null without
 * the index, or with whole categories where the unit pass reads their masks instead.
 */
function headingUnits(m: MemoryFacts, rf: ResolvedFilters, bits: number): Int32Array | null {
  const hx = m.byHeading;
  if (!hx || rf.headings === null) return null;
  const out = new Int32Array(hx.unitWords);
  for (const id of rf.headings) {
    const h = m.headings.index.get(id);
    if (h === undefined) continue;
    const end = hx.pairStart[h + 1] ?? 0;
    for (let k = hx.pairStart[h] ?? 0; k < end; k++) {
      if (((hx.pairYears[k] ?? 0) & bits) === 0) continue;
      const u = hx.pairUnit[k] ?? 0;
      out[u >>> 5] = (out[u >>> 5] ?? 0) | (1 << (u & 31));
    }
  }
  impactPaths.headingBits++;
  return out;
}

/**
 * Provinces, sectors and sizes alone: every class of the pair from the cells, the comparison
 * group always (no grant in the range under any heading), the supported group too without a
 * heading filter, or from the category cells of `category` (position) when it is the filter.
 */
function fromCells(
  m: MemoryFacts,
  rf: ResolvedFilters,
  strata: Strata,
  fromPos: number,
  toPos: number,
  category: number | null,
): void {
  const x = m.byImpact;
  if (!x) return;
  const { province, sector, sizeOk } = classMasks(m, rf);
  const S = x.sectorRadix;
  const groups = rf.headings !== null ? ([0] as const) : ([0, 1] as const);
  for (let k = 0; k < x.classes; k++) {
    const zTo = (k % 3) + 1;
    const zFrom = (Math.floor(k / 3) % 3) + 1;
    const group = x.groups[Math.floor(k / 9)] ?? 0;
    const p = Math.floor(group / S);
    const s = group % S;
    if (province && province[p] !== 1) continue;
    if (sector && sector[s] !== 1) continue;
    if (sizeOk && sizeOk[zTo] !== 1) continue;
    for (const grp of groups) {
      const at = impactSlot(x, fromPos, toPos, k, grp);
      const n = x.units[at] ?? 0;
      if (n === 0) continue;
      const c = strata.cellOf(p, s, zFrom, grp);
      strata.add(c, n, x.employeesFrom[at] ?? 0, x.employeesTo[at] ?? 0);
    }
    if (category === null) continue;
    const at = categorySlot(x, category, fromPos, toPos, k);
    const n = x.categoryUnits[at] ?? 0;
    if (n === 0) continue;
    const c = strata.cellOf(p, s, zFrom, 1);
    strata.add(c, n, x.categoryFrom[at] ?? 0, x.categoryTo[at] ?? 0);
  }
}

/** The supported group from its units as bits (headingUnits), in unit order. */
function supportedFromBits(
  m: MemoryFacts,
  rf: ResolvedFilters,
  strata: Strata,
  fromPos: number,
  toPos: number,
  supported: Int32Array,
): void {
  const years = m.years;
  if (!years) return;
  const { province, sector, sizeOk } = classMasks(m, rf);
  const nU = m.unitIds.length;
  const emp = years.employeesByYear;
  const size = years.sizeByYear;
  const f = fromPos * nU;
  const t = toPos * nU;
  for (let w = 0; w < supported.length; w++) {
    for (let word = supported[w] ?? 0; word !== 0; word &= word - 1) {
      const u = (w << 5) + 31 - Math.clz32(word & -word);
      const e1 = emp[f + u] ?? -1;
      const e2 = emp[t + u] ?? -1;
      if (e1 < 0 || e2 < 0) continue;
      const p = m.province[u] ?? 0;
      const s = m.sector[u] ?? 0;
      if (province && province[p] !== 1) continue;
      if (sector && sector[s] !== 1) continue;
      if (sizeOk && sizeOk[size[t + u] ?? 0] !== 1) continue;
      strata.add(strata.cellOf(p, s, size[f + u] ?? 0, 1), 1, e1, e2);
    }
  }
}

/**
 * One pass over the selected units (their posting lists when few enough): each unit's rows in
 * `from` and `to` and size in `to` from the year-major columns, its group from its year mask,
 * and under a heading filter from `supported`, its categories' masks (whole categories) or its
 * grants. `supportedOnly`: count grp 1 alone (fromCells gave the comparison).
 */
function unitPass(
  m: MemoryFacts,
  rf: ResolvedFilters,
  strata: Strata,
  fromPos: number,
  toPos: number,
  bits: number,
  candidates: Int32Array | null,
  supported: Int32Array | null,
  supportedOnly = false,
): void {
  const years = m.years;
  if (!years) return;
  const nU = m.unitIds.length;
  const emp = years.employeesByYear;
  const size = years.sizeByYear;
  const masks = years.supportYears;
  const f = fromPos * nU;
  const t = toPos * nU;
  const flags = unitFlags(m, rf);
  const sizeOk = allowed(rf.sizes, (id) => id, 4);
  const headingOk =
    rf.headings === null
      ? null
      : allowed(rf.headings, (id) => m.headings.index.get(id), m.headings.ids.length);
  // Whole categories, or headings without the pairs' bits: their masks (the unit-year index's).
  const categories =
    rf.headings !== null && !supported && rf.wholeCategories !== null
      ? rf.wholeCategories.flatMap((id) => m.categories.index.get(id) ?? [])
      : null;
  if (categories) impactPaths.categoryMasks++;
  const n = candidates ? candidates.length : nU;
  for (let k = 0; k < n; k++) {
    const u = candidates ? (candidates[k] ?? 0) : k;
    if (supportedOnly && ((masks[u] ?? 0) & bits) === 0) continue;
    const e1 = emp[f + u] ?? -1;
    const e2 = emp[t + u] ?? -1;
    if (e1 < 0 || e2 < 0) continue;
    if (sizeOk && sizeOk[size[t + u] ?? 0] !== 1) continue;
    const p = m.province[u] ?? 0;
    const s = m.sector[u] ?? 0;
    if (flags.province && flags.province[p] !== 1) continue;
    if (flags.sector && flags.sector[s] !== 1) continue;
    if (flags.park && flags.park[m.park[u] ?? 0] !== 1) continue;
    if (flags.cluster && flags.cluster[m.cluster[u] ?? 0] !== 1) continue;
    let grp = ((masks[u] ?? 0) & bits) === 0 ? 0 : 1;
    if (grp === 1 && headingOk) {
      if (supported) grp = ((supported[u >>> 5] ?? 0) >>> (u & 31)) & 1 ? 1 : 2;
      else if (categories) {
        let any = 0;
        for (const c of categories) any |= years.categoryYears[c * nU + u] ?? 0;
        grp = (any & bits) === 0 ? 2 : 1;
      } else grp = grantGroup(m, u, fromPos, toPos, headingOk);
    }
    if (grp === 2) continue;
    strata.add(strata.cellOf(p, s, size[f + u] ?? 0, grp), 1, e1, e2);
  }
}

/** Unit u's group from its grants: 1 under a selected heading in the range, 2 only under others, 0 none. */
function grantGroup(
  m: MemoryFacts,
  u: number,
  a: number,
  b: number,
  headingOk: Uint8Array | null,
): number {
  let grp = 0;
  const end = m.grantStart[u + 1] ?? 0;
  for (let i = m.grantStart[u] ?? 0; i < end; i++) {
    const y = m.grantYear[i] ?? 0;
    if (y < a || y > b) continue;
    grp = 2; // paid in the range: in neither group unless a grant is under a selected heading
    if (!headingOk || headingOk[m.grantHeading[i] ?? 0] === 1) return 1;
  }
  return grp;
}

/** Without the unit-year index (more than 32 years): each selected unit's rows and grants. */
function grantPass(
  m: MemoryFacts,
  rf: ResolvedFilters,
  strata: Strata,
  fromPos: number,
  toPos: number,
): void {
  impactPaths.grantPass++;
  const Y = m.nYears;
  const span = yearSpan(m, rf.from, rf.to);
  const sizeOk = allowed(rf.sizes, (id) => id, 4);
  const headingOk = allowed(rf.headings, (id) => m.headings.index.get(id), m.headings.ids.length);
  forEachFilteredUnit(m, rf, (u) => {
    const e1 = m.employees[u * Y + fromPos] ?? -1;
    const e2 = m.employees[u * Y + toPos] ?? -1;
    if (e1 < 0 || e2 < 0) return;
    if (sizeOk && sizeOk[m.size[u * Y + toPos] ?? 0] !== 1) return;
    const grp = span ? grantGroup(m, u, span[0], span[1], headingOk) : 0;
    if (grp === 2) return;
    const size = m.size[u * Y + fromPos] ?? 0;
    strata.add(strata.cellOf(m.province[u] ?? 0, m.sector[u] ?? 0, size, grp), 1, e1, e2);
  });
}

import type { MemoryFacts } from '../facts/memory-facts.ts';
import type { ResolvedFilters } from '../filters/resolve-filters.ts';
import type { Column } from '../sql/filter-sql.ts';
import { yearBits } from '../facts/unit-year-index.ts';
import { cellsCover } from '../facts/heading-index.ts';
import { selectedHeadings, type Groups, type Plan } from './memory-aggregate.ts';
import { outsideByCells, outsideByPairs, outsideByUnits, outsidePaths } from './heading-outside.ts';
import { classCellsCover } from '../facts/heading-class-cells.ts';
import { fromClassCells } from './heading-class-pass.ts';
import { classSumsCover, tri } from '../facts/heading-class-cells.ts';
import { bitsCover, bitsMembers, distinctFromBits, sumPairsByColumn } from './supported-bits.ts';

/**
 * How many grant reads the heading index (heading-index.ts) answered in this thread: from its
 * (heading, province, year) cells, or by walking the selected headings' pairs — distinct units
 * per group by the group's last unit, or (several headings folded into one group) by per-unit
 * year bits. The engine tests check that each ran.
 */
export const headingPaths = {
  cells: 0,
  pairWalk: 0,
  outside: 0,
  outsidePairs: 0,
  outsideUnits: 0,
  classCells: 0,
  /** Several headings folded: the sums from the class cells or the pairs, the units from bits. */
  classSums: 0,
  pairSums: 0,
  bits: 0,
  classCellsBySize: 0,
  classCellsBySector: 0,
  cellRanges: 0,
};

function strideOf(p: Plan, column: Column): number {
  const i = p.dims.findIndex((d) => d.column === column);
  return i < 0 ? 0 : (p.strides[i] ?? 0);
}

/**
 * The grant read of memoryFactRows (same rows, same semantics) from the heading index, when it
 * answers and is the cheaper: returns false, doing nothing, when not. `unitMajorUnits` is the
 * number of units the unit-major grant pass would visit (its posting lists, or every unit).
 */
export function headingGrants(
  m: MemoryFacts,
  rf: ResolvedFilters,
  p: Plan,
  g: Groups,
  perYear: boolean,
  sums: boolean,
  unitMajorUnits: () => number,
): boolean {
  const x = m.byHeading;
  if (!x) return false;
  const columns = p.dims.map((d) => d.column);
  const heads = selectedHeadings(m, rf);
  const byLast = columns.includes('heading') || heads.length <= 1;
  const a = Math.max(rf.from, m.yMin) - m.yMin;
  const b = Math.min(rf.to, m.yMin + m.nYears - 1) - m.yMin;
  if (a > b) return false; // no year meets the data: the grant pass answers nothing at once
  const cells =
    byLast &&
    x.cellUnits !== null &&
    cellsCover(rf, columns) &&
    // Years of their own folded into one group: a unit counts once, not once a year.
    (!perYear || columns.includes('year'));
  if (cells) {
    headingPaths.cells++;
    fromCells(m, rf, p, g, perYear, sums, heads, a, b);
    return true;
  }
  // A sector or size filter, or a key by category or sector: the class cells.
  if (x.byClass && classCellsCover(rf, columns, perYear)) {
    headingPaths.classCells++;
    // No sector filter or key: the cells with the sectors summed (a size filter, by category).
    const noSector = rf.sectors === null && !columns.includes('sector') && x.byProvinceSize;
    if (noSector) headingPaths.classCellsBySize++;
    else headingPaths.classCellsBySector++;
    const cells = noSector ? x.byProvinceSize : x.byClass;
    fromClassCells(m, cells ?? x.byClass, rf, p, g, perYear, sums, heads, { a, b });
    return true;
  }
  // Several headings folded into a group, their distinct units from the per-(heading, year,
  // province) unit sets as bits (supported-bits.ts); the sums, which add up over headings, from
  // the class cells where they key the read, else from the pairs.
  // The unit-major pass reads every grant of the units it visits; the walk every selected pair.
  const grantsPerUnit = m.grantAmount.length / Math.max(1, m.unitIds.length);
  const unitMajor = unitMajorUnits() * grantsPerUnit;
  if (!byLast && bitsCover(columns)) {
    const classSums = sums && x.byClass !== null && classSumsCover(rf, columns, perYear);
    let pairs = 0;
    if (sums && !classSums)
      for (const h of heads) pairs += (x.pairStart[h + 1] ?? 0) - (x.pairStart[h] ?? 0);
    // The bits read each selected (heading, year)'s members, then go through the unit words
    // once per group of the grant side (e.g. per year): a unit filter that leaves few units
    // (a park) makes the unit-major pass the cheaper. The pairs walked for the sums cost a test
    // each, and their grants only where the unit passes (its share of the units): two
    // provinces under three headings at `large` took the unit-major pass (13 ms of CPU).
    const words = m.unitIds.length / 32;
    const share = unitMajorUnits() / Math.max(1, m.unitIds.length);
    const walk = pairs + 2 * pairs * share;
    const spans = perYear || columns.includes('year') ? b - a + 1 : 1;
    const cost = bitsMembers(m, rf, heads, a, b) + walk + words * (spans + 2);
    if (cost > unitMajor) return false;
    if (classSums && x.byClass) {
      headingPaths.classSums++;
      fromClassCells(m, x.byClass, rf, p, g, perYear, sums, heads, { a, b }, false);
    } else if (sums && !sumPairsByColumn(m, rf, p, g, perYear, heads, { a, b })) {
      headingPaths.pairSums++;
      walkPairs(m, rf, p, g, perYear, sums, heads, { a, b, pairs }, 'none');
    }
    headingPaths.bits++;
    distinctFromBits(m, rf, p, g, perYear, heads, { a, b }, !sums);
    return true;
  }
  // One heading, or a key by heading: each group sees its units in ascending order, so "the
  // group's last unit" counts each once.
  if (!byLast) return false;
  let pairs = 0;
  for (const h of heads) pairs += (x.pairStart[h + 1] ?? 0) - (x.pairStart[h] ?? 0);
  if (2 * pairs > unitMajor) return false;
  headingPaths.pairWalk++;
  walkPairs(m, rf, p, g, perYear, sums, heads, { a, b, pairs }, 'last');
  return true;
}

/**
 * From the (heading, province, year) cells: a group's grants and amount are its cells' sums, its
 * distinct supported units the units of its cells' histograms whose year masks meet the group's
 * years, counted in the population year (units partition by province; each is one heading's).
 */
function fromCells(
  m: MemoryFacts,
  rf: ResolvedFilters,
  p: Plan,
  g: Groups,
  perYear: boolean,
  sums: boolean,
  heads: readonly number[],
  a: number,
  b: number,
): void {
  const x = m.byHeading;
  const units = x?.cellUnits;
  if (!x || !units) return;
  const Y = m.nYears;
  const P = m.provinces.ids.length;
  const M = 1 << Y;
  const hs = strideOf(p, 'heading');
  const ps = strideOf(p, 'province');
  const ys = strideOf(p, 'year');
  const byYear = perYear || ys > 0;
  const toPos = rf.to - m.yMin;
  const toIn = toPos >= 0 && toPos < Y;
  const range = yearBits(a, b);
  let provinceOk: Uint8Array | null = null;
  if (rf.provinces !== null) {
    provinceOk = new Uint8Array(P);
    for (const id of rf.provinces) {
      const v = m.provinces.index.get(id);
      if (v !== undefined) provinceOk[v] = 1;
    }
  }
  const spill = x.cellSpill.size > 0;
  const addCell = (s: number, c: number) => {
    g.count[s] = (g.count[s] ?? 0) + (x.cellGrants[c] ?? 0);
    g.add(s, x.cellAmount[c] ?? 0);
    const over = spill ? x.cellSpill.get(c) : undefined;
    if (over !== undefined) g.overflow.set(s, (g.overflow.get(s) ?? 0n) + over);
  };
  // Units of (heading h, province p) counted in year t with a grant in [a, t]: the class cells'
  // range counts with the sectors summed, three reads, where the histograms took up to 2^years
  // scattered ones (by heading × province at `large` ~600k). Not for years in the key but not
  // per year (a grant year's units counted in `to`), which only the histograms tell.
  const ranged = x.byProvinceSize !== null && (!byYear || perYear) ? x.byProvinceSize : null;
  const unitsInRange = (h: number, prov: number, t: number, from: number): number => {
    if (!ranged) return 0;
    const at = (h * ranged.classes + prov * 3) * ranged.tri + tri(t, from);
    const T = ranged.tri;
    return (ranged.units[at] ?? 0) + (ranged.units[at + T] ?? 0) + (ranged.units[at + 2 * T] ?? 0);
  };
  if (ranged) headingPaths.cellRanges++;
  // Units of (heading, province) `hp` counted in year t whose year mask meets `bits`.
  const unitsMeeting = (hp: number, t: number, bits: number): number => {
    let n = 0;
    const at = hp * M;
    for (let mask = bits & -bits; mask < M; mask++) {
      if ((mask & bits) !== 0) n += units[(at + mask) * Y + t] ?? 0;
    }
    return n;
  };
  for (const h of heads) {
    for (let prov = 0; prov < P; prov++) {
      if (provinceOk && provinceOk[prov] !== 1) continue;
      const base = h * hs + prov * ps;
      const hp = h * P + prov;
      const cell = hp * Y;
      if (byYear) {
        for (let y = a; y <= b; y++) {
          if ((x.cellGrants[cell + y] ?? 0) === 0) continue;
          const s = g.slot(base + y * ys);
          if (sums) addCell(s, cell + y);
          const t = perYear ? y : toPos;
          if (perYear || toIn) {
            const n = ranged ? unitsInRange(h, prov, y, y) : unitsMeeting(hp, t, 1 << y);
            g.distinct[s] = (g.distinct[s] ?? 0) + n;
          }
        }
        continue;
      }
      let any = false;
      for (let y = a; y <= b && !any; y++) any = (x.cellGrants[cell + y] ?? 0) > 0;
      if (!any) continue;
      const s = g.slot(base);
      if (sums) for (let y = a; y <= b; y++) addCell(s, cell + y);
      if (toIn) {
        const n = ranged ? unitsInRange(h, prov, toPos, a) : unitsMeeting(hp, toPos, range);
        g.distinct[s] = (g.distinct[s] ?? 0) + n;
      }
    }
  }
}

/**
 * Each unit's size in year position `toPos` (0: no row there) where it passes the filters, else
 * 255: one pass over the units in order instead of a scattered read of its size per pair (a cache
 * miss each, in heading order) when the walk visits many pairs and keys or filters by size.
 */
function sizesTo(m: MemoryFacts, p: Plan, toPos: number): Uint8Array {
  const Y = m.nYears;
  const nU = m.unitIds.length;
  const out = new Uint8Array(nU).fill(255);
  const toIn = toPos >= 0 && toPos < Y;
  for (let u = 0; u < nU; u++) {
    if (p.passes(u)) out[u] = toIn ? (m.size[u * Y + toPos] ?? 0) : 0;
  }
  return out;
}

/** A walk keying or filtering by size past this many pairs a unit reads sizesTo. */
const DENSE_PAIRS_PER_UNIT = 0.25;

/**
 * Every selected heading's pairs whose unit passes the filters, and their grants in the years:
 * the rules of unitGrants (memory-aggregate.ts) with each grant keyed as there. A group's
 * distinct units where its key holds the heading (or one heading is selected): a group sees its
 * units in ascending order, so "the group's last unit" counts. Several headings folded into a
 * group take the sums alone ('none'): their units are supported-bits.ts's.
 */
function walkPairs(
  m: MemoryFacts,
  rf: ResolvedFilters,
  p: Plan,
  g: Groups,
  perYear: boolean,
  sums: boolean,
  heads: readonly number[],
  span: { a: number; b: number; pairs: number },
  /** Distinct units by the group's last unit, or not counted (the sums alone). */
  distinct: 'last' | 'none',
): void {
  const x = m.byHeading;
  if (!x) return;
  const { a, b } = span;
  const Y = m.nYears;
  const hs = strideOf(p, 'heading');
  const cs = strideOf(p, 'category');
  const ys = strideOf(p, 'year');
  const ss = strideOf(p, 'size');
  const qs = strideOf(p, 'quarter');
  const ms = strideOf(p, 'month');
  const sizeOk = p.sizeOk;
  const needSize = sizeOk !== null || ss > 0;
  const toPos = rf.to - m.yMin;
  const toIn = toPos >= 0 && toPos < Y;
  const range = yearBits(a, b);
  const dense =
    needSize && !perYear && span.pairs > m.unitIds.length * DENSE_PAIRS_PER_UNIT
      ? sizesTo(m, p, toPos)
      : null;
  const { size } = m;
  const { pairUnit, pairYears, runStart, grantYear, grantMonth, grantAmount, unitRows } = x;
  const toBit = toIn ? 1 << toPos : 0;
  for (const h of heads) {
    const category = m.categoryOfHeading[h] ?? 0;
    const headingKey = h * hs + category * cs;
    const end = x.pairStart[h + 1] ?? 0;
    for (let k = x.pairStart[h] ?? 0; k < end; k++) {
      if (((pairYears[k] ?? 0) & range) === 0) continue;
      const u = pairUnit[k] ?? 0;
      let sizeTo = 0;
      if (dense) {
        sizeTo = dense[u] ?? 0;
        if (sizeTo === 255) continue;
      } else {
        if (!p.passes(u)) continue;
        if (needSize && toIn) sizeTo = size[u * Y + toPos] ?? 0;
      }
      const unitKey = p.unitKey(u);
      if (unitKey < 0) continue;
      const base = unitKey + headingKey;
      const rows = unitRows[u] ?? 0;
      const countedTo = (rows & toBit) !== 0;
      const last = runStart[k + 1] ?? 0;
      for (let i = runStart[k] ?? 0; i < last; i++) {
        const y = grantYear[i] ?? 0;
        if (y < a || y > b) continue;
        let key = base + y * ys;
        if (needSize) {
          const s = perYear ? (size[u * Y + y] ?? 0) : sizeTo;
          if (s === 0 || (sizeOk && sizeOk[s] !== 1)) continue;
          key += s * ss;
        }
        if (qs !== 0 || ms !== 0) {
          const month = grantMonth[i] ?? 1;
          key += Math.floor((month + 2) / 3) * qs + month * ms;
        }
        const s = g.slot(key);
        if (sums) {
          g.count[s] = (g.count[s] ?? 0) + 1;
          g.add(s, grantAmount[i] ?? 0);
        }
        const counted = perYear ? ((rows >>> y) & 1) === 1 : countedTo;
        if (!counted || distinct === 'none') continue;
        if (g.lastUnit[s] === u) continue;
        g.lastUnit[s] = u;
        g.distinct[s] = (g.distinct[s] ?? 0) + 1;
      }
    }
  }
}

/**
 * memorySupportedOutside (a breakdown's "others" row: distinct supported units with a selected
 * grant in a group not `kept`) from the selected headings' pairs, when the index holds them and
 * the walk is the cheaper; null when not. A unit found is skipped after; by heading alone, so
 * are the kept headings.
 */
export function headingSupportedOutside(
  m: MemoryFacts,
  rf: ResolvedFilters,
  p: Plan,
  perYear: boolean,
  kept: (key: number) => boolean,
  unitMajorUnits: () => number,
): number | null {
  const x = m.byHeading;
  if (!x) return null;
  const Y = m.nYears;
  const a = Math.max(rf.from, m.yMin) - m.yMin;
  const b = Math.min(rf.to, m.yMin + Y - 1) - m.yMin;
  if (a > b) return null;
  const columns = p.dims.map((d) => d.column);
  const onlyHeading = columns.length === 1 && columns[0] === 'heading';
  const hs = strideOf(p, 'heading');
  const cs = strideOf(p, 'category');
  const headingKeyOf = (h: number) => h * hs + (m.categoryOfHeading[h] ?? 0) * cs;
  // By heading alone, a kept heading has no unit to find.
  const heads = selectedHeadings(m, rf).filter((h) => !onlyHeading || !kept(headingKeyOf(h)));
  let pairs = 0;
  for (const h of heads) pairs += (x.pairStart[h + 1] ?? 0) - (x.pairStart[h] ?? 0);
  // Units found are skipped after: without unit filters the walk reads a pair or two of most
  // units, where the unit-major recount reads a unit's grants until one is outside. With unit
  // filters a pair's unit is a scattered read (a cache miss) each: walked when few, as in
  // headingGrants (at `large`, by heading × province with a sector filter 140 -> 345 ms).
  const grantsPerUnit = m.grantAmount.length / Math.max(1, m.unitIds.length);
  const unitFilters =
    rf.provinces !== null ||
    rf.parks !== null ||
    rf.clusters !== null ||
    rf.sectors !== null ||
    rf.sizes !== null;
  const walkCheaper = (unitFilters ? 2 : 1) * pairs <= unitMajorUnits() * grantsPerUnit;
  const ys = strideOf(p, 'year');
  const ss = strideOf(p, 'size');
  const qs = strideOf(p, 'quarter');
  const ms = strideOf(p, 'month');
  const toPos = rf.to - m.yMin;
  const toIn = toPos >= 0 && toPos < Y;
  const toBit = toIn ? 1 << toPos : 0;
  const range = yearBits(a, b);
  if (!perYear && ys === 0 && ss === 0 && qs === 0 && ms === 0) {
    // Every grant of a pair has the pair's key (heading-outside.ts). Where the key holds unit
    // columns, or the walk is the dearer, unit by unit (no heading filter: year masks answer).
    const span = { a, b, range, toBit, toPos, headingKeyOf };
    // By heading alone: the folded headings' units as bits (heading-outside.ts picks how),
    // counted where they meet the units that may count, whatever the unit filters.
    if (onlyHeading) {
      headingPaths.outsidePairs++;
      return outsideByPairs(m, p, heads, span, null);
    }
    const unitColumns = columns.some((c) => c !== 'heading' && c !== 'category');
    if ((unitColumns || !walkCheaper) && rf.headings === null) {
      const n = outsideByUnits(m, p, span, kept);
      if (n !== null) {
        headingPaths.outsideUnits++;
        return n;
      }
    }
    if (unitColumns && rf.headings !== null && rf.wholeCategories !== null && m.byDim) {
      // Whole categories: the unit cells by category set, as without a heading filter.
      const cats = rf.wholeCategories.flatMap((id) => m.categories.index.get(id) ?? []);
      const headingOk = new Uint8Array(m.headings.ids.length);
      for (const h of heads) headingOk[h] = 1;
      const n = outsideByCells(m, p, span, kept, { cats, headingOk });
      if (n !== null) {
        headingPaths.outsideUnits++;
        outsidePaths.cells++;
        outsidePaths.categories++;
        return n;
      }
    }
    if (!walkCheaper) return null;
    headingPaths.outsidePairs++;
    return outsideByPairs(m, p, heads, span, onlyHeading ? null : kept);
  }
  if (!walkCheaper) return null;
  headingPaths.outside++;
  const sizeOk = p.sizeOk;
  const needSize = sizeOk !== null || ss > 0;
  const found = new Uint8Array(m.unitIds.length);
  const { size } = m;
  const { pairUnit, pairYears, runStart, grantYear, grantMonth, unitRows } = x;
  let count = 0;
  for (const h of heads) {
    const headingKey = headingKeyOf(h);
    const end = x.pairStart[h + 1] ?? 0;
    for (let k = x.pairStart[h] ?? 0; k < end; k++) {
      if (((pairYears[k] ?? 0) & range) === 0) continue;
      const u = pairUnit[k] ?? 0;
      if (found[u] === 1 || !p.passes(u)) continue;
      const unitKey = p.unitKey(u);
      if (unitKey < 0) continue;
      const rows = unitRows[u] ?? 0;
      if (!perYear && (rows & toBit) === 0) continue; // not counted in `to`
      const sizeTo = needSize && toIn ? (size[u * Y + toPos] ?? 0) : 0;
      const last = runStart[k + 1] ?? 0;
      for (let i = runStart[k] ?? 0; i < last; i++) {
        const y = grantYear[i] ?? 0;
        if (y < a || y > b || (perYear && ((rows >>> y) & 1) === 0)) continue;
        let key = unitKey + headingKey + y * ys;
        if (needSize) {
          const s = perYear ? (size[u * Y + y] ?? 0) : sizeTo;
          if (s === 0 || (sizeOk && sizeOk[s] !== 1)) continue;
          key += s * ss;
        }
        if (qs !== 0 || ms !== 0) {
          const month = grantMonth[i] ?? 1;
          key += Math.floor((month + 2) / 3) * qs + month * ms;
        }
        if (kept(key)) continue;
        found[u] = 1;
        count++;
        break;
      }
    }
  }
  return count;
}

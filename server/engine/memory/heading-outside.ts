import type { MemoryFacts } from '../facts/memory-facts.ts';
import { filterBits, orSizeBits, popcount } from './unit-bits.ts';
import type { Plan } from './memory-aggregate.ts';
import { unitAt, unitBase } from './unit-scan.ts';
import { yearPair } from '../facts/unit-dim-cells.ts';
import { SIZE_SLOTS } from '../facts/series-cells.ts';
import { membersOf, orMembers } from '../facts/heading-year-units.ts';

/**
 * A breakdown's "others" recount (distinct supported units with a selected grant in a group not
 * kept) where every grant of a (unit, heading) pair has the pair's key: no year, size, quarter or
 * month in the key, not per year. Then a pair needs no look at its grants (its year mask says
 * whether one is in the range), and where the key holds unit columns (heading × province) most
 * units' groups are all folded, so a unit counts by its year mask alone. Counted in
 * heading-pass.ts's headingPaths: `outsidePairs`, `outsideUnits`.
 */
export interface OutsideSpan {
  a: number;
  b: number;
  range: number;
  /** Year position `to` as a bit (0: outside the data, nobody counted). */
  toBit: number;
  toPos: number;
  headingKeyOf: (h: number) => number;
}

/**
 * The units that may count — an employment row in `to`, the size filter there, the unit
 * filters — as bits (at `large` 125 KB, which stay in cache where a walk's scattered reads of
 * the unit columns missed it): the index's size bits in `to` ORed, ANDed with the bits of each
 * unit filter's posting lists (a pass over every unit took ~10 ms of CPU at `large`).
 */
function eligibleBits(m: MemoryFacts, p: Plan, span: OutsideSpan): Int32Array {
  const x = m.byHeading;
  const bits = new Int32Array(x ? x.unitWords : (m.unitIds.length + 31) >>> 5);
  if (!x || span.toBit === 0) return bits;
  orSizeBits(x, m.nYears, span.toPos, p.sizeOk, bits);
  const filters = filterBits(m, p.scan, ['province', 'park', 'cluster', 'sector'], x.unitWords);
  if (filters) for (let w = 0; w < bits.length; w++) bits[w] = (bits[w] ?? 0) & (filters[w] ?? 0);
  return bits;
}

/**
 * The "others" of a key by heading alone: the units that may count with a grant in the range
 * under one of `heads` (the folded headings). The units found are bits: ORed from each heading's
 * unit bits where the range covers every year (a pair's grants are all in it), else from the
 * per-(heading, year, province) unit sets of the range's years (of the filter's provinces
 * alone), or set from a walk over the headings' pairs, whichever touches fewer values; then
 * counted where they meet the units that may count. At `large`, by heading unfiltered (35
 * headings folded, 2.4M pairs) the walk read each pair's unit row.
 */
function outsideOfHeadings(
  m: MemoryFacts,
  p: Plan,
  heads: readonly number[],
  span: OutsideSpan,
): number {
  const x = m.byHeading;
  if (!x || span.toBit === 0) return 0;
  const { pairStart, pairUnit, pairYears, unitBits, unitWords: W, yearUnits } = x;
  const eligible = eligibleBits(m, p, span);
  const found = new Int32Array(W);
  const { a, b, range } = span;
  const provinces = p.scan.province;
  const P = m.provinces.ids.length;
  // What each way touches: words, set members, pairs.
  let pairs = 0;
  let members = 0;
  for (const h of heads) {
    pairs += (pairStart[h + 1] ?? 0) - (pairStart[h] ?? 0);
    for (let y = a; y <= b; y++) {
      if (provinces === null) members += membersOf(yearUnits, h, y, 0, P - 1);
      else
        for (let pr = 0; pr < P; pr++)
          if (provinces[pr] === 1) members += membersOf(yearUnits, h, y, pr, pr);
    }
  }
  const wholeRange = a === 0 && b === m.nYears - 1;
  const words = wholeRange ? heads.length * W : Number.POSITIVE_INFINITY;
  if (words <= members && words <= pairs) {
    outsidePaths.headingBits++;
    for (const h of heads) {
      const from = unitBits.subarray(h * W, (h + 1) * W);
      for (let w = 0; w < W; w++) found[w] = (found[w] ?? 0) | (from[w] ?? 0);
    }
  } else if (members <= pairs) {
    outsidePaths.yearSets++;
    for (const h of heads) {
      for (let y = a; y <= b; y++) {
        if (provinces === null) orMembers(yearUnits, h, y, 0, P - 1, found);
        else
          for (let pr = 0; pr < P; pr++)
            if (provinces[pr] === 1) orMembers(yearUnits, h, y, pr, pr, found);
      }
    }
  } else {
    for (const h of heads) {
      const end = pairStart[h + 1] ?? 0;
      for (let k = pairStart[h] ?? 0; k < end; k++) {
        if (((pairYears[k] ?? 0) & range) === 0) continue;
        const u = pairUnit[k] ?? 0;
        found[u >>> 5] = (found[u >>> 5] ?? 0) | (1 << (u & 31));
      }
    }
  }
  let count = 0;
  for (let w = 0; w < W; w++) count += popcount((found[w] ?? 0) & (eligible[w] ?? 0));
  return count;
}

/** Walks the given headings' pairs: each unit counted once, at its first pair not kept. */
export function outsideByPairs(
  m: MemoryFacts,
  p: Plan,
  heads: readonly number[],
  span: OutsideSpan,
  kept: ((key: number) => boolean) | null,
): number {
  const x = m.byHeading;
  if (!x) return 0;
  const { pairStart, pairUnit, pairYears } = x;
  const { range } = span;
  const scan = p.scan;
  if (kept === null) return outsideOfHeadings(m, p, heads, span);
  // The units that may count, cleared as they are found.
  const bits = eligibleBits(m, p, span);
  let count = 0;
  for (const h of heads) {
    const headingKey = span.headingKeyOf(h);
    const end = pairStart[h + 1] ?? 0;
    for (let k = pairStart[h] ?? 0; k < end; k++) {
      if (((pairYears[k] ?? 0) & range) === 0) continue;
      const u = pairUnit[k] ?? 0;
      const word = bits[u >>> 5] ?? 0;
      const bit = 1 << (u & 31);
      if ((word & bit) === 0) continue;
      // A null key (no park or cluster where the key holds one) is in no group: not counted.
      const unitKey = unitBase(scan, u);
      if (unitKey < 0 || kept(unitKey + headingKey)) continue;
      bits[u >>> 5] = word ^ bit;
      count++;
    }
  }
  return count;
}

const NO_LISTS = { offsets: new Int32Array(0), units: new Int32Array(0) };

/**
 * The unit columns of the key are province and/or sector alone (no park, cluster or unit), no
 * park or cluster filter, and the range ends in `to`: a (province, sector) whose key has no kept
 * heading counts by the unit cells (unit-dim-cells.ts: units with a row in `to`, an allowed size
 * there and a grant in a..to), and only the units of the others are read. At `large`, by
 * heading × province, the 50 kept rows sit in one province: ~105k units read instead of 1M.
 */
export function outsideByCells(
  m: MemoryFacts,
  p: Plan,
  span: OutsideSpan,
  kept: (key: number) => boolean,
  whole: { cats: readonly number[]; headingOk: Uint8Array } | null = null,
): number | null {
  const x = m.byDim;
  const scan = p.scan;
  const { a, b, toBit, toPos } = span;
  if (!x || toBit === 0 || b !== toPos || scan.park !== null || scan.cluster !== null) return null;
  // Under whole categories: the units by the set of their grants' categories, those meeting them.
  if (whole !== null && x.sets === 1) return null;
  let catMask = 0;
  for (const c of whole?.cats ?? []) catMask |= 1 << c;
  const headingOk = whole?.headingOk ?? null;
  let ps = 0;
  let ss = 0;
  for (const [i, d] of p.dims.entries()) {
    if (d.column === 'province') ps = p.strides[i] ?? 0;
    else if (d.column === 'sector') ss = p.strides[i] ?? 0;
    else if (d.column !== 'heading' && d.column !== 'category') return null;
  }
  // One unit key for all (by heading alone): nothing the cells could count.
  if (ps === 0 && ss === 0) return null;
  const H = m.headings.ids.length;
  const P = m.provinces.ids.length;
  const S = m.sectors.ids.length;
  if (x.sectorRadix !== S) return null;
  const at0 = yearPair(toPos, a) * x.cells;
  const x2 = m.byHeading;
  const years = m.years;
  if (!x2 || !years) return null;
  const Y = m.nYears;
  const grantsOutside = (pr: number, flags: Uint8Array): boolean => {
    for (let h = 0; h < H; h++) {
      if (flags[h] === 1 || (headingOk !== null && headingOk[h] !== 1)) continue;
      const cell = (h * P + pr) * Y;
      for (let y = a; y <= b; y++) if ((x2.cellGrants[cell + y] ?? 0) > 0) return true;
    }
    return false;
  };
  // Per (province, sector): the kept headings of its key, when any (read unit by unit).
  const keptOf: (Uint8Array | null)[] = new Array<Uint8Array | null>(P * S).fill(null);
  const readProvince = new Uint8Array(P);
  const provinceFlags: (Uint8Array | null)[] = new Array<Uint8Array | null>(P).fill(null);
  const flagsByKey = new Map<number, Uint8Array | null>();
  let count = 0;
  for (let pr = 0; pr < P; pr++) {
    if (scan.province !== null && scan.province[pr] !== 1) continue;
    for (let se = 0; se < S; se++) {
      if (scan.sector !== null && scan.sector[se] !== 1) continue;
      const unitKey = pr * ps + se * ss;
      let flags = flagsByKey.get(unitKey);
      if (flags === undefined) {
        flags = null;
        for (let h = 0; h < H; h++) {
          if (!kept(unitKey + span.headingKeyOf(h))) continue;
          flags ??= new Uint8Array(H);
          flags[h] = 1;
        }
        flagsByKey.set(unitKey, flags);
      }
      if (flags !== null) {
        // Read only where a heading not kept (and selected) has a grant in the province and
        // range (the index's cells): a province whose headings are all kept counts nobody.
        if (grantsOutside(pr, flags)) {
          keptOf[pr * S + se] = flags;
          readProvince[pr] = 1;
          provinceFlags[pr] = flags;
        } else outsidePaths.allKept++;
        continue;
      }
      const cell = (pr * S + se) * SIZE_SLOTS;
      for (let z = 1; z < SIZE_SLOTS; z++) {
        if (p.sizeOk !== null && p.sizeOk[z] !== 1) continue;
        const at = (at0 + cell + z) * x.sets;
        if (whole === null) count += x.units[at] ?? 0;
        else
          for (let set = 1; set < x.sets; set++) if (set & catMask) count += x.units[at + set] ?? 0;
      }
    }
  }
  if (ss === 0) {
    // Keyed by province alone: a kept province's units count by the sets of the range's years
    // of the headings it does not keep (its flags are its key's, whatever the sector).
    outsidePaths.keptYearSets++;
    return count + keptProvincesOutside(m, p, span, provinceFlags, headingOk);
  }
  const { unitRows, unitBits, unitWords: W } = x2;
  const { supportYears } = years;
  const nU = m.unitIds.length;
  const sizeFlags = p.sizeOk;
  const sizes = years.sizeByYear.subarray(toPos * nU, (toPos + 1) * nU);
  // The kept provinces' units: from their posting lists, or the scan's own (a filter's) list.
  const { offsets, units } = scan.candidates === null ? m.byProvince : NO_LISTS;
  const lists = scan.candidates === null ? P : 1;
  // Over every year a unit counts when it may count and has a grant under a heading its key
  // does not keep: the bits of those headings ORed (once per kept set, within a budget of
  // headings), not the unit's grants read one by one.
  const wholeRange = a === 0 && b === Y - 1;
  const eligible = wholeRange ? eligibleBits(m, p, span) : null;
  const unions = new Map<Uint8Array, Int32Array>();
  let budget = MAX_UNION_HEADINGS;
  const unionOf = (flags: Uint8Array): Int32Array | null => {
    const known = unions.get(flags);
    if (known) return known;
    let n = 0;
    for (let h = 0; h < H; h++)
      if (flags[h] !== 1 && (headingOk === null || headingOk[h] === 1)) n++;
    if (n > budget) return null;
    budget -= n;
    outsidePaths.unions++;
    const out = new Int32Array(W);
    for (let h = 0; h < H; h++) {
      if (flags[h] === 1 || (headingOk !== null && headingOk[h] !== 1)) continue;
      const words = unitBits.subarray(h * W, (h + 1) * W);
      for (let w = 0; w < W; w++) out[w] = (out[w] ?? 0) | (words[w] ?? 0);
    }
    unions.set(flags, out);
    return out;
  };
  let lastFlags: Uint8Array | null = null;
  let lastUnion: Int32Array | null = null;
  for (let pr = 0; pr < lists; pr++) {
    if (scan.candidates === null && readProvince[pr] !== 1) continue;
    // A key without the sector and no sector filter: one kept set for the province's units.
    const provinceFlags =
      scan.candidates === null && ss === 0 && scan.sector === null ? keptOf[pr * S] : null;
    const from = scan.candidates === null ? (offsets[pr] ?? 0) : 0;
    const to = scan.candidates === null ? (offsets[pr + 1] ?? 0) : scan.length;
    for (let k = from; k < to; k++) {
      const u = scan.candidates === null ? (units[k] ?? 0) : unitAt(scan, k);
      const flags = provinceFlags ?? keptOf[(m.province[u] ?? 0) * S + (m.sector[u] ?? 0)];
      if (!flags) continue;
      // (Consecutive units mostly share their key's kept set: one look-up per run of them.)
      if (eligible !== null && flags !== lastFlags) {
        lastFlags = flags;
        lastUnion = unionOf(flags);
      }
      const union = lastUnion;
      if (eligible !== null && union !== null) {
        const w = u >>> 5;
        if (((union[w] ?? 0) & (eligible[w] ?? 0) & (1 << (u & 31))) !== 0) count++;
        continue;
      }
      if (((unitRows[u] ?? 0) & toBit) === 0) continue;
      if (sizeFlags !== null) {
        const z = sizes[u] ?? 0;
        if (z === 0 || sizeFlags[z] !== 1) continue;
      }
      if (((supportYears[u] ?? 0) & span.range) === 0) continue;
      const end = m.grantStart[u + 1] ?? 0;
      for (let i = m.grantStart[u] ?? 0; i < end; i++) {
        const y = m.grantYear[i] ?? 0;
        const h = m.grantHeading[i] ?? 0;
        if (y < a || y > b || flags[h] === 1 || (headingOk !== null && headingOk[h] !== 1))
          continue;
        count++;
        break;
      }
    }
  }
  return count;
}

/**
 * Units of the kept provinces (flags: the headings each keeps, null for none) that may count and
 * have a grant in the range under a heading not kept there (and selected: `headingOk`): the
 * (heading, year, province) unit sets ORed into a bit set, then counted where they meet the
 * units that may count. At `large`, by heading × province (50 rows kept in one province of 136k
 * units), where that province's units were read grant by grant (a part of the years) or ORed
 * from whole headings' bits.
 */
function keptProvincesOutside(
  m: MemoryFacts,
  p: Plan,
  span: OutsideSpan,
  provinceFlags: readonly (Uint8Array | null)[],
  headingOk: Uint8Array | null,
): number {
  const x = m.byHeading;
  if (!x) return 0;
  const { a, b } = span;
  const H = m.headings.ids.length;
  const P = m.provinces.ids.length;
  const Y = m.nYears;
  const { cellGrants, yearUnits, unitWords: W } = x;
  const found = new Int32Array(W);
  let any = false;
  for (let pr = 0; pr < P; pr++) {
    const flags = provinceFlags[pr];
    if (!flags) continue;
    for (let h = 0; h < H; h++) {
      if (flags[h] === 1 || (headingOk !== null && headingOk[h] !== 1)) continue;
      const cell = (h * P + pr) * Y;
      for (let y = a; y <= b; y++) {
        if ((cellGrants[cell + y] ?? 0) === 0) continue;
        orMembers(yearUnits, h, y, pr, pr, found);
        any = true;
      }
    }
  }
  if (!any) return 0;
  const eligible = eligibleBits(m, p, span);
  let count = 0;
  for (let w = 0; w < W; w++) count += popcount((found[w] ?? 0) & (eligible[w] ?? 0));
  return count;
}

/**
 * How often outsideByUnits answered from the unit cells (outsideByCells) and by reading every
 * unit it visits, and the cells under whole categories: the engine tests check that each ran.
 */
export const outsidePaths = {
  cells: 0,
  units: 0,
  categories: 0,
  headingBits: 0,
  yearSets: 0,
  keptYearSets: 0,
  unions: 0,
  allKept: 0,
};

/** Headings' unit bits ORed at most per recount (at `large` 125 KB each, ~40 µs). */
const MAX_UNION_HEADINGS = 256;

/** Unit keys past this many are not tabulated (outsideByUnits answers null). */
const MAX_UNIT_KEYS = 1 << 22;

/**
 * Unit by unit (its posting lists, or every unit): a unit whose unit key has no kept group counts
 * when its year mask (unit-year index) meets the range; else it is read grant by grant for one
 * under a heading not kept. For no heading filter; null when the keys are too many to tabulate.
 * Where outsideByCells can answer (keys by province or sector), the unit cells count first.
 */
export function outsideByUnits(
  m: MemoryFacts,
  p: Plan,
  span: OutsideSpan,
  kept: (key: number) => boolean,
): number | null {
  const years = m.years;
  const x = m.byHeading;
  if (!years || !x || p.radix > MAX_UNIT_KEYS) return null;
  const byCells = outsideByCells(m, p, span, kept);
  if (byCells !== null) {
    outsidePaths.cells++;
    return byCells;
  }
  outsidePaths.units++;
  const H = m.headings.ids.length;
  const { a, b, range, toBit, toPos } = span;
  const { supportYears } = years;
  const { unitRows } = x;
  // Sizes in `to` read in unit order (the year-major copy), not at stride nYears.
  const nU = m.unitIds.length;
  const sizeFlags = p.sizeOk;
  const sizes = sizeFlags === null ? null : years.sizeByYear.subarray(toPos * nU, (toPos + 1) * nU);
  // Per unit key: 0 not looked at yet, 1 nothing kept, 2 some heading kept (keptOf holds which).
  const state = new Uint8Array(p.radix);
  const keptOf = new Map<number, Uint8Array>();
  const scan = p.scan;
  const n = scan.length;
  let count = 0;
  for (let k = 0; k < n; k++) {
    const u = unitAt(scan, k);
    if (((unitRows[u] ?? 0) & toBit) === 0) continue;
    const unitKey = unitBase(scan, u);
    if (unitKey < 0) continue;
    if (sizes !== null && sizeFlags !== null) {
      const z = sizes[u] ?? 0;
      if (z === 0 || sizeFlags[z] !== 1) continue;
    }
    let st = state[unitKey] ?? 0;
    if (st === 0) {
      const flags = new Uint8Array(H);
      st = 1;
      for (let h = 0; h < H; h++) {
        if (kept(unitKey + span.headingKeyOf(h))) {
          flags[h] = 1;
          st = 2;
        }
      }
      state[unitKey] = st;
      if (st === 2) keptOf.set(unitKey, flags);
    }
    if (st === 1) {
      if (((supportYears[u] ?? 0) & range) !== 0) count++;
      continue;
    }
    const flags = keptOf.get(unitKey);
    const end = m.grantStart[u + 1] ?? 0;
    for (let i = m.grantStart[u] ?? 0; i < end; i++) {
      const y = m.grantYear[i] ?? 0;
      if (y < a || y > b || flags?.[m.grantHeading[i] ?? 0] === 1) continue;
      count++;
      break;
    }
  }
  return count;
}

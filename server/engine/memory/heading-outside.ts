import type { MemoryFacts } from '../facts/memory-facts.ts';
import type { Plan } from './memory-aggregate.ts';
import { unitAt, unitBase } from './unit-scan.ts';

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

/** Unit u's size in `to` passes the size filter (or there is none). */
function sizeOk(m: MemoryFacts, p: Plan, u: number, toPos: number): boolean {
  if (p.sizeOk === null) return true;
  const s = m.size[u * m.nYears + toPos] ?? 0;
  return s !== 0 && p.sizeOk[s] === 1;
}

/**
 * The units that may count — an employment row in `to`, the size filter there, the unit
 * filters — as bits (at `large` 125 KB, which stay in cache where a walk's scattered reads of
 * the unit columns missed it): one pass over the units in order (or their posting lists).
 */
function eligibleBits(m: MemoryFacts, p: Plan, span: OutsideSpan): Int32Array {
  const nU = m.unitIds.length;
  const bits = new Int32Array((nU + 31) >>> 5);
  const x = m.byHeading;
  if (!x || span.toBit === 0) return bits;
  const { unitRows } = x;
  const { toBit, toPos } = span;
  const sizes = m.years ? m.years.sizeByYear.subarray(toPos * nU, (toPos + 1) * nU) : null;
  const scan = p.scan;
  const n = scan.length;
  for (let k = 0; k < n; k++) {
    const u = unitAt(scan, k);
    if (((unitRows[u] ?? 0) & toBit) === 0) continue;
    if (p.sizeOk !== null) {
      const z = sizes ? (sizes[u] ?? 0) : (m.size[u * m.nYears + toPos] ?? 0);
      if (z === 0 || p.sizeOk[z] !== 1) continue;
    }
    if (unitBase(scan, u) < 0) continue;
    bits[u >>> 5] = (bits[u >>> 5] ?? 0) | (1 << (u & 31));
  }
  return bits;
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
  const { pairStart, pairUnit, pairYears, unitRows } = x;
  const { range, toBit } = span;
  const scan = p.scan;
  const filtered =
    p.sizeOk !== null ||
    scan.province !== null ||
    scan.park !== null ||
    scan.cluster !== null ||
    scan.sector !== null;
  // Filtered: the units that may count, cleared as they are found (at `large` by heading with a
  // size filter 34-36 -> 11 ms of CPU); else the units found, and a unit's row in `to` read per
  // pair (the pass over every unit cost more than it saved: 12-13 -> 14).
  const bits = filtered ? eligibleBits(m, p, span) : new Int32Array((m.unitIds.length + 31) >>> 5);
  let count = 0;
  for (const h of heads) {
    const headingKey = span.headingKeyOf(h);
    const end = pairStart[h + 1] ?? 0;
    for (let k = pairStart[h] ?? 0; k < end; k++) {
      if (((pairYears[k] ?? 0) & range) === 0) continue;
      const u = pairUnit[k] ?? 0;
      const word = bits[u >>> 5] ?? 0;
      const bit = 1 << (u & 31);
      if (filtered ? (word & bit) === 0 : (word & bit) !== 0) continue;
      if (!filtered && ((unitRows[u] ?? 0) & toBit) === 0) continue;
      if (kept !== null && kept(unitBase(scan, u) + headingKey)) continue;
      bits[u >>> 5] = word ^ bit;
      count++;
    }
  }
  return count;
}

/** Unit keys past this many are not tabulated (outsideByUnits answers null). */
const MAX_UNIT_KEYS = 1 << 22;

/**
 * Unit by unit (its posting lists, or every unit): a unit whose unit key has no kept group counts
 * when its year mask (unit-year index) meets the range; else it is read grant by grant for one
 * under a heading not kept. For no heading filter; null when the keys are too many to tabulate.
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
  const H = m.headings.ids.length;
  const { a, b, range, toBit, toPos } = span;
  const { supportYears } = years;
  const { unitRows } = x;
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
    if (unitKey < 0 || !sizeOk(m, p, u, toPos)) continue;
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

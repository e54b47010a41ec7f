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
  const { range, toBit, toPos } = span;
  const found = new Uint8Array(m.unitIds.length);
  const scan = p.scan;
  let count = 0;
  for (const h of heads) {
    const headingKey = span.headingKeyOf(h);
    const end = pairStart[h + 1] ?? 0;
    for (let k = pairStart[h] ?? 0; k < end; k++) {
      if (((pairYears[k] ?? 0) & range) === 0) continue;
      const u = pairUnit[k] ?? 0;
      if (found[u] === 1 || ((unitRows[u] ?? 0) & toBit) === 0) continue;
      const unitKey = unitBase(scan, u);
      if (unitKey < 0 || !sizeOk(m, p, u, toPos)) continue;
      if (kept !== null && kept(unitKey + headingKey)) continue;
      found[u] = 1;
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

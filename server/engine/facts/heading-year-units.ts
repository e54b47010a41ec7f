/**
 * Per (heading, year, province) the units with a disbursed grant under the heading in the year,
 * as roaring-style array containers: the units split by their high 16 bits into chunks, each
 * chunk's low 16 bits ascending in a Uint16Array. A breakdown's "others" recount over a part of
 * the years ORs the folded headings' sets of those years (of the kept provinces alone, by
 * heading × province) into a bit set, where it read every unit of those provinces grant by
 * grant, or walked every folded pair (heading-outside.ts). At `large` (6.1M pairs, 8 years) the
 * sets hold ~6.5M entries: ~13 MB, and ~1.3 MB of offsets. Built from the heading index's pairs.
 */

import { sharedArray } from './shared-array.ts';

/** Units per chunk: a chunk's members are its base + a Uint16. */
const CHUNK_BITS = 16;

export interface HeadingYearUnits {
  years: number;
  provinces: number;
  /** Chunks of 2^16 units. */
  chunks: number;
  /**
   * The members of (heading h, year y, province p, chunk c) are low[start[s] .. start[s + 1]),
   * s = ((h * years + y) * provinces + p) * chunks + c: unit (c << 16) | low[i], ascending.
   */
  start: Int32Array;
  low: Uint16Array;
}

/** What the sets are built from: the heading index's pairs and each unit's province. */
export interface YearUnitsSource {
  nYears: number;
  nUnits: number;
  nProvinces: number;
  province: Uint8Array;
  pairStart: Int32Array;
  pairUnit: Int32Array;
  pairYears: Uint32Array;
}

/** Two passes over the pairs (count, then place: a heading's pairs ascend, so members do). */
export function buildHeadingYearUnits(src: YearUnitsSource): HeadingYearUnits {
  const Y = src.nYears;
  const P = Math.max(1, src.nProvinces);
  const C = Math.max(1, Math.ceil(src.nUnits / (1 << CHUNK_BITS)));
  const H = src.pairStart.length - 1;
  const { province, pairStart, pairUnit, pairYears } = src;
  const slots = H * Y * P * C;
  const start = sharedArray(Int32Array, slots + 1);
  const slotOf = (h: number, y: number, u: number) =>
    ((h * Y + y) * P + (province[u] ?? 0)) * C + (u >>> CHUNK_BITS);
  for (let h = 0; h < H; h++) {
    const end = pairStart[h + 1] ?? 0;
    for (let k = pairStart[h] ?? 0; k < end; k++) {
      const u = pairUnit[k] ?? 0;
      for (let bits = pairYears[k] ?? 0; bits !== 0; bits &= bits - 1) {
        const s = slotOf(h, 31 - Math.clz32(bits & -bits), u) + 1;
        start[s] = (start[s] ?? 0) + 1;
      }
    }
  }
  for (let s = 0; s < slots; s++) start[s + 1] = (start[s + 1] ?? 0) + (start[s] ?? 0);
  const low = sharedArray(Uint16Array, start[slots] ?? 0);
  const next = start.slice(0, slots);
  for (let h = 0; h < H; h++) {
    const end = pairStart[h + 1] ?? 0;
    for (let k = pairStart[h] ?? 0; k < end; k++) {
      const u = pairUnit[k] ?? 0;
      for (let bits = pairYears[k] ?? 0; bits !== 0; bits &= bits - 1) {
        const s = slotOf(h, 31 - Math.clz32(bits & -bits), u);
        const at = next[s] ?? 0;
        next[s] = at + 1;
        low[at] = u & 0xffff;
      }
    }
  }
  return { years: Y, provinces: P, chunks: C, start, low };
}

/** Members of (h, y) in provinces first .. last (inclusive): one run of slots. */
export function membersOf(
  x: HeadingYearUnits,
  h: number,
  y: number,
  first: number,
  last: number,
): number {
  const base = (h * x.years + y) * x.provinces;
  return (x.start[(base + last + 1) * x.chunks] ?? 0) - (x.start[(base + first) * x.chunks] ?? 0);
}

/**
 * Sets in `bits` (a bit per unit) the units of (h, y) in provinces first .. last (inclusive).
 */
export function orMembers(
  x: HeadingYearUnits,
  h: number,
  y: number,
  first: number,
  last: number,
  bits: Int32Array,
): void {
  const { start, low, chunks: C } = x;
  const from = ((h * x.years + y) * x.provinces + first) * C;
  const to = ((h * x.years + y) * x.provinces + last + 1) * C;
  for (let s = from; s < to; s++) {
    const end = start[s + 1] ?? 0;
    const hi = (s % C) << CHUNK_BITS;
    for (let i = start[s] ?? 0; i < end; i++) {
      const u = hi | (low[i] ?? 0);
      bits[u >>> 5] = (bits[u >>> 5] ?? 0) | (1 << (u & 31));
    }
  }
}

export function headingYearUnitsBytes(x: HeadingYearUnits): number {
  return x.start.byteLength + x.low.byteLength;
}

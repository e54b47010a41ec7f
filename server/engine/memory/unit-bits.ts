/**
 * Units as bit sets (bit u of word u >>> 5, at `large` 125 KB a set, which stays in cache): the
 * units that pass unit filters and the units with an allowed size in a year, as the heading
 * index's "others" recounts (heading-outside.ts) and the unit-set bits (supported-bits.ts) AND
 * them, and a word's population count.
 */

import type { HeadingIndex } from '../facts/heading-index.ts';
import type { MemoryFacts, Postings } from '../facts/memory-facts.ts';
import type { UnitScan } from './unit-scan.ts';

/** Bits set in a 32-bit word. */
export function popcount(v: number): number {
  let x = v - ((v >>> 1) & 0x55555555);
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  return Math.imul((x + (x >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24;
}

export type UnitFilter = 'province' | 'park' | 'cluster' | 'sector';

/**
 * The units the scan's `filters` leave (each filter's posting lists ORed, the filters ANDed), or
 * null when none of them filters: a pass over every unit's columns took ~10 ms of CPU at `large`.
 */
export function filterBits(
  m: MemoryFacts,
  scan: UnitScan,
  filters: readonly UnitFilter[],
  words: number,
): Int32Array | null {
  const lists: Record<UnitFilter, Postings> = {
    province: m.byProvince,
    park: m.byPark,
    cluster: m.byCluster,
    sector: m.bySector,
  };
  let out: Int32Array | null = null;
  for (const filter of filters) {
    // Per-position flags; the posting lists are by the same positions (candidateUnits).
    const flags = scan[filter];
    if (flags === null) continue;
    const { offsets, units } = lists[filter];
    const bits = new Int32Array(words);
    for (let v = 0; v < flags.length; v++) {
      if (flags[v] !== 1) continue;
      const end = offsets[v + 1] ?? 0;
      for (let k = offsets[v] ?? 0; k < end; k++) {
        const u = units[k] ?? 0;
        bits[u >>> 5] = (bits[u >>> 5] ?? 0) | (1 << (u & 31));
      }
    }
    if (out === null) out = bits;
    else for (let w = 0; w < words; w++) out[w] = (out[w] ?? 0) & (bits[w] ?? 0);
  }
  return out;
}

/**
 * ORs into `into` the units with a size `sizeOk` allows (null: any) in year position t, i.e. with
 * an employment row there; nothing for a year outside the data.
 */
export function orSizeBits(
  x: Pick<HeadingIndex, 'sizeBits' | 'unitWords'>,
  nYears: number,
  t: number,
  sizeOk: Uint8Array | null,
  into: Int32Array,
): void {
  if (t < 0 || t >= nYears) return;
  const W = x.unitWords;
  for (let z = 1; z <= 3; z++) {
    if (sizeOk !== null && sizeOk[z] !== 1) continue;
    const at = (t * 3 + z - 1) * W;
    for (let w = 0; w < W; w++) into[w] = (into[w] ?? 0) | (x.sizeBits[at + w] ?? 0);
  }
}

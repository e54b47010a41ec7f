import { describe, expect, it } from 'vitest';
import {
  buildHeadingYearUnits,
  membersOf,
  orMembers,
} from '../../server/engine/facts/heading-year-units.ts';

/**
 * The per-(heading, year, province) unit sets against a brute force, over more units than one
 * 2^16 chunk holds (the engine tests' datasets fit in one, so a unit's chunk never shows there).
 */
describe('heading year units', () => {
  const nUnits = 200_000;
  const H = 3;
  const Y = 4;
  const P = 3;
  // Deterministic pseudo-random pairs: (unit, heading) with a year mask, units ascending per heading.
  let seed = 1403;
  const next = () => {
    seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
    return seed >>> 8;
  };
  const province = Uint8Array.from({ length: nUnits }, () => next() % P);
  const pairs: { u: number; h: number; years: number }[] = [];
  for (let h = 0; h < H; h++) {
    for (let u = 0; u < nUnits; u++) {
      if (next() % 7 !== 0) continue;
      pairs.push({ u, h, years: 1 + (next() % ((1 << Y) - 1)) });
    }
  }
  const pairStart = new Int32Array(H + 1);
  for (const p of pairs) pairStart[p.h + 1] = (pairStart[p.h + 1] ?? 0) + 1;
  for (let h = 0; h < H; h++) pairStart[h + 1] = (pairStart[h + 1] ?? 0) + (pairStart[h] ?? 0);
  const x = buildHeadingYearUnits({
    nYears: Y,
    nUnits,
    nProvinces: P,
    province,
    pairStart,
    pairUnit: Int32Array.from(pairs, (p) => p.u),
    pairYears: Uint32Array.from(pairs, (p) => p.years),
  });

  it('holds each (heading, year, province range) set exactly, across chunks', () => {
    expect(x.chunks).toBe(4);
    for (let h = 0; h < H; h++) {
      for (let y = 0; y < Y; y++) {
        for (const [first, last] of [
          [0, P - 1],
          [1, 1],
          [1, 2],
        ] as const) {
          const expected = pairs
            .filter(
              (p) =>
                p.h === h &&
                ((p.years >>> y) & 1) === 1 &&
                (province[p.u] ?? 0) >= first &&
                (province[p.u] ?? 0) <= last,
            )
            .map((p) => p.u);
          const bits = new Int32Array((nUnits + 31) >>> 5);
          orMembers(x, h, y, first, last, bits);
          const actual: number[] = [];
          for (let u = 0; u < nUnits; u++)
            if (((bits[u >>> 5] ?? 0) >>> (u & 31)) & 1) actual.push(u);
          expect(actual).toEqual(expected);
          expect(membersOf(x, h, y, first, last)).toBe(expected.length);
        }
      }
    }
  });
});

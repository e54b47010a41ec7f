import type { MemoryFacts } from '../facts/memory-facts.ts';
import { SIZE_SLOTS, SPLIT, type SeriesCells } from '../facts/series-cells.ts';
import type { ResolvedFilters } from '../filters/resolve-filters.ts';
import type { HeadingIndex } from '../facts/heading-index.ts';
import { yearBits } from '../facts/unit-year-index.ts';
import { allowed, unitFilter, yearSpan } from './memory-aggregate.ts';
import { forEachFilteredUnit } from './unit-side.ts';

/**
 * The grant read of a quarterly or monthly series (grants, amount and distinct supported units
 * per bucket, each grant's own year as the population year), shaped as memoryGrantRows' rows for
 * dims [year, quarter|month] per year. Three paths, the planner's choice (ReadPlan.series):
 * 'cells' sums the series cells (facts/series-cells.ts) of the selected provinces, sectors,
 * sizes and categories; 'headings' walks the selected headings' grants in the heading index,
 * for a heading filter; 'units' is one tight pass over the selected units' grants, for park and
 * cluster filters (their posting lists), which the cells do not record.
 */

export type SeriesGrain = 'quarter' | 'month';
export type SeriesPath = 'cells' | 'headings' | 'units';

/** How many series reads took each path in this thread (the engine tests check each ran). */
export const seriesPaths = { cells: 0, categorySets: 0, headings: 0, units: 0 };

/** Per-bucket accumulators; bucket t = year position × parts + part. */
interface Buckets {
  grants: Float64Array;
  /** 'cells': high parts (× 2^32); 'units': the float total (below 2^52, see `spill`). */
  high: Float64Array;
  low: Float64Array;
  /** 'units': what passed 2^52 of the float total, exactly. */
  spill: bigint[];
  units: Int32Array;
}

function bucketsOf(n: number): Buckets {
  return {
    grants: new Float64Array(n),
    high: new Float64Array(n),
    low: new Float64Array(n),
    spill: new Array<bigint>(n).fill(0n),
    units: new Int32Array(n),
  };
}

/** The category positions the filters keep as a bit set (all of them without a category filter). */
function categoryMask(m: MemoryFacts, rf: ResolvedFilters, categories: number): number {
  if (rf.wholeCategories === null) return (1 << categories) - 1;
  let mask = 0;
  for (const id of rf.wholeCategories) {
    const c = m.categories.index.get(id);
    if (c !== undefined) mask |= 1 << c;
  }
  return mask;
}

/**
 * Sums the cells of the selected provinces, sectors and sizes over the span's months: grants
 * and amounts of the selected categories; distinct units from the per-bucket counts, or under a
 * category filter from the counts by category set (a unit counts where its set meets the filter's).
 * Amounts stay exact: each cell's low part is below 2^32 and the high parts sum below 2^52 while
 * the whole amount is below 2^84.
 */
function sumCells(
  m: MemoryFacts,
  x: SeriesCells,
  rf: ResolvedFilters,
  span: readonly [number, number],
  parts: number,
  out: Buckets,
): void {
  const provinceOk = allowed(
    rf.provinces,
    (id) => m.provinces.index.get(id),
    m.provinces.ids.length,
  );
  const sectorOk = allowed(rf.sectors, (id) => m.sectors.index.get(id), m.sectors.ids.length);
  const sizeOk = allowed(rf.sizes, (id) => id, SIZE_SLOTS);
  const C = x.categories;
  const B = x.months;
  const mask = categoryMask(m, rf, C);
  const allCategories = mask === (1 << C) - 1;
  const sets = parts === 12 ? x.monthSets : x.quarterSets;
  const units = parts === 12 ? x.monthUnits : x.quarterUnits;
  const P = m.nYears * parts;
  const b0 = span[0] * 12;
  const b1 = span[1] * 12 + 12;
  const t0 = span[0] * parts;
  const t1 = span[1] * parts + parts;
  // Month bucket → output bucket.
  const bucketOf = new Int32Array(B);
  for (let b = 0; b < B; b++)
    bucketOf[b] = ((b / 12) | 0) * parts + ((((b % 12) * parts) / 12) | 0);
  const { grants, amountHigh, amountLow } = x;
  const { grants: outGrants, high, low, units: outUnits } = out;
  const nP = m.provinces.ids.length;
  const nS = m.sectors.ids.length;
  for (let p = 0; p < nP; p++) {
    if (provinceOk && provinceOk[p] !== 1) continue;
    for (let s = 0; s < nS; s++) {
      if (sectorOk && sectorOk[s] !== 1) continue;
      for (let slot = 0; slot < SIZE_SLOTS; slot++) {
        if (sizeOk && (slot === 0 || sizeOk[slot] !== 1)) continue;
        const cell = (p * x.sectorRadix + s) * SIZE_SLOTS + slot;
        for (let c = 0; c < C; c++) {
          if (((mask >> c) & 1) === 0) continue;
          const base = (cell * C + c) * B;
          for (let b = b0; b < b1; b++) {
            const n = grants[base + b] ?? 0;
            if (n === 0) continue;
            const t = bucketOf[b] ?? 0;
            outGrants[t] = (outGrants[t] ?? 0) + n;
            high[t] = (high[t] ?? 0) + (amountHigh[base + b] ?? 0);
            low[t] = (low[t] ?? 0) + (amountLow[base + b] ?? 0);
          }
        }
        if (slot === 0) continue; // no employment row: never counted as supported
        if (allCategories) {
          for (let t = t0; t < t1; t++)
            outUnits[t] = (outUnits[t] ?? 0) + (units[cell * P + t] ?? 0);
        } else if (sets) {
          for (let t = t0; t < t1; t++) {
            const k = cell * P + t;
            let n = 0;
            for (let e = sets.offsets[k] ?? 0; e < (sets.offsets[k + 1] ?? 0); e++) {
              if (((sets.sets[e] ?? 0) & mask) !== 0) n += sets.units[e] ?? 0;
            }
            outUnits[t] = (outUnits[t] ?? 0) + n;
          }
        }
      }
    }
  }
}

/**
 * One pass over the selected units' grants (posting lists when a unit filter is narrow): the
 * rules of memoryGrantRows' grant pass per year — the grant's year in the span, its heading
 * selected, the unit's size that year allowed (when sizes are filtered), counted as supported
 * where it has an employment row that year. `last` holds each bucket's last counted unit: a
 * unit's grants are contiguous, so that is enough for distinct units.
 */
function unitPass(
  m: MemoryFacts,
  rf: ResolvedFilters,
  span: readonly [number, number],
  parts: number,
  out: Buckets,
): void {
  const headingOk = allowed(rf.headings, (id) => m.headings.index.get(id), m.headings.ids.length);
  const sizeOk = allowed(rf.sizes, (id) => id, SIZE_SLOTS);
  const Y = m.nYears;
  const last = new Int32Array(Y * parts).fill(-1);
  const partOf = new Int32Array(13);
  for (let month = 1; month <= 12; month++) partOf[month] = (((month - 1) * parts) / 12) | 0;
  const { grantStart, grantYear, grantMonth, grantHeading, grantAmount, employees, size } = m;
  const [y0, y1] = span;
  forEachFilteredUnit(m, rf, (u) => {
    const end = grantStart[u + 1] ?? 0;
    for (let i = grantStart[u] ?? 0; i < end; i++) {
      const y = grantYear[i] ?? 0;
      if (y < y0 || y > y1) continue;
      if (headingOk && headingOk[grantHeading[i] ?? 0] !== 1) continue;
      if (sizeOk) {
        const sz = size[u * Y + y] ?? 0;
        if (sz === 0 || sizeOk[sz] !== 1) continue;
      }
      const t = y * parts + (partOf[grantMonth[i] ?? 1] ?? 0);
      addGrant(out, last, t, u, grantAmount[i] ?? 0, (employees[u * Y + y] ?? -1) >= 0);
    }
  });
}

/** Adds grant `amount` of unit u in bucket t (see unitPass); `counted`: a row in its year. */
function addGrant(
  out: Buckets,
  last: Int32Array,
  t: number,
  u: number,
  amount: number,
  counted: boolean,
): void {
  out.grants[t] = (out.grants[t] ?? 0) + 1;
  const before = out.high[t] ?? 0;
  const next = before + amount;
  // Kept below 2^52 (so exact); the rest spills into a bigint.
  if (next >= 2 ** 52) {
    out.spill[t] = (out.spill[t] ?? 0n) + BigInt(before) + BigInt(amount);
    out.high[t] = 0;
  } else out.high[t] = next;
  if (counted && last[t] !== u) {
    last[t] = u;
    out.units[t] = (out.units[t] ?? 0) + 1;
  }
}

/**
 * A heading filter: walks the selected headings' (unit, heading) pairs of the heading index
 * (facts/heading-index.ts) instead of every grant, with unitPass's rules. The headings' pair
 * lists (units ascending) are merged by unit, so a unit's grants under all of them come
 * together and each bucket's last unit counts it once.
 */
function headingWalk(
  m: MemoryFacts,
  x: HeadingIndex,
  rf: ResolvedFilters,
  span: readonly [number, number],
  parts: number,
  out: Buckets,
): void {
  const heads = [...new Set((rf.headings ?? []).flatMap((id) => m.headings.index.get(id) ?? []))];
  const n = heads.length;
  const next = Int32Array.from(heads, (h) => x.pairStart[h] ?? 0);
  const end = Int32Array.from(heads, (h) => x.pairStart[h + 1] ?? 0);
  const passes = unitFilter(m, rf);
  const sizeOk = allowed(rf.sizes, (id) => id, SIZE_SLOTS);
  const range = yearBits(span[0], span[1]);
  const Y = m.nYears;
  const last = new Int32Array(Y * parts).fill(-1);
  const partOf = new Int32Array(13);
  for (let month = 1; month <= 12; month++) partOf[month] = (((month - 1) * parts) / 12) | 0;
  const { pairUnit, pairYears, runStart, grantYear, grantMonth, grantAmount } = x;
  const { size } = m;
  for (;;) {
    let u = -1;
    for (let j = 0; j < n; j++) {
      if ((next[j] ?? 0) >= (end[j] ?? 0)) continue;
      const v = pairUnit[next[j] ?? 0] ?? 0;
      if (u < 0 || v < u) u = v;
    }
    if (u < 0) return;
    const ok = passes(u);
    for (let j = 0; j < n; j++) {
      const k = next[j] ?? 0;
      if (k >= (end[j] ?? 0) || pairUnit[k] !== u) continue;
      next[j] = k + 1;
      if (!ok || ((pairYears[k] ?? 0) & range) === 0) continue;
      // The unit's years with an employment row, as bits (one read a pair, not one a grant).
      const rows = x.unitRows[u] ?? 0;
      const stop = runStart[k + 1] ?? 0;
      for (let g = runStart[k] ?? 0; g < stop; g++) {
        const y = grantYear[g] ?? 0;
        if (y < span[0] || y > span[1]) continue;
        if (sizeOk) {
          const sz = size[u * Y + y] ?? 0;
          if (sz === 0 || sizeOk[sz] !== 1) continue;
        }
        const t = y * parts + (partOf[grantMonth[g] ?? 1] ?? 0);
        addGrant(out, last, t, u, grantAmount[g] ?? 0, ((rows >>> y) & 1) === 1);
      }
    }
  }
}

const SPLIT_BIG = BigInt(SPLIT);

/**
 * The series' grant rows from memory by `path` (see the file comment): `k0` the year id, `k1`
 * the quarter or month, grants, amount (bigint) and distinct supported units, for buckets with
 * a grant. 'cells' needs no park, cluster or heading filter (whole categories are fine); the
 * unit pass answers any filters.
 */
export function seriesRows(
  m: MemoryFacts,
  rf: ResolvedFilters,
  grain: SeriesGrain,
  path: SeriesPath,
): Record<string, unknown>[] {
  const parts = grain === 'month' ? 12 : 4;
  const span = yearSpan(m, rf.from, rf.to);
  const x = m.series;
  const cells =
    path === 'cells' &&
    x !== null &&
    (rf.wholeCategories === null || (parts === 12 ? x.monthSets : x.quarterSets) !== null);
  // The walk needs the heading index (none past 32 years) and a heading list to walk.
  const walk = path === 'headings' && !cells && m.byHeading !== null && rf.headings !== null;
  if (cells) {
    seriesPaths.cells++;
    if (rf.wholeCategories !== null) seriesPaths.categorySets++;
  } else if (walk) seriesPaths.headings++;
  else seriesPaths.units++;
  if (!span) return [];
  const out = bucketsOf(m.nYears * parts);
  if (cells && x) sumCells(m, x, rf, span, parts, out);
  else if (walk && m.byHeading) headingWalk(m, m.byHeading, rf, span, parts, out);
  else unitPass(m, rf, span, parts, out);
  const rows: Record<string, unknown>[] = [];
  for (let t = span[0] * parts; t < (span[1] + 1) * parts; t++) {
    const grants = out.grants[t] ?? 0;
    if (grants === 0) continue;
    const high = BigInt(out.high[t] ?? 0);
    const amount = cells ? high * SPLIT_BIG + BigInt(out.low[t] ?? 0) : high + (out.spill[t] ?? 0n);
    rows.push({
      k0: m.yMin + Math.floor(t / parts),
      k1: (t % parts) + 1,
      grants,
      amount,
      supported: out.units[t] ?? 0,
    });
  }
  return rows;
}

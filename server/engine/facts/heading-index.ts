/**
 * The disbursed grants again in heading order, derived from the fact columns after every load
 * (like the unit-year index, in shared memory, built in the loading worker). The unit-year index
 * sums a unit's grants over every heading, so a read by or filtered to headings took a pass over
 * every grant; with this a read visits only the selected headings' grants (heading-pass.ts), and
 * one that filters units by province alone (or not at all) reads per-(heading, province) cells.
 */

import type { ResolvedFilters } from '../filters/resolve-filters.ts';
import type { Column } from '../sql/filter-sql.ts';
import { MAX_INDEXED_YEARS } from './unit-year-index.ts';
import { sharedArray } from './shared-array.ts';
import {
  buildHeadingYearUnits,
  headingYearUnitsBytes,
  type HeadingYearUnits,
} from './heading-year-units.ts';
import {
  buildHeadingClassCells,
  headingClassCellsBytes,
  sumSectors,
  type HeadingClassCells,
} from './heading-class-cells.ts';

/** Columns the cells key. */
const CELL_COLUMNS: ReadonlySet<Column> = new Set<Column>(['heading', 'province', 'year']);

/**
 * Whether the cells can key and filter a grant read grouped by `dims`: by heading, province and
 * year, no unit filter but provinces (the pass checks the rest: heading-pass.ts).
 */
export function cellsCover(rf: ResolvedFilters, dims: readonly Column[]): boolean {
  return (
    rf.parks === null &&
    rf.clusters === null &&
    rf.sectors === null &&
    rf.sizes === null &&
    dims.every((c) => CELL_COLUMNS.has(c))
  );
}

/** Cell histograms have 2^years slots per (heading, province, year): built up to this many years. */
export const MAX_CELL_YEARS = 8;

/** ...and up to this many slots in all (32 MB); at `large` 60 headings × 31 provinces × 8 years × 256. */
const MAX_CELL_SLOTS = 8 << 20;

export interface HeadingIndex {
  /**
   * (unit, heading) pairs, heading by heading, units ascending within a heading: the pairs of
   * heading position h are pairStart[h] .. pairStart[h + 1].
   */
  pairStart: Int32Array;
  pairUnit: Int32Array;
  /** Bit y: the pair has a disbursed grant in year position y. */
  pairYears: Uint32Array;
  /** The pair's grants are runStart[k] .. runStart[k + 1] of the columns below (their unit's order). */
  runStart: Int32Array;
  grantYear: Uint8Array;
  grantMonth: Uint8Array;
  grantAmount: Float64Array;
  /**
   * Per cell (heading h, province p, year y) at (h * provinces + p) * years + y: its disbursed
   * grants and their amount, exactly cellAmount (kept below 2^52) + cellSpill (bigint).
   */
  cellGrants: Float64Array;
  cellAmount: Float64Array;
  cellSpill: Map<number, bigint>;
  /**
   * Units of heading h in province p with an employment row in year t, by the year mask of their
   * grants under h: at (((h * provinces + p) << years) + mask) * years + t (a unit's counters
   * share a cache line: the build adds one per year it has a row in). Null past MAX_CELL_YEARS.
   */
  cellUnits: Int32Array | null;
  /** Each unit's years with an employment row, as bits: the walk's "counted" without its rows. */
  unitRows: Uint32Array;
  /**
   * Per heading the units with a disbursed grant under it in any year, as bits: heading h's word
   * w (units 32w .. 32w + 31) at h * unitWords + w. A breakdown's "others" recount over the
   * whole range of years ORs the folded headings' words (heading-outside.ts) instead of walking
   * their pairs. At `large` 85 headings × 1M units: 10.6 MB.
   */
  unitBits: Int32Array;
  unitWords: number;
  /**
   * The units of size z (1..3) in year t, as bits (a unit has a size in t exactly when it has an
   * employment row there): at (t * 3 + z − 1) * unitWords. The recount's "may count" in `to`
   * from three ORs rather than a pass over every unit (`large`: 3 MB).
   */
  sizeBits: Int32Array;
  /** Per (heading, year, province) its units, for "others" over part of the years (heading-year-units.ts). */
  yearUnits: HeadingYearUnits;
  /** The same sums and units by (province, sector, size) class (heading-class-cells.ts). */
  byClass: HeadingClassCells | null;
  /** The class cells with the sectors summed (heading-class-cells.ts sumSectors). */
  byProvinceSize: HeadingClassCells | null;
}

/** The columns the index is built from (a subset of MemoryFacts). */
export interface HeadingColumns {
  nYears: number;
  unitIds: Int32Array;
  province: Uint8Array;
  sector: Uint8Array;
  size: Uint8Array;
  employees: Int32Array;
  grantStart: Int32Array;
  grantHeading: Uint8Array;
  grantYear: Uint8Array;
  grantMonth: Uint8Array;
  grantAmount: Float64Array;
  provinces: { ids: readonly number[] };
  sectors: { ids: readonly number[] };
  headings: { ids: readonly number[] };
  categories: { ids: readonly number[] };
  /** The unit-year index's category masks (the class cells' distinct units by category). */
  years: { categoryYears: Uint32Array } | null;
}

/** Moves a float total about to pass 2^52 with `amount` to its exact bigint part (see addMoney). */
function spill(total: Float64Array, exact: Map<number, bigint>, c: number, amount: number): void {
  exact.set(c, (exact.get(c) ?? 0n) + BigInt(total[c] ?? 0) + BigInt(amount));
  total[c] = 0;
}

/** Builds the index in two passes over the grants; null when the years do not fit the masks. */
export function buildHeadingIndex(m: HeadingColumns): HeadingIndex | null {
  const Y = m.nYears;
  if (Y > MAX_INDEXED_YEARS) return null;
  const nU = m.unitIds.length;
  const H = Math.max(1, m.headings.ids.length);
  const P = Math.max(1, m.provinces.ids.length);
  const G = m.grantAmount.length;
  // Pass 1: pairs and grants per heading.
  const seen = new Int32Array(H).fill(-1);
  const pairStart = sharedArray(Int32Array, H + 1);
  const grantAt = new Int32Array(H + 1);
  for (let u = 0; u < nU; u++) {
    const end = m.grantStart[u + 1] ?? 0;
    for (let i = m.grantStart[u] ?? 0; i < end; i++) {
      const h = m.grantHeading[i] ?? 0;
      grantAt[h + 1] = (grantAt[h + 1] ?? 0) + 1;
      if (seen[h] !== u) {
        seen[h] = u;
        pairStart[h + 1] = (pairStart[h + 1] ?? 0) + 1;
      }
    }
  }
  for (let h = 0; h < H; h++) {
    pairStart[h + 1] = (pairStart[h + 1] ?? 0) + (pairStart[h] ?? 0);
    grantAt[h + 1] = (grantAt[h + 1] ?? 0) + (grantAt[h] ?? 0);
  }
  const nPairs = pairStart[H] ?? 0;
  const pairUnit = sharedArray(Int32Array, nPairs);
  const pairYears = sharedArray(Uint32Array, nPairs);
  const runStart = sharedArray(Int32Array, nPairs + 1);
  const grantYear = sharedArray(Uint8Array, G);
  const grantMonth = sharedArray(Uint8Array, G);
  const grantAmount = sharedArray(Float64Array, G);
  const cellGrants = sharedArray(Float64Array, H * P * Y);
  const cellAmount = sharedArray(Float64Array, H * P * Y);
  const cellSpill = new Map<number, bigint>();
  const histogram = Y <= MAX_CELL_YEARS && (H * P * Y) << Y <= MAX_CELL_SLOTS;
  const cellUnits = histogram ? sharedArray(Int32Array, (H * P * Y) << Y) : null;
  // Pass 2: place each unit's grants at its pairs' runs (units ascend, so runs do too).
  const nextPair = pairStart.slice(0, H);
  const pairOf = new Int32Array(H);
  seen.fill(-1);
  for (let u = 0; u < nU; u++) {
    const end = m.grantStart[u + 1] ?? 0;
    const prov = m.province[u] ?? 0;
    for (let i = m.grantStart[u] ?? 0; i < end; i++) {
      const h = m.grantHeading[i] ?? 0;
      if (seen[h] !== u) {
        seen[h] = u;
        const k = nextPair[h] ?? 0;
        nextPair[h] = k + 1;
        pairOf[h] = k;
        pairUnit[k] = u;
        runStart[k] = grantAt[h] ?? 0;
      }
      const g = grantAt[h] ?? 0;
      grantAt[h] = g + 1;
      const y = m.grantYear[i] ?? 0;
      const amount = m.grantAmount[i] ?? 0;
      grantYear[g] = y;
      grantMonth[g] = m.grantMonth[i] ?? 0;
      grantAmount[g] = amount;
      const k = pairOf[h] ?? 0;
      pairYears[k] = ((pairYears[k] ?? 0) | (1 << y)) >>> 0;
      const c = (h * P + prov) * Y + y;
      cellGrants[c] = (cellGrants[c] ?? 0) + 1;
      const next = (cellAmount[c] ?? 0) + amount;
      if (next >= 2 ** 52) spill(cellAmount, cellSpill, c, amount);
      else cellAmount[c] = next;
    }
  }
  runStart[nPairs] = G;
  const unitRows = sharedArray(Uint32Array, nU);
  for (let u = 0; u < nU; u++) {
    let bits = 0;
    for (let t = 0; t < Y; t++) if ((m.employees[u * Y + t] ?? -1) >= 0) bits |= 1 << t;
    unitRows[u] = bits >>> 0;
  }
  if (cellUnits) countCellUnits(m, pairStart, pairUnit, pairYears, unitRows, cellUnits);
  const unitWords = (nU + 31) >>> 5;
  const unitBits = sharedArray(Int32Array, H * unitWords);
  for (let h = 0; h < H; h++) {
    const at = h * unitWords;
    const end = pairStart[h + 1] ?? 0;
    for (let k = pairStart[h] ?? 0; k < end; k++) {
      const u = pairUnit[k] ?? 0;
      unitBits[at + (u >>> 5)] = (unitBits[at + (u >>> 5)] ?? 0) | (1 << (u & 31));
    }
  }
  const sizeBits = sharedArray(Int32Array, Y * 3 * unitWords);
  for (let u = 0; u < nU; u++) {
    const bit = 1 << (u & 31);
    const w = u >>> 5;
    for (let t = 0; t < Y; t++) {
      const z = m.size[u * Y + t] ?? 0;
      if (z < 1 || z > 3) continue;
      const at = (t * 3 + z - 1) * unitWords + w;
      sizeBits[at] = (sizeBits[at] ?? 0) | bit;
    }
  }
  const index = {
    pairStart,
    pairUnit,
    pairYears,
    runStart,
    grantYear,
    grantMonth,
    grantAmount,
    cellGrants,
    cellAmount,
    cellSpill,
    cellUnits,
    unitRows,
    unitBits,
    unitWords,
    sizeBits,
    yearUnits: buildHeadingYearUnits({
      nYears: Y,
      nUnits: nU,
      nProvinces: P,
      province: m.province,
      pairStart,
      pairUnit,
      pairYears,
    }),
    byClass: null,
    byProvinceSize: null,
  };
  const byClass = buildHeadingClassCells(m, index, m.years?.categoryYears ?? null);
  const byProvinceSize = byClass ? sumSectors(byClass, P, Y) : null;
  return { ...index, byClass, byProvinceSize };
}

/**
 * The cell histograms (HeadingIndex.cellUnits), heading by heading: one heading's counters
 * (provinces × 2^years × years) stay in cache while its pairs, in unit order, add to them.
 */
function countCellUnits(
  m: HeadingColumns,
  pairStart: Int32Array,
  pairUnit: Int32Array,
  pairYears: Uint32Array,
  rows: Uint32Array,
  cellUnits: Int32Array,
): void {
  const Y = m.nYears;
  const P = Math.max(1, m.provinces.ids.length);
  const H = pairStart.length - 1;
  for (let h = 0; h < H; h++) {
    const end = pairStart[h + 1] ?? 0;
    for (let k = pairStart[h] ?? 0; k < end; k++) {
      const u = pairUnit[k] ?? 0;
      const at = (((h * P + (m.province[u] ?? 0)) << Y) + (pairYears[k] ?? 0)) * Y;
      for (let bits = rows[u] ?? 0; bits !== 0; bits &= bits - 1) {
        const t = 31 - Math.clz32(bits & -bits);
        cellUnits[at + t] = (cellUnits[at + t] ?? 0) + 1;
      }
    }
  }
}

/** Bytes the index adds (shared: once per process). */
export function headingIndexBytes(x: HeadingIndex): number {
  const arrays = [
    x.pairStart,
    x.pairUnit,
    x.pairYears,
    x.runStart,
    x.grantYear,
    x.grantMonth,
    x.grantAmount,
    x.cellGrants,
    x.cellAmount,
    x.unitRows,
    x.unitBits,
    x.sizeBits,
    ...(x.cellUnits ? [x.cellUnits] : []),
  ];
  const classes =
    headingYearUnitsBytes(x.yearUnits) +
    (x.byClass ? headingClassCellsBytes(x.byClass) : 0) +
    (x.byProvinceSize ? headingClassCellsBytes(x.byProvinceSize) : 0);
  return arrays.reduce((n, a) => n + a.byteLength, classes);
}

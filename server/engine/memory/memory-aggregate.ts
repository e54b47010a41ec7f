import type { Column } from '../sql/filter-sql.ts';
import type { MemoryFacts, Postings } from '../facts/memory-facts.ts';
import type { ResolvedFilters } from '../filters/resolve-filters.ts';
import { yearBits, yearIndexAnswers } from '../facts/unit-year-index.ts';
import { unitAt, unitBase, unitScan, type UnitScan } from './unit-scan.ts';
import { headingGrants, headingSupportedOutside } from './heading-pass.ts';
import { bitsCover, bitsMembers, outsideFromBits } from './supported-bits.ts';

/**
 * How many grant reads took each path in this thread: a pass over the grants, or the unit-year
 * index (its year masks, with the prefix sums when counts and amounts are read, the category
 * masks under whole-category filters) and, within it, the grant loop of units whose totals pass
 * 2^53; and the unit-side reads that took several families in one pass (memoryUnitSideRows), among
 * them supported units from the index's masks. The
 * engine tests check that each path ran.
 */
export const memoryPaths = {
  grantPass: 0,
  yearMask: 0,
  categoryMask: 0,
  prefixSums: 0,
  inexactUnits: 0,
  unitSidePass: 0,
  unitSideSupported: 0,
  /** A drill export's slice cut from its kept order (kept-order.ts). */
  keptOrderReused: 0,
};

/**
 * Direct-indexed group arrays up to this many keys (a unit drill at `large` has a million: 24 MB
 * of arrays per pass, far less than a Map of a million slots); beyond, keys map to slots.
 */
const DIRECT_KEYS = 1 << 21;

/** A unit filter narrower than this share of the units visits its posting lists; else every unit. */
const POSTINGS_SHARE = 0.25;

/**
 * The units a pass visits: the posting lists of the most selective unit filter (province, park,
 * cluster, sector) when it selects few enough units, else null (every unit). The other filters
 * are still checked per unit.
 */
export function candidateUnits(m: MemoryFacts, rf: ResolvedFilters): Int32Array | null {
  const lists: [readonly number[] | null, Postings, (id: number) => number | undefined][] = [
    [rf.provinces, m.byProvince, (id) => m.provinces.index.get(id)],
    [rf.parks, m.byPark, (id) => m.parkIndex.get(id)],
    [rf.clusters, m.byCluster, (id) => m.clusterIndex.get(id)],
    [rf.sectors, m.bySector, (id) => m.sectors.index.get(id)],
  ];
  let best: { postings: Postings; positions: number[]; count: number } | null = null;
  for (const [ids, postings, positionOf] of lists) {
    if (ids === null) continue;
    const positions = [...new Set(ids.flatMap((id) => positionOf(id) ?? []))].sort((a, b) => a - b);
    let count = 0;
    for (const v of positions) count += (postings.offsets[v + 1] ?? 0) - (postings.offsets[v] ?? 0);
    if (!best || count < best.count) best = { postings, positions, count };
  }
  if (!best || best.count > m.unitIds.length * POSTINGS_SHARE) return null;
  const out = new Int32Array(best.count);
  let k = 0;
  for (const v of best.positions) {
    const part = best.postings.units.subarray(
      best.postings.offsets[v],
      best.postings.offsets[v + 1],
    );
    out.set(part, k);
    k += part.length;
  }
  // Ascending unit order, as a full pass visits them (several values' lists interleave).
  return best.positions.length > 1 ? out.sort() : out;
}

const UNIT_LEVEL: ReadonlySet<Column> = new Set(['province', 'park', 'cluster', 'sector', 'unit']);

/** Per-position "allowed" flags for a filter list, or null for no restriction. */
export function allowed(
  ids: readonly number[] | null,
  toPos: (id: number) => number | undefined,
  n: number,
) {
  if (ids === null) return null;
  const ok = new Uint8Array(n);
  for (const id of ids) {
    const p = toPos(id);
    if (p !== undefined) ok[p] = 1;
  }
  return ok;
}

/** The province, sector and size filters as masks over positions (size: ids 1..3), null = all. */
export function classMasks(m: MemoryFacts, rf: ResolvedFilters) {
  return {
    province: allowed(rf.provinces, (id) => m.provinces.index.get(id), m.provinces.ids.length),
    sector: allowed(rf.sectors, (id) => m.sectors.index.get(id), m.sectors.ids.length),
    sizeOk: allowed(rf.sizes, (id) => id, 4),
  };
}

/** One group-by column: its radix and how a position turns back into the id SQL would return. */
interface Dim {
  column: Column;
  radix: number;
  id: (pos: number) => number;
}

/** Position of an id in a dimension (the inverse of Dim.id), or undefined. */
function positionOfId(m: MemoryFacts, column: Column, id: number): number | undefined {
  switch (column) {
    case 'province':
      return m.provinces.index.get(id);
    case 'park':
      return m.parkIndex.get(id);
    case 'cluster':
      return m.clusterIndex.get(id);
    case 'sector':
      return m.sectors.index.get(id);
    case 'unit': {
      // unitIds is sorted: binary search
      let lo = 0;
      let hi = m.unitIds.length - 1;
      while (lo <= hi) {
        const mid = (lo + hi) >> 1;
        const v = m.unitIds[mid] ?? 0;
        if (v === id) return mid;
        if (v < id) lo = mid + 1;
        else hi = mid - 1;
      }
      return undefined;
    }
    case 'year':
      return id - m.yMin;
    case 'heading':
      return m.headings.index.get(id);
    case 'category':
      return m.categories.index.get(id);
    default:
      return id; // size, quarter, month are their own positions
  }
}

function dimensionOf(m: MemoryFacts, column: Column): Dim {
  switch (column) {
    case 'province':
      return { column, radix: m.provinces.ids.length, id: (p) => m.provinces.ids[p] ?? 0 };
    case 'park':
      return { column, radix: m.parkIds.length + 1, id: (p) => m.parkIds[p - 1] ?? 0 };
    case 'cluster':
      return { column, radix: m.clusterIds.length + 1, id: (p) => m.clusterIds[p - 1] ?? 0 };
    case 'sector':
      return { column, radix: m.sectors.ids.length, id: (p) => m.sectors.ids[p] ?? 0 };
    case 'unit':
      return { column, radix: m.unitIds.length, id: (p) => m.unitIds[p] ?? 0 };
    case 'size':
      return { column, radix: 4, id: (p) => p };
    case 'year':
      return { column, radix: m.nYears, id: (p) => m.yMin + p };
    case 'heading':
      return { column, radix: m.headings.ids.length, id: (p) => m.headings.ids[p] ?? 0 };
    case 'category':
      return { column, radix: m.categories.ids.length, id: (p) => m.categories.ids[p] ?? 0 };
    case 'quarter':
      return { column, radix: 5, id: (p) => p };
    case 'month':
      return { column, radix: 13, id: (p) => p };
  }
}

/**
 * Adds an integer amount of at most 2^53 − 1 to total[slot]. The float total stays below 2^52: a
 * float sum below 2^52 is the exact one; any other (it may be rounded) goes to the bigint
 * `overflow` as its two exact parts, and the float total starts again from 0. The exact sum is
 * BigInt(total[slot]) + overflow[slot].
 */
export function addMoney(
  total: Float64Array,
  overflow: Map<number, bigint>,
  slot: number,
  amount: number,
): void {
  const before = total[slot] ?? 0;
  const next = before + amount;
  if (next >= 2 ** 52) {
    overflow.set(slot, (overflow.get(slot) ?? 0n) + BigInt(before) + BigInt(amount));
    total[slot] = 0;
  } else total[slot] = next;
}

/** Group accumulators: a count, a float total (kept below 2^52), its bigint overflow, distinct units. */
export class Groups {
  readonly keys: number[] = [];
  count: Float64Array;
  total: Float64Array;
  distinct: Int32Array;
  lastUnit: Int32Array;
  readonly overflow = new Map<number, bigint>();
  private readonly slots: Map<number, number> | null;
  private lastKey = -1;
  private lastSlot = -1;

  /** Direct keys already in `keys` (empty with slots). */
  readonly seen: Uint8Array;

  constructor(radix: number) {
    const n = radix <= DIRECT_KEYS ? radix : 1024;
    this.slots = radix <= DIRECT_KEYS ? null : new Map();
    this.seen = new Uint8Array(radix <= DIRECT_KEYS ? n : 0);
    this.count = new Float64Array(n);
    this.total = new Float64Array(n);
    this.distinct = new Int32Array(n);
    this.lastUnit = new Int32Array(n).fill(-1);
  }

  slot(key: number): number {
    if (!this.slots) {
      if (this.seen[key] === 0) {
        this.seen[key] = 1;
        this.keys.push(key);
      }
      return key;
    }
    if (key === this.lastKey) return this.lastSlot;
    let s = this.slots.get(key);
    if (s === undefined) {
      s = this.keys.length;
      this.keys.push(key);
      this.slots.set(key, s);
      if (s === this.count.length) this.grow();
    }
    this.lastKey = key;
    this.lastSlot = s;
    return s;
  }

  private grow(): void {
    const n = this.count.length * 2;
    const f = (a: Float64Array) => {
      const b = new Float64Array(n);
      b.set(a);
      return b;
    };
    this.count = f(this.count);
    this.total = f(this.total);
    const d = new Int32Array(n);
    d.set(this.distinct);
    this.distinct = d;
    const l = new Int32Array(n).fill(-1);
    l.set(this.lastUnit);
    this.lastUnit = l;
  }

  add(slot: number, amount: number): void {
    addMoney(this.total, this.overflow, slot, amount);
  }

  money(slot: number): bigint {
    return BigInt(this.total[slot] ?? 0) + (this.overflow.get(slot) ?? 0n);
  }

  slotOf(key: number): number {
    return this.slots ? (this.slots.get(key) ?? -1) : key;
  }
}

/** The unit filters as per-position flags (null: no restriction). */
export function unitFlags(m: MemoryFacts, rf: ResolvedFilters) {
  return {
    province: allowed(rf.provinces, (id) => m.provinces.index.get(id), m.provinces.ids.length),
    park: allowed(rf.parks, (id) => m.parkIndex.get(id), m.parkIds.length + 1),
    cluster: allowed(rf.clusters, (id) => m.clusterIndex.get(id), m.clusterIds.length + 1),
    sector: allowed(rf.sectors, (id) => m.sectors.index.get(id), m.sectors.ids.length),
  };
}

/** The filters as per-position flags, and the units that pass the unit-level ones. */
export function unitFilter(m: MemoryFacts, rf: ResolvedFilters) {
  const { province, park, cluster, sector } = unitFlags(m, rf);
  return (u: number): boolean =>
    (!province || province[m.province[u] ?? 0] === 1) &&
    (!park || park[m.park[u] ?? 0] === 1) &&
    (!cluster || cluster[m.cluster[u] ?? 0] === 1) &&
    (!sector || sector[m.sector[u] ?? 0] === 1);
}

function unitPosition(m: MemoryFacts, column: Column, u: number): number {
  switch (column) {
    case 'province':
      return m.province[u] ?? 0;
    case 'park':
      return m.park[u] ?? 0;
    case 'cluster':
      return m.cluster[u] ?? 0;
    case 'sector':
      return m.sector[u] ?? 0;
    default:
      return u;
  }
}

/**
 * The unit part of a group key (see Plan.unitKey). One column (most reads) reads it directly:
 * at `large` this runs for a million units per read.
 */
function unitKeyOf(
  m: MemoryFacts,
  parts: readonly { column: Column; stride: number }[],
): (u: number) => number {
  const [only] = parts;
  if (!only) return () => 0;
  if (parts.length === 1) {
    const { column, stride } = only;
    if (column === 'unit') return (u) => u * stride;
    const values =
      column === 'province'
        ? m.province
        : column === 'park'
          ? m.park
          : column === 'cluster'
            ? m.cluster
            : m.sector;
    const nullable = column === 'park' || column === 'cluster';
    return (u) => {
      const p = values[u] ?? 0;
      return nullable && p === 0 ? -1 : p * stride;
    };
  }
  return (u) => {
    let key = 0;
    for (const part of parts) {
      const p = unitPosition(m, part.column, u);
      if (p === 0 && (part.column === 'park' || part.column === 'cluster')) return -1;
      key += p * part.stride;
    }
    return key;
  };
}

export interface Plan {
  dims: Dim[];
  strides: number[];
  radix: number;
  passes: (u: number) => boolean;
  /** The unit-level part of u's key, or -1 when a grouped column is null (park, cluster). */
  unitKey: (u: number) => number;
  /** The same two as one scan (unit-scan.ts), for the passes over every unit. */
  scan: UnitScan;
  sizeOk: Uint8Array | null;
}

export function plan(m: MemoryFacts, rf: ResolvedFilters, columns: readonly Column[]): Plan {
  const dims = columns.map((c) => dimensionOf(m, c));
  const strides: number[] = [];
  let radix = 1;
  for (let i = dims.length - 1; i >= 0; i--) {
    strides[i] = radix;
    radix *= dims[i]?.radix ?? 1;
  }
  const unitParts = dims.flatMap((d, i) =>
    UNIT_LEVEL.has(d.column) ? [{ column: d.column, stride: strides[i] ?? 1 }] : [],
  );
  return {
    dims,
    strides,
    radix,
    passes: unitFilter(m, rf),
    unitKey: unitKeyOf(m, unitParts),
    scan: unitScan(m, unitFlags(m, rf), candidateUnits(m, rf), unitParts),
    sizeOk: allowed(rf.sizes, (id) => id, 4),
  };
}

/** Stride of a column in the key, or 0 when it is not grouped by. */
export function strideOf(p: Plan, column: Column): number {
  const i = p.dims.findIndex((d) => d.column === column);
  return i < 0 ? 0 : (p.strides[i] ?? 0);
}

/** Row key names `k0…` (built once: a template string per row made each a new string). */
export const KEY_NAMES: readonly string[] = Array.from({ length: 8 }, (_, i) => `k${i}`);

export function keyIds(p: Plan, key: number): Record<string, unknown> {
  const row: Record<string, unknown> = {};
  const { dims, strides } = p;
  for (let i = 0; i < dims.length; i++) {
    const d = dims[i];
    if (!d) continue;
    const pos = Math.floor(key / (strides[i] ?? 1)) % d.radix;
    row[KEY_NAMES[i] ?? `k${i}`] = d.id(pos);
  }
  return row;
}

/** The heading positions the filters select, ascending (every heading without a heading filter). */
export function selectedHeadings(m: MemoryFacts, rf: ResolvedFilters): number[] {
  if (rf.headings === null) return Array.from({ length: m.headings.ids.length }, (_, h) => h);
  const positions = rf.headings.flatMap((id) => m.headings.index.get(id) ?? []);
  return [...new Set(positions)].sort((a, b) => a - b);
}

/** Clips [from, to] to the data's years as positions; null when they do not meet. */
export function yearSpan(m: MemoryFacts, from: number, to: number): [number, number] | null {
  const a = Math.max(from, m.yMin) - m.yMin;
  const b = Math.min(to, m.yMin + m.nYears - 1) - m.yMin;
  return a > b ? null : [a, b];
}

/**
 * The grant family aggregated in memory, shaped as the SQL path's rows (`k0…` ids and the
 * measures of fact-sources.ts), with the same semantics (server/domain/metrics.ts): disbursed
 * grants in the range (size in the population year — `to`, or the grant's year per year — none
 * without a row there), distinct supported units among the units counted in the population
 * year. Rows whose key would be null (no park, no cluster, no size) belong to no group and are
 * left out. The unit-side families (units, employment, change) are unit-side.ts's.
 */
export function memoryGrantRows(
  m: MemoryFacts,
  rf: ResolvedFilters,
  columns: readonly Column[],
  perYear: boolean,
  /** Grant counts and amounts too; false = distinct supported units alone (the others are 0). */
  sums = true,
): Record<string, unknown>[] {
  const { p, g } = grantGroups(m, rf, columns, perYear, sums);
  return supportedRowsOf(p, g);
}

/** memoryGrantRows' groups, before they are made rows. */
export function grantGroups(
  m: MemoryFacts,
  rf: ResolvedFilters,
  columns: readonly Column[],
  perYear: boolean,
  sums: boolean,
): { p: Plan; g: Groups } {
  const p = plan(m, rf, columns);
  const g = new Groups(p.radix);
  const visit = (key: number, u: number, i: number, counted: boolean) => {
    const s = g.slot(key);
    g.count[s] = (g.count[s] ?? 0) + 1;
    g.add(s, m.grantAmount[i] ?? 0);
    if (counted && g.lastUnit[s] !== u) {
      g.lastUnit[s] = u;
      g.distinct[s] = (g.distinct[s] ?? 0) + 1;
    }
  };
  // Distinct units alone under whole categories: the index's masks read every selected unit
  // (a mask per category), the heading index only the categories' units (supported-bits.ts).
  const headingsFirst = !sums && rf.wholeCategories !== null && rf.headings !== null;
  const heading = () => headingGrants(m, rf, p, g, perYear, sums, () => p.scan.length);
  if (
    !(headingsFirst && heading()) &&
    !indexedGrants(m, rf, p, g, perYear, sums, visit) &&
    !(!headingsFirst && heading())
  ) {
    memoryPaths.grantPass++;
    forEachGrant(m, rf, p, perYear, visit);
  }
  return { p, g };
}

/** Grant groups as the SQL path's rows: `k0…` ids, grants, amount, distinct supported units. */
export function supportedRowsOf(p: Plan, g: Groups): Record<string, unknown>[] {
  // Fields set on the key's row, not spread into a new one: at `large` by heading × province
  // (2,635 groups) the spread took ~4 ms of CPU.
  return g.keys.map((key) => {
    const s = g.slotOf(key);
    const row = keyIds(p, key);
    row.grants = g.count[s];
    row.amount = g.money(s);
    row.supported = g.distinct[s];
    return row;
  });
}

/** What decides which of a unit's grants count and under which key, fixed once per pass. */
interface GrantPass {
  m: MemoryFacts;
  p: Plan;
  perYear: boolean;
  span: [number, number];
  toPos: number;
  toInData: boolean;
  headingOk: Uint8Array | null;
  sizeStride: number;
  yearStride: number;
  headingStride: number;
  categoryStride: number;
  quarterStride: number;
  monthStride: number;
  needSize: boolean;
}

/** The grant pass of these filters under plan `p`, or null when the years meet no data. */
function grantPass(
  m: MemoryFacts,
  rf: ResolvedFilters,
  p: Plan,
  perYear: boolean,
): GrantPass | null {
  const span = yearSpan(m, rf.from, rf.to);
  if (!span) return null;
  const toPos = rf.to - m.yMin;
  const sizeStride = strideOf(p, 'size');
  return {
    m,
    p,
    perYear,
    span,
    toPos,
    toInData: toPos >= 0 && toPos < m.nYears,
    headingOk: allowed(rf.headings, (id) => m.headings.index.get(id), m.headings.ids.length),
    sizeStride,
    yearStride: strideOf(p, 'year'),
    headingStride: strideOf(p, 'heading'),
    categoryStride: strideOf(p, 'category'),
    quarterStride: strideOf(p, 'quarter'),
    monthStride: strideOf(p, 'month'),
    needSize: p.sizeOk !== null || sizeStride > 0,
  };
}

/** Whether grant i is in the filters' years (positions `span`) and under a selected heading. */
export function grantSelected(
  m: MemoryFacts,
  span: readonly [number, number],
  headingOk: Uint8Array | null,
  i: number,
): boolean {
  const y = m.grantYear[i] ?? 0;
  return y >= span[0] && y <= span[1] && (!headingOk || headingOk[m.grantHeading[i] ?? 0] === 1);
}

/** Whether unit u's size passes `sizeOk` in some year of `span` (positions). */
function sizeInSpan(
  m: MemoryFacts,
  sizeOk: Uint8Array,
  u: number,
  span: readonly [number, number],
): boolean {
  const at = u * m.nYears;
  for (let y = span[0]; y <= span[1]; y++) if (sizeOk[m.size[at + y] ?? 0] === 1) return true;
  return false;
}

/**
 * Calls visit(key, u, grant, counted) for each disbursed grant of unit u that passes the
 * filters (the unit's own filters are the caller's: p.passes), with its group key from the unit
 * part `base`; `counted` says whether the unit has an employment row in the population year
 * (`to`, or the grant's own year when `perYear`), i.e. whether it may count as a supported unit.
 */
function unitGrants(
  g: GrantPass,
  u: number,
  base: number,
  visit: (key: number, u: number, i: number, counted: boolean) => boolean | void,
): void {
  const { m, span } = g;
  const Y = m.nYears;
  // Population year `to`: the same for all of the unit's grants (-1 = no row there).
  const employeesTo = g.toInData ? (m.employees[u * Y + g.toPos] ?? -1) : -1;
  const sizeTo = employeesTo < 0 ? 0 : (m.size[u * Y + g.toPos] ?? 0);
  // A size filter or key in the population year `to` drops every grant of a unit whose size
  // there fails it: skip them at once (at `large`, by heading with one size 90 -> ms CPU).
  if (g.needSize && !g.perYear && (sizeTo === 0 || (g.p.sizeOk && g.p.sizeOk[sizeTo] !== 1)))
    return;
  // …and per year (the grant's year), a unit whose size fails it in every year of the span.
  if (g.needSize && g.perYear && g.p.sizeOk && !sizeInSpan(m, g.p.sizeOk, u, g.span)) return;
  const end = m.grantStart[u + 1] ?? 0;
  for (let i = m.grantStart[u] ?? 0; i < end; i++) {
    if (!grantSelected(m, span, g.headingOk, i)) continue;
    const y = m.grantYear[i] ?? 0;
    const h = m.grantHeading[i] ?? 0;
    const counted = g.perYear ? (m.employees[u * Y + y] ?? -1) >= 0 : employeesTo >= 0;
    let key = base + y * g.yearStride;
    if (g.needSize) {
      const size = g.perYear ? (m.size[u * Y + y] ?? 0) : sizeTo;
      if (size === 0 || (g.p.sizeOk && g.p.sizeOk[size] !== 1)) continue;
      key += size * g.sizeStride;
    }
    const month = m.grantMonth[i] ?? 1;
    key +=
      h * g.headingStride +
      (m.categoryOfHeading[h] ?? 0) * g.categoryStride +
      Math.floor((month + 2) / 3) * g.quarterStride +
      month * g.monthStride;
    // true: the visitor needs no more of this unit's grants (a recount that counted it).
    if (visit(key, u, i, counted) === true) return;
  }
}

/**
 * The category positions whose year masks select the filters' headings (null: every heading,
 * supportYears), under yearIndexAnswers.
 */
export function maskCategories(m: MemoryFacts, rf: ResolvedFilters): number[] | null {
  if (rf.headings === null || rf.wholeCategories === null) return null;
  return [...new Set(rf.wholeCategories.flatMap((id) => m.categories.index.get(id) ?? []))];
}

/**
 * The grant read of memoryGrantRows from the unit-year index (unit-year-index.ts) when it can
 * answer: one mask (and, for sums, two prefix-sum reads per year group) per selected unit instead
 * of its grants. Returns false, doing nothing, when the index cannot answer.
 */
function indexedGrants(
  m: MemoryFacts,
  rf: ResolvedFilters,
  p: Plan,
  g: Groups,
  perYear: boolean,
  sums: boolean,
  visit: (key: number, u: number, i: number, counted: boolean) => void,
): boolean {
  const x = indexedPass(m, rf, p, perYear, sums);
  if (x === null) return false;
  if (x === 'none') return true;
  if (indexedInto(x, p.scan, g, visit)) memoryPaths.inexactUnits++;
  return true;
}

/** What the unit-year index reads of each unit under one plan, fixed once per pass. */
export interface IndexedPass {
  grants: GrantPass;
  /** The category positions whose masks are read (null: supportYears). */
  cats: number[] | null;
  range: number;
  byYear: boolean;
  sums: boolean;
}

/**
 * The index pass of these filters under plan `p` (counting the paths it takes), null when the
 * index cannot answer, 'none' when the years meet no data (no unit has a group).
 */
export function indexedPass(
  m: MemoryFacts,
  rf: ResolvedFilters,
  p: Plan,
  perYear: boolean,
  sums: boolean,
): IndexedPass | 'none' | null {
  const columns = p.dims.map((d) => d.column);
  if (!m.years || !yearIndexAnswers(rf, columns, sums)) return null;
  const cats = maskCategories(m, rf);
  memoryPaths.yearMask++;
  if (cats) memoryPaths.categoryMask++;
  if (sums) memoryPaths.prefixSums++;
  const grants = grantPass(m, rf, p, perYear);
  if (!grants) return 'none';
  const range = yearBits(grants.span[0], grants.span[1]);
  return { grants, cats, range, byYear: perYear || grants.yearStride > 0, sums };
}

/**
 * Adds every unit of scan `s` (passing its unit filters, with a unit key) to each group of `g`
 * it has a selected grant in, from its year masks — with its grant count and amount in the
 * group's years from the prefix sums when `x.sums`. The same rules as unitGrants: a unit is in a
 * group when it has a selected grant in the group's years; it counts as supported where it has a
 * row in the population year; the size is the population year's. With `sums`, a unit whose
 * total passes 2^53 takes unitGrants (exact) with `visit` instead; returns true when one did.
 * One loop with everything it reads in locals: at `large` it visits a million units.
 */
export function indexedInto(
  x: IndexedPass,
  s: UnitScan,
  g: Groups,
  visit: (key: number, u: number, i: number, counted: boolean) => void,
): boolean {
  const gp = x.grants;
  const { m, perYear, toPos, toInData, needSize, sizeStride, yearStride } = gp;
  const years = m.years;
  if (!years) return false;
  // Year-major columns: year y of unit u at y * nU + u.
  const { supportYears, categoryYears, grantsUpTo, amountUpTo, inexact } = years;
  const { employeesByYear: employees, sizeByYear: sizeOf } = years;
  const { cats, range, byYear, sums } = x;
  const sizeOk = gp.p.sizeOk;
  const nU = m.unitIds.length;
  const atTo = toPos * nU;
  const first = gp.span[0];
  // Without years in the key, the whole span is one group keyed by its last year.
  const whole = 1 << gp.span[1];
  const n = s.length;
  let anyInexact = false;
  for (let k = 0; k < n; k++) {
    const u = unitAt(s, k);
    const base = unitBase(s, u);
    if (base < 0) continue;
    let bits = 0;
    if (cats === null) bits = supportYears[u] ?? 0;
    else for (const c of cats) bits |= categoryYears[c * nU + u] ?? 0;
    bits &= range;
    if (bits === 0) continue;
    if (sums && inexact[u] === 1) {
      unitGrants(gp, u, base, visit);
      anyInexact = true;
      continue;
    }
    const employeesTo = toInData ? (employees[atTo + u] ?? -1) : -1;
    const sizeTo = employeesTo < 0 ? 0 : (sizeOf[atTo + u] ?? 0);
    // Year groups: each year with a selected grant (its set bits, lowest first).
    for (let rest = byYear ? bits : whole; rest !== 0; rest &= rest - 1) {
      const y = 31 - Math.clz32(rest & -rest);
      const at = y * nU + u;
      const counted = perYear ? (employees[at] ?? -1) >= 0 : employeesTo >= 0;
      let key = base + y * yearStride;
      if (needSize) {
        const size = perYear ? (sizeOf[at] ?? 0) : sizeTo;
        if (size === 0 || (sizeOk !== null && sizeOk[size] !== 1)) continue;
        key += size * sizeStride;
      }
      const slot = g.slot(key);
      if (sums) {
        const from = byYear ? y : first;
        const before = (from - 1) * nU + u;
        const grants = (grantsUpTo[at] ?? 0) - (from > 0 ? (grantsUpTo[before] ?? 0) : 0);
        const amount = (amountUpTo[at] ?? 0) - (from > 0 ? (amountUpTo[before] ?? 0) : 0);
        const count = g.count;
        count[slot] = (count[slot] ?? 0) + grants;
        // addMoney, inline: a call would box the amount.
        const total = g.total;
        const sum = total[slot] ?? 0;
        const next = sum + amount;
        if (next >= 2 ** 52) {
          g.overflow.set(slot, (g.overflow.get(slot) ?? 0n) + BigInt(sum) + BigInt(amount));
          total[slot] = 0;
        } else total[slot] = next;
      }
      if (counted && g.lastUnit[slot] !== u) {
        g.lastUnit[slot] = u;
        g.distinct[slot] = (g.distinct[slot] ?? 0) + 1;
      }
    }
  }
  return anyInexact;
}

/**
 * Calls visit(key, unit, grant, counted) for every disbursed grant that passes the filters, in
 * unit order (a unit's grants together), with its group key under plan `p` (see unitGrants).
 */
function forEachGrant(
  m: MemoryFacts,
  rf: ResolvedFilters,
  p: Plan,
  perYear: boolean,
  visit: (key: number, u: number, i: number, counted: boolean) => boolean | void,
): void {
  const g = grantPass(m, rf, p, perYear);
  if (!g) return;
  const units = candidateUnits(m, rf);
  const n = units ? units.length : m.unitIds.length;
  for (let k = 0; k < n; k++) {
    const u = units ? (units[k] ?? 0) : k;
    if (m.grantStart[u] === m.grantStart[u + 1] || !p.passes(u)) continue;
    const base = p.unitKey(u);
    if (base < 0) continue;
    unitGrants(g, u, base, visit);
  }
}

/**
 * Distinct supported units whose grants fall in groups other than `kept` (a breakdown's
 * "others" row): a unit counts once however many folded groups it appears in, and only where it
 * is counted (see forEachGrant).
 */
export function memorySupportedOutside(
  m: MemoryFacts,
  rf: ResolvedFilters,
  columns: readonly Column[],
  kept: readonly (readonly number[])[],
  perYear: boolean,
  /** 'bits': the unit-set bits' recount whatever the cost (the engine tests'; -1 where they cannot). */
  via?: 'bits',
): number {
  const p = plan(m, rf, columns);
  // Kept keys as flags where the keys index an array (every grant is checked: at `large` 7.5M).
  const keptKeys = new Set<number>();
  const keptFlags = p.radix <= DIRECT_KEYS ? new Uint8Array(p.radix) : null;
  for (const ids of kept) {
    let key = 0;
    let known = true;
    columns.forEach((c, i) => {
      const pos = positionOfId(m, c, ids[i] ?? 0);
      if (pos === undefined) known = false;
      else key += pos * (p.strides[i] ?? 0);
    });
    if (!known) continue;
    keptKeys.add(key);
    if (keptFlags) keptFlags[key] = 1;
  }
  let count = 0;
  let last = -1;
  const outside = (key: number, u: number, counted: boolean) => {
    if (!counted || u === last) return;
    if (keptFlags ? keptFlags[key] !== 1 : !keptKeys.has(key)) {
      last = u;
      count++;
    }
  };
  // Distinct units only: the index's masks answer wherever it can. A counted unit's other
  // grants are skipped.
  const visit = (key: number, u: number, _i: number, counted: boolean) => {
    outside(key, u, counted);
    return u === last;
  };
  const isKept = (key: number) => (keptFlags ? keptFlags[key] === 1 : keptKeys.has(key));
  const bits = outsideBits(m, rf, p, perYear, isKept, via === 'bits');
  if (bits !== null || via === 'bits') return bits ?? -1;
  const x = indexedPass(m, rf, p, perYear, false);
  if (x === 'none') return 0;
  if (x !== null) return indexedOutside(x, p.scan, keptFlags, keptKeys);
  const byHeading = headingSupportedOutside(m, rf, p, perYear, isKept, () => p.scan.length);
  if (byHeading !== null) return byHeading;
  memoryPaths.grantPass++;
  forEachGrant(m, rf, p, perYear, visit);
  return count;
}

/**
 * memorySupportedOutside from the unit-set bits (supported-bits.ts) under several headings or
 * whole categories, keyed by anything but the heading, where they read fewer members than the
 * unit-major pass would grants; null when not.
 */
function outsideBits(
  m: MemoryFacts,
  rf: ResolvedFilters,
  p: Plan,
  perYear: boolean,
  kept: (key: number) => boolean,
  anyCost = false,
): number | null {
  const columns = p.dims.map((d) => d.column);
  if (!m.byHeading || rf.headings === null || columns.includes('heading') || !bitsCover(columns))
    return null;
  const heads = selectedHeadings(m, rf);
  const span = yearSpan(m, rf.from, rf.to);
  if (!span) return anyCost ? 0 : null;
  if (heads.length < 2 && !anyCost) return null;
  const [a, b] = span;
  const grantsPerUnit = m.grantAmount.length / Math.max(1, m.unitIds.length);
  const words = m.unitIds.length / 32;
  const cost = bitsMembers(m, rf, heads, a, b) + words * (b - a + 2);
  if (cost > p.scan.length * grantsPerUnit && !anyCost) return null;
  return outsideFromBits(m, rf, p, perYear, heads, { a, b }, kept);
}

/**
 * memorySupportedOutside from the index's masks: the units (under the rules of indexedUnitInto)
 * counted in at least one group that is not kept.
 */
function indexedOutside(
  x: IndexedPass,
  s: UnitScan,
  keptFlags: Uint8Array | null,
  keptKeys: ReadonlySet<number>,
): number {
  const gp = x.grants;
  const m = gp.m;
  const years = m.years;
  if (!years) return 0;
  const nU = m.unitIds.length;
  const { employeesByYear: employees, sizeByYear: sizeOf } = years;
  const atTo = gp.toPos * nU;
  const sizeOk = gp.p.sizeOk;
  const n = s.length;
  let count = 0;
  for (let k = 0; k < n; k++) {
    const u = unitAt(s, k);
    const base = unitBase(s, u);
    if (base < 0) continue;
    let bits = 0;
    if (x.cats === null) bits = years.supportYears[u] ?? 0;
    else for (const c of x.cats) bits |= years.categoryYears[c * nU + u] ?? 0;
    bits &= x.range;
    if (bits === 0) continue;
    const employeesTo = gp.toInData ? (employees[atTo + u] ?? -1) : -1;
    const sizeTo = employeesTo < 0 ? 0 : (sizeOf[atTo + u] ?? 0);
    for (let rest = x.byYear ? bits : 1 << gp.span[1]; rest !== 0; rest &= rest - 1) {
      const y = 31 - Math.clz32(rest & -rest);
      const at = y * nU + u;
      const counted = gp.perYear ? (employees[at] ?? -1) >= 0 : employeesTo >= 0;
      if (!counted) continue;
      let key = base + y * gp.yearStride;
      if (gp.needSize) {
        const size = gp.perYear ? (sizeOf[at] ?? 0) : sizeTo;
        if (size === 0 || (sizeOk !== null && sizeOk[size] !== 1)) continue;
        key += size * gp.sizeStride;
      }
      if (keptFlags !== null ? keptFlags[key] !== 1 : !keptKeys.has(key)) {
        count++;
        break;
      }
    }
  }
  return count;
}

import type { Metric, MetricValues } from '../../domain/metrics.ts';
import { countedUnits, unitMetricColumns, type UnitMetricColumns } from './unit-side.ts';
import type { MemoryFacts } from '../facts/memory-facts.ts';
import { toMetricValues } from '../execute/metric-values.ts';
import type { ResolvedFilters } from '../filters/resolve-filters.ts';
import { keptOrder } from './kept-order.ts';
import { selectPage, selectPageByKey } from './top-k.ts';

export interface UnitPage {
  /** Units counted (the whole selection, every page). */
  total: number;
  /** The page's units in order: id and metrics. */
  rows: { id: number; values: MetricValues }[];
}

/** What a unit page is sorted by: a metric, or the unit's name or code (unit-order.ts). */
export type UnitSort = Metric | 'name' | 'code';

/**
 * A page of the unit drill from the in-memory facts: each counted unit's sort key in a column
 * (a metric, or its name or code rank), the page picked from it (top-k.ts), and all metrics computed
 * for the page's units only — never a row per unit. Same order as the grouped drill (drill.ts):
 * the metric as compareMetric orders it, or the name or code as localeCompare(…, 'fa') does, ties
 * by ascending id; `count` null = every unit. `keep` (an export's slices): the whole list is
 * sorted once and kept, and each slice is cut from it.
 */
export function memoryUnitPage(
  m: MemoryFacts,
  rf: ResolvedFilters,
  sort: UnitSort,
  order: 'asc' | 'desc',
  offset: number,
  count: number | null,
  keep = false,
): UnitPage {
  let total: number;
  let pageUnits: Int32Array;
  if (keep) {
    // An export's slices: the whole order once (kept-order.ts), then each slice is a subarray.
    const ordered = keptOrder(m, rf, sort, order, () => orderedUnits(m, rf, sort, order));
    total = ordered.length;
    pageUnits = ordered.subarray(offset, count === null ? total : offset + count);
  } else {
    const units = countedUnits(m, rf);
    total = units.length;
    const page = pageSlots(m, rf, units, sort, order, offset, count);
    pageUnits = Int32Array.from(page, (k) => units[k] ?? 0);
  }
  return { total, rows: pageRows(m, rf, pageUnits) };
}

/** Every counted unit in the page order (the slots of one page that is the whole list). */
function orderedUnits(
  m: MemoryFacts,
  rf: ResolvedFilters,
  sort: UnitSort,
  order: 'asc' | 'desc',
): Int32Array {
  const units = countedUnits(m, rf);
  const slots = pageSlots(m, rf, units, sort, order, 0, null);
  for (let k = 0; k < slots.length; k++) slots[k] = units[slots[k] ?? 0] ?? 0;
  return slots;
}

/** The slots (positions in `units`) of one page, in page order. */
function pageSlots(
  m: MemoryFacts,
  rf: ResolvedFilters,
  units: Int32Array,
  sort: UnitSort,
  order: 'asc' | 'desc',
  offset: number,
  count: number | null,
): Int32Array {
  return sort === 'name' || sort === 'code'
    ? rankPage(units, m.unitOrder[sort === 'name' ? 'nameRank' : 'codeRank'], order, offset, count)
    : metricPage(m, rf, units, sort, order, offset, count);
}

/** The rows of a page's units (in page order): all metrics, from one pass over their facts. */
function pageRows(m: MemoryFacts, rf: ResolvedFilters, page: Int32Array): UnitPage['rows'] {
  // The page's units in id order for one pass over their facts, then back to page order.
  const pageUnits = page.slice().sort();
  const full = unitMetricColumns(m, rf, pageUnits, {
    employment: true,
    change: true,
    grants: 'sums',
  });
  const slotOf = new Map<number, number>();
  pageUnits.forEach((u, k) => slotOf.set(u, k));
  return Array.from(page, (u) => {
    const s = slotOf.get(u) ?? 0;
    const supported = full.supported[s] ?? 0;
    return {
      id: m.unitIds[u] ?? 0,
      // A counted unit is one unit: the same row the grouped drill makes of it.
      values: toMetricValues({
        ids: [m.unitIds[u] ?? 0],
        units: 1,
        employment: full.employment[s] ?? 0,
        employmentChange: full.change[s] ?? 0,
        supportedUnits: supported,
        grants: full.grants[s] ?? 0,
        amount: exactAmount(full, s),
      }),
    };
  });
}

function exactAmount(cols: UnitMetricColumns, slot: number): bigint {
  return BigInt(cols.amount[slot] ?? 0) + (cols.amountOverflow.get(slot) ?? 0n);
}

/**
 * The page's slots by their units' name or code rank: a counting sort over the ranks (ties —
 * equal or equally collated strings — by slot, that is by id, in both directions, as the grouped
 * drill breaks them).
 */
function rankPage(
  units: Int32Array,
  ranks: Int32Array,
  order: 'asc' | 'desc',
  offset: number,
  count: number | null,
): Int32Array {
  const key = new Int32Array(units.length);
  let keyCount = 0;
  for (let k = 0; k < units.length; k++) {
    const r = ranks[units[k] ?? 0] ?? 0;
    key[k] = r;
    if (r >= keyCount) keyCount = r + 1;
  }
  return selectPageByKey(key, keyCount, order, offset, count);
}

/** The page's slots by a metric: its column for every counted unit, then selectPage. */
function metricPage(
  m: MemoryFacts,
  rf: ResolvedFilters,
  units: Int32Array,
  sort: Metric,
  order: 'asc' | 'desc',
  offset: number,
  count: number | null,
): Int32Array {
  const cols = unitMetricColumns(m, rf, units, {
    employment: sort === 'employment',
    change: sort === 'employmentChange',
    grants:
      sort === 'grants' || sort === 'amount'
        ? 'sums'
        : sort === 'supportedUnits' || sort === 'coverage'
          ? 'supported'
          : null,
  });
  const slots = new Int32Array(units.length);
  for (let k = 0; k < units.length; k++) slots[k] = k;
  const compare = compareSlots(cols, sort, order);
  return count === null
    ? slots.sort(compare).subarray(offset)
    : selectPage(slots, compare, offset, count);
}

/**
 * Slots ordered as compareMetric orders the units' values (money exactly), ties by slot — the
 * units are in id order, so by id, as the grouped drill breaks them. Every counted unit is one
 * unit, so its coverage is its supported flag (never missing).
 */
function compareSlots(
  cols: UnitMetricColumns,
  sort: Metric,
  order: 'asc' | 'desc',
): (a: number, b: number) => number {
  const sign = order === 'asc' ? 1 : -1;
  const byValue = (v: Float64Array | Uint8Array) => (a: number, b: number) =>
    ((v[a] ?? 0) - (v[b] ?? 0)) * sign || a - b;
  switch (sort) {
    case 'units':
      return (a, b) => a - b;
    case 'employment':
      return byValue(cols.employment);
    case 'employmentChange':
      return byValue(cols.change);
    case 'grants':
      return byValue(cols.grants);
    case 'supportedUnits':
    case 'coverage':
      return byValue(cols.supported);
    case 'amount': {
      const floats = byValue(cols.amount);
      if (cols.amountOverflow.size === 0) return floats;
      // Past 2^52 a unit's total is part bigint: compare those exactly.
      return (a, b) => {
        if (!cols.amountOverflow.has(a) && !cols.amountOverflow.has(b)) return floats(a, b);
        const x = exactAmount(cols, a);
        const y = exactAmount(cols, b);
        return x === y ? a - b : (x < y ? -1 : 1) * sign;
      };
    }
  }
}

/**
 * Reads by park or cluster from the group cells (facts/group-cells.ts): the rows of
 * memoryUnitSideRows' and memoryGrantRows' passes over every selected unit, from a few cells per
 * group. The province, sector and group filters select cells; the years select cell slots.
 */

import type { ResolvedFilters } from '../filters/resolve-filters.ts';
import type { Column } from '../sql/filter-sql.ts';
import type { MemoryFacts } from '../facts/memory-facts.ts';
import { groupCellsCover, type ColumnCells, type GroupSums } from '../facts/group-cells.ts';
import { allowed, classMasks, grantGroups, yearSpan } from './memory-aggregate.ts';
import { distinctByGroup } from './supported-bits.ts';

/** Reads the group cells answered, by family (the equality test requires each path taken). */
export const groupPaths = {
  cells: 0,
  /** Columns whose grant side came from the facts' grant read (grantsByGroup). */
  grantRead: 0,
  grants: 0,
  category: 0,
  categoryBits: 0,
  size: 0,
  columns: 0,
  whole: 0,
};

/** What a read of the cells needs, fixed once per read. */
interface CellRead {
  /** The cells (or under a size filter the size cells) whose unit side is read. */
  cells: Pick<ColumnCells, 'group' | 'units' | 'employment' | 'change'>;
  /** Group position → id (position 0 is "none"). */
  ids: readonly number[];
  /** Per cell: 1 when its province, sector and group pass the filters. */
  selected: Uint8Array;
  Y: number;
  /** Year positions of `to` (null past the data) and of from..to clipped to the data. */
  to: number | null;
  span: [number, number] | null;
  /**
   * The grant slots: the cells' own, or one category's (a whole-category filter). Year-major
   * over the K cells: cell k's year y is at (base + y) * K + k in `grants` and `amount`, its
   * (to, from) pair at ((base + to) * Y + from) * K + k in `supported`.
   */
  slots: {
    grants: Int32Array;
    amount: Float64Array;
    amountOverflow: Map<number, bigint>;
    supported: Int32Array;
    /** The slots' first year rows: [0], or each selected category c's (c * Y). */
    bases: readonly number[];
    /** Size cells: the grants of cell j in year y at (to * Y + y) * J + j. */
    byTo: boolean;
  } | null;
  /** Distinct supported units by group position, from the bits (several whole categories). */
  distinct: () => Int32Array;
}

function cellRead(
  m: MemoryFacts,
  rf: ResolvedFilters,
  columns: readonly Column[],
  perYear: boolean,
  grants: boolean,
): CellRead | null {
  const [column] = columns;
  if (column !== 'park' && column !== 'cluster') return null;
  if (!groupCellsCover(rf, columns, perYear, grants)) return null;
  const all = m.byGroup?.[column];
  if (!all) return null;
  const bySize = rf.sizes === null ? null : all.bySize;
  // No province, sector or size filter (the scope included): the per-group sums.
  const whole =
    rf.sizes === null && rf.provinces === null && rf.sectors === null ? all.whole : null;
  if (whole) groupPaths.whole++;
  const cells = bySize ?? whole ?? all;
  // Size cells: no sector (groupCellsCover), the size instead; size 0 (no cell) never passes.
  const { province, sector, sizeOk: size } = classMasks(m, rf);
  const group =
    column === 'park'
      ? allowed(rf.parks, (id) => m.parkIndex.get(id), m.parkIds.length + 1)
      : allowed(rf.clusters, (id) => m.clusterIndex.get(id), m.clusterIds.length + 1);
  const K = cells.group.length;
  const selected = new Uint8Array(K);
  for (let k = 0; k < K; k++) {
    const ok =
      (!province || province[cells.province[k] ?? 0] === 1) &&
      (bySize ? size?.[bySize.size[k] ?? 0] === 1 : !sector || sector[all.sector[k] ?? 0] === 1) &&
      (!group || group[cells.group[k] ?? 0] === 1);
    selected[k] = ok ? 1 : 0;
  }
  if (bySize) groupPaths.size++;
  const to = yearSpan(m, rf.to, rf.to);
  const slots = bySize
    ? grants
      ? { ...bySize, bases: [0], byTo: true }
      : null
    : grantSlots(m, rf, whole ?? all, grants);
  if (grants && !slots) return null;
  return {
    cells,
    ids: column === 'park' ? [0, ...m.parkIds] : [0, ...m.clusterIds],
    selected,
    Y: m.nYears,
    to: to ? to[0] : null,
    span: yearSpan(m, rf.from, rf.to),
    slots,
    distinct: () => distinctByGroup(m, rf, column),
  };
}

/**
 * The slots the grants are read from: none under headings other than whole categories. Their
 * grants and amounts add up over the categories; the distinct units of several do not (a unit
 * may have grants of two): those come from supported-bits.ts (supportedByGroup).
 */
function grantSlots(m: MemoryFacts, rf: ResolvedFilters, cells: GroupSums, grants: boolean) {
  if (!grants) return null;
  if (rf.headings === null) return { ...cells, bases: [0], byTo: false };
  const positions = [
    ...new Set((rf.wholeCategories ?? []).flatMap((id) => m.categories.index.get(id) ?? [])),
  ];
  if (positions.length === 0) return null;
  if (positions.length > 1 && !m.byHeading) return null;
  const { byCategory } = cells;
  groupPaths.category++;
  return { ...byCategory, bases: positions.map((c) => c * m.nYears), byTo: false };
}

/**
 * The rows of memoryUnitSideRows (families 'units', 'change' and 'supported') from the cells;
 * null when they were not built or the read is not theirs (groupCellsCover), or the change is
 * asked without the units (its rows exist where units do: alone they would not): the pass answers.
 */
export function groupCellRows(
  m: MemoryFacts,
  rf: ResolvedFilters,
  families: readonly string[],
  columns: readonly Column[],
  perYear: boolean,
): Record<string, unknown>[][] | null {
  if (families.includes('change') && !families.includes('units')) return null;
  const r = cellRead(m, rf, columns, perYear, families.includes('supported'));
  if (!r) return null;
  const fromPos = rf.from - m.yMin;
  if (families.includes('change') && r.to !== null && fromPos > r.to) return null;
  groupPaths.cells++;
  const { units, employment, change } = unitSums(r, rf, m);
  const groups = r.ids.length;
  const supported = families.includes('supported') ? supportedByGroup(r, false) : null;
  return families.map((kind) => {
    if (kind === 'supported') return supported ? grantRowsOf(r, supported, false) : [];
    const rows: Record<string, unknown>[] = [];
    for (let g = 1; g < groups; g++) {
      if ((units[g] ?? 0) === 0) continue;
      const k0 = r.ids[g];
      rows.push(
        kind === 'units'
          ? { k0, units: units[g], employment: employment[g] }
          : { k0, change: change[g] },
      );
    }
    return rows;
  });
}

/** Per group: units with a row in `to`, their employees, and their change since `from`. */
function unitSums(r: CellRead, rf: ResolvedFilters, m: MemoryFacts) {
  const { cells, selected, Y, to } = r;
  const K = selected.length;
  const groups = r.ids.length;
  const units = new Float64Array(groups);
  const employment = new Float64Array(groups);
  const change = new Float64Array(groups);
  const fromPos = rf.from - m.yMin;
  // Change from `from` (unclipped: before the data, no unit has both rows) to `to`.
  const withChange = to !== null && fromPos >= 0 && fromPos < to;
  if (to !== null) {
    const { group } = cells;
    // Year-major (group-cells.ts): each a run of K values, read in order.
    const toRow = to * K;
    const changeRow = (fromPos * Y + to) * K;
    for (let k = 0; k < K; k++) {
      if (selected[k] !== 1) continue;
      const g = group[k] ?? 0;
      units[g] = (units[g] ?? 0) + (cells.units[toRow + k] ?? 0);
      employment[g] = (employment[g] ?? 0) + (cells.employment[toRow + k] ?? 0);
      if (withChange) change[g] = (change[g] ?? 0) + (cells.change[changeRow + k] ?? 0);
    }
  }
  return { units, employment, change };
}

/**
 * The rows of memoryGrantRows (grants, amount and distinct supported units) from the cells; null
 * as groupCellRows.
 */
export function groupCellGrantRows(
  m: MemoryFacts,
  rf: ResolvedFilters,
  columns: readonly Column[],
  perYear: boolean,
): Record<string, unknown>[] | null {
  const r = cellRead(m, rf, columns, perYear, true);
  if (!r) return null;
  groupPaths.grants++;
  return grantRowsOf(r, supportedByGroup(r, true), true);
}

/**
 * Every family of a read by park or cluster from the cells as columns by group position (1 ..
 * ids.length - 1; 0 is "none"), for grouped-metrics.ts to make rows of without the rows of
 * groupCellRows and groupCellGrantRows in between: the unit side (units, employment, and the
 * change where `change`), the grants and their exact amount, distinct supported units. Null
 * where either of those would be null (the caller takes them).
 */
export interface GroupCellColumns {
  ids: readonly number[];
  units: Float64Array;
  employment: Float64Array;
  change: Float64Array;
  grants: Float64Array;
  /** Exactly BigInt(amount[g]) + (overflow.get(g) ?? 0n). */
  amount: Float64Array;
  overflow: Map<number, bigint>;
  supported: Int32Array;
}

export function groupCellColumns(
  m: MemoryFacts,
  rf: ResolvedFilters,
  change: boolean,
  columns: readonly Column[],
  perYear: boolean,
  /**
   * The grant side from the facts' grant read instead (memory-aggregate.ts grantGroups: under
   * heading filters, which the cells' grants do not answer), the unit side from the cells still.
   */
  grantRead = false,
): GroupCellColumns | null {
  // The grants' read (groupCellGrantRows) selects the same cells as the unit side's, and more
  // reads fall back (heading filters): where it answers, the unit side does too.
  const r = cellRead(m, rf, columns, perYear, !grantRead);
  if (!r) return null;
  if (change && r.to !== null && rf.from - m.yMin > r.to) return null;
  groupPaths.columns++;
  const unit = unitSums(r, rf, m);
  const s = grantRead ? grantsByGroup(m, rf, columns, r.ids.length) : supportedByGroup(r, true);
  return {
    ids: r.ids,
    units: unit.units,
    employment: unit.employment,
    change: unit.change,
    grants: s.grants,
    amount: s.amount,
    overflow: s.overflow,
    supported: s.supported,
  };
}

/**
 * memoryGrantRows' groups by park or cluster as GroupGrants by position (the key is the
 * position: one column, stride 1; both count "none" as 0 and leave it out).
 */
function grantsByGroup(
  m: MemoryFacts,
  rf: ResolvedFilters,
  columns: readonly Column[],
  groups: number,
): GroupGrants {
  groupPaths.grantRead++;
  const { g } = grantGroups(m, rf, columns, false, true);
  const out: GroupGrants = {
    grants: new Float64Array(groups),
    amount: new Float64Array(groups),
    overflow: new Map(),
    supported: new Int32Array(groups),
  };
  for (const key of g.keys) {
    const s = g.slotOf(key);
    out.grants[key] = g.count[s] ?? 0;
    out.amount[key] = g.total[s] ?? 0;
    const over = g.overflow.get(s);
    if (over !== undefined) out.overflow.set(key, over);
    out.supported[key] = g.distinct[s] ?? 0;
  }
  return out;
}

/** Per group: grants in the span, their amount (float part and bigint overflow), supported units. */
interface GroupGrants {
  grants: Float64Array;
  amount: Float64Array;
  overflow: Map<number, bigint>;
  supported: Int32Array;
}

function supportedByGroup(r: CellRead, sums: boolean): GroupGrants {
  const { cells, selected, Y, to, span, slots } = r;
  const groups = r.ids.length;
  const out: GroupGrants = {
    grants: new Float64Array(groups),
    amount: new Float64Array(groups),
    overflow: new Map(),
    supported: new Int32Array(groups),
  };
  if (!span || !slots) return out;
  // Size cells without `to` in the data: no unit has a size there, so none counts.
  if (slots.byTo && to === null) return out;
  // Everything the loops read in locals: at `large` 28,739 park cells of 8 years each, year-major
  // (a year's K values in one run: read in order, where cell by cell read 8 runs apart).
  const { amount, amountOverflow, grants, supported, bases, byTo } = slots;
  const { group } = cells;
  const spills = amountOverflow.size > 0;
  const total = out.amount;
  const count = out.grants;
  const [first, last] = span;
  const K = selected.length;
  // The grants' rows: the slots' years, or (size cells) those of the `to` row; per category.
  for (const gBase of byTo ? [(to ?? 0) * Y] : bases) {
    // A group has a row where a unit has a grant in the span, counted or not.
    for (let y = first; y <= last; y++) {
      const row = (gBase + y) * K;
      for (let k = 0; k < K; k++) {
        if (selected[k] !== 1) continue;
        const n = grants[row + k] ?? 0;
        if (n === 0) continue;
        const g = group[k] ?? 0;
        count[g] = (count[g] ?? 0) + n;
        if (!sums) continue;
        // addMoney, inline: the float part stays below 2^52, the rest goes to the bigint overflow.
        const before = total[g] ?? 0;
        const a = amount[row + k] ?? 0;
        if (before + a >= 2 ** 52) {
          out.overflow.set(g, (out.overflow.get(g) ?? 0n) + BigInt(before) + BigInt(a));
          total[g] = 0;
        } else total[g] = before + a;
        const spilled = spills ? amountOverflow.get(row + k) : undefined;
        if (spilled !== undefined) out.overflow.set(g, (out.overflow.get(g) ?? 0n) + spilled);
      }
    }
  }
  if (to === null) return out;
  if (bases.length > 1) {
    // Several categories: a unit with grants of two counts once (supported-bits.ts).
    groupPaths.categoryBits++;
    out.supported.set(r.distinct());
    return out;
  }
  const row = (((bases[0] ?? 0) + to) * Y + first) * K;
  for (let k = 0; k < K; k++) {
    if (selected[k] !== 1) continue;
    const g = group[k] ?? 0;
    out.supported[g] = (out.supported[g] ?? 0) + (supported[row + k] ?? 0);
  }
  return out;
}

/** memoryGrantRows' rows (supportedRowsOf): grants and amount only when `sums`, else 0. */
function grantRowsOf(r: CellRead, s: GroupGrants, sums: boolean): Record<string, unknown>[] {
  const rows: Record<string, unknown>[] = [];
  for (let g = 1; g < r.ids.length; g++) {
    if ((s.grants[g] ?? 0) === 0) continue;
    rows.push({
      k0: r.ids[g],
      grants: sums ? s.grants[g] : 0,
      amount: sums ? BigInt(s.amount[g] ?? 0) + (s.overflow.get(g) ?? 0n) : 0n,
      supported: s.supported[g],
    });
  }
  return rows;
}

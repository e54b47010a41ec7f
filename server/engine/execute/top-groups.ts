import type { Metric } from '../../domain/metrics.ts';
import type { GroupCellColumns } from '../memory/group-pass.ts';
import type { ReadPlan } from '../planner/query-plan.ts';
import { columnHasRow, columnRow, emptyGroupedRow, type GroupedRow } from './grouped-metrics.ts';

/** A breakdown's groups split where its rows can be kept or only folded. */
export interface TopGroups {
  /**
   * The rows the first `limit` of the order (compareGroupedRows) can be, with every row tied with
   * the last of them: the rows the breakdown names, sorts by code and keeps `limit` of.
   */
  candidates: GroupedRow[];
  /** Every other group's row summed into one (ids []): what the breakdown folds; null if none. */
  rest: GroupedRow | null;
}

/** Breakdowns whose candidates were picked from the columns (the equality test requires it). */
export const topGroupPaths = { picked: 0 };

/** The float part of a money sum stays below this; the rest goes to bigint (addMoney). */
const FLOAT_MONEY = 2 ** 52;

/**
 * The candidates of a breakdown by park or cluster straight from the group cells' columns
 * (grouped-metrics.ts groupedColumns), with a row object for those alone: at `large` 3,718 parks
 * were made rows (a bigint each), sorted, and all but 50 summed back into "others". The order is
 * compareGroupedRows' on the rows columnRow makes: a value per group, a missing coverage last in
 * either direction; the candidates are the groups at least as far up as the `limit`-th value.
 * Null (sort the rows) for an amount order when a group's amount passed the float part (exact
 * comparison needs its bigint).
 */
export function topGroups(
  c: GroupCellColumns,
  read: ReadPlan,
  metric: Metric,
  order: 'asc' | 'desc',
  limit: number,
): TopGroups | null {
  if (metric === 'amount' && c.overflow.size > 0) return null;
  topGroupPaths.picked++;
  const desc = order === 'desc';
  const present: number[] = [];
  for (let g = 1; g < c.ids.length; g++) if (columnHasRow(c, g)) present.push(g);
  if (present.length <= limit) {
    return { candidates: present.map((g) => columnRow(c, read, g)), rest: null };
  }
  // The values the rows would hold (columnRow), a missing coverage as the end of the order.
  const missing = desc ? -Infinity : Infinity;
  const withChange = read.change === 'memory';
  const valueOf = (g: number): number => {
    const units = c.units[g] ?? 0;
    const hasGrants = c.grants[g] !== 0;
    switch (metric) {
      case 'units':
        return units;
      case 'employment':
        return units !== 0 ? (c.employment[g] ?? 0) : 0;
      case 'employmentChange':
        return units !== 0 && withChange ? (c.change[g] ?? 0) : 0;
      case 'supportedUnits':
        return hasGrants ? (c.supported[g] ?? 0) : 0;
      case 'coverage':
        return units > 0 ? (hasGrants ? (c.supported[g] ?? 0) : 0) / units : missing;
      case 'grants':
        return hasGrants && read.grantSums ? (c.grants[g] ?? 0) : 0;
      case 'amount':
        return hasGrants && read.grantSums ? (c.amount[g] ?? 0) : 0;
    }
  };
  const values = new Float64Array(present.length);
  present.forEach((g, i) => (values[i] = valueOf(g)));
  const sorted = values.slice().sort();
  const threshold = (desc ? sorted[sorted.length - limit] : sorted[limit - 1]) ?? 0;
  const candidates: GroupedRow[] = [];
  const rest = emptyGroupedRow([]);
  let restRows = 0;
  // The folded groups' amount: a float part below 2^52 and its bigint overflow (exact).
  let amount = 0;
  let overflow = 0n;
  present.forEach((g, i) => {
    const v = values[i] ?? 0;
    if (desc ? v >= threshold : v <= threshold) {
      candidates.push(columnRow(c, read, g));
      return;
    }
    restRows++;
    const hasUnits = c.units[g] !== 0;
    const hasGrants = c.grants[g] !== 0;
    if (hasUnits) {
      rest.units += c.units[g] ?? 0;
      rest.employment += c.employment[g] ?? 0;
      if (withChange) rest.employmentChange += c.change[g] ?? 0;
    }
    if (!hasGrants) return;
    rest.supportedUnits += c.supported[g] ?? 0;
    if (!read.grantSums) return;
    rest.grants += c.grants[g] ?? 0;
    const a = c.amount[g] ?? 0;
    if (amount + a >= FLOAT_MONEY) {
      overflow += BigInt(amount) + BigInt(a);
      amount = 0;
    } else amount += a;
    const spilled = c.overflow.get(g);
    if (spilled !== undefined) overflow += spilled;
  });
  rest.amount = BigInt(amount) + overflow;
  return { candidates, rest: restRows > 0 ? rest : null };
}

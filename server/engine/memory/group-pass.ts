/**
 * Unfiltered unit-side reads by park or cluster from the group cells (facts/group-cells.ts):
 * the same rows as memoryUnitSideRows' pass over every unit, from a few thousand cells.
 */

import type { ResolvedFilters } from '../filters/resolve-filters.ts';
import type { Column } from '../sql/filter-sql.ts';
import type { MemoryFacts } from '../facts/memory-facts.ts';
import { yearBits } from '../facts/unit-year-index.ts';
import { groupCellsCover } from '../facts/group-cells.ts';
import { Groups, keyIds, plan, strideOf, supportedRowsOf, yearSpan } from './memory-aggregate.ts';

/** Reads the group cells answered (the equality test requires each path taken). */
export const groupPaths = { cells: 0 };

/**
 * The rows of memoryUnitSideRows (families 'units' and 'supported') from the cells; null when
 * they were not built (too many years or groups) or the read is not theirs: the pass answers.
 */
export function groupCellRows(
  m: MemoryFacts,
  rf: ResolvedFilters,
  families: readonly string[],
  columns: readonly Column[],
  perYear: boolean,
): Record<string, unknown>[][] | null {
  const [column] = columns;
  if (column !== 'park' && column !== 'cluster') return null;
  if (!groupCellsCover(rf, columns, perYear, families.includes('change'))) return null;
  const cells = m.byGroup?.[column];
  if (!cells) return null;
  groupPaths.cells++;
  const p = plan(m, rf, columns);
  const stride = strideOf(p, column);
  const Y = m.nYears;
  const groups = cells.units.length / Y;
  const to = yearSpan(m, rf.to, rf.to);
  const span = yearSpan(m, rf.from, rf.to);
  return families.map((kind) => {
    if (kind === 'units') {
      const rows: Record<string, unknown>[] = [];
      if (!to) return rows;
      for (let g = 1; g < groups; g++) {
        const units = cells.units[g * Y + to[0]] ?? 0;
        if (units === 0) continue;
        rows.push({
          ...keyIds(p, g * stride),
          units,
          employment: cells.employment[g * Y + to[0]],
        });
      }
      return rows;
    }
    const s = new Groups(p.radix);
    if (span) {
      const range = yearBits(span[0], span[1]);
      const t = to ? to[0] : Y; // `to` past the data: no unit is counted
      // Subset sums: units with a grant in range = those within every year minus within ~range.
      const all = (1 << Y) - 1;
      const out = all & ~range;
      for (let g = 1; g < groups; g++) {
        const whole = ((g << Y) + all) * (Y + 1);
        const none = ((g << Y) + out) * (Y + 1);
        const h = cells.histogram;
        const any = (h[whole + Y] ?? 0) - (h[none + Y] ?? 0);
        const counted = to ? (h[whole + t] ?? 0) - (h[none + t] ?? 0) : 0;
        if (any === 0) continue;
        const slot = s.slot(g * stride);
        s.distinct[slot] = counted;
      }
    }
    return supportedRowsOf(p, s);
  });
}

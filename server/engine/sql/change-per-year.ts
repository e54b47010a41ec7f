import { sql } from 'kysely';
import type { DialectName } from '../../db/connect.ts';
import type { ResolvedFilters } from '../filters/resolve-filters.ts';
import type { Expr } from './filter-sql.ts';
import type { FactSource } from './fact-sources.ts';

/** Longest year range whose per-year change pairs are listed one by one (else `from = to - 1`). */
const MAX_LISTED_PAIRS = 40;

/**
 * Change per year: each (year - 1, year) pair. PostgreSQL cannot estimate `from_year = to_year - 1`
 * on a change rollup (1% of rows: 104 for 5,208 at `large`), so it sorted them for a
 * GroupAggregate after a scan (7.0 ms); with the pairs listed it looks each up in the rollup's
 * index on (to_year, from_year, …) and hashes them (1.6 ms). SQLite and the raw tables keep
 * the one comparison.
 */
export function changePerYear(
  src: FactSource,
  year: Expr,
  rf: ResolvedFilters,
  dialect: DialectName,
): Expr {
  if (dialect !== 'postgres' || src.name === 'raw' || rf.to - rf.from >= MAX_LISTED_PAIRS) {
    return sql`${src.fromYear} = ${year} - 1`;
  }
  const pairs: Expr[] = [];
  for (let y = rf.from; y <= rf.to; y++) {
    pairs.push(sql`(${src.fromYear} = ${y - 1} and ${year} = ${y})`);
  }
  return sql`(${sql.join(pairs, sql` or `)})`;
}

import { sql } from 'kysely';
import type { Expr } from './filter-sql.ts';

/**
 * Size class id from an employees expression, as sizeClassOf (server/domain/size.ts) defines it:
 * micro (1) < 10, small (2) 10–49, medium (3) ≥ 50; null when there is no employment row.
 */
export function sizeCase(employees: Expr): Expr {
  return sql`(case when ${employees} < 10 then 1 when ${employees} < 50 then 2 when ${employees} is not null then 3 end)`;
}

/** Jalali quarter from a Jalali month column (integer division in both dialects). */
export function quarterOf(month: Expr): Expr {
  return sql`((${month} + 2) / 3)`;
}

/**
 * Exact money total: summed in SQL (64-bit in SQLite, numeric in PostgreSQL) and sent as text, so
 * it never passes through a lossy float.
 */
export function moneySum(amount: Expr): Expr {
  return sql`cast(coalesce(sum(${amount}), 0) as text)`;
}

/** count(*) / sum(x) as plain numbers (PostgreSQL may answer bigint or numeric text). */
export function countAll(): Expr {
  return sql`count(*)`;
}

export function sumOf(expr: Expr): Expr {
  return sql`coalesce(sum(${expr}), 0)`;
}

export function distinctCount(expr: Expr): Expr {
  return sql`count(distinct ${expr})`;
}

/** Reads a numeric aggregate that PostgreSQL may return as a string. */
export function num(value: unknown): number {
  if (value === null || value === undefined) return 0;
  return typeof value === 'number' ? value : Number(value);
}

/** Reads an exact money total (decimal text) as bigint. */
export function money(value: unknown): bigint {
  if (value === null || value === undefined) return 0n;
  if (typeof value === 'bigint') return value;
  if (typeof value === 'number') return BigInt(value);
  if (typeof value !== 'string') throw new Error(`not a money total: ${typeof value}`);
  return BigInt(value.replace(/\.0+$/, ''));
}

import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import type { PlanTarget } from '../domain/achievement.ts';
import type { Scope } from '../domain/scope.ts';
import { money } from '../engine/sql/metric-sql.ts';
import { getReferenceMaps } from '../engine/facts/reference-lookup.ts';
import { scopeProvinceIds } from '../engine/filters/resolve-filters.ts';

/** A plan target as the plan computations read it: codes, not ids; the value exact. */
export type TargetRow = PlanTarget;

/**
 * The targets of Jalali years `from..to` the caller may see. Scoped like every other row: a
 * caller limited to some provinces sees their provinces' targets and never the whole country's
 * (a national figure would reveal the other provinces').
 */
export async function getTargets(
  db: Kysely<Database>,
  scope: Scope,
  years: { from: number; to: number },
): Promise<TargetRow[]> {
  const [refs, scoped] = await Promise.all([getReferenceMaps(db), scopeProvinceIds(db, scope)]);
  if (scoped !== null && scoped.length === 0) return [];
  let query = db
    .selectFrom('targets')
    .select([
      'year',
      'province_id',
      'category_id',
      'heading_id',
      'metric',
      // a bigint read as a JavaScript number would lose digits beyond 2^53
      sql<string>`cast(value as text)`.as('value'),
    ])
    .where('year', '>=', years.from)
    .where('year', '<=', years.to);
  if (scoped !== null) query = query.where('province_id', 'in', scoped);
  const rows = await query.orderBy('id').execute();
  return rows.map((r) => ({
    year: Number(r.year),
    province:
      r.province_id === null
        ? null
        : (refs.provinces.byId.get(Number(r.province_id))?.code ?? null),
    support:
      r.category_id !== null
        ? (refs.categories.byId.get(Number(r.category_id))?.code ?? null)
        : r.heading_id !== null
          ? (refs.headings.byId.get(Number(r.heading_id))?.code ?? null)
          : null,
    metric: r.metric,
    value: money(r.value),
  }));
}

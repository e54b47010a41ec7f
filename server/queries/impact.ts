import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import type { Filters } from '../domain/filters.ts';
import type { Scope } from '../domain/scope.ts';
import { and, filterPredicates, inList, type Expr } from '../engine/sql/filter-sql.ts';
import { num, sizeCase } from '../engine/sql/metric-sql.ts';
import type { YearRange } from '../engine/execute/metric-values.ts';
import { planFor, workerOptions, type QueryOptions } from '../engine/planner/query-plan.ts';
import { memoryFactsOf } from '../engine/facts/memory-facts.ts';
import { memoryImpactStrata, type ImpactStratumRow } from '../engine/memory/memory-impact.ts';
import { resolveFilters, type ResolvedFilters } from '../engine/filters/resolve-filters.ts';

export interface ImpactGroup {
  units: number;
  employmentFrom: number;
  employmentTo: number;
  /** (to − from) / from × 100; null when the group had no employment in `from`. */
  changePct: number | null;
}

export interface ImpactResult {
  range: YearRange;
  /** Units with ≥ 1 disbursed grant in the range under the selected headings. */
  supported: ImpactGroup;
  /** Units with no disbursed grant at all in the range, reweighted to the supported mix. */
  comparison: ImpactGroup;
  /** Strata (province × sector × size class in `from`) holding both groups. */
  strata: number;
  /** supported.changePct − comparison.changePct, in percentage points. */
  differencePct: number | null;
}

interface StratumCell {
  units: number;
  from: number;
  to: number;
}

function pct(from: number, to: number): number | null {
  return from > 0 ? ((to - from) / from) * 100 : null;
}

/**
 * Employment change of supported units versus comparable unsupported units. Both groups are units
 * present in `from` and `to`; the comparison is reweighted to the supported group's mix of strata
 * (province, sector, size in `from`), and only strata holding both groups count. Units supported
 * only under other headings belong to neither group. A size filter selects by the size in `to`,
 * as for every metric (metrics.ts): the supported group is then a subset of `supportedUnits`.
 */
export async function getImpact(
  db: Kysely<Database>,
  scope: Scope,
  filters: Filters,
  options: QueryOptions = {},
): Promise<ImpactResult> {
  const rf = await resolveFilters(db, scope, filters);
  // Every unit present in both years is classified: always a long read at scale.
  const plan = await planFor(db, { query: 'impact', reads: [], unitScan: true }, options);
  if (plan.runs === 'worker' && options.pool) {
    return options.pool.run('getImpact', [scope, filters, workerOptions(options, plan)]);
  }
  const memory = plan.unitScan === 'memory' ? memoryFactsOf(db) : null;
  const rows = memory ? memoryImpactStrata(memory, rf) : await sqlImpactStrata(db, rf);
  // A fixed order, so the reweighted float sums are the same whichever source answered.
  rows.sort(
    (a, b) =>
      a.provinceId - b.provinceId || a.sectorId - b.sectorId || a.size - b.size || a.grp - b.grp,
  );
  const strata = new Map<string, { supported?: StratumCell; comparison?: StratumCell }>();
  for (const r of rows) {
    const key = `${r.provinceId},${r.sectorId},${r.size}`;
    const cell = { units: r.units, from: r.employmentFrom, to: r.employmentTo };
    const s = strata.get(key) ?? {};
    if (r.grp === 1) s.supported = cell;
    else s.comparison = cell;
    strata.set(key, s);
  }
  const supported = { units: 0, from: 0, to: 0 };
  const comparison = { units: 0, from: 0, to: 0 };
  let common = 0;
  for (const { supported: s, comparison: c } of strata.values()) {
    if (!s || !c || c.units === 0) continue;
    common++;
    supported.units += s.units;
    supported.from += s.from;
    supported.to += s.to;
    // Reweight: the comparison stratum counts as many units as the supported one holds.
    const w = s.units / c.units;
    comparison.units += c.units;
    comparison.from += w * c.from;
    comparison.to += w * c.to;
  }
  const group = (g: { units: number; from: number; to: number }): ImpactGroup => ({
    units: g.units,
    employmentFrom: Math.round(g.from),
    employmentTo: Math.round(g.to),
    changePct: pct(g.from, g.to),
  });
  const sPct = pct(supported.from, supported.to);
  const cPct = pct(comparison.from, comparison.to);
  return {
    range: { from: rf.from, to: rf.to },
    supported: group(supported),
    comparison: group(comparison),
    strata: common,
    differencePct: sPct !== null && cPct !== null ? sPct - cPct : null,
  };
}

/** The strata of getImpact from the raw tables (the oracle the memory pass is tested against). */
async function sqlImpactStrata(
  db: Kysely<Database>,
  rf: ResolvedFilters,
): Promise<ImpactStratumRow[]> {
  const cols = {
    province: sql`u.province_id`,
    park: sql`u.park_id`,
    cluster: sql`u.cluster_id`,
    sector: sql`u.sector_id`,
    size: sizeCase(sql`e2.employees`),
  };
  // Strata compare like with like before support: the size in `from`.
  const stratumSize = sizeCase(sql`e1.employees`);
  const grantIn = (headings: number[] | null): Expr =>
    sql`exists (select 1 from grants g where g.unit_id = u.id and g.status = 'disbursed'
      and g.year between ${rf.from} and ${rf.to}${headings === null ? sql`` : sql` and ${inList(sql`g.heading_id`, headings)}`})`;
  const where = and([...filterPredicates(rf, cols, { heading: false })]);
  const { rows } = await sql<Record<string, unknown>>`
    select s.province_id, s.sector_id, s.size, s.grp, count(*) as units,
           sum(s.e_from) as e_from, sum(s.e_to) as e_to
    from (
      select u.province_id, u.sector_id, ${stratumSize} as size,
             case when ${grantIn(rf.headings)} then 1 when ${grantIn(null)} then 2 else 0 end as grp,
             e1.employees as e_from, e2.employees as e_to
      from units u
      join employment e1 on e1.unit_id = u.id and e1.year = ${rf.from}
      join employment e2 on e2.unit_id = u.id and e2.year = ${rf.to}
      where ${where}
    ) s
    where s.grp < 2
    group by s.province_id, s.sector_id, s.size, s.grp`.execute(db);

  return rows.map((r) => ({
    provinceId: num(r.province_id),
    sectorId: num(r.sector_id),
    size: num(r.size),
    grp: num(r.grp) === 1 ? 1 : 0,
    units: num(r.units),
    employmentFrom: num(r.e_from),
    employmentTo: num(r.e_to),
  }));
}

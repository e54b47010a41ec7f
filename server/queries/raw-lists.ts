import { sql, type Kysely } from 'kysely';
import type { Database, GrantStatus } from '../db/schema.ts';
import type { Filters } from '../domain/filters.ts';
import type { Scope } from '../domain/scope.ts';
import { sizeClassOf, type SizeClass } from '../domain/size.ts';
import { rawGrantSource, rawUnitSource } from './fact-sources.ts';
import { and, filterPredicates, type ColumnMap, type Expr } from './filter-sql.ts';
import { num, sizeCase } from './metric-sql.ts';
import { getReferenceMaps, sizeOfId } from './reference-lookup.ts';
import { resolveFilters, type ResolvedFilters } from './resolve-filters.ts';

/**
 * The raw filtered lists behind the exports (issue #5): units and grants, read in keyset pages
 * (`id > last order by id limit n`) so a 10M-row list never sits in memory and every page is an
 * index range scan. Filters are the metric filters, applied through the same column maps
 * (fact-sources.ts) as the aggregates, so a list's rows are exactly the facts its metric counts.
 */

export const GRANT_STATUSES: readonly GrantStatus[] = [
  'applied',
  'approved',
  'rejected',
  'disbursed',
  'cancelled',
];

export interface UnitListRow {
  id: number;
  code: string;
  nameFa: string;
  province: string;
  park: string | null;
  cluster: string | null;
  sector: string;
  status: string;
  exporter: boolean;
  licenceYear: number | null;
  /** Employees in the range's first year (null when the unit had no row then). */
  employeesFrom: number | null;
  /** Employees in the range's last year: every listed unit has a row then. */
  employeesTo: number;
  sizeTo: SizeClass;
}

export interface GrantListRow {
  id: number;
  code: string;
  unitCode: string;
  unitNameFa: string;
  province: string;
  park: string | null;
  cluster: string | null;
  sector: string;
  category: string;
  heading: string;
  year: number;
  month: number;
  appliedOn: string;
  disbursedOn: string | null;
  requestedAmount: number;
  approvedAmount: number | null;
  disbursedAmount: number | null;
  status: GrantStatus;
  /** Size class of the unit in the grant's year; null without an employment row that year. */
  size: SizeClass | null;
}

export interface ListOptions {
  /** Rows per keyset page (default 5000). */
  pageSize?: number;
}

export interface GrantListOptions extends ListOptions {
  /** Statuses to list; default only disbursed grants, the ones the `grants` metric counts. */
  statuses?: readonly GrantStatus[];
}

/**
 * Wraps a column so the planner cannot use an index on it: both SQLite and PostgreSQL then walk
 * the primary key in id order (what keyset paging needs) instead of sorting a filtered index scan
 * on every page.
 */
const noIndex = (expr: Expr): Expr => sql`(${expr} + 0)`;

function unitListColumns(): ColumnMap {
  const cols = rawUnitSource().cols;
  return {
    ...cols,
    province: noIndex(sql`u.province_id`),
    park: noIndex(sql`u.park_id`),
    cluster: noIndex(sql`u.cluster_id`),
  };
}

function grantListColumns(rf: ResolvedFilters): ColumnMap {
  const cols = rawGrantSource({ size: rf.sizes === null ? 'left' : 'inner', category: false }).cols;
  return {
    ...cols,
    province: noIndex(sql`u.province_id`),
    park: noIndex(sql`u.park_id`),
    cluster: noIndex(sql`u.cluster_id`),
    heading: noIndex(sql`g.heading_id`),
  };
}

function grantPredicates(rf: ResolvedFilters, statuses: readonly GrantStatus[]): Expr[] {
  const wanted = statuses.filter((s) => GRANT_STATUSES.includes(s));
  return [
    wanted.length === 0
      ? sql`1 = 0`
      : sql`(g.status || '') in (${sql.join(wanted.map((s) => sql.lit(s)))})`,
    sql`${noIndex(sql`g.year`)} between ${rf.from} and ${rf.to}`,
    ...filterPredicates(rf, grantListColumns(rf), { heading: true }),
  ];
}

function unitPredicates(rf: ResolvedFilters): Expr[] {
  const cols = unitListColumns();
  const preds = filterPredicates(rf, cols, { heading: false });
  return [sql`e.year = ${rf.to}`, ...preds];
}

// CROSS JOIN keeps SQLite's outer loop on the listed table's primary key; PostgreSQL treats it
// as an inner join and plans freely.
const UNIT_FROM = sql`units u cross join employment e`;
const GRANT_FROM = sql`grants g cross join units u left join employment eg on eg.unit_id = g.unit_id and eg.year = g.year`;

/** How many units the list holds (= the `units` metric of the same filters). */
export async function countUnitList(
  db: Kysely<Database>,
  scope: Scope,
  filters: Filters,
): Promise<number> {
  const rf = await resolveFilters(db, scope, filters);
  const { rows } = await sql<{ n: unknown }>`select count(*) as n from ${UNIT_FROM}
    where e.unit_id = u.id and ${and(unitPredicates(rf))}`.execute(db);
  return num(rows[0]?.n);
}

/** How many grants the list holds. */
export async function countGrantList(
  db: Kysely<Database>,
  scope: Scope,
  filters: Filters,
  options: GrantListOptions = {},
): Promise<number> {
  const rf = await resolveFilters(db, scope, filters);
  const { rows } = await sql<{ n: unknown }>`select count(*) as n from ${GRANT_FROM}
    where u.id = g.unit_id and ${and(grantPredicates(rf, options.statuses ?? ['disbursed']))}`.execute(
    db,
  );
  return num(rows[0]?.n);
}

interface UnitRecord {
  id: number;
  code: string;
  name_fa: string;
  province_id: number;
  sector_id: number;
  park: string | null;
  cluster: string | null;
  status: string;
  exporter: number;
  licence_year: number | null;
  employees_from: number | null;
  employees_to: number;
}

/**
 * The units the `units` metric counts (an employment row in year `to`, unit filters and scope
 * applied; support filters ignored, as for every unit metric), in id order, one page at a time.
 * Resolving the filters happens on the first `next()`, so bad park codes reject before any row.
 */
export async function* iterateUnitList(
  db: Kysely<Database>,
  scope: Scope,
  filters: Filters,
  options: ListOptions = {},
): AsyncGenerator<UnitListRow[]> {
  const rf = await resolveFilters(db, scope, filters);
  const refs = await getReferenceMaps(db);
  const pageSize = options.pageSize ?? 5000;
  const preds = unitPredicates(rf);
  let after = 0;
  for (;;) {
    const { rows } = await sql<UnitRecord>`select u.id, u.code, u.name_fa, u.province_id,
        u.sector_id, p.code as park, c.code as cluster, u.status, u.exporter, u.licence_year,
        ef.employees as employees_from, e.employees as employees_to
      from ${UNIT_FROM}
      left join employment ef on ef.unit_id = u.id and ef.year = ${rf.from}
      left join parks p on p.id = u.park_id
      left join clusters c on c.id = u.cluster_id
      where e.unit_id = u.id and u.id > ${after} and ${and(preds)}
      order by u.id limit ${pageSize}`.execute(db);
    if (rows.length === 0) return;
    yield rows.map((r) => ({
      id: Number(r.id),
      code: r.code,
      nameFa: r.name_fa,
      province: refs.provinces.byId.get(Number(r.province_id))?.code ?? '',
      park: r.park,
      cluster: r.cluster,
      sector: refs.sectors.byId.get(Number(r.sector_id))?.code ?? '',
      status: r.status,
      exporter: Number(r.exporter) === 1,
      licenceYear: r.licence_year === null ? null : Number(r.licence_year),
      employeesFrom: r.employees_from === null ? null : Number(r.employees_from),
      employeesTo: Number(r.employees_to),
      sizeTo: sizeClassOf(Number(r.employees_to)),
    }));
    if (rows.length < pageSize) return;
    after = Number(rows[rows.length - 1]?.id);
  }
}

interface GrantRecord {
  id: number;
  code: string;
  unit_code: string;
  unit_name: string;
  province_id: number;
  sector_id: number;
  park: string | null;
  cluster: string | null;
  heading_id: number;
  year: number;
  month: number;
  applied_on: string;
  disbursed_on: string | null;
  requested_amount: number;
  approved_amount: number | null;
  disbursed_amount: number | null;
  status: GrantStatus;
  size: number | null;
}

/**
 * The grants of the filters' year range (by default disbursed only, as the `grants` and `amount`
 * metrics count them: their disbursed amounts sum to `amount`), unit and support filters and the
 * scope applied, size class taken in the grant's year. Id order, one page at a time.
 */
export async function* iterateGrantList(
  db: Kysely<Database>,
  scope: Scope,
  filters: Filters,
  options: GrantListOptions = {},
): AsyncGenerator<GrantListRow[]> {
  const rf = await resolveFilters(db, scope, filters);
  const refs = await getReferenceMaps(db);
  const pageSize = options.pageSize ?? 5000;
  const preds = grantPredicates(rf, options.statuses ?? ['disbursed']);
  const code = (t: typeof refs.provinces, id: number) => t.byId.get(id)?.code ?? '';
  let after = 0;
  for (;;) {
    const { rows } = await sql<GrantRecord>`select g.id, g.code, u.code as unit_code,
        u.name_fa as unit_name, u.province_id, u.sector_id, p.code as park, c.code as cluster,
        g.heading_id, g.year, g.month, g.applied_on, g.disbursed_on, g.requested_amount,
        g.approved_amount, g.disbursed_amount, g.status, ${sizeCase(sql`eg.employees`)} as size
      from ${GRANT_FROM}
      left join parks p on p.id = u.park_id
      left join clusters c on c.id = u.cluster_id
      where u.id = g.unit_id and g.id > ${after} and ${and(preds)}
      order by g.id limit ${pageSize}`.execute(db);
    if (rows.length === 0) return;
    yield rows.map((r) => {
      const headingId = Number(r.heading_id);
      return {
        id: Number(r.id),
        code: r.code,
        unitCode: r.unit_code,
        unitNameFa: r.unit_name,
        province: code(refs.provinces, Number(r.province_id)),
        park: r.park,
        cluster: r.cluster,
        sector: code(refs.sectors, Number(r.sector_id)),
        category: code(refs.categories, refs.categoryOfHeading.get(headingId) ?? 0),
        heading: code(refs.headings, headingId),
        year: Number(r.year),
        month: Number(r.month),
        appliedOn: r.applied_on,
        disbursedOn: r.disbursed_on,
        requestedAmount: Number(r.requested_amount),
        approvedAmount: r.approved_amount === null ? null : Number(r.approved_amount),
        disbursedAmount: r.disbursed_amount === null ? null : Number(r.disbursed_amount),
        status: r.status,
        size: r.size === null ? null : (sizeOfId(Number(r.size)) ?? null),
      };
    });
    if (rows.length < pageSize) return;
    after = Number(rows[rows.length - 1]?.id);
  }
}

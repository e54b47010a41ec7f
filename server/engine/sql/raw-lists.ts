import { sql, type CompiledQuery, type Kysely, type RawBuilder } from 'kysely';
import type { Database, GrantStatus } from '../../db/schema.ts';
import type { Filters } from '../../domain/filters.ts';
import type { Scope } from '../../domain/scope.ts';
import { sizeClassOf, type SizeClass } from '../../domain/size.ts';
import { rawGrantSource, rawUnitSource } from './fact-sources.ts';
import { and, filterPredicates, type ColumnMap, type Expr } from './filter-sql.ts';
import { num } from './metric-sql.ts';
import { getReferenceMaps, type ReferenceMaps } from '../facts/reference-lookup.ts';
import { resolveFilters, type ResolvedFilters } from '../filters/resolve-filters.ts';

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
  /** Size class of the unit in the range's last year (what a size filter selects by); null without a row then. */
  sizeTo: SizeClass | null;
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
  const cols = rawGrantSource({
    size: rf.sizes === null ? 'left' : 'inner',
    category: false,
    supported: false,
    populationYear: sql`${rf.to}`,
  }).cols;
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
/** Grants with their unit, its row in the grant's year (eg) and in `to` (ep: size filter, metrics.ts). */
const grantFrom = (rf: ResolvedFilters) =>
  sql`grants g cross join units u left join employment eg on eg.unit_id = g.unit_id and eg.year = g.year left join employment ep on ep.unit_id = g.unit_id and ep.year = ${rf.to}`;

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
  const { rows } = await sql<{ n: unknown }>`select count(*) as n from ${grantFrom(rf)}
    where u.id = g.unit_id and ${and(grantPredicates(rf, options.statuses ?? ['disbursed']))}`.execute(
    db,
  );
  return num(rows[0]?.n);
}

/**
 * A list row as the database gives it: a positional tuple of ids and values, no joins to the
 * small reference tables (their codes and names come from in-memory maps). Tuples rather than
 * objects because a 10M-row list pays for every allocation; better-sqlite3's `.raw()` returns
 * exactly this shape.
 */
export type UnitTuple = [
  id: number,
  code: string,
  nameFa: string,
  provinceId: number,
  parkId: number | null,
  clusterId: number | null,
  sectorId: number,
  status: string,
  exporter: number,
  licenceYear: number | null,
  employeesFrom: number | null,
  employeesTo: number,
];

export type GrantTuple = [
  id: number,
  code: string,
  unitCode: string,
  unitNameFa: string,
  provinceId: number,
  parkId: number | null,
  clusterId: number | null,
  sectorId: number,
  headingId: number,
  year: number,
  month: number,
  appliedOn: string,
  disbursedOn: string | null,
  requestedAmount: number,
  approvedAmount: number | null,
  disbursedAmount: number | null,
  status: GrantStatus,
  /** Employees of the unit in the grant's year (size class), null without a row that year. */
  employees: number | null,
  /** Employees of the unit in the range's last year, null without a row then. */
  employeesTo: number | null,
];

/**
 * Which ids a list statement reads: a keyset page (`id > after`, `limit` rows), or the stripe
 * `@lo < id <= @hi` given as named parameters when the prepared statement is stepped
 * (compileListScan).
 */
type IdRange = { after: number; limit: number } | 'stripe';

/** A list's SQL for a range of ids, in id order. */
type ListSql = (range: IdRange) => RawBuilder<unknown>;

function idRange(id: Expr, range: IdRange): { where: Expr; limit: Expr } {
  if (range === 'stripe') return { where: sql`${id} > @lo and ${id} <= @hi`, limit: sql`` };
  return { where: sql`${id} > ${range.after}`, limit: sql`limit ${range.limit}` };
}

function unitListSql(rf: ResolvedFilters): ListSql {
  const preds = unitPredicates(rf);
  return (range) => {
    const ids = idRange(sql`u.id`, range);
    return sql`select u.id, u.code, u.name_fa, u.province_id, u.park_id,
      u.cluster_id, u.sector_id, u.status, u.exporter, u.licence_year,
      ef.employees as employees_from, e.employees as employees_to
    from ${UNIT_FROM}
    left join employment ef on ef.unit_id = u.id and ef.year = ${rf.from}
    where e.unit_id = u.id and ${ids.where} and ${and(preds)}
    order by u.id ${ids.limit}`;
  };
}

function grantListSql(rf: ResolvedFilters, statuses: readonly GrantStatus[]): ListSql {
  const preds = grantPredicates(rf, statuses);
  return (range) => {
    const ids = idRange(sql`g.id`, range);
    return sql`select g.id, g.code, u.code as unit_code, u.name_fa as unit_name,
      u.province_id, u.park_id, u.cluster_id, u.sector_id, g.heading_id, g.year, g.month,
      g.applied_on, g.disbursed_on, g.requested_amount, g.approved_amount, g.disbursed_amount,
      g.status, eg.employees, ep.employees as employees_to
    from ${grantFrom(rf)}
    where u.id = g.unit_id and ${ids.where} and ${and(preds)}
    order by g.id ${ids.limit}`;
  };
}

const UNIT_COLUMNS = 12;
const GRANT_COLUMNS = 19;

/** Driver values as tuple values: PostgreSQL may hand BIGINT/INTEGER back as strings. */
function tupleOf(record: Record<string, unknown>, width: number): unknown[] {
  const values = Object.values(record);
  if (values.length !== width) throw new Error(`raw list: expected ${width} columns`);
  return values.map((v) => (typeof v === 'bigint' ? Number(v) : v));
}

const NUMERIC_UNIT = [0, 3, 4, 5, 6, 8, 9, 10, 11];
const NUMERIC_GRANT = [0, 4, 5, 6, 7, 8, 9, 10, 13, 14, 15, 17, 18];

function numeric(tuple: unknown[], at: readonly number[]): void {
  for (const i of at) if (tuple[i] !== null) tuple[i] = Number(tuple[i]);
}

async function* keysetPages<T>(
  db: Kysely<Database>,
  list: ListSql,
  width: number,
  numericAt: readonly number[],
  pageSize: number,
): AsyncGenerator<T[]> {
  let after = 0;
  for (;;) {
    const { rows } = await list({ after, limit: pageSize }).execute(db);
    if (rows.length === 0) return;
    const tuples = rows.map((r) => {
      const t = tupleOf(r as Record<string, unknown>, width);
      numeric(t, numericAt);
      return t as T;
    });
    yield tuples;
    if (rows.length < pageSize) return;
    after = Number((tuples[tuples.length - 1] as unknown[])[0]);
  }
}

/**
 * The units the `units` metric counts (an employment row in year `to`, unit filters and scope
 * applied; support filters ignored, as for every unit metric), in id order, as keyset pages of
 * tuples. Resolving the filters happens on the first `next()`, so bad park codes reject first.
 */
export async function* iterateUnitTuples(
  db: Kysely<Database>,
  scope: Scope,
  filters: Filters,
  options: ListOptions = {},
): AsyncGenerator<UnitTuple[]> {
  const rf = await resolveFilters(db, scope, filters);
  yield* keysetPages<UnitTuple>(
    db,
    unitListSql(rf),
    UNIT_COLUMNS,
    NUMERIC_UNIT,
    options.pageSize ?? 5000,
  );
}

/**
 * The grants of the filters' year range (by default disbursed only, as the `grants` and `amount`
 * metrics count them: their disbursed amounts sum to `amount`), unit and support filters and the
 * scope applied. Id order, keyset pages of tuples.
 */
export async function* iterateGrantTuples(
  db: Kysely<Database>,
  scope: Scope,
  filters: Filters,
  options: GrantListOptions = {},
): AsyncGenerator<GrantTuple[]> {
  const rf = await resolveFilters(db, scope, filters);
  yield* keysetPages<GrantTuple>(
    db,
    grantListSql(rf, options.statuses ?? ['disbursed']),
    GRANT_COLUMNS,
    NUMERIC_GRANT,
    options.pageSize ?? 5000,
  );
}

/**
 * A list as one SQLite statement to prepare once and step over id stripes (`@lo < id <= @hi`,
 * named parameters; see prepareRawList), and the highest id there is to read: the same SQL as
 * the keyset pages, for worker threads that each read every other stripe.
 */
export async function compileListScan(
  db: Kysely<Database>,
  scope: Scope,
  filters: Filters,
  list: { kind: 'units' } | { kind: 'grants'; statuses?: readonly GrantStatus[] },
): Promise<{ query: CompiledQuery; maxId: number }> {
  const rf = await resolveFilters(db, scope, filters);
  const listSql =
    list.kind === 'units' ? unitListSql(rf) : grantListSql(rf, list.statuses ?? ['disbursed']);
  const table = list.kind === 'units' ? 'units' : 'grants';
  const top = await db
    .selectFrom(table)
    .select((eb) => eb.fn.max('id').as('id'))
    .executeTakeFirst();
  return { query: listSql('stripe').compile(db), maxId: Number(top?.id ?? 0) };
}

/** Codes of parks and clusters by id: the lists name them without a join per row. */
export interface DataCodes {
  parks: Map<number, string>;
  clusters: Map<number, string>;
}

export async function getDataCodes(db: Kysely<Database>): Promise<DataCodes> {
  const [parks, clusters] = await Promise.all([
    db.selectFrom('parks').select(['id', 'code']).execute(),
    db.selectFrom('clusters').select(['id', 'code']).execute(),
  ]);
  return {
    parks: new Map(parks.map((p) => [Number(p.id), p.code])),
    clusters: new Map(clusters.map((c) => [Number(c.id), c.code])),
  };
}

const codeOf = (map: Map<number, string>, id: number | null) =>
  id === null ? null : (map.get(id) ?? null);
const refCode = (t: ReferenceMaps['provinces'], id: number) => t.byId.get(id)?.code ?? '';

/** The units list as named rows, one keyset page at a time (see iterateUnitTuples). */
export async function* iterateUnitList(
  db: Kysely<Database>,
  scope: Scope,
  filters: Filters,
  options: ListOptions = {},
): AsyncGenerator<UnitListRow[]> {
  const pages = iterateUnitTuples(db, scope, filters, options);
  const [refs, data] = await Promise.all([getReferenceMaps(db), getDataCodes(db)]);
  for await (const page of pages) {
    yield page.map((t) => ({
      id: t[0],
      code: t[1],
      nameFa: t[2],
      province: refCode(refs.provinces, t[3]),
      park: codeOf(data.parks, t[4]),
      cluster: codeOf(data.clusters, t[5]),
      sector: refCode(refs.sectors, t[6]),
      status: t[7],
      exporter: t[8] === 1,
      licenceYear: t[9],
      employeesFrom: t[10],
      employeesTo: t[11],
      sizeTo: sizeClassOf(t[11]),
    }));
  }
}

/** The grants list as named rows, one keyset page at a time (see iterateGrantTuples). */
export async function* iterateGrantList(
  db: Kysely<Database>,
  scope: Scope,
  filters: Filters,
  options: GrantListOptions = {},
): AsyncGenerator<GrantListRow[]> {
  const pages = iterateGrantTuples(db, scope, filters, options);
  const [refs, data] = await Promise.all([getReferenceMaps(db), getDataCodes(db)]);
  for await (const page of pages) {
    yield page.map((t) => ({
      id: t[0],
      code: t[1],
      unitCode: t[2],
      unitNameFa: t[3],
      province: refCode(refs.provinces, t[4]),
      park: codeOf(data.parks, t[5]),
      cluster: codeOf(data.clusters, t[6]),
      sector: refCode(refs.sectors, t[7]),
      category: refCode(refs.categories, refs.categoryOfHeading.get(t[8]) ?? 0),
      heading: refCode(refs.headings, t[8]),
      year: t[9],
      month: t[10],
      appliedOn: t[11],
      disbursedOn: t[12],
      requestedAmount: t[13],
      approvedAmount: t[14],
      disbursedAmount: t[15],
      status: t[16],
      size: t[17] === null ? null : sizeClassOf(t[17]),
      sizeTo: t[18] === null ? null : sizeClassOf(t[18]),
    }));
  }
}

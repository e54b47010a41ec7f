import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import type { Filters } from '../../domain/filters.ts';
import { effectivePeriod } from '../../domain/period.ts';
import type { Scope } from '../../domain/scope.ts';
import { FilterValidationError } from './errors.ts';
import { dialectOf } from '../../db/connect.ts';
import {
  getDataMembers,
  getReferenceMaps,
  getYearBounds,
  sizeId,
  type YearBounds,
} from '../facts/reference-lookup.ts';

/**
 * Filters resolved to the integer ids the tables hold. `null` means "no restriction"; an empty
 * list means "nothing matches" (e.g. a province filter wholly outside the caller's scope).
 */
export interface ResolvedFilters {
  from: number;
  to: number;
  /** Province filter intersected with the scope: the scope is just another province predicate. */
  provinces: number[] | null;
  parks: number[] | null;
  clusters: number[] | null;
  sectors: number[] | null;
  /** Size class ids (micro 1, small 2, medium 3). */
  sizes: number[] | null;
  /** Category and heading filters combined (AND): the headings both allow. */
  headings: number[] | null;
  /** The category filter alone, when the heading set is exactly those whole categories. */
  wholeCategories: number[] | null;
  /** The dataset's years, for "previous range" decisions. */
  years: YearBounds | null;
}

/** Codes to ids for data tables (parks, clusters), restricted to the scope; unknown → 400. */
async function resolveDataCodes(
  db: Kysely<Database>,
  tableName: 'parks' | 'clusters',
  codes: string[],
  scopeProvinces: number[] | null,
): Promise<number[] | null> {
  if (codes.length === 0) return null;
  const rows =
    dialectOf(db) === 'postgres'
      ? await cachedDataCodes(db, tableName, codes)
      : await db
          .selectFrom(tableName)
          .select(['id', 'code', 'province_id'])
          .where('code', 'in', codes)
          .execute();
  const visible = rows.filter(
    (r) => scopeProvinces === null || scopeProvinces.includes(Number(r.province_id)),
  );
  const found = new Set(visible.map((r) => r.code));
  const unknown = codes.filter((c) => !found.has(c));
  if (unknown.length > 0) {
    const what = tableName === 'parks' ? 'park' : 'cluster';
    throw new FilterValidationError(
      `${tableName === 'parks' ? 'park' : 'cluster'}: unknown ${what} code${unknown.length > 1 ? 's' : ''} ${unknown
        .map((c) => `"${c}"`)
        .join(', ')} (کد ${tableName === 'parks' ? 'شهرک' : 'خوشه'} ناشناخته)`,
    );
  }
  return visible.map((r) => Number(r.id));
}

/** The rows of `codes` (each once) from the handle's cached members (PostgreSQL: getDataMembers). */
async function cachedDataCodes(
  db: Kysely<Database>,
  tableName: 'parks' | 'clusters',
  codes: string[],
): Promise<{ id: number; code: string; province_id: number }[]> {
  const { byCode } = await getDataMembers(db, tableName);
  return [...new Set(codes)].flatMap((code) => {
    const found = byCode.get(code);
    return found ? [{ id: found.id, code, province_id: found.provinceId }] : [];
  });
}

function intersect(a: number[] | null, b: number[] | null): number[] | null {
  if (a === null) return b;
  if (b === null) return a;
  const set = new Set(b);
  return a.filter((x) => set.has(x));
}

/** The scope's provinces as ids; null = all. Codes the database lacks simply see nothing. */
export async function scopeProvinceIds(
  db: Kysely<Database>,
  scope: Scope,
): Promise<number[] | null> {
  if (scope.provinces === 'all') return null;
  const refs = await getReferenceMaps(db);
  return scope.provinces.flatMap((code) => {
    const p = refs.provinces.byCode.get(code);
    return p ? [p.id] : [];
  });
}

/**
 * Resolves parsed filters (codes, optional years) against the database and the scope. Missing
 * years follow the period rule (effectivePeriod: the dataset's whole range); unknown park/cluster
 * codes throw FilterValidationError.
 */
export async function resolveFilters(
  db: Kysely<Database>,
  scope: Scope,
  filters: Filters,
): Promise<ResolvedFilters> {
  const [refs, years, scoped] = await Promise.all([
    getReferenceMaps(db),
    getYearBounds(db),
    scopeProvinceIds(db, scope),
  ]);
  const ids = (codes: string[], t: { byCode: Map<string, { id: number }> }) =>
    codes.length === 0 ? null : codes.flatMap((c) => t.byCode.get(c)?.id ?? []);

  const provinces = intersect(ids(filters.province, refs.provinces), scoped);
  // Both looked up at once, but a request naming unknown parks and clusters always hears about
  // the parks: on PostgreSQL the two lookups finish in either order.
  const [parksFound, clustersFound] = await Promise.allSettled([
    resolveDataCodes(db, 'parks', filters.park, scoped),
    resolveDataCodes(db, 'clusters', filters.cluster, scoped),
  ]);
  if (parksFound.status === 'rejected') throw parksFound.reason;
  if (clustersFound.status === 'rejected') throw clustersFound.reason;
  const parks = parksFound.value;
  const clusters = clustersFound.value;

  const categoryIds = ids(filters.category, refs.categories);
  const headingIds = ids(filters.heading, refs.headings);
  let headings: number[] | null = headingIds;
  if (categoryIds !== null) {
    const allowed = new Set(categoryIds);
    const inCategories = [...refs.categoryOfHeading]
      .filter(([, c]) => allowed.has(c))
      .map(([h]) => h);
    headings = intersect(headings, inCategories);
  }

  // The one period rule (server/domain/period.ts); without data, this Jalali year stands in.
  const { from, to } = effectivePeriod(filters, years, new Date().getFullYear() - 621);
  return {
    from,
    to,
    provinces,
    parks,
    clusters,
    sectors: ids(filters.sector, refs.sectors),
    sizes: filters.size.length === 0 ? null : filters.size.map(sizeId),
    headings,
    wholeCategories: headingIds === null ? categoryIds : null,
    years,
  };
}

/** The same filters over another year range (previous period, per-year rows). */
export function withRange(rf: ResolvedFilters, from: number, to: number): ResolvedFilters {
  return { ...rf, from, to };
}

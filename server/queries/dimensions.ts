import type { Kysely } from 'kysely';
import { dialectOf } from '../db/connect.ts';
import type { Database } from '../db/schema.ts';
import type { DataYears } from '../domain/period.ts';
import type { Scope } from '../domain/scope.ts';
import { SIZE_CLASSES, type SizeClass } from '../domain/size.ts';
import { getReferenceMaps, getYearBounds } from '../engine/facts/reference-lookup.ts';
import { scopeProvinceIds } from '../engine/filters/resolve-filters.ts';
import { getDataVersion } from '../stores/data-state.ts';
import { memoised, type AnswerMemo } from './answer-memo.ts';

export interface DimensionsResult {
  provinces: { code: string; nameFa: string; nameEn: string; population2016: number }[];
  sectors: { code: string; nameFa: string; nameEn: string }[];
  categories: { code: string; nameFa: string; nameEn: string }[];
  headings: {
    code: string;
    category: string;
    nameFa: string;
    nameEn: string;
    instrument: string;
    evidence: string;
  }[];
  parks: { code: string; province: string; nameFa: string; nameEn: string; kind: string }[];
  clusters: { code: string; province: string; sector: string; nameFa: string; nameEn: string }[];
  sizes: SizeClass[];
  /** The data's years; the default period (server/domain/period.ts) derives from them. */
  years: DataYears;
  dataset: { synthetic: boolean; scale: string | null; asOf: string | null; source: string };
}

/**
 * Dimension members with codes and fa/en names for filter pickers. Provinces, parks and clusters
 * are limited to the caller's scope (issue #8: a user never learns of members they may not
 * see); the year range is the dataset's own. With a `memo` (the HTTP API's) the answer is kept
 * per scope and change token (answer-memo.ts): every page asks it, and at `large` reading the
 * 3,900 parks and 1,800 clusters took 17–130 ms of the event loop each time. PostgreSQL has no
 * change token: there the answer is kept per scope and data version (pgDimensions).
 */
export function getDimensions(
  db: Kysely<Database>,
  scope: Scope,
  options: { memo?: AnswerMemo | undefined; dataToken?: string | null | undefined } = {},
): Promise<DimensionsResult> {
  const { memo, dataToken } = options;
  if (dialectOf(db) === 'postgres') return pgDimensions(db, scope);
  if (!memo) return readDimensions(db, scope);
  return memoised(
    memo,
    db,
    ['dimensions', scope],
    () => readDimensions(db, scope),
    dataToken === undefined ? {} : { version: dataToken },
  );
}

/** PostgreSQL answers per handle: the data version they were read under, by scope. */
const pgAnswers = new WeakMap<
  Kysely<Database>,
  { version: string; byScope: Map<string, Promise<DimensionsResult>> }
>();

/**
 * On PostgreSQL the five reads (5,700 park and cluster rows at `large`) cost 16–28 ms a call,
 * 2.4× SQLite's; one indexed row, the data version, says whether the last answer still holds:
 * every import and seed writes its rows and a new version in one transaction (data-state.ts).
 * Before the first rollup build there is no version and nothing is kept.
 */
async function pgDimensions(db: Kysely<Database>, scope: Scope): Promise<DimensionsResult> {
  const version = await getDataVersion(db);
  if (version === '') return readDimensions(db, scope);
  let kept = pgAnswers.get(db);
  if (kept?.version !== version) {
    kept = { version, byScope: new Map() };
    pgAnswers.set(db, kept);
  }
  const key = JSON.stringify(scope.provinces);
  let answer = kept.byScope.get(key);
  if (!answer) {
    const byScope = kept.byScope;
    answer = readDimensions(db, scope);
    byScope.set(key, answer);
    answer.catch(() => byScope.delete(key));
  }
  return answer;
}

async function readDimensions(db: Kysely<Database>, scope: Scope): Promise<DimensionsResult> {
  const [refs, scoped, years] = await Promise.all([
    getReferenceMaps(db),
    scopeProvinceIds(db, scope),
    getYearBounds(db),
  ]);
  const inScope = scoped === null ? null : scoped.length === 0 ? [-1] : scoped;
  let parksQuery = db
    .selectFrom('parks')
    .select(['code', 'province_id', 'name_fa', 'name_en', 'kind'])
    .orderBy('code');
  let provincesQuery = db
    .selectFrom('provinces')
    .select(['code', 'name_fa', 'name_en', 'population_2016'])
    .orderBy('id');
  let clustersQuery = db
    .selectFrom('clusters')
    .select(['code', 'province_id', 'sector_id', 'name_fa', 'name_en'])
    .orderBy('code');
  if (inScope) {
    provincesQuery = provincesQuery.where('id', 'in', inScope);
    parksQuery = parksQuery.where('province_id', 'in', inScope);
    clustersQuery = clustersQuery.where('province_id', 'in', inScope);
  }
  const [provinces, headings, parks, clusters, meta] = await Promise.all([
    provincesQuery.execute(),
    db
      .selectFrom('support_headings')
      .select(['code', 'category_id', 'name_fa', 'name_en', 'instrument', 'evidence'])
      .orderBy('id')
      .execute(),
    parksQuery.execute(),
    clustersQuery.execute(),
    db.selectFrom('dataset_meta').select(['key', 'value']).execute(),
  ]);
  const metaValue = (key: string) => meta.find((m) => m.key === key)?.value ?? null;
  const code = (t: { byId: Map<number, { code: string }> }, id: unknown) =>
    t.byId.get(Number(id))?.code ?? '';
  const named = (t: typeof refs.sectors) =>
    [...t.byId.values()].map((m) => ({ code: m.code, nameFa: m.nameFa, nameEn: m.nameEn }));
  return {
    provinces: provinces.map((p) => ({
      code: p.code,
      nameFa: p.name_fa,
      nameEn: p.name_en,
      population2016: Number(p.population_2016),
    })),
    sectors: named(refs.sectors),
    categories: named(refs.categories),
    headings: headings.map((h) => ({
      code: h.code,
      category: code(refs.categories, h.category_id),
      nameFa: h.name_fa,
      nameEn: h.name_en,
      instrument: h.instrument,
      evidence: h.evidence,
    })),
    parks: parks.map((p) => ({
      code: p.code,
      province: code(refs.provinces, p.province_id),
      nameFa: p.name_fa,
      nameEn: p.name_en,
      kind: p.kind,
    })),
    clusters: clusters.map((c) => ({
      code: c.code,
      province: code(refs.provinces, c.province_id),
      sector: code(refs.sectors, c.sector_id),
      nameFa: c.name_fa,
      nameEn: c.name_en,
    })),
    sizes: [...SIZE_CLASSES],
    years: years ?? { min: 0, max: 0, lastUnits: null },
    dataset: {
      synthetic: metaValue('synthetic') === 'true',
      scale: metaValue('scale'),
      asOf: metaValue('as_of'),
      source: metaValue('source') ?? '',
    },
  };
}

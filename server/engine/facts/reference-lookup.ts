import { sql, type Kysely } from 'kysely';
import { dialectOf } from '../../db/connect.ts';
import type { Database } from '../../db/schema.ts';
import { SIZE_CLASSES, sizeClassOf, type SizeClass } from '../../domain/size.ts';
import type { DataYears } from '../../domain/period.ts';

/** A reference member as the API names it. */
export interface RefMember {
  id: number;
  code: string;
  nameFa: string;
  nameEn: string;
}

export interface RefTable {
  byId: Map<number, RefMember>;
  byCode: Map<string, RefMember>;
}

export interface ReferenceMaps {
  provinces: RefTable;
  sectors: RefTable;
  categories: RefTable;
  headings: RefTable;
  /** heading id → category id */
  categoryOfHeading: Map<number, number>;
}

// Reference tables are written once by migration/seed and never change while a server runs, so
// their id↔code maps are cached per database handle.
const cache = new WeakMap<object, Promise<ReferenceMaps>>();

function table(rows: { id: number; code: string; name_fa: string; name_en: string }[]): RefTable {
  const byId = new Map<number, RefMember>();
  const byCode = new Map<string, RefMember>();
  for (const r of rows) {
    const m = { id: Number(r.id), code: r.code, nameFa: r.name_fa, nameEn: r.name_en };
    byId.set(m.id, m);
    byCode.set(m.code, m);
  }
  return { byId, byCode };
}

async function load(db: Kysely<Database>): Promise<ReferenceMaps> {
  const cols = ['id', 'code', 'name_fa', 'name_en'] as const;
  const [provinces, sectors, categories, headings] = await Promise.all([
    db.selectFrom('provinces').select(cols).orderBy('id').execute(),
    db.selectFrom('sectors').select(cols).orderBy('id').execute(),
    db.selectFrom('support_categories').select(cols).orderBy('id').execute(),
    db
      .selectFrom('support_headings')
      .select([...cols, 'category_id'])
      .orderBy('id')
      .execute(),
  ]);
  return {
    provinces: table(provinces),
    sectors: table(sectors),
    categories: table(categories),
    headings: table(headings),
    categoryOfHeading: new Map(headings.map((h) => [Number(h.id), Number(h.category_id)])),
  };
}

/** Id/code/name maps of provinces, sectors, support categories and headings (cached). */
export function getReferenceMaps(db: Kysely<Database>): Promise<ReferenceMaps> {
  let maps = cache.get(db);
  if (!maps) {
    maps = load(db);
    cache.set(db, maps);
    maps.catch(() => cache.delete(db));
  }
  return maps;
}

/** Drops a handle's cached maps (after an import renamed reference entries on another connection). */
export function forgetReferenceMaps(db: Kysely<Database>): void {
  cache.delete(db);
}

/** Size classes are stored and grouped as small integers: micro = 1, small = 2, medium = 3. */
export function sizeId(size: SizeClass): number {
  return SIZE_CLASSES.indexOf(size) + 1;
}

/** Size class id (1..3) of a head count: the id the rollups and in-memory facts store. */
export function sizeIdOfEmployees(employees: number): number {
  return sizeId(sizeClassOf(employees));
}

/** Dense positions of reference ids (position → id, id → position), for integer keys. */
export interface Positions {
  ids: number[];
  index: Map<number, number>;
}

export function densePositions(ids: Iterable<number>): Positions {
  const sorted = [...new Set(ids)].sort((a, b) => a - b);
  return { ids: sorted, index: new Map(sorted.map((id, i) => [id, i])) };
}

export const SIZE_NAMES: Record<SizeClass, { fa: string; en: string }> = {
  micro: { fa: 'خرد', en: 'Micro' },
  small: { fa: 'کوچک', en: 'Small' },
  medium: { fa: 'متوسط', en: 'Medium' },
};

export function sizeOfId(id: number): SizeClass | undefined {
  return SIZE_CLASSES[id - 1];
}

/** The dataset's years (server/domain/period.ts). */
export type YearBounds = DataYears;

/**
 * The dataset's Jalali year range: employment years and disbursed-grant years together, and the
 * last year of employment records (the default period's end). An empty database answers null.
 * Every question resolves its filters with it. On SQLite the lookups are index-only and cost
 * microseconds, so they run each time (and see every write at once); on PostgreSQL each is a
 * round trip (7–22 ms under load at `large`), so the answer is kept per handle until the data
 * version changes: a rebuild of the rollups through it, or forgetYearBounds (an import through
 * another connection, another process's write noticed by data-version-watch.ts).
 */
export function getYearBounds(db: Kysely<Database>): Promise<YearBounds | null> {
  if (dialectOf(db) === 'sqlite') return readYearBounds(db);
  let years = yearCache.get(db);
  if (!years) {
    years = readYearBounds(db);
    yearCache.set(db, years);
    years.catch(() => yearCache.delete(db));
  }
  return years;
}

const yearCache = new WeakMap<object, Promise<YearBounds | null>>();

/** Drops a handle's cached year range and park and cluster codes (the data version changed). */
export function forgetYearBounds(db: Kysely<Database>): void {
  yearCache.delete(db);
  dataCodeCache.delete(db);
}

/** A park or cluster as filters and group keys name it (the scope applies by its province). */
export interface DataMember {
  id: number;
  code: string;
  provinceId: number;
  nameFa: string;
  nameEn: string;
}

/** Every park or every cluster, by code and by id. */
export interface DataMembers {
  byCode: Map<string, DataMember>;
  byId: Map<number, DataMember>;
}

const dataCodeCache = new WeakMap<object, Map<string, Promise<DataMembers>>>();

/**
 * PostgreSQL: every park or cluster (code, id, province, names), read once per handle and data
 * version like the years (getYearBounds): a park or cluster filter was a round trip on the main
 * thread and again in the worker that answers it, and a breakdown by park or cluster one more
 * for the names of its rows (at `large` 0.28 ms p50, 1.1 p95 each, load 4.5); reading all 3,900
 * parks once takes 4 ms, and holds ~1 MB per thread. Parks and clusters change only by an
 * import, which makes a new version.
 */
export function getDataMembers(
  db: Kysely<Database>,
  tableName: 'parks' | 'clusters',
): Promise<DataMembers> {
  let tables = dataCodeCache.get(db);
  if (!tables) {
    tables = new Map();
    dataCodeCache.set(db, tables);
  }
  let members = tables.get(tableName);
  if (!members) {
    members = db
      .selectFrom(tableName)
      .select(['id', 'code', 'province_id', 'name_fa', 'name_en'])
      .execute()
      .then((rows) => {
        const byCode = new Map<string, DataMember>();
        const byId = new Map<number, DataMember>();
        for (const r of rows) {
          const m = {
            id: Number(r.id),
            code: r.code,
            provinceId: Number(r.province_id),
            nameFa: r.name_fa,
            nameEn: r.name_en,
          };
          byCode.set(m.code, m);
          byId.set(m.id, m);
        }
        return { byCode, byId };
      });
    const cached = members;
    tables.set(tableName, cached);
    cached.catch(() => {
      if (dataCodeCache.get(db)?.get(tableName) === cached)
        dataCodeCache.get(db)?.delete(tableName);
    });
  }
  return members;
}

async function readYearBounds(db: Kysely<Database>): Promise<YearBounds | null> {
  const { rows } = await sql<{
    e_min: number | null;
    e_max: number | null;
    g_min: number | null;
    g_max: number | null;
  }>`select (select min(year) from employment) as e_min, (select max(year) from employment) as e_max,
      (select min(year) from grants where status = 'disbursed') as g_min,
      (select max(year) from grants where status = 'disbursed') as g_max`.execute(db);
  const r = rows[0];
  const mins = [r?.e_min, r?.g_min].filter((v): v is number => v !== null && v !== undefined);
  const maxs = [r?.e_max, r?.g_max].filter((v): v is number => v !== null && v !== undefined);
  if (mins.length === 0 || maxs.length === 0) return null;
  return {
    min: Math.min(...mins.map(Number)),
    max: Math.max(...maxs.map(Number)),
    lastUnits: r?.e_max === null || r?.e_max === undefined ? null : Number(r.e_max),
  };
}

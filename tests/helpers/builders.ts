import { sql, type Kysely } from 'kysely';
import type { Database, GrantStatus } from '../../server/db/schema.ts';
import { jalaliToIso } from '../../server/domain/jalali.ts';
import { targetCode, type PlanMetric } from '../../server/domain/plan.ts';
import {
  CATEGORIES,
  HEADINGS,
  PROVINCE_CODES,
  SECTOR_CODES,
} from '../../server/domain/reference.ts';

/** Small, explicit datasets for query tests: codes in, rows written straight to the tables. */
export interface GrantSpec {
  heading: string;
  year: number;
  month?: number;
  amount: number;
  status?: GrantStatus;
}

export interface UnitSpec {
  code: string;
  /** Persian name (default `واحد CODE`). */
  name?: string;
  province: string;
  sector: string;
  park?: string | null;
  cluster?: string | null;
  /** Jalali year → employees */
  employment: Record<number, number>;
  grants?: GrantSpec[];
}

export interface ParkSpec {
  code: string;
  province: string;
  kind?: 'park' | 'zone' | 'specialised' | 'technology';
}

export interface ClusterSpec {
  code: string;
  province: string;
  sector: string;
}

export interface DatasetSpec {
  parks?: ParkSpec[];
  clusters?: ClusterSpec[];
  units: UnitSpec[];
  meta?: Record<string, string>;
}

const CHUNK = 200;

/** Writes a dataset into a migrated database that already holds the reference data. */
export async function insertDataset(db: Kysely<Database>, spec: DatasetSpec): Promise<void> {
  const provinceId = new Map(PROVINCE_CODES.map((c, i) => [c, i + 1]));
  const sectorId = new Map(SECTOR_CODES.map((c, i) => [c, i + 1]));
  const headingId = new Map(HEADINGS.map((h, i) => [h.code, i + 1]));
  const must = <T>(map: Map<string, T>, code: string): T => {
    const v = map.get(code);
    if (v === undefined) throw new Error(`builder: unknown code ${code}`);
    return v;
  };
  const parks = new Map((spec.parks ?? []).map((p, i) => [p.code, i + 1]));
  const clusters = new Map((spec.clusters ?? []).map((c, i) => [c.code, i + 1]));

  const units = spec.units.map((u, i) => ({
    id: i + 1,
    code: u.code,
    name_fa: u.name ?? `واحد ${u.code}`,
    province_id: must(provinceId, u.province),
    park_id: u.park ? must(parks, u.park) : null,
    cluster_id: u.cluster ? must(clusters, u.cluster) : null,
    sector_id: must(sectorId, u.sector),
    status: 'active' as const,
    exporter: 0,
    licence_year: null,
  }));
  const employment = spec.units.flatMap((u, i) =>
    Object.entries(u.employment).map(([year, employees]) => ({
      unit_id: i + 1,
      year: Number(year),
      employees,
    })),
  );
  let grantId = 0;
  const grants = spec.units.flatMap((u, i) =>
    (u.grants ?? []).map((g) => {
      grantId++;
      const month = g.month ?? 1;
      const date = jalaliToIso({ year: g.year, month, day: 1 });
      const status = g.status ?? 'disbursed';
      return {
        id: grantId,
        code: `G${grantId}`,
        unit_id: i + 1,
        heading_id: must(headingId, g.heading),
        year: g.year,
        month,
        applied_on: date,
        disbursed_on: status === 'disbursed' ? date : null,
        requested_amount: g.amount,
        approved_amount: g.amount,
        disbursed_amount: status === 'disbursed' ? g.amount : null,
        status,
      };
    }),
  );

  await db.transaction().execute(async (tx) => {
    if (spec.parks?.length) {
      await tx
        .insertInto('parks')
        .values(
          spec.parks.map((p, i) => ({
            id: i + 1,
            code: p.code,
            province_id: must(provinceId, p.province),
            kind: p.kind ?? 'park',
            status: 'active' as const,
            established_year: 1380,
            name_fa: `شهرک ${p.code}`,
            name_en: `Park ${p.code}`,
          })),
        )
        .execute();
    }
    if (spec.clusters?.length) {
      await tx
        .insertInto('clusters')
        .values(
          spec.clusters.map((c, i) => ({
            id: i + 1,
            code: c.code,
            province_id: must(provinceId, c.province),
            sector_id: must(sectorId, c.sector),
            name_fa: `خوشه ${c.code}`,
            name_en: `Cluster ${c.code}`,
            product_fa: 'محصول',
            product_en: 'Product',
            stage: 'developing' as const,
            identified_year: 1390,
            completed_year: null,
          })),
        )
        .execute();
    }
    for (let i = 0; i < units.length; i += CHUNK) {
      await tx
        .insertInto('units')
        .values(units.slice(i, i + CHUNK))
        .execute();
    }
    for (let i = 0; i < employment.length; i += CHUNK) {
      await tx
        .insertInto('employment')
        .values(employment.slice(i, i + CHUNK))
        .execute();
    }
    for (let i = 0; i < grants.length; i += CHUNK) {
      await tx
        .insertInto('grants')
        .values(grants.slice(i, i + CHUNK))
        .execute();
    }
    const meta = Object.entries(spec.meta ?? {});
    if (meta.length) {
      await tx
        .insertInto('dataset_meta')
        .values(meta.map(([key, value]) => ({ key, value })))
        .execute();
    }
  });
}

/** Deterministic PRNG (mulberry32) so random datasets are reproducible from a seed. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface RandomDatasetOptions {
  units: number;
  years: [number, number];
  provinces?: string[];
  seed: number;
  /**
   * Share of grants (0..1) whose amount lies near 2^53 (2^53 − 1, 2^52 ± k, 2^51 + k), so totals
   * run far past 2^53; default none (the other amounts and the random sequence stay as they were).
   */
  hugeAmounts?: number;
}

/** Grant amounts at the edge of exact JavaScript numbers: all below 2^53, each exact. */
const HUGE_AMOUNTS = [
  (k: number) => Number.MAX_SAFE_INTEGER - k, // 2^53 − 1 − k
  (k: number) => 2 ** 52 + k,
  (k: number) => 2 ** 52 - 1 - k,
  (k: number) => 2 ** 51 + 2 * k + 1,
];
/** Keeps a dataset's whole total below 2^62: SQLite's sum() is 64-bit and raises on overflow. */
const HUGE_BUDGET = 2n ** 62n;

/**
 * A random but seeded dataset: a few provinces, parks and clusters, units whose size changes over
 * the years (so size in `to` and size in the grant's year differ), gaps in employment, grants of
 * several headings and statuses, some in years without an employment row.
 */
export function randomDataset(options: RandomDatasetOptions): DatasetSpec {
  const rnd = prng(options.seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)] as T;
  const provinces = options.provinces ?? ['IR-00', 'IR-01', 'IR-10', 'IR-23'];
  const sectors = SECTOR_CODES.slice(0, 3);
  const headings = ['FIN-01', 'FIN-02', 'MKT-01', 'TEC-01'].filter((h) =>
    HEADINGS.some((x) => x.code === h),
  );
  const parks = provinces.flatMap((p, i) => [
    { code: `P${i}A`, province: p },
    { code: `P${i}B`, province: p },
  ]);
  const clusters = provinces.map((p, i) => ({ code: `C${i}`, province: p, sector: pick(sectors) }));
  const statuses: GrantStatus[] = ['disbursed', 'disbursed', 'disbursed', 'rejected', 'applied'];
  const units: UnitSpec[] = [];
  const [y0, y1] = options.years;
  let hugeTotal = 0n;
  const amount = (): number => {
    const small = 1 + Math.floor(rnd() * 1e9);
    if (options.hugeAmounts === undefined || rnd() >= options.hugeAmounts) return small;
    const huge = pick(HUGE_AMOUNTS)(Math.floor(rnd() * 1000));
    if (hugeTotal + BigInt(huge) >= HUGE_BUDGET) return small;
    hugeTotal += BigInt(huge);
    return huge;
  };
  for (let i = 0; i < options.units; i++) {
    const province = pick(provinces);
    const pi = provinces.indexOf(province);
    const employment: Record<number, number> = {};
    let employees = Math.floor(rnd() * 80);
    for (let y = y0; y <= y1; y++) {
      if (rnd() < 0.85) employment[y] = employees;
      employees = Math.max(0, employees + Math.floor(rnd() * 30) - 14);
    }
    const grants: GrantSpec[] = [];
    const n = rnd() < 0.4 ? 0 : Math.floor(rnd() * 4);
    for (let g = 0; g < n; g++) {
      grants.push({
        heading: pick(headings),
        year: y0 + Math.floor(rnd() * (y1 - y0 + 1)),
        month: 1 + Math.floor(rnd() * 12),
        amount: amount(),
        status: pick(statuses),
      });
    }
    units.push({
      code: `U${String(i).padStart(4, '0')}`,
      province,
      sector: pick(sectors),
      park: rnd() < 0.6 ? `P${pi}${rnd() < 0.5 ? 'A' : 'B'}` : null,
      cluster: rnd() < 0.3 ? `C${pi}` : null,
      employment,
      grants,
    });
  }
  return { parks, clusters, units };
}

/**
 * Persian names with repeats and pairs that collate equal though spelled differently (a
 * zero-width non-joiner, Persian and Latin digits), letters whose Persian order is not their
 * code points' (پ before ت; Arabic ي and ك beside Persian ی and ک), Latin case.
 */
const DRILL_NAMES = [
  'واحد پ',
  'واحد ت',
  'واحد\u200cپ',
  'واحدپ',
  'کارگاه ۱',
  'کارگاه 1',
  'كارگاه ي',
  'کارگاه ی',
  'Unit a',
  'unit A',
  'زعفران',
];
/** Code prefixes (four): `U۱` and `U1` collate equal, so some codes tie too. */
const DRILL_CODE_PREFIXES = ['U-', 'u', 'U۱', 'U1'];

/**
 * The dataset with unit names and codes in neither id order nor code-point order, with ties
 * (the drill's name and code sorts: localeCompare(…, 'fa'), ties by id). Codes stay unique:
 * `p = (i * 37) mod n` is a permutation when n is prime to 37, and p's prefix and p >> 1 give p.
 */
export function withDrillNames(spec: DatasetSpec): DatasetSpec {
  const n = spec.units.length;
  if (n % 37 === 0) throw new Error('withDrillNames: the unit count must be prime to 37');
  return {
    ...spec,
    units: spec.units.map((u, i) => {
      const p = (i * 37) % n;
      // p = 2k and 2k + 1 share the number k under two prefixes: U۱k and U1k when k is odd.
      return {
        ...u,
        name: DRILL_NAMES[(i * 7) % DRILL_NAMES.length] ?? '',
        code: `${DRILL_CODE_PREFIXES[p % 4] ?? ''}${p >> 1}`,
      };
    }),
  };
}

/** A plan target for a test: codes in (null province: the whole country; null support: all). */
export interface TargetSpec {
  year: number;
  province?: string | null;
  support?: string | null;
  metric: PlanMetric;
  value: number | string | bigint;
}

/** Writes targets as the import stores them (the code spelled out by targetCode). */
export async function insertTargets(
  db: Kysely<Database>,
  specs: readonly TargetSpec[],
): Promise<void> {
  if (specs.length === 0) return;
  const provinceId = new Map(PROVINCE_CODES.map((c, i) => [c, i + 1]));
  const categoryId = new Map(CATEGORIES.map((c, i) => [c.code, i + 1]));
  const headingId = new Map(HEADINGS.map((h, i) => [h.code, i + 1]));
  const first = Number(
    (
      await db
        .selectFrom('targets')
        .select((eb) => eb.fn.max('id').as('m'))
        .executeTakeFirst()
    )?.m ?? 0,
  );
  await db
    .insertInto('targets')
    .values(
      specs.map((s, i) => {
        const province = s.province ?? null;
        const support = s.support ?? null;
        return {
          id: first + i + 1,
          code: targetCode(s.year, province, support, s.metric),
          year: s.year,
          province_id: province === null ? null : (provinceId.get(province) ?? -1),
          category_id: support === null ? null : (categoryId.get(support) ?? null),
          heading_id:
            support === null || categoryId.has(support) ? null : (headingId.get(support) ?? -1),
          metric: s.metric,
          // a string binds exactly in both dialects, beyond 2^53 too
          value: sql<number>`${String(s.value)}`,
        };
      }),
    )
    .execute();
}

import type { Kysely } from 'kysely';
import { isPostgresUrl, openDatabase } from '../db/connect.ts';
import { migrateToLatest } from '../db/migrate.ts';
import { loadReferenceData } from '../db/reference-data.ts';
import type { Database } from '../db/schema.ts';
import { Calendar } from './calendar.ts';
import { generateGeography, provinceOfUnits } from './geography.ts';
import { headingPlans } from './headings.ts';
import { postgresWriter } from './postgres-writer.ts';
import { Rng } from './prng.ts';
import { SCALES, type ScaleName } from './scales.ts';
import { sqliteWriter } from './sqlite-writer.ts';
import type { DataTable } from './tables.ts';
import { TargetTally } from './targets.ts';
import { generateUnits } from './units.ts';
import type { BulkWriter } from './writer.ts';

export const DEFAULT_SEED = 1403;

export interface SeedProgress {
  phase: 'prepare' | 'parks' | 'clusters' | 'units' | 'indexes' | 'finish';
  done: number;
  total: number;
  /** Rows written so far, all tables (for a rows/s rate). */
  rows: number;
}

export interface SeedOptions {
  scale: ScaleName;
  /** PRNG seed; the same seed gives identical rows on SQLite and PostgreSQL. Default 1403. */
  seed?: number;
  /** PostgreSQL schema (tests). */
  schema?: string;
  /** Delete an existing dataset first (in one transaction) instead of refusing. */
  fresh?: boolean;
  onProgress?: (p: SeedProgress) => void;
}

export interface SeedReport {
  scale: ScaleName;
  seed: number;
  counts: Record<DataTable, number>;
  /** ISO date of the newest record (application or disbursement). */
  asOf: string;
  seconds: number;
  /** SQLite file size; null on PostgreSQL. */
  sizeBytes: number | null;
}

/** Thrown when the database already holds a dataset and `fresh` was not given. */
export class SeedRefusedError extends Error {
  constructor(units: number) {
    super(
      `the database already holds ${units} units; pass fresh: true (--fresh) to replace them / ` +
        `پایگاه داده از پیش ${units} واحد دارد؛ برای جایگزینی از --fresh استفاده کنید`,
    );
    this.name = 'SeedRefusedError';
  }
}

/** A dataset is complete only once `seeded_at` is written, which the seeder does last. */
export async function isSeeded(db: Kysely<Database>): Promise<boolean> {
  const row = await db
    .selectFrom('dataset_meta')
    .select('value')
    .where('key', '=', 'seeded_at')
    .executeTakeFirst();
  return row !== undefined;
}

/**
 * Migrates, loads the reference data and writes a deterministic synthetic dataset, streaming
 * units in batches (one transaction per batch) so memory stays bounded at any scale.
 * Refuses a database that holds units unless `fresh` — except the leftovers of an interrupted
 * seed (marked by `seed_started_at` without `seeded_at`), which are cleared. The dataset facts
 * (`synthetic`, `scale`, `seed`, `as_of`, `source`, `seeded_at`) are written last.
 * Rollups are not built here (server/engine/rollups/rollups.ts does that).
 */
export async function seedDatabase(url: string, options: SeedOptions): Promise<SeedReport> {
  const started = performance.now();
  const scale = SCALES[options.scale];
  const seed = options.seed ?? DEFAULT_SEED;
  const progress = options.onProgress ?? (() => undefined);
  progress({ phase: 'prepare', done: 0, total: 1, rows: 0 });

  const kysely = openDatabase(url, options.schema ? { schema: options.schema } : {});
  try {
    await migrateToLatest(kysely);
    await loadReferenceData(kysely);
  } finally {
    await kysely.destroy();
  }

  const writer: BulkWriter = isPostgresUrl(url)
    ? await postgresWriter(url, options.schema)
    : sqliteWriter(url);
  try {
    const units = await writer.unitCount();
    const interrupted =
      (await writer.meta('seed_started_at')) !== null && (await writer.meta('seeded_at')) === null;
    if (units > 0 && !options.fresh && !interrupted) throw new SeedRefusedError(units);
    await writer.restoreIndexes();
    await writer.clearData();
    await writer.writeMeta({ seed_started_at: new Date().toISOString() });
    await writer.deferIndexes();
    progress({ phase: 'prepare', done: 1, total: 1, rows: 0 });

    const rng = new Rng(seed, 0x67656f);
    const geo = generateGeography(rng, scale);
    await writer.writeBatch({ parks: geo.parks });
    progress({
      phase: 'parks',
      done: geo.parks.length,
      total: geo.parks.length,
      rows: geo.parks.length,
    });
    await writer.writeBatch({ clusters: geo.clusters });
    const counts: Record<DataTable, number> = {
      parks: geo.parks.length,
      clusters: geo.clusters.length,
      units: 0,
      employment: 0,
      grants: 0,
      targets: 0,
    };
    const rows = (): number => Object.values(counts).reduce((a, b) => a + b, 0);
    progress({ phase: 'clusters', done: counts.clusters, total: counts.clusters, rows: rows() });
    const calendar = new Calendar();
    const stream = generateUnits(
      seed,
      scale,
      geo,
      provinceOfUnits(rng, scale.units),
      headingPlans(),
      calendar,
    );
    const tally = new TargetTally();
    let next = stream.next();
    while (!next.done) {
      const batch = next.value;
      tally.observe(batch);
      await writer.writeBatch(batch);
      counts.units += batch.units.length;
      counts.employment += batch.employment.length;
      counts.grants += batch.grants.length;
      progress({ phase: 'units', done: counts.units, total: scale.units, rows: rows() });
      next = stream.next();
    }
    const asOf = calendar.day(next.value.newestDay).iso;
    const targets = tally.rows(seed);
    await writer.writeBatch({ targets });
    counts.targets = targets.length;
    progress({ phase: 'indexes', done: 0, total: 1, rows: rows() });
    await writer.restoreIndexes();

    await writer.writeMeta({
      synthetic: 'true',
      scale: scale.name,
      seed: String(seed),
      as_of: asOf,
      source:
        'Synthetic data calibrated to the published totals of the Iran Small Industries and ' +
        'Industrial Parks Organization (ISIPO) / ' +
        'داده‌های ساختگی هم‌تراز با آمار منتشرشده سازمان صنایع کوچک و شهرک‌های صنعتی ایران',
      seeded_at: new Date().toISOString(),
    });
    progress({ phase: 'finish', done: 1, total: 1, rows: rows() });
    const sizeBytes = await writer.sizeBytes();
    return {
      scale: scale.name,
      seed,
      counts,
      asOf,
      seconds: (performance.now() - started) / 1000,
      sizeBytes,
    };
  } finally {
    await writer.close();
  }
}

import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Kysely } from 'kysely';
import { openDatabase } from '../server/db/connect.ts';
import { migrateToLatest } from '../server/db/migrate.ts';
import type { Database } from '../server/db/schema.ts';
import {
  rebuildRollups,
  rollupsAreFresh,
  vacuumRollups,
} from '../server/engine/rollups/rollups.ts';
import { DEFAULT_SEED, seedDatabase, type ScaleName } from '../server/seed/index.ts';
import {
  DIALECT_NAMES,
  ensurePostgresDatabase,
  rollupRecordPathOf,
  shownUrl,
  snapshotPathOf,
  type BenchDatabase,
} from './database.ts';

interface RollupRecord {
  seconds: number;
  rows: Record<string, number>;
  measuredAt: string;
  /** Whether the rebuild also wrote the facts snapshot (from its own read; absent before). */
  snapshot?: string | null;
}

export interface DatasetReport {
  dialect: BenchDatabase['dialect'];
  /** The SQLite file or the PostgreSQL URL (without its password). */
  location: string;
  /** Seconds spent seeding; null when an already seeded file was reused. */
  seedSeconds: number | null;
  /**
   * The derived-state rebuild after a seed or import: every rollup table in one transaction and
   * the facts snapshot from the same read (`rollupWroteSnapshot`).
   */
  rollupSeconds: number;
  rollupWroteSnapshot: boolean;
  rollupRows: Record<string, number>;
  /** When the rebuild was measured: now, or earlier (`--reuse-rollups`, from the sidecar file). */
  rollupMeasuredAt: string;
  rollupReused: boolean;
  counts: { units: number; employment: number; grants: number };
}

/** What `dataset_meta` says of the dataset a database holds. */
export interface DatasetMeta {
  seededAt: string | null;
  scale: string | null;
  seed: string | null;
}

/**
 * Whether a database already holds the `scale` dataset of `seed`: completely seeded (an
 * interrupted seed has no `seeded_at`) with the same scale and seed, so it answers the same rows.
 */
export function holdsDataset(meta: DatasetMeta, scale: ScaleName, seed: number): boolean {
  return meta.seededAt !== null && meta.scale === scale && meta.seed === String(seed);
}

async function datasetMetaOf(db: Kysely<Database>): Promise<DatasetMeta> {
  const rows = await db
    .selectFrom('dataset_meta')
    .select(['key', 'value'])
    .where('key', 'in', ['seeded_at', 'scale', 'seed'])
    .execute();
  const value = (key: string) => rows.find((r) => r.key === key)?.value ?? null;
  return { seededAt: value('seeded_at'), scale: value('scale'), seed: value('seed') };
}

/**
 * Makes `target` hold the `scale` dataset (a PostgreSQL database is created on `serverUrl`'s
 * server when missing): reuses it when it holds that dataset, else seeds it (replacing another
 * scale's or seed's rows; an interrupted seed is redone by the seeder), then rebuilds the rollups
 * and times the rebuild.
 */
export async function prepareDataset(
  scale: ScaleName,
  target: BenchDatabase,
  options: { reuseRollups: boolean; serverUrl?: string },
  log: (message: string) => void,
): Promise<DatasetReport> {
  const where = `${DIALECT_NAMES[target.dialect]} ${shownUrl(target)}`;
  if (target.dialect === 'sqlite') mkdirSync(dirname(target.url), { recursive: true });
  else await ensurePostgresDatabase(options.serverUrl ?? target.url, target);
  let db = openDatabase(target.url);
  await migrateToLatest(db);
  let seedSeconds: number | null = null;
  const meta = await datasetMetaOf(db);
  if (!holdsDataset(meta, scale, DEFAULT_SEED)) {
    await db.destroy();
    // Another scale or seed is replaced; leftovers of an interrupted seed are the seeder's to clear.
    const fresh = meta.seededAt !== null;
    log(
      `seeding ${scale} into ${where}${fresh ? ` (replacing ${meta.scale ?? '?'}, seed ${meta.seed ?? '?'})` : ''} (large takes 10+ minutes)…`,
    );
    let lastPhase = '';
    const report = await seedDatabase(target.url, {
      scale,
      seed: DEFAULT_SEED,
      fresh,
      onProgress: (p) => {
        if (p.phase !== lastPhase) log(`  seed: ${p.phase}`);
        lastPhase = p.phase;
      },
    });
    seedSeconds = report.seconds;
    log(`seeded in ${report.seconds.toFixed(1)} s`);
    db = openDatabase(target.url);
  }
  // The last measured rebuild is kept beside the data, so --reuse-rollups can still report it.
  const sidecar = rollupRecordPathOf(target);
  let rollups: RollupRecord;
  let reused = false;
  if (options.reuseRollups && existsSync(sidecar) && (await rollupsAreFresh(db))) {
    rollups = JSON.parse(readFileSync(sidecar, 'utf8')) as RollupRecord;
    reused = true;
    log(
      `reusing fresh rollups (rebuilt in ${rollups.seconds.toFixed(1)} s at ${rollups.measuredAt})`,
    );
    // As a rebuild leaves them (all-visible on PostgreSQL), whichever code built them: a build
    // before vacuumRollups, on a server without autovacuum, read every row from the heap too.
    await vacuumRollups(db);
  } else {
    log(`rebuilding rollups of ${scale} on ${where}…`);
    // The snapshot goes where this database's servers read it (PostgreSQL's: DIR, not the default).
    const built = await rebuildRollups(db, { snapshot: snapshotPathOf(target) });
    rollups = { ...built, measuredAt: new Date().toISOString() };
    writeFileSync(sidecar, JSON.stringify(rollups));
    log(
      `rollups rebuilt in ${rollups.seconds.toFixed(1)} s${built.snapshot ? ', the facts snapshot with them' : ' (no facts snapshot written)'}`,
    );
  }
  const count = async (table: 'units' | 'employment' | 'grants') =>
    Number(
      (
        await db
          .selectFrom(table)
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
  const counts = {
    units: await count('units'),
    employment: await count('employment'),
    grants: await count('grants'),
  };
  await db.destroy();
  return {
    dialect: target.dialect,
    location: shownUrl(target),
    seedSeconds,
    rollupSeconds: rollups.seconds,
    rollupRows: rollups.rows,
    rollupWroteSnapshot: Boolean(rollups.snapshot),
    rollupMeasuredAt: rollups.measuredAt,
    rollupReused: reused,
    counts,
  };
}

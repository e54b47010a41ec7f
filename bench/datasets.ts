import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { openDatabase } from '../server/db/connect.ts';
import { migrateToLatest } from '../server/db/migrate.ts';
import { rebuildRollups, rollupsAreFresh } from '../server/queries/rollups.ts';
import { isSeeded, seedDatabase, type ScaleName } from '../server/seed/index.ts';

interface RollupRecord {
  seconds: number;
  rows: Record<string, number>;
  measuredAt: string;
}

export interface DatasetReport {
  file: string;
  /** Seconds spent seeding; null when an already seeded file was reused. */
  seedSeconds: number | null;
  /** Rollup rebuild (one transaction over every rollup table). */
  rollupSeconds: number;
  rollupRows: Record<string, number>;
  /** When the rebuild was measured: now, or earlier (`--reuse-rollups`, from the sidecar file). */
  rollupMeasuredAt: string;
  rollupReused: boolean;
  counts: { units: number; employment: number; grants: number };
}

/**
 * Makes `file` hold the `scale` dataset: reuses it when already seeded (an interrupted seed is
 * redone by the seeder), then rebuilds the rollups and times the rebuild.
 */
export async function prepareDataset(
  scale: ScaleName,
  file: string,
  reuseRollups: boolean,
  log: (message: string) => void,
): Promise<DatasetReport> {
  mkdirSync(dirname(file), { recursive: true });
  let db = openDatabase(file);
  await migrateToLatest(db);
  let seedSeconds: number | null = null;
  if (!(await isSeeded(db))) {
    await db.destroy();
    log(`seeding ${scale} into ${file} (large takes 10+ minutes)…`);
    let lastPhase = '';
    const report = await seedDatabase(file, {
      scale,
      onProgress: (p) => {
        if (p.phase !== lastPhase) log(`  seed: ${p.phase}`);
        lastPhase = p.phase;
      },
    });
    seedSeconds = report.seconds;
    log(`seeded in ${report.seconds.toFixed(1)} s`);
    db = openDatabase(file);
  }
  // The last measured rebuild is kept beside the file, so --reuse-rollups can still report it.
  const sidecar = `${file}.rollups.json`;
  let rollups: RollupRecord;
  let reused = false;
  if (reuseRollups && existsSync(sidecar) && (await rollupsAreFresh(db))) {
    rollups = JSON.parse(readFileSync(sidecar, 'utf8')) as RollupRecord;
    reused = true;
    log(
      `reusing fresh rollups (rebuilt in ${rollups.seconds.toFixed(1)} s at ${rollups.measuredAt})`,
    );
  } else {
    log(`rebuilding rollups of ${scale}…`);
    const built = await rebuildRollups(db);
    rollups = { ...built, measuredAt: new Date().toISOString() };
    writeFileSync(sidecar, JSON.stringify(rollups));
    log(`rollups rebuilt in ${rollups.seconds.toFixed(1)} s`);
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
    file,
    seedSeconds,
    rollupSeconds: rollups.seconds,
    rollupRows: rollups.rows,
    rollupMeasuredAt: rollups.measuredAt,
    rollupReused: reused,
    counts,
  };
}

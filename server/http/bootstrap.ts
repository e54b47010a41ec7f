import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { Kysely } from 'kysely';
import { isPostgresUrl, openDatabase, sqliteHandleOf } from '../db/connect.ts';
import { migrateToLatest } from '../db/migrate.ts';
import { loadReferenceData } from '../db/reference-data.ts';
import type { Database } from '../db/schema.ts';
import { rebuildRollups, rollupsAreFresh } from '../engine/rollups/rollups.ts';
import { isSeeded, seedDatabase } from '../seed/index.ts';
import { timedPhase } from '../startup-timings.ts';
import { createProgressReporter } from './progress-line.ts';

/** Start-up messages go to stderr so stdout carries only the serving URL. */
export type StartupLog = (message: string) => void;
const stderrLog: StartupLog = (message) => process.stderr.write(`${message}\n`);

/**
 * Makes the database ready to serve: migrates, loads the reference data, creates the synthetic
 * national dataset on first start (with progress on stderr) and rebuilds stale rollups.
 * A database that is already seeded is left as it is, so later starts take seconds.
 */
export async function prepareDatabase(
  url: string,
  log: StartupLog = stderrLog,
): Promise<Kysely<Database>> {
  if (!isPostgresUrl(url)) mkdirSync(dirname(resolve(url)), { recursive: true });
  let db = await timedPhase('main', 'open database', () => openDatabase(url));
  try {
    await timedPhase('main', 'migrations', () => migrateToLatest(db));
    await timedPhase('main', 'reference data', () => loadReferenceData(db));
    if (!(await timedPhase('main', 'seeded check', () => isSeeded(db)))) {
      log('First start: creating the synthetic national dataset (this takes about a minute)…');
      // The seeder opens its own connection and writes in bulk; ours would only contend with it.
      await db.destroy();
      const started = Date.now();
      const progress = createProgressReporter();
      await seedDatabase(url, { scale: 'national', onProgress: progress.report });
      progress.finish();
      log(`Seeded in ${((Date.now() - started) / 1000).toFixed(1)} s.`);
      db = openDatabase(url);
    }
    // Nothing reads yet: the WAL a large import or seed left behind is folded in and truncated.
    await timedPhase('main', 'wal checkpoint', () =>
      sqliteHandleOf(db)?.pragma('wal_checkpoint(TRUNCATE)'),
    );
    if (!(await timedPhase('main', 'rollup freshness', () => rollupsAreFresh(db)))) {
      log('Building rollups (pre-aggregated tables)…');
      const { seconds } = await rebuildRollups(db);
      log(`Rollups built in ${seconds.toFixed(1)} s.`);
    }
    return db;
  } catch (error) {
    await db.destroy().catch(() => undefined);
    throw error;
  }
}

import { join } from 'node:path';
import pg from 'pg';
import { isPostgresUrl, type DialectName } from '../server/db/connect.ts';
import { factsSnapshotPath } from '../server/engine/facts/facts-snapshot.ts';
import type { ScaleName } from '../server/seed/index.ts';

/** The database one dialect's half of a scale runs on. */
export interface BenchDatabase {
  dialect: DialectName;
  /** A SQLite file or a PostgreSQL URL: what the server gets as DATABASE_URL. */
  url: string;
  /** Where the server keeps the facts snapshot of a PostgreSQL database (SQLite: beside the file). */
  snapshotDir: string;
}

export const DIALECT_NAMES = { sqlite: 'SQLite', postgres: 'PostgreSQL' } as const;

/** A database given as it is (a SQLite file, or a PostgreSQL URL and its snapshot's directory). */
export function benchDatabaseAt(url: string, snapshotDir = 'data'): BenchDatabase {
  return { dialect: isPostgresUrl(url) ? 'postgres' : 'sqlite', url, snapshotDir };
}

/** `DIR/<scale>.db`. */
export function sqliteBenchDatabase(dataDir: string, scale: ScaleName): BenchDatabase {
  return { dialect: 'sqlite', url: join(dataDir, `${scale}.db`), snapshotDir: dataDir };
}

/**
 * A database of its own per scale on the server of `serverUrl` (`…/hemayat_bench_national`), so
 * the scales never overwrite each other and a seeded one is reused like a SQLite file.
 */
export function postgresBenchDatabase(
  serverUrl: string,
  dataDir: string,
  scale: ScaleName,
): BenchDatabase {
  const url = new URL(serverUrl);
  url.pathname = `/hemayat_bench_${scale}`;
  return { dialect: 'postgres', url: url.href, snapshotDir: dataDir };
}

/** The facts snapshot every server of this database reads (and the bench writes). */
export function snapshotPathOf(db: BenchDatabase): string {
  return factsSnapshotPath(db.url, undefined, db.snapshotDir);
}

/** The last measured rollup rebuild, kept for `--reuse-rollups`. */
export function rollupRecordPathOf(db: BenchDatabase): string {
  return db.dialect === 'sqlite'
    ? `${db.url}.rollups.json`
    : join(db.snapshotDir, `${databaseNameOf(db)}.rollups.json`);
}

/** A PostgreSQL URL's database name; a SQLite file as it is. */
export function databaseNameOf(db: BenchDatabase): string {
  return db.dialect === 'sqlite' ? db.url : decodeURIComponent(new URL(db.url).pathname.slice(1));
}

/** The URL without its password, for the log and results.json. */
export function shownUrl(db: BenchDatabase): string {
  if (db.dialect === 'sqlite') return db.url;
  const url = new URL(db.url);
  if (url.password) url.password = '***';
  return url.href;
}

/** Creates the bench database on its server when missing (connecting to `serverUrl`'s database). */
export async function ensurePostgresDatabase(serverUrl: string, db: BenchDatabase): Promise<void> {
  const name = databaseNameOf(db);
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    const found = await client.query('select 1 from pg_database where datname = $1', [name]);
    if (found.rowCount === 0)
      await client.query(`create database ${client.escapeIdentifier(name)}`);
  } finally {
    await client.end();
  }
}

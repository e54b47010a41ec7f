import { Migrator, sql, type Kysely, type Migration, type MigrationProvider } from 'kysely';
import { dialectOf } from './connect.ts';
import * as m0001 from './migrations/0001_core.ts';
import * as m0002 from './migrations/0002_rollups.ts';
import * as m0003 from './migrations/0003_saved_views.ts';
import * as m0004 from './migrations/0004_imports.ts';
import * as m0005 from './migrations/0005_auth.ts';
import * as m0006 from './migrations/0006_engine_indexes.ts';
import * as m0007 from './migrations/0007_targets.ts';
import * as m0008 from './migrations/0008_leases.ts';
import * as m0009 from './migrations/0009_sign_in_brake.ts';
import * as m0010 from './migrations/0010_data_writes.ts';
import * as m0011 from './migrations/0011_grants_by_category.ts';

/** Every migration, in order. Add new ones here; never edit a released one. */
const migrations: Record<string, Migration> = {
  '0001_core': m0001,
  '0002_rollups': m0002,
  '0003_saved_views': m0003,
  '0004_imports': m0004,
  '0005_auth': m0005,
  '0006_engine_indexes': m0006,
  '0007_targets': m0007,
  '0008_leases': m0008,
  '0009_sign_in_brake': m0009,
  '0010_data_writes': m0010,
  '0011_grants_by_category': m0011,
};

const provider: MigrationProvider = { getMigrations: () => Promise.resolve(migrations) };

/**
 * PostgreSQL: the migration tables are pinned to the connection's schema. Without it Kysely's
 * "does the lock table exist" check also sees other schemas' tables (parallel test schemas) and
 * the migration fails with "kysely_migration_lock does not exist".
 */
async function migrator<DB>(db: Kysely<DB>): Promise<Migrator> {
  const schema =
    dialectOf(db) === 'postgres'
      ? (await sql<{ s: string }>`select current_schema() as s`.execute(db)).rows[0]?.s
      : undefined;
  return new Migrator({ db, provider, ...(schema ? { migrationTableSchema: schema } : {}) });
}

/** Brings the schema to the latest version; throws with the failing migration's error. */
export async function migrateToLatest<DB>(db: Kysely<DB>): Promise<void> {
  const { error, results } = await (await migrator(db)).migrateToLatest();
  if (error) {
    const failed = results?.find((r) => r.status === 'Error')?.migrationName ?? 'unknown';
    throw new Error(`migration ${failed} failed: ${errorText(error)}`, { cause: error });
  }
}

/** Migrates up or down to `name` (tests of a migration over data from before it). */
export async function migrateTo<DB>(db: Kysely<DB>, name: string): Promise<void> {
  const { error } = await (await migrator(db)).migrateTo(name);
  if (error) throw new Error(`migration to ${name} failed: ${errorText(error)}`, { cause: error });
}

/** Rolls every migration back (tests, and `seed --fresh`). */
export async function migrateDownAll<DB>(db: Kysely<DB>): Promise<void> {
  const m = await migrator(db);
  for (;;) {
    const { error, results } = await m.migrateDown();
    if (error) throw new Error(`migration down failed: ${errorText(error)}`, { cause: error });
    if (!results || results.length === 0) return;
  }
}

export function migrationNames(): string[] {
  return Object.keys(migrations);
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : JSON.stringify(error);
}

import { Migrator, type Kysely, type Migration, type MigrationProvider } from 'kysely';
import * as m0001 from './migrations/0001_core.ts';

/** Every migration, in order. Add new ones here; never edit a released one. */
const migrations: Record<string, Migration> = {
  '0001_core': m0001,
};

const provider: MigrationProvider = { getMigrations: () => Promise.resolve(migrations) };

function migrator<DB>(db: Kysely<DB>): Migrator {
  return new Migrator({ db, provider });
}

/** Brings the schema to the latest version; throws with the failing migration's error. */
export async function migrateToLatest<DB>(db: Kysely<DB>): Promise<void> {
  const { error, results } = await migrator(db).migrateToLatest();
  if (error) {
    const failed = results?.find((r) => r.status === 'Error')?.migrationName ?? 'unknown';
    throw new Error(`migration ${failed} failed: ${errorText(error)}`, { cause: error });
  }
}

/** Rolls every migration back (tests, and `seed --fresh`). */
export async function migrateDownAll<DB>(db: Kysely<DB>): Promise<void> {
  const m = migrator(db);
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

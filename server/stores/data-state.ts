import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';

/**
 * The data version: when the rollups were last built from the raw tables, which every seed (at
 * the first start) and every import does after writing, in the same transaction as an import's
 * rows. '' before the first build. The in-memory facts and their snapshot on disk are keyed by
 * it (server/engine/facts/facts-snapshot.ts): a different version means different data.
 */
export async function getDataVersion(db: Kysely<Database>): Promise<string> {
  const row = await db
    .selectFrom('rollup_meta')
    .select('value')
    .where('key', '=', 'built_at')
    .executeTakeFirst();
  return row?.value ?? '';
}

/** When the facts (rollups) were last built, or null before the first build. */
export async function getFactsBuiltAt(db: Kysely<Database>): Promise<Date | null> {
  const version = await getDataVersion(db);
  return version ? new Date(version) : null;
}

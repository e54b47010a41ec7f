import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';

/** When the facts (rollups) were last built, or null before the first build. */
export async function getFactsBuiltAt(db: Kysely<Database>): Promise<Date | null> {
  const row = await db
    .selectFrom('rollup_meta')
    .select('value')
    .where('key', '=', 'built_at')
    .executeTakeFirst();
  return row ? new Date(row.value) : null;
}

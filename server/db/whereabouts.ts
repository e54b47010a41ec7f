import { sql, type Kysely } from 'kysely';
import { dialectOf, postgresUrlOf } from './connect.ts';
import type { Database } from './schema.ts';

/** Whether the database answers a trivial query (the health check); never throws. */
export async function databaseAnswers(db: Kysely<Database>): Promise<boolean> {
  try {
    await sql`select 1`.execute(db);
    return true;
  } catch (error) {
    console.error('[healthz] database check failed:', error);
    return false;
  }
}

/**
 * Where this connection's database lives, so another thread can open its own connection to the
 * same one: the SQLite file, or the PostgreSQL URL (the database this connection serves — a
 * test's, say — else `fallbackUrl`) with its current schema.
 */
export async function databaseLocationOf(
  db: Kysely<Database>,
  fallbackUrl: string,
): Promise<{ url: string; schema?: string }> {
  if (dialectOf(db) === 'sqlite') {
    const r = await sql<{
      file: string;
    }>`select file from pragma_database_list where name = 'main'`.execute(db);
    return { url: r.rows[0]?.file ?? '' };
  }
  const r = await sql<{ s: string }>`select current_schema() as s`.execute(db);
  return { url: postgresUrlOf(db) ?? fallbackUrl, schema: r.rows[0]?.s ?? 'public' };
}

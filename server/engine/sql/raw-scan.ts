import { sql, type Kysely } from 'kysely';
import { dialectOf } from '../../db/connect.ts';
import type { Database } from '../../db/schema.ts';

/**
 * The SQLite file behind a handle, or null (PostgreSQL, or an in-memory database): a worker
 * thread can only read what it can open itself.
 */
export async function sqliteFileOf(db: Kysely<Database>): Promise<string | null> {
  if (dialectOf(db) !== 'sqlite') return null;
  const { rows } = await sql<{
    file: string | null;
  }>`select file from pragma_database_list where name = 'main'`.execute(db);
  const file = rows[0]?.file;
  return file ? file : null;
}

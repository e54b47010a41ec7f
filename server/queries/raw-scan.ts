import SQLite from 'better-sqlite3';
import { sql, type CompiledQuery, type Kysely } from 'kysely';
import { dialectOf } from '../db/connect.ts';
import type { Database } from '../db/schema.ts';

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

/**
 * Runs a compiled list query (compileListScan) once, forward, on a read-only connection of its
 * own, yielding positional rows. Meant for a worker thread: one statement, no per-page re-plan,
 * no row objects. Closing the iterator (return/throw) closes the connection.
 */
export function* scanRawList(
  file: string,
  query: Pick<CompiledQuery, 'sql' | 'parameters'>,
): Generator<unknown[]> {
  const sqlite = new SQLite(file, { readonly: true, fileMustExist: true });
  try {
    sqlite.pragma('busy_timeout = 5000');
    // A forward scan touches each page once: a large cache buys nothing but RSS.
    sqlite.pragma('cache_size = -8192');
    const statement = sqlite.prepare(query.sql).raw(true);
    yield* statement.iterate(...(query.parameters as unknown[])) as Iterable<unknown[]>;
  } finally {
    sqlite.close();
  }
}

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

export interface RawListReader {
  /** The rows with ids in `lo < id <= hi`, in id order, as positional arrays. */
  range(lo: number, hi: number): IterableIterator<unknown[]>;
}

/**
 * Prepares a compiled list query (compileListScan: its id range is the named parameters `@lo`,
 * `@hi`) on a read-only connection of its own, for a worker thread: `.raw()` rows, no row
 * objects, one prepared statement stepped over many ranges. The connection lives as long as the
 * thread.
 */
export function prepareRawList(
  file: string,
  query: Pick<CompiledQuery, 'sql' | 'parameters'>,
): RawListReader {
  const sqlite = new SQLite(file, { readonly: true, fileMustExist: true });
  sqlite.pragma('busy_timeout = 5000');
  // A forward scan touches each page about once: a large cache would only add RSS.
  sqlite.pragma('cache_size = -16384');
  const statement = sqlite.prepare(query.sql).raw(true);
  const parameters = query.parameters as unknown[];
  return {
    range: (lo, hi) => statement.iterate(...parameters, { lo, hi }) as IterableIterator<unknown[]>,
  };
}

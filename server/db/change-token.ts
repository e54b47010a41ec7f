import type SQLite from 'better-sqlite3';
import type { Kysely } from 'kysely';
import { sqliteHandleOf } from './connect.ts';
import type { Database } from './schema.ts';

// One prepared statement per connection: the check runs on every request it guards.
const statements = new WeakMap<SQLite.Database, SQLite.Statement>();

/**
 * A token that differs whenever a committed write may have changed anything a read returns, or
 * null where no such token is cheap (PostgreSQL). On SQLite it is two counters of the
 * connection: `total_changes()` (rows this connection inserted, updated or deleted, rolled-back
 * ones included) and `PRAGMA data_version` (moves when any other connection — an import thread,
 * a CLI in another process — commits). Equal tokens mean the database is as it was, so an answer
 * read under one may be reused; a differing token may also come from an unrelated write (a
 * session's last-seen time), which only costs a recomputation. Costs a few microseconds.
 */
export function changeTokenOf(db: Kysely<Database>): string | null {
  const sqlite = sqliteHandleOf(db);
  if (!sqlite) return null;
  let statement = statements.get(sqlite);
  if (!statement) {
    statement = sqlite
      .prepare('select total_changes(), data_version from pragma_data_version')
      .raw(true);
    statements.set(sqlite, statement);
  }
  const [changes, version] = statement.get() as [number, number];
  return `${changes}:${version}`;
}

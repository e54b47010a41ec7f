import SQLite from 'better-sqlite3';
import { Kysely, PostgresAdapter, SqliteDialect } from 'kysely';
import { OwnSchemaPostgresDialect } from './pg-introspector.ts';
import { loadPg } from './load-pg.ts';
import { queryLog } from './query-observer.ts';
import { trackPgClients } from './pg-bulk.ts';
import type { Database } from './schema.ts';
import { SQLITE_TAKES_TURNS, TurnTakingSqliteDialect } from './turn-taking-sqlite.ts';

const PG_INT8 = 20;
const PG_DATE = 1082;

export type DialectName = 'sqlite' | 'postgres';

export interface OpenOptions {
  /** PostgreSQL only: the schema to use (tests create one per run). */
  schema?: string;
  /** SQLite only: open read-only (worker threads answering long queries). */
  readonly?: boolean;
  /**
   * SQLite only: how long a write waits for another connection's lock, blocking its thread
   * (default 5000 ms). 0 for connections that must never block (the import lease's renewals).
   */
  busyTimeoutMs?: number;
}

/** Default database: an embedded SQLite file beside the reference data. */
export const DEFAULT_DATABASE_URL = 'data/hemayat.db';

export function isPostgresUrl(url: string): boolean {
  return /^postgres(ql)?:\/\//.test(url);
}

/**
 * Opens a database from a URL: `postgres://…` selects PostgreSQL, anything else is a SQLite path.
 * SQLite runs in WAL mode with foreign keys on.
 */
export function openDatabase(url: string, options: OpenOptions = {}): Kysely<Database> {
  if (isPostgresUrl(url)) {
    const pg = loadPg();
    // BIGINT (count(*) and amounts) come back as numbers: single amounts fit in 2^53 and totals
    // are cast to text in SQL. DATE stays an ISO string, as in SQLite.
    const types = {
      getTypeParser: ((oid: number, format?: 'text' | 'binary') => {
        if (oid === PG_INT8) return (v: string) => Number(v);
        if (oid === PG_DATE) return (v: string) => v;
        return pg.types.getTypeParser(oid, format ?? 'text') as (v: string) => unknown;
      }) as typeof pg.types.getTypeParser,
    };
    const pool = new pg.Pool({
      connectionString: url,
      max: 8,
      types,
      ...(options.schema ? { options: `-c search_path=${options.schema}` } : {}),
    });
    const db = new Kysely<Database>({
      dialect: new OwnSchemaPostgresDialect({ pool }),
      log: queryLog,
    });
    postgresUrls.set(db.getExecutor().adapter, url);
    trackPgClients(db, pool);
    return db;
  }
  const sqlite = new SQLite(url, { readonly: options.readonly ?? false });
  if (!options.readonly) {
    sqlite.pragma('journal_mode = WAL');
    sqlite.pragma('synchronous = NORMAL');
  }
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma(`busy_timeout = ${Math.max(0, Math.floor(options.busyTimeoutMs ?? 5000))}`);
  sqlite.pragma('cache_size = -65536'); // 64 MiB page cache
  sqlite.pragma('temp_store = MEMORY');
  return kyselyOverSqlite(sqlite);
}

// The better-sqlite3 handle behind each Kysely instance, keyed by its adapter: a transaction
// shares its parent's adapter, so bulk code inside a transaction finds the same connection.
const sqliteHandles = new WeakMap<object, SQLite.Database>();

/** Kysely over an open better-sqlite3 connection, remembering the handle for sqliteHandleOf. */
export function kyselyOverSqlite(sqlite: SQLite.Database): Kysely<Database> {
  // On the main thread each statement runs in an event-loop turn of its own (turn-taking-sqlite.ts).
  const Dialect = SQLITE_TAKES_TURNS ? TurnTakingSqliteDialect : SqliteDialect;
  const db = new Kysely<Database>({
    dialect: new Dialect({ database: sqlite }),
    log: queryLog,
  });
  sqliteHandles.set(db.getExecutor().adapter, sqlite);
  return db;
}

/**
 * The better-sqlite3 connection behind a Kysely instance or transaction, for bulk reads and
 * writes that Kysely's per-row objects would slow down tenfold; null on PostgreSQL. Statements
 * run on it join the transaction the caller holds (SQLite has one connection).
 */
export function sqliteHandleOf(db: { getExecutor(): { adapter: object } }): SQLite.Database | null {
  return sqliteHandles.get(db.getExecutor().adapter) ?? null;
}

// The URL each PostgreSQL handle was opened with (by adapter, as for SQLite handles above).
const postgresUrls = new WeakMap<object, string>();

/**
 * The `postgres://` URL a handle was opened with, for work that opens its own connection to the
 * same database (an import thread); null for SQLite or a handle not made by openDatabase.
 */
export function postgresUrlOf(db: { getExecutor(): { adapter: object } }): string | null {
  return postgresUrls.get(db.getExecutor().adapter) ?? null;
}

export function dialectOf<DB>(db: Kysely<DB>): DialectName {
  return db.getExecutor().adapter instanceof PostgresAdapter ? 'postgres' : 'sqlite';
}

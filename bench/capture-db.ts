import SQLite from 'better-sqlite3';
import {
  Kysely,
  SqliteDialect,
  type CompiledQuery,
  type DatabaseConnection,
  type Dialect,
  type Driver,
  type QueryResult,
  type TransactionSettings,
} from 'kysely';
import type { Database } from '../server/db/schema.ts';

/**
 * A raw fact read: the engine's raw sources alias their tables (`units u join employment e`,
 * `grants g`); lookups (names, year bounds, rollups) never do, so they still run.
 */
const RAW_FACT_READ = /\b(from|join)\s+(employment|grants|units)\s+[a-z]\w*/i;

/** One captured statement, parameters inlined (all of the engine's raw parameters are numbers). */
export function inlineParameters(query: CompiledQuery): string {
  let i = 0;
  return query.sql.replace(/\?/g, () => {
    const v = query.parameters[i++];
    if (typeof v === 'number' || typeof v === 'bigint') return String(v);
    if (typeof v === 'string') return `'${v.replace(/'/g, "''")}'`;
    if (v === null || v === undefined) return 'null';
    throw new Error(`cannot inline a ${typeof v} parameter`);
  });
}

export interface SqlCapture {
  db: Kysely<Database>;
  /** Statements captured since the last take(), emptied by the call. */
  take(): string[];
  close(): Promise<void>;
}

/**
 * A SQLite Kysely that does NOT run raw fact reads: it records their SQL and answers no rows.
 * Running a query function with `source: 'raw'` on it yields the exact SQL the engine would run
 * over the base tables — the same questions, to replay in DuckDB. Lookups run normally.
 */
export function captureRawSql(file: string): SqlCapture {
  const sqlite = new SQLite(file, { readonly: true });
  const inner = new SqliteDialect({ database: sqlite });
  let captured: string[] = [];

  const wrap = (conn: DatabaseConnection): DatabaseConnection => ({
    executeQuery<R>(query: CompiledQuery): Promise<QueryResult<R>> {
      if (RAW_FACT_READ.test(query.sql)) {
        captured.push(inlineParameters(query));
        return Promise.resolve({ rows: [] });
      }
      return conn.executeQuery<R>(query);
    },
    streamQuery: (query, chunkSize) => conn.streamQuery(query, chunkSize),
  });

  const dialect: Dialect = {
    createAdapter: () => inner.createAdapter(),
    createQueryCompiler: () => inner.createQueryCompiler(),
    createIntrospector: (db) => inner.createIntrospector(db),
    createDriver: (): Driver => {
      const driver = inner.createDriver();
      return {
        init: () => driver.init(),
        acquireConnection: async () => wrap(await driver.acquireConnection()),
        beginTransaction: (c: DatabaseConnection, s: TransactionSettings) =>
          driver.beginTransaction(c, s),
        commitTransaction: (c: DatabaseConnection) => driver.commitTransaction(c),
        rollbackTransaction: (c: DatabaseConnection) => driver.rollbackTransaction(c),
        releaseConnection: (c: DatabaseConnection) => driver.releaseConnection(c),
        destroy: () => driver.destroy(),
      };
    },
  };
  const db = new Kysely<Database>({ dialect });
  return {
    db,
    take() {
      const out = captured;
      captured = [];
      return out;
    },
    close: () => db.destroy(),
  };
}

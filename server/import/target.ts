import type { Kysely } from 'kysely';
import type { DialectName } from '../db/connect.ts';
import type { Database } from '../db/schema.ts';
import type { PendingRow, WriteSpec } from './write-specs.ts';

/**
 * Where an import writes: one open transaction on SQLite or PostgreSQL. `db` runs queries inside
 * that transaction (lookups, rollups, history); `write` upserts a batch of rows and sets each
 * row's outcome.
 */
export interface ImportTarget {
  readonly dialect: DialectName;
  readonly db: Kysely<Database>;
  begin(): Promise<void>;
  commit(): Promise<void>;
  rollback(): Promise<void>;
  /** Rolls back anything still open and releases the connection. */
  close(): Promise<void>;
  /** Streams a query's rows as arrays (large tables: units). */
  eachRow(query: string, onRow: (row: unknown[]) => void): Promise<void>;
  /** Runs a statement without results inside the transaction. */
  exec(query: string): Promise<void>;
  write(spec: WriteSpec, rows: PendingRow[]): Promise<void>;
  /**
   * Before a large part: drop the table's secondary indexes (kept: primary and unique keys,
   * which upserts and foreign keys need) so rows append without index maintenance.
   */
  deferIndexes(table: string): Promise<void>;
  /** Recreates every index deferIndexes dropped (in one sorted build each), in the transaction. */
  restoreIndexes(): Promise<void>;
  /**
   * After the commit of rebuilt rollups, outside any transaction: PostgreSQL marks their pages
   * all-visible (rollups.ts vacuumRollups); nothing to do on SQLite.
   */
  settleRollups(): Promise<void>;
}

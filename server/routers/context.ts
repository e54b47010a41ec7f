import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import type { Scope } from '../domain/scope.ts';
import type { QueryPool } from '../queries/worker-pool.ts';

export interface Context {
  db: Kysely<Database>;
  /** The provinces the caller may see; every query applies it in SQL. */
  scope: Scope;
  /** SQLite only: worker threads for long reads (createQueryPool); without it they run inline. */
  pool?: QueryPool;
}

/** A plain factory, so tests and the HTTP handler pass their own database, scope and pool. */
export function createContext(options: Context): Context {
  return { db: options.db, scope: options.scope, ...(options.pool ? { pool: options.pool } : {}) };
}

import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import type { Scope } from '../domain/scope.ts';

export interface Context {
  db: Kysely<Database>;
  /** The provinces the caller may see; every query applies it in SQL. */
  scope: Scope;
}

/** A plain factory, so tests and the HTTP handler pass their own database and scope. */
export function createContext(options: Context): Context {
  return { db: options.db, scope: options.scope };
}

import { createRequire } from 'node:module';
import type pg from 'pg';

let loaded: typeof pg | null = null;

/**
 * The `pg` driver, loaded on first use (synchronously: opening a database is synchronous): its
 * module evaluation was about 37 ms of CPU on the main thread at every start (with the web
 * streams it pulls in), half of the server bundle's one block before listening, and a server
 * on SQLite never uses it.
 */
export function loadPg(): typeof pg {
  loaded ??= createRequire(import.meta.url)('pg') as typeof pg;
  return loaded;
}

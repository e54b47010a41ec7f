import { parentPort, workerData } from 'node:worker_threads';
import type { Kysely } from 'kysely';
import { isPostgresUrl, openDatabase } from '../db/connect.ts';
import type { Database } from '../db/schema.ts';
import { getBreakdown } from './breakdown.ts';
import { getDrill } from './drill.ts';
import { getImpact } from './impact.ts';
import { warmMemory } from './memory-facts.ts';
import { getSummary } from './summary.ts';
import { getTimeseries } from './timeseries.ts';
import type { PoolDatabase, PooledQueries, WorkerRequest, WorkerResponse } from './worker-pool.ts';

// Worker thread entry (see worker-pool.ts): its own connection (SQLite read-only), one query at a
// time.

const QUERIES: PooledQueries = {
  getSummary,
  getBreakdown,
  getTimeseries,
  getDrill,
  getImpact,
  warmMemory,
};
const target = workerData as PoolDatabase;
const open = (): Kysely<Database> =>
  isPostgresUrl(target.location)
    ? openDatabase(target.location, target.schema ? { schema: target.schema } : {})
    : openDatabase(target.location, { readonly: true });
let db = open();
let builtAt: string | undefined;
// Raw-table questions are answered from memory once the facts are loaded (memory-facts.ts);
// loading starts at once, in batches, so queries meanwhile still get answers through SQL.
void announceWhenLoaded(db);

/** Tells the pool once this worker's facts are in memory (it then sends it park-grain reads). */
async function announceWhenLoaded(handle: Kysely<Database>): Promise<void> {
  if (await warmMemory(handle)) parentPort?.postMessage({ id: 0, memoryReady: true });
}

/**
 * Rollups rebuilt by the main thread (after an import) must not be read through this
 * connection's cached rollup state: a new build means a new connection.
 */
async function freshDb(): Promise<Kysely<Database>> {
  const row = await db
    .selectFrom('rollup_meta')
    .select('value')
    .where('key', '=', 'built_at')
    .executeTakeFirst();
  if (builtAt !== undefined && row?.value !== builtAt) {
    await db.destroy();
    db = open();
    void announceWhenLoaded(db);
  }
  builtAt = row?.value;
  return db;
}

parentPort?.on('message', (request: WorkerRequest) => {
  void (async () => {
    let response: WorkerResponse;
    try {
      const fn = QUERIES[request.name] as (db: Kysely<Database>, ...args: unknown[]) => unknown;
      response = { id: request.id, ok: true, value: await fn(await freshDb(), ...request.args) };
    } catch (error) {
      const e = error instanceof Error ? error : new Error(String(error));
      response = { id: request.id, ok: false, name: e.name, message: e.message };
    }
    parentPort?.postMessage(response);
  })();
});

import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import { forgetReferenceMaps } from '../engine/facts/reference-lookup.ts';
import { forgetRollupState } from '../engine/rollups/rollups.ts';
import type { QueryPool } from '../engine/workers/worker-pool.ts';
import { getDataVersion } from '../stores/data-state.ts';

/**
 * Notices data written by another process — another app server on the same PostgreSQL, or
 * `npm run import` beside a SQLite server — by polling the data version (one indexed row; the
 * import replaces it in the transaction that writes the data). On a change it drops this
 * process's cached rollup state and reference maps and has the query workers reload their
 * in-memory facts.
 *
 * Answers do not wait for it to be current: the import commits data, rollups and version in one
 * transaction, and a query worker checks the version before each query and uses in-memory facts
 * only of that version (SQL over the committed data answers until the new facts are loaded).
 * What the poll bounds is how soon the new facts are back in memory, and how long this thread's
 * cached rollup state (which years the supported-units rollups cover) may lag: `everyMs`.
 */
export function startDataVersionWatch(
  db: Kysely<Database>,
  pool: QueryPool | null,
  options: { everyMs: number; onChange?: (version: string) => void; report?: (e: unknown) => void },
): () => void {
  let known: string | null = null;
  let checking = false;
  let stopped = false;
  const check = async (): Promise<void> => {
    if (checking || stopped) return;
    checking = true;
    try {
      const version = await getDataVersion(db);
      if (known !== null && version !== known && !stopped) {
        forgetRollupState(db);
        forgetReferenceMaps(db);
        pool?.reload();
        options.onChange?.(version);
      }
      known = version;
    } catch (error) {
      if (!stopped) options.report?.(error);
    } finally {
      checking = false;
    }
  };
  void check();
  const timer = setInterval(() => void check(), options.everyMs);
  timer.unref();
  return () => {
    stopped = true;
    clearInterval(timer);
  };
}

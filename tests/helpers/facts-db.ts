import type { Kysely } from 'kysely';
import { afterAll, beforeAll } from 'vitest';
import type { Database } from '../../server/db/schema.ts';
import { attachMemoryFacts, memoryFactsOf } from '../../server/engine/facts/memory-facts.ts';
import { rebuildRollups } from '../../server/engine/rollups/rollups.ts';
import { insertDataset, type DatasetSpec } from './builders.ts';
import { createTestDb, openHandle, type TestDb, type TestDialect } from './db.ts';

/** A test database holding a dataset and its rollups, and a second handle holding its facts. */
export interface FactsDb {
  /** The database (no facts in memory: raw SQL and rollups answer through it). */
  t: TestDb;
  /** Another handle on it with the facts loaded (memory-facts.ts), as a query worker holds them. */
  withFacts: Kysely<Database>;
}

/**
 * Registers the suite's beforeAll/afterAll for a FactsDb of `spec` on `dialect` and returns a
 * getter for it (set once beforeAll ran): the set-up every engine test comparing the facts in
 * memory with the raw tables starts from.
 */
export function useFactsDb(dialect: TestDialect, spec: DatasetSpec): () => FactsDb {
  let ready: FactsDb | null = null;
  beforeAll(async () => {
    const t = await createTestDb(dialect);
    await insertDataset(t.db, spec);
    await rebuildRollups(t.db);
    const withFacts = openHandle(t);
    await attachMemoryFacts(withFacts);
    if (!memoryFactsOf(withFacts)) throw new Error('memory facts did not load');
    ready = { t, withFacts };
  });
  afterAll(async () => {
    await ready?.withFacts.destroy();
    await ready?.t.destroy();
  });
  return () => {
    if (!ready) throw new Error('useFactsDb: used before its beforeAll ran');
    return ready;
  };
}

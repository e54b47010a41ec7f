import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { observeQueries } from '../../server/db/query-observer.ts';
import { getYearBounds } from '../../server/engine/facts/reference-lookup.ts';
import { forgetRollupState, rebuildRollups } from '../../server/engine/rollups/rollups.ts';
import { openDatabase } from '../../server/db/connect.ts';
import { insertDataset } from '../helpers/builders.ts';
import { createTestDb, openHandle, testDialects, type TestDb } from '../helpers/db.ts';
import { FIXTURE } from '../queries/fixture.ts';

// Every question resolves its filters with the data's years: on PostgreSQL a round trip, kept
// per handle until the data version changes; on SQLite microseconds, read every time.

/** The year lookups `run` sends (each is one statement over employment and grants). */
async function yearLookups(run: () => Promise<unknown>): Promise<number> {
  let n = 0;
  const stop = observeQueries((o) => {
    if (o.sql.includes('min(year) from employment')) n++;
  });
  try {
    await run();
  } finally {
    stop();
  }
  return n;
}

/** A year after every other: an employment row of unit 1 in 1410. */
const LATER = { unit_id: 1, year: 1410, employees: 5 };

describe.each(testDialects())('the data years on %s', (dialect) => {
  let t: TestDb;
  beforeAll(async () => {
    t = await createTestDb(dialect);
    await insertDataset(t.db, FIXTURE);
    await rebuildRollups(t.db);
  });
  afterAll(() => t.destroy());

  if (dialect === 'postgres') {
    it('are read once per data version, and again after a rebuild or a new version', async () => {
      forgetRollupState(t.db);
      const first = await getYearBounds(t.db);
      expect(await yearLookups(() => getYearBounds(t.db))).toBe(0);
      await t.db.insertInto('employment').values(LATER).execute();
      // Written without a rebuild: the version is the same, and so are the years.
      expect(await getYearBounds(t.db)).toEqual(first);
      await rebuildRollups(t.db);
      expect(await yearLookups(() => getYearBounds(t.db))).toBe(1);
      expect((await getYearBounds(t.db))?.max).toBe(1410);
      // Another connection's rebuild: data-version-watch.ts forgets this handle's state.
      const other = openHandle(t);
      try {
        await other.deleteFrom('employment').where('year', '=', 1410).execute();
        await rebuildRollups(other);
      } finally {
        await other.destroy();
      }
      forgetRollupState(t.db);
      expect(await getYearBounds(t.db)).toEqual(first);
    });
  } else {
    it('are read every time, and see another connection’s write at once', async () => {
      const first = await getYearBounds(t.db);
      expect(await yearLookups(() => getYearBounds(t.db))).toBe(1);
      const other = openDatabase(t.location);
      try {
        await other.insertInto('employment').values(LATER).execute();
        expect((await getYearBounds(t.db))?.max).toBe(1410);
        await other.deleteFrom('employment').where('year', '=', 1410).execute();
      } finally {
        await other.destroy();
      }
      expect(await getYearBounds(t.db)).toEqual(first);
    });
  }
});

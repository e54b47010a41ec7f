import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { observeQueries } from '../../server/db/query-observer.ts';
import { getYearBounds } from '../../server/engine/facts/reference-lookup.ts';
import { EMPTY_FILTERS } from '../../server/domain/filters.ts';
import { ALL_SCOPE } from '../../server/domain/scope.ts';
import { FilterValidationError } from '../../server/engine/filters/errors.ts';
import { resolveFilters } from '../../server/engine/filters/resolve-filters.ts';
import { nameKeys } from '../../server/queries/names.ts';
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

    it('and so are the park and cluster codes of filters, the scope still applied', async () => {
      forgetRollupState(t.db);
      const park = await t.db
        .selectFrom('parks')
        .selectAll()
        .orderBy('id')
        .executeTakeFirstOrThrow();
      const cluster = await t.db
        .selectFrom('clusters')
        .select(['id', 'code'])
        .orderBy('id')
        .executeTakeFirstOrThrow();
      const filters = { ...EMPTY_FILTERS, park: [park.code, park.code], cluster: [cluster.code] };
      const lookups = async (run: () => Promise<unknown>) => {
        let n = 0;
        const stop = observeQueries((o) => {
          if (/from "(parks|clusters)"/.test(o.sql)) n++;
        });
        await run().finally(stop);
        return n;
      };
      const resolve = (f = filters) => resolveFilters(t.db, ALL_SCOPE, f);
      expect(await lookups(resolve)).toBe(2);
      expect(await lookups(resolve)).toBe(0);
      const rf = await resolve();
      expect([rf.parks, rf.clusters]).toEqual([[park.id], [cluster.id]]);
      // Outside the caller's provinces a park is unknown, as before.
      const elsewhere = await t.db
        .selectFrom('provinces')
        .select('code')
        .where('id', '!=', park.province_id)
        .executeTakeFirstOrThrow();
      await expect(
        resolveFilters(
          t.db,
          { provinces: [elsewhere.code] },
          { ...EMPTY_FILTERS, park: [park.code] },
        ),
      ).rejects.toBeInstanceOf(FilterValidationError);
      // A new park is seen with the new data version (an import rebuilds the rollups).
      const added = { ...park, id: park.id + 100_000, code: `${park.code}-NEW` };
      await t.db.insertInto('parks').values(added).execute();
      const withNew = { ...EMPTY_FILTERS, park: [added.code] };
      await expect(resolve(withNew)).rejects.toBeInstanceOf(FilterValidationError);
      await rebuildRollups(t.db);
      expect((await resolve(withNew)).parks).toEqual([added.id]);
      // The names of breakdown rows come from the same map, renamed with the new version.
      const named = async () => (await nameKeys(t.db, 'park', [added.id, -1])).get(added.id);
      expect(await lookups(named)).toBe(0);
      expect(await named()).toEqual({
        key: added.code,
        nameFa: park.name_fa,
        nameEn: park.name_en,
      });
      await t.db
        .updateTable('parks')
        .set({ name_en: 'Renamed' })
        .where('id', '=', added.id)
        .execute();
      await rebuildRollups(t.db);
      expect((await named())?.nameEn).toBe('Renamed');
      expect((await nameKeys(t.db, 'cluster', [cluster.id])).get(cluster.id)?.key).toBe(
        cluster.code,
      );
      await t.db.deleteFrom('parks').where('id', '=', added.id).execute();
      await rebuildRollups(t.db);
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

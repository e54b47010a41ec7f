import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrateTo, migrateToLatest } from '../../server/db/migrate.ts';
import {
  forgetRollupState,
  getRollupState,
  rebuildRollups,
  rollupsAreFresh,
} from '../../server/engine/rollups/rollups.ts';
import { insertDataset, randomDataset } from '../helpers/builders.ts';
import { EMPTY_FILTERS } from '../../server/domain/filters.ts';
import { ALL_SCOPE } from '../../server/domain/scope.ts';
import { loadMemoryFacts } from '../../server/engine/facts/memory-facts.ts';
import { observePlans, type QueryPlan } from '../../server/engine/planner/query-plan.ts';
import { FINE_ROLLUPS, ROLLUP_TABLES } from '../../server/engine/planner/rollup-catalog.ts';
import { getBreakdown } from '../../server/queries/breakdown.ts';
import { createTestDb, testDialects, type TestDb } from '../helpers/db.ts';
import { PROVINCES } from '../queries/arbitraries.ts';

// That every rollup answers as the raw tables do is engine-equality.test.ts's property.

const DATASET = randomDataset({ units: 160, years: [1398, 1402], provinces: PROVINCES, seed: 7 });

describe.each(testDialects())('rollups on %s', (dialect) => {
  let t: TestDb;
  beforeAll(async () => {
    t = await createTestDb(dialect);
    await insertDataset(t.db, DATASET);
    expect(await rollupsAreFresh(t.db)).toBe(false);
    const built = await rebuildRollups(t.db);
    expect(built.rows.ru_units_ps).toBeGreaterThan(0);
    expect(built.rows.ru_supported).toBeGreaterThan(0);
  });
  afterAll(() => t.destroy());

  it('are fresh after a rebuild', async () => {
    expect(await rollupsAreFresh(t.db)).toBe(true);
  });

  it('leave out the fine rollups the facts answer, with the same coarse ones as a build with them', async () => {
    const contents = async () => {
      const out: Record<string, unknown[]> = {};
      for (const table of ROLLUP_TABLES) {
        const { rows } = await sql<
          Record<string, unknown>
        >`select * from ${sql.table(table)}`.execute(t.db);
        out[table] = rows.map((r) => JSON.stringify(Object.values(r).map(String))).sort();
      }
      return out;
    };
    forgetRollupState(t.db);
    expect((await getRollupState(t.db))?.fine).toBe(false);
    const coarse = await contents();
    for (const table of FINE_ROLLUPS) expect(coarse[table], table).toEqual([]);
    await rebuildRollups(t.db, { fineRollups: 'always' });
    expect((await getRollupState(t.db))?.fine).toBe(true);
    const all = await contents();
    for (const table of ROLLUP_TABLES) {
      if (FINE_ROLLUPS.has(table)) expect(all[table]?.length, table).toBeGreaterThan(0);
      else expect(all[table], table).toEqual(coarse[table]);
    }
    await rebuildRollups(t.db);
    expect(await contents()).toEqual(coarse);
  });

  it('build the fine rollups where the facts cannot hold the data, and the planner reads them', async () => {
    const other = await createTestDb(dialect);
    try {
      await insertDataset(other.db, DATASET);
      // One disbursed amount past 2^53 − 1: the facts are not built (loadMemoryFacts gives null).
      await sql`update grants set disbursed_amount = 9007199254740994
        where id = (select min(id) from grants where status = 'disbursed')`.execute(other.db);
      expect(await loadMemoryFacts(other.db)).toBeNull();
      const built = await rebuildRollups(other.db);
      expect(built.rows.ru_units).toBeGreaterThan(0);
      expect(built.rows.ru_supported_month).toBeGreaterThan(0);
      expect((await getRollupState(other.db))?.fine).toBe(true);
      const plans: QueryPlan[] = [];
      const stop = observePlans((p) => plans.push(p));
      const input = { by: 'park' as const, metrics: ['units' as const, 'employment' as const] };
      const byPark = await getBreakdown(other.db, ALL_SCOPE, EMPTY_FILTERS, input);
      stop();
      expect(plans[0]?.reads[0]?.units).toBe('ru_units');
      expect(byPark).toEqual(
        await getBreakdown(other.db, ALL_SCOPE, EMPTY_FILTERS, input, { source: 'raw' }),
      );
    } finally {
      await other.destroy();
    }
  });

  // SQLite only: there the planner weighs a read's rows before running it on the event loop.
  if (dialect === 'sqlite')
    it('record the rows of the largest slice, by selection kind for supported units', async () => {
      forgetRollupState(t.db);
      const state = await getRollupState(t.db);
      const largest = async (query: ReturnType<typeof sql>) =>
        (await query.execute(t.db)).rows.map((r) => Number((r as { n: number }).n));
      expect(state?.sliceRows.ru_grants).toEqual(
        await largest(
          sql`select max(n) as n from (select count(*) as n from ru_grants group by year) s`,
        ),
      );
      expect(state?.sliceRows.ru_change_ps).toEqual(
        await largest(sql`select max(n) as n from (select count(*) as n from ru_change_ps
          group by from_year, to_year) s`),
      );
      expect(state?.sliceRows.ru_supported).toEqual(
        await largest(sql`select max(n) as n from (select sel_kind, count(*) as n from ru_supported
          group by from_year, to_year, sel_kind) s group by sel_kind order by sel_kind`),
      );
      expect(state?.sliceRows.ru_supported).toHaveLength(3);
    });

  // PostgreSQL only (registered there only, so SQLite's run shows no skipped test).
  if (dialect === 'postgres')
    it('leave PostgreSQL statistics on the data tables (raw reads are planned from them)', async () => {
      const { rows } = await sql<{ tablename: string }>`select distinct tablename from pg_stats
        where schemaname = current_schema() and tablename in ('units', 'employment', 'grants')
        order by tablename`.execute(t.db);
      expect(rows.map((r) => r.tablename)).toEqual(['employment', 'grants', 'units']);
    });

  // Else every read fetches its rows from the heap beside the covering index (vacuumRollups).
  if (dialect === 'postgres')
    it('leave every page of the rollups all-visible on PostgreSQL, so reads are index-only', async () => {
      await rebuildRollups(t.db);
      const { rows } = await sql<{ relname: string; pages: number; visible: number }>`select
          c.relname, c.relpages as pages, c.relallvisible as visible
        from pg_class c join pg_namespace n on n.oid = c.relnamespace
        where n.nspname = current_schema() and c.relname in (${sql.join([...ROLLUP_TABLES])})
        order by c.relname`.execute(t.db);
      expect(rows).toHaveLength(ROLLUP_TABLES.length);
      const filled = rows.filter((r) => r.pages > 0).map((r) => r.relname);
      expect(filled).toEqual(
        expect.arrayContaining(['ru_change_ps', 'ru_supported', 'ru_units_ps']),
      );
      for (const r of rows) expect(r.visible, r.relname).toBe(r.pages);
    });
});

describe.each(testDialects())(
  'migration 0011 (ru_grants_cat) over rollups built before it, on %s',
  (dialect) => {
    let t: TestDb;
    beforeAll(async () => {
      t = await createTestDb(dialect);
      await insertDataset(t.db, DATASET);
    });
    afterAll(() => t.destroy());

    const contents = async () => ({
      cat: (
        await sql<Record<string, unknown>>`select year, province_id, sector_id, category_id, grants,
        cast(amount as text) as amount from ru_grants_cat
        order by year, province_id, sector_id, category_id`.execute(t.db)
      ).rows,
      slices: (
        await sql<{
          value: string;
        }>`select value from rollup_meta where key = 'slice_rows'`.execute(t.db)
      ).rows,
    });

    it('fills ru_grants_cat and the slice sizes as a rebuild does, and the rollups stay fresh', async () => {
      await rebuildRollups(t.db);
      const rebuilt = await contents();
      expect(rebuilt.cat.length).toBeGreaterThan(0);
      expect(rebuilt.slices).toHaveLength(dialect === 'sqlite' ? 1 : 0);
      await migrateTo(t.db, '0010_data_writes');
      await migrateToLatest(t.db);
      expect(await contents()).toEqual(rebuilt);
      expect(await rollupsAreFresh(t.db)).toBe(true);
    });

    it('leaves ru_grants_cat empty where no rollups were built', async () => {
      await t.db.deleteFrom('rollup_meta').execute();
      await migrateTo(t.db, '0010_data_writes');
      await migrateToLatest(t.db);
      expect(await contents()).toEqual({ cat: [], slices: [] });
    });
  },
);

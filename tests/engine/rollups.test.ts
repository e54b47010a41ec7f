import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rebuildRollups, rollupsAreFresh } from '../../server/engine/rollups/rollups.ts';
import { insertDataset, randomDataset } from '../helpers/builders.ts';
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
    expect(built.rows.ru_units).toBeGreaterThan(0);
    expect(built.rows.ru_supported).toBeGreaterThan(0);
  });
  afterAll(() => t.destroy());

  it('are fresh after a rebuild', async () => {
    expect(await rollupsAreFresh(t.db)).toBe(true);
  });

  // PostgreSQL only (registered there only, so SQLite's run shows no skipped test).
  if (dialect === 'postgres')
    it('leave PostgreSQL statistics on the data tables (raw reads are planned from them)', async () => {
      const { rows } = await sql<{ tablename: string }>`select distinct tablename from pg_stats
        where schemaname = current_schema() and tablename in ('units', 'employment', 'grants')
        order by tablename`.execute(t.db);
      expect(rows.map((r) => r.tablename)).toEqual(['employment', 'grants', 'units']);
    });
});

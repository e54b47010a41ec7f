import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import type { Kysely } from 'kysely';
import { dialectOf } from '../../server/db/connect.ts';
import { migrateDownAll, migrateToLatest } from '../../server/db/migrate.ts';
import { loadReferenceData } from '../../server/db/reference-data.ts';
import { createEmptyDb, testDialects } from '../helpers/db.ts';

/** This connection's tables only: PostgreSQL introspection lists every schema's (parallel tests). */
async function tableNames<DB>(db: Kysely<DB>): Promise<string[]> {
  const schema =
    dialectOf(db) === 'postgres'
      ? (await sql<{ s: string }>`select current_schema() as s`.execute(db)).rows[0]?.s
      : undefined;
  const tables = await db.introspection.getTables();
  return tables
    .filter((t) => schema === undefined || t.schema === schema)
    .map((t) => t.name)
    .sort();
}

describe.each(testDialects())('migrations on %s', (dialect) => {
  it('go up, load reference data, and come all the way down again', async () => {
    const t = await createEmptyDb(dialect);
    try {
      expect(dialectOf(t.db)).toBe(dialect);
      await migrateToLatest(t.db);
      const up = await tableNames(t.db);
      for (const table of [
        'provinces',
        'parks',
        'clusters',
        'units',
        'employment',
        'grants',
        'support_headings',
      ]) {
        expect(up).toContain(table);
      }
      await loadReferenceData(t.db);
      await loadReferenceData(t.db); // idempotent
      const counts = await sql<{ p: number; h: number; c: number; s: number }>`
        select (select count(*) from provinces) as p, (select count(*) from support_headings) as h,
               (select count(*) from support_categories) as c, (select count(*) from sectors) as s`.execute(
        t.db,
      );
      expect(counts.rows[0]).toEqual({ p: 31, h: 85, c: 6, s: 8 });

      await migrateDownAll(t.db);
      const down = (await tableNames(t.db)).filter((n) => !n.startsWith('kysely_'));
      expect(down).toEqual([]);
      await migrateToLatest(t.db); // and up again from nothing
      expect(await tableNames(t.db)).toEqual(up);
    } finally {
      await t.destroy();
    }
  });

  it('rejects a grant for a unit that does not exist (foreign keys are on)', async () => {
    const t = await createEmptyDb(dialect);
    try {
      await migrateToLatest(t.db);
      await loadReferenceData(t.db);
      await expect(
        t.db
          .insertInto('grants')
          .values({
            id: 1,
            code: 'G1',
            unit_id: 999,
            heading_id: 1,
            year: 1400,
            month: 1,
            applied_on: '2021-03-21',
            disbursed_on: null,
            requested_amount: 1,
            approved_amount: null,
            disbursed_amount: null,
            status: 'applied',
          })
          .execute(),
      ).rejects.toThrow();
    } finally {
      await t.destroy();
    }
  });
});

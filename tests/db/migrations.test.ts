import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import type { Kysely } from 'kysely';
import { dialectOf } from '../../server/db/connect.ts';
import { migrateDownAll, migrateToLatest } from '../../server/db/migrate.ts';
import { loadReferenceData } from '../../server/db/reference-data.ts';
import { createEmptyDb, testDialects } from '../helpers/db.ts';

/** This connection's tables (on PostgreSQL, its schema's alone: server/db/pg-introspector.ts). */
async function tableNames<DB>(db: Kysely<DB>): Promise<string[]> {
  return (await db.introspection.getTables()).map((t) => t.name).sort();
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

describe.runIf(testDialects().includes('postgres'))('introspection on PostgreSQL', () => {
  it("lists the connection's own schema, unharmed by other schemas made and dropped meanwhile", async () => {
    const mine = await createEmptyDb('postgres');
    const other = await createEmptyDb('postgres');
    try {
      await migrateToLatest(other.db);
      await migrateToLatest(mine.db);
      const tables = await mine.db.introspection.getTables({ withInternalKyselyTables: true });
      expect(new Set(tables.map((t) => t.schema))).toEqual(new Set([mine.schema]));
      expect(tables.map((t) => t.name)).toContain('kysely_migration');
      expect(tables.find((t) => t.name === 'units')?.columns.map((c) => c.name)).toContain(
        'park_id',
      );
      // Schemas with tables come and go (as parallel test runs' do) while this one migrates
      // and introspects: Kysely's own introspection resolved each of their tables by name and
      // failed with "schema … does not exist" when one went between its catalog read and that.
      let churning = true;
      const churn = (async () => {
        while (churning) {
          const t = await createEmptyDb('postgres');
          await sql`create table a (id serial primary key, b text)`.execute(t.db);
          await t.destroy();
        }
      })();
      try {
        for (let i = 0; i < 20; i++) {
          await migrateToLatest(mine.db);
          expect((await mine.db.introspection.getTables()).length).toBe(tables.length - 2);
        }
      } finally {
        churning = false;
        await churn;
      }
    } finally {
      await mine.destroy();
      await other.destroy();
    }
  });
});

import { sql, type Kysely } from 'kysely';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../server/db/connect.ts';
import { migrateTo, migrateToLatest } from '../../server/db/migrate.ts';
import type { Database } from '../../server/db/schema.ts';
import {
  forgetUnchangedWrites,
  rebuildRollups,
  rollupsAreFresh,
} from '../../server/engine/rollups/rollups.ts';
import { insertDataset, randomDataset } from '../helpers/builders.ts';
import { createTestDb, testDialects, type TestDb } from '../helpers/db.ts';
import { PROVINCES } from '../queries/arbitraries.ts';

const DATASET = randomDataset({ units: 40, years: [1400, 1402], provinces: PROVINCES, seed: 3 });

/** Another connection to the same database (another process would do the same). */
function otherConnection(t: TestDb): Kysely<Database> {
  return openDatabase(t.location, t.schema ? { schema: t.schema } : {});
}

describe.each(testDialects())('rollup freshness on %s', (dialect) => {
  let t: TestDb;
  let other: Kysely<Database>;
  beforeAll(async () => {
    t = await createTestDb(dialect);
    await insertDataset(t.db, DATASET);
    other = otherConnection(t);
  });
  afterAll(async () => {
    await other.destroy();
    await t.destroy();
  });
  afterEach(async () => {
    await rebuildRollups(t.db);
  });

  it('are stale after the data is written, fresh after a rebuild', async () => {
    expect(await rollupsAreFresh(t.db)).toBe(false);
    await rebuildRollups(t.db);
    expect(await rollupsAreFresh(t.db)).toBe(true);
  });

  // Each kind of write, by another connection: the row counts it used to be judged by miss the
  // update of an amount and a delete followed by an insert.
  const writes: [string, (db: Kysely<Database>) => Promise<unknown>][] = [
    [
      'an amount updated',
      (db) => db.updateTable('grants').set({ disbursed_amount: 1 }).where('id', '=', 1).execute(),
    ],
    [
      'a grant deleted and another inserted',
      async (db) => {
        const grant = await db
          .selectFrom('grants')
          .selectAll()
          .where('id', '=', 2)
          .executeTakeFirstOrThrow();
        await db.deleteFrom('grants').where('id', '=', 2).execute();
        await db
          .insertInto('grants')
          .values({ ...grant, code: 'G-again' })
          .execute();
      },
    ],
    [
      'an employment row changed',
      (db) => db.updateTable('employment').set({ employees: 7 }).where('unit_id', '=', 1).execute(),
    ],
    [
      'a unit moved to another province',
      (db) => db.updateTable('units').set({ province_id: 2 }).where('id', '=', 3).execute(),
    ],
    ['a park renamed', (db) => db.updateTable('parks').set({ name_en: 'Renamed' }).execute()],
  ];

  it.each(writes)('notice %s through another connection', async (_, write) => {
    await rebuildRollups(t.db);
    expect(await rollupsAreFresh(t.db)).toBe(true);
    await write(other);
    expect(await rollupsAreFresh(t.db)).toBe(false);
  });

  it('ignore writes to what the rollups are not built from (sessions, audit, reference names)', async () => {
    await rebuildRollups(t.db);
    await other.insertInto('rollup_meta').values({ key: 'unrelated', value: 'x' }).execute();
    await other.updateTable('provinces').set({ name_en: 'Tehran' }).where('id', '=', 1).execute();
    expect(await rollupsAreFresh(t.db)).toBe(true);
  });
  /** A statement that changes no row (an upsert of rows as they are), then the import's cleanup. */
  const unchangedImport = (db: Kysely<Database>) =>
    db.transaction().execute(async (tx) => {
      await tx.updateTable('grants').set({ disbursed_amount: 5 }).where('id', '<', 0).execute();
      await forgetUnchangedWrites(tx);
    });

  it('stay fresh after a transaction that changed no row', async () => {
    await rebuildRollups(t.db);
    await unchangedImport(t.db);
    expect(await rollupsAreFresh(t.db)).toBe(true);
  });

  it("keep another connection's mark through a transaction that changed no row", async () => {
    await rebuildRollups(t.db);
    await other.updateTable('grants').set({ disbursed_amount: 3 }).where('id', '=', 4).execute();
    await unchangedImport(t.db);
    expect(await rollupsAreFresh(t.db)).toBe(false);
  });
});

describe.each(testDialects())(
  'migration 0010 (data_writes) over rollups built before it, on %s',
  (dialect) => {
    let t: TestDb;
    beforeAll(async () => {
      t = await createTestDb(dialect);
      await insertDataset(t.db, DATASET);
    });
    afterAll(() => t.destroy());

    /** Rollups as they were recorded before 0010: the row counts as their signature. */
    async function builtBefore0010(signatureMatches: boolean): Promise<void> {
      await rebuildRollups(t.db);
      await migrateTo(t.db, '0009_sign_in_brake');
      const { rows } = await sql<Record<string, unknown>>`select
        (select count(*) from units) as units, (select max(id) from units) as unit_max,
        (select count(*) from employment) as employment,
        (select count(*) from grants) as grants, (select max(id) from grants) as grant_max,
        (select count(*) from grants where status = 'disbursed') as disbursed`.execute(t.db);
      const r = rows[0] ?? {};
      const counts = ['units', 'unit_max', 'employment', 'grants', 'grant_max', 'disbursed'].map(
        (k) => String(Number(r[k]) + (signatureMatches || k !== 'grants' ? 0 : 1)),
      );
      await t.db
        .insertInto('rollup_meta')
        .values({ key: 'signature', value: `v2:${counts.join(':')}` })
        .execute();
      await migrateToLatest(t.db);
    }

    it('keeps rollups whose old signature matches the data', async () => {
      await builtBefore0010(true);
      expect(await rollupsAreFresh(t.db)).toBe(true);
    });

    it('marks rollups whose old signature does not match as stale', async () => {
      await builtBefore0010(false);
      expect(await rollupsAreFresh(t.db)).toBe(false);
    });
  },
);

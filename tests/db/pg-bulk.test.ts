import { sql, type Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../server/db/schema.ts';
import { copyRowsIn, copyRowsOut, pgClientOf, selectArrays } from '../../server/db/pg-bulk.ts';
import { rollupIoForRebuild } from '../../server/engine/rollups/rollup-io.ts';
import { rebuildRollups } from '../../server/engine/rollups/rollups.ts';
import { insertDataset, randomDataset } from '../helpers/builders.ts';
import { createTestDb, testDialects, type TestDb } from '../helpers/db.ts';
import { PROVINCES } from '../queries/arbitraries.ts';

describe.each(testDialects())('pg bulk io on %s', (dialect) => {
  let t: TestDb;
  beforeAll(async () => {
    t = await createTestDb(dialect);
  });
  afterAll(() => t.destroy());

  it('hands out no raw client outside a PostgreSQL transaction', async () => {
    expect(await pgClientOf(t.db)).toBeNull();
    if (dialect === 'sqlite')
      expect(await t.db.transaction().execute((tx) => pgClientOf(tx))).toBeNull();
  });
});

/** The rows of ru_grants, as text, in a fixed order. */
async function grantRollupRows(db: Kysely<Database>): Promise<string[][]> {
  const { rows } = await sql<Record<string, unknown>>`select * from ru_grants
    order by year, province_id, sector_id, size, category_id, heading_id`.execute(db);
  return rows.map((r) => Object.values(r).map((v) => JSON.stringify(v)));
}

describe.each(testDialects().filter((d) => d === 'postgres'))('pg bulk io on %s', (dialect) => {
  let t: TestDb;
  beforeAll(async () => {
    t = await createTestDb(dialect);
  });
  afterAll(() => t.destroy());

  it("finds the transaction's own client while another transaction holds a connection", async () => {
    // The other transaction's connection was made first: a lookup that took any client of the
    // pool would find it, and not see this transaction's uncommitted row.
    let release = () => {};
    const held = new Promise<void>((resolve) => (release = resolve));
    let started = () => {};
    const other = t.db.transaction().execute(async (tx) => {
      await sql`select 1`.execute(tx);
      started();
      await held;
    });
    await new Promise<void>((resolve) => (started = resolve));
    try {
      const seen = await t.db.transaction().execute(async (tx) => {
        await sql`insert into rollup_meta (key, value) values ('pg_bulk_probe', 'x')`.execute(tx);
        const client = await pgClientOf(tx);
        expect(client).not.toBeNull();
        if (!client) return [];
        const rows = await selectArrays(
          client,
          'select key, value from rollup_meta where key = $1',
          ['pg_bulk_probe'],
        );
        await sql`delete from rollup_meta where key = 'pg_bulk_probe'`.execute(tx);
        return rows;
      });
      expect(seen).toEqual([['pg_bulk_probe', 'x']]);
    } finally {
      release();
      await other;
    }
  });

  it('copies integers, nulls and amounts past 2^53 exactly, across several chunks, inside the transaction', async () => {
    const big = 2n ** 60n + 7n;
    const rows: (number | bigint | null)[][] = [];
    for (let i = 0; i < 25_003; i++)
      rows.push([1400, i, 3, i % 4 === 0 ? null : i % 4, 5, 6, i, i]);
    rows.push([1401, 1, 2, null, 3, 4, 5, big]);
    const columns = ['year', 'province_id', 'sector_id', 'size', 'category_id', 'heading_id'];
    const all = [...columns, 'grants', 'amount'];
    await expect(
      t.db.transaction().execute(async (tx) => {
        const client = await pgClientOf(tx);
        if (!client) throw new Error('no client');
        expect(await copyRowsIn(client, 'ru_grants', all, [])).toBe(0);
        expect(await copyRowsIn(client, 'ru_grants', all, rows)).toBe(rows.length);
        const { rows: back } = await sql<{
          n: string;
          nulls: string;
          big: string;
        }>`select count(*)::text as n, count(*) filter (where size is null)::text as nulls,
            max(amount)::text as big from ru_grants`.execute(tx);
        expect(back[0]).toEqual({ n: String(rows.length), nulls: '6252', big: String(big) });
        throw new Error('roll back');
      }),
    ).rejects.toThrow('roll back');
    // The copy was the transaction's: rolled back with it.
    expect(await grantRollupRows(t.db)).toEqual([]);
  });

  it('reads integer rows by COPY as pg parses them: nulls, negatives, 15 digits and more', async () => {
    // Rows as pg's own parsers give them (int8 as Number) are the reference.
    const select = `select i, case when i % 3 = 0 then null else -i end,
        (i * 99999999977)::bigint, 2::bigint ^ 60 + i, 999999999999999 - i, 0
      from generate_series(0, 30000) as i order by i`;
    const [copied, reference] = await t.db.transaction().execute(async (tx) => {
      const client = await pgClientOf(tx);
      if (!client) throw new Error('no client');
      const out = await copyRowsOut(
        client,
        select.replace('2::bigint ^ 60', '1152921504606846976'),
      );
      const ref = await selectArrays(
        client,
        select.replace('2::bigint ^ 60', '1152921504606846976::bigint'),
        [],
      );
      await expect(copyRowsOut(client, `select 'x' as text`)).rejects.toThrow('not integers');
      // The transaction goes on after a refused read.
      expect(await copyRowsOut(client, 'select 1')).toEqual([[1]]);
      return [out, ref];
    });
    expect(copied.length).toBe(30001);
    expect(copied).toEqual(reference);
  });

  it('rebuilds through the raw client and restores every rollup index as it was', async () => {
    await insertDataset(
      t.db,
      randomDataset({ units: 60, years: [1399, 1401], provinces: PROVINCES, seed: 3 }),
    );
    const indexes = async () =>
      (
        await sql<{ name: string; ddl: string }>`select indexname as name, indexdef as ddl
          from pg_indexes where schemaname = current_schema() and tablename like 'ru\\_%'
          order by indexname`.execute(t.db)
      ).rows;
    const before = await indexes();
    expect(before.length).toBeGreaterThan(5);
    const io = await t.db.transaction().execute((tx) => rollupIoForRebuild(tx));
    expect(io.constructor.name).toBe('PgRollupIo');
    await rebuildRollups(t.db);
    expect(await indexes()).toEqual(before);
    expect((await grantRollupRows(t.db)).length).toBeGreaterThan(0);
  });
});

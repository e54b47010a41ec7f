import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { isSeeded, seedDatabase, SeedRefusedError } from '../../server/seed/index.ts';
import { createEmptyDb, testDialects, type TestDb } from '../helpers/db.ts';

describe.each(testDialects())('re-seeding (%s)', (dialect) => {
  let t: TestDb | undefined;
  afterEach(async () => {
    await t?.destroy();
    t = undefined;
  });

  async function seedSmall(db: TestDb, extra: { fresh?: boolean; seed?: number } = {}) {
    return seedDatabase(db.location, {
      scale: 'small',
      ...(db.schema ? { schema: db.schema } : {}),
      ...extra,
    });
  }

  it('refuses a seeded database, replaces it with fresh, and marks it seeded only at the end', async () => {
    t = await createEmptyDb(dialect);
    const first = await seedSmall(t);
    expect(await isSeeded(t.db)).toBe(true);
    await expect(seedSmall(t)).rejects.toBeInstanceOf(SeedRefusedError);
    await expect(seedSmall(t)).rejects.toThrow(/--fresh/);
    const again = await seedSmall(t, { fresh: true, seed: 9 });
    expect(again.counts.units).toBe(first.counts.units);
    const meta = await t.db
      .selectFrom('dataset_meta')
      .select(['key', 'value'])
      .where('key', '=', 'seed')
      .execute();
    expect(meta).toEqual([{ key: 'seed', value: '9' }]);
    const units = await t.db
      .selectFrom('units')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(units.n)).toBe(first.counts.units);
  });

  it('an interrupted seed is not seeded, and the next run clears it and restores the indexes', async () => {
    t = await createEmptyDb(dialect);
    await seedSmall(t);
    const complete = await indexNames(t);
    expect(complete).toContain('grants_status_year');
    await expect(
      seedDatabase(t.location, {
        scale: 'small',
        fresh: true,
        ...(t.schema ? { schema: t.schema } : {}),
        onProgress: (p) => {
          if (p.phase === 'units' && p.done >= 1000) throw new Error('interrupted');
        },
      }),
    ).rejects.toThrow('interrupted');
    expect(await isSeeded(t.db)).toBe(false);
    const report = await seedSmall(t);
    expect(report.counts.units).toBe(2600);
    expect(await isSeeded(t.db)).toBe(true);
    expect(await indexNames(t)).toEqual(complete);
  });

  it('refuses a database holding units that it did not seed', async () => {
    t = await createEmptyDb(dialect);
    await seedSmall(t);
    await t.db.deleteFrom('dataset_meta').execute();
    await expect(seedSmall(t)).rejects.toBeInstanceOf(SeedRefusedError);
  });
});

/** Index names on the data tables (SQLite catalogue or PostgreSQL pg_indexes). */
async function indexNames(t: TestDb): Promise<string[]> {
  const tables = ['parks', 'clusters', 'units', 'employment', 'grants'];
  const q =
    t.dialect === 'sqlite'
      ? sql<{
          name: string;
        }>`select name from sqlite_master where type = 'index' and tbl_name in (${sql.join(tables)}) order by name`
      : sql<{
          name: string;
        }>`select indexname as name from pg_indexes where schemaname = ${t.schema ?? ''} and tablename in (${sql.join(tables)}) order by indexname`;
  return (await q.execute(t.db)).rows.map((r) => r.name);
}

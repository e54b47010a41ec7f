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

  it('clears the leftovers of an interrupted seed without --fresh', async () => {
    t = await createEmptyDb(dialect);
    await seedSmall(t);
    // Simulate an interruption: the completion facts are written last, so a crash leaves none.
    await t.db.deleteFrom('dataset_meta').where('key', '<>', 'seed_started_at').execute();
    expect(await isSeeded(t.db)).toBe(false);
    const report = await seedSmall(t);
    expect(report.counts.units).toBeGreaterThan(0);
    expect(await isSeeded(t.db)).toBe(true);
  });

  it('refuses a database holding units that it did not seed', async () => {
    t = await createEmptyDb(dialect);
    await seedSmall(t);
    await t.db.deleteFrom('dataset_meta').execute();
    await expect(seedSmall(t)).rejects.toBeInstanceOf(SeedRefusedError);
  });
});

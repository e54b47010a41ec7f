import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDatabase } from '../../server/seed/index.ts';
import { createEmptyDb, testDialects, type TestDb } from '../helpers/db.ts';
import { contentHashes } from './content-hash.ts';

async function seeded(dialect: 'sqlite' | 'postgres', seed?: number): Promise<TestDb> {
  const t = await createEmptyDb(dialect);
  await seedDatabase(t.location, {
    scale: 'small',
    ...(seed !== undefined ? { seed } : {}),
    ...(t.schema ? { schema: t.schema } : {}),
  });
  return t;
}

describe('seed determinism (small scale)', () => {
  const dbs: TestDb[] = [];
  let reference: Awaited<ReturnType<typeof contentHashes>>;

  beforeAll(async () => {
    const first = await seeded('sqlite');
    dbs.push(first);
    reference = await contentHashes(first.db);
  });
  afterAll(async () => {
    for (const t of dbs) await t.destroy();
  });

  it('the same seed gives identical rows in every data table', async () => {
    const second = await seeded('sqlite');
    dbs.push(second);
    expect(await contentHashes(second.db)).toEqual(reference);
  });

  it('a different seed gives different units, employment and grants', async () => {
    const other = await seeded('sqlite', 7);
    dbs.push(other);
    const hashes = await contentHashes(other.db);
    expect(hashes.units).not.toBe(reference.units);
    expect(hashes.employment).not.toBe(reference.employment);
    expect(hashes.grants).not.toBe(reference.grants);
  });

  for (const dialect of testDialects().filter((d) => d === 'postgres')) {
    it('PostgreSQL gets exactly the rows SQLite gets', async () => {
      const pg = await seeded(dialect);
      dbs.push(pg);
      expect(await contentHashes(pg.db)).toEqual(reference);
    });
  }
});

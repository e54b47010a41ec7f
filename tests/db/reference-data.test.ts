import { sql, type Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadReferenceData } from '../../server/db/reference-data.ts';
import type { Database } from '../../server/db/schema.ts';
import { HEADINGS, PROVINCES } from '../../server/domain/reference.ts';
import { createTestDb, testDialects, type TestDb } from '../helpers/db.ts';

/**
 * Something that moves with every row written to the reference tables: SQLite's count of rows
 * this connection changed; PostgreSQL's row versions (an upsert to the same values is a new one).
 */
async function writeStamp(db: Kysely<Database>, dialect: string): Promise<string> {
  if (dialect === 'sqlite') {
    return String((await sql<{ n: number }>`select total_changes() as n`.execute(db)).rows[0]?.n);
  }
  const { rows } = await sql<{
    x: string;
  }>`select string_agg(t || id || ':' || xmin::text, ',' order by t, id) as x
    from (select 'p' as t, id, xmin from provinces union all select 's', id, xmin from sectors
      union all select 'c', id, xmin from support_categories
      union all select 'h', id, xmin from support_headings) all_rows`.execute(db);
  return rows[0]?.x ?? '';
}

describe.each(testDialects())('reference data on %s', (dialect) => {
  let t: TestDb;
  beforeAll(async () => {
    t = await createTestDb(dialect);
  });
  afterAll(() => t.destroy());

  it('writes nothing when the tables already hold the files', async () => {
    const before = await writeStamp(t.db, dialect);
    await loadReferenceData(t.db);
    expect(await writeStamp(t.db, dialect)).toBe(before);
  });

  it('puts back the names of data/ where they differ, and only there', async () => {
    await t.db.updateTable('provinces').set({ name_en: 'Renamed' }).where('id', '=', 2).execute();
    await t.db
      .updateTable('support_headings')
      .set({ name_fa: 'دیگر', category_id: 1 })
      .where('id', '=', 85)
      .execute();
    await t.db.deleteFrom('support_headings').where('id', '=', 84).execute();
    const before = await writeStamp(t.db, dialect);
    await loadReferenceData(t.db);
    const province = await t.db
      .selectFrom('provinces')
      .select('name_en')
      .where('id', '=', 2)
      .executeTakeFirstOrThrow();
    expect(province.name_en).toBe(PROVINCES[1]?.nameEn);
    const headings = await t.db
      .selectFrom('support_headings')
      .select(['id', 'code', 'name_fa'])
      .where('id', '>=', 84)
      .orderBy('id')
      .execute();
    expect(headings).toEqual([
      { id: 84, code: HEADINGS[83]?.code, name_fa: HEADINGS[83]?.nameFa },
      { id: 85, code: HEADINGS[84]?.code, name_fa: HEADINGS[84]?.nameFa },
    ]);
    // Three rows written: SQLite counts them; on PostgreSQL exactly three row versions are new.
    const after = await writeStamp(t.db, dialect);
    if (dialect === 'sqlite') expect(Number(after) - Number(before)).toBe(3);
    else {
      const was = new Set(before.split(','));
      expect(after.split(',').filter((row) => !was.has(row))).toHaveLength(3);
    }
  });
});

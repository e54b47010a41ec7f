import type { Kysely } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../server/db/connect.ts';
import type { Database } from '../../server/db/schema.ts';
import { EMPTY_FILTERS, type Filters } from '../../server/domain/filters.ts';
import { ALL_SCOPE, type Scope } from '../../server/domain/scope.ts';
import { memoised, type AnswerMemo } from '../../server/queries/answer-memo.ts';
import { rebuildRollups } from '../../server/engine/rollups/rollups.ts';
import { getDimensions } from '../../server/queries/dimensions.ts';
import { getSummary } from '../../server/queries/summary.ts';
import { insertDataset } from '../helpers/builders.ts';
import { createTestDb, testDialects, type TestDb } from '../helpers/db.ts';
import { FIXTURE } from './fixture.ts';

const freshMemo = (): AnswerMemo => ({ version: null, entries: new Map() });
const f = (over: Partial<Filters>): Filters => ({ ...EMPTY_FILTERS, ...over });
const TEHRAN: Scope = { provinces: ['IR-23'] };
const ISFAHAN: Scope = { provinces: ['IR-10'] };

/** U3 (IR-23, id 3) grows from 20 to 1020 employees in 1402; the rollups follow. */
async function grow(db: Kysely<Database>): Promise<void> {
  await db
    .updateTable('employment')
    .set({ employees: 1020 })
    .where('unit_id', '=', 3)
    .where('year', '=', 1402)
    .execute();
  await rebuildRollups(db);
}

describe('summary answers remembered per change token (SQLite)', () => {
  let t: TestDb;
  beforeEach(async () => {
    t = await createTestDb('sqlite');
    await insertDataset(t.db, FIXTURE);
    await rebuildRollups(t.db);
  });
  afterEach(() => t.destroy());

  it('answers each scope with its own numbers, whichever asked first', async () => {
    for (const order of [
      [ALL_SCOPE, TEHRAN, ISFAHAN],
      [TEHRAN, ISFAHAN, ALL_SCOPE],
    ]) {
      const memo = freshMemo();
      for (const scope of order) {
        for (const filters of [EMPTY_FILTERS, f({ province: ['IR-10'] })]) {
          const remembered = await getSummary(t.db, scope, filters, { memo });
          expect(remembered).toEqual(await getSummary(t.db, scope, filters));
        }
      }
      // The scopes' answers differ, so a key without the scope would have failed above.
      const all = await getSummary(t.db, ALL_SCOPE, EMPTY_FILTERS, { memo });
      const tehran = await getSummary(t.db, TEHRAN, EMPTY_FILTERS, { memo });
      expect(tehran.current.units).toBeLessThan(all.current.units);
      // A Tehran viewer naming Isfahan sees nothing, even after an all-provinces caller asked.
      const named = await getSummary(t.db, TEHRAN, f({ province: ['IR-10'] }), { memo });
      expect(named.current.units).toBe(0);
      expect(named.current.amount).toBe('0');
    }
  });

  it('reuses an answer while nothing is written', async () => {
    const memo = freshMemo();
    let computed = 0;
    const compute = () => Promise.resolve(++computed);
    expect(await memoised(memo, t.db, ['q', 1], compute)).toBe(1);
    expect(await memoised(memo, t.db, ['q', 1], compute)).toBe(1);
    expect(await memoised(memo, t.db, ['q', 2], compute)).toBe(2);
    expect(computed).toBe(2);
  });

  it('forgets its answers after a write through the same connection', async () => {
    const memo = freshMemo();
    const before = await getSummary(t.db, TEHRAN, EMPTY_FILTERS, { memo });
    await grow(t.db);
    const after = await getSummary(t.db, TEHRAN, EMPTY_FILTERS, { memo });
    expect(after).toEqual(await getSummary(t.db, TEHRAN, EMPTY_FILTERS));
    expect(after.current.employment).toBe(before.current.employment + 1000);
  });

  it('forgets its answers after another connection commits (an import thread, a CLI)', async () => {
    const memo = freshMemo();
    const before = await getSummary(t.db, ALL_SCOPE, EMPTY_FILTERS, { memo });
    const other = openDatabase(t.location);
    try {
      await grow(other);
    } finally {
      await other.destroy();
    }
    const after = await getSummary(t.db, ALL_SCOPE, EMPTY_FILTERS, { memo });
    expect(after.current.employment).toBe(before.current.employment + 1000);
  });

  it('checks the token the request read once when it was given, not a new one', async () => {
    const memo = freshMemo();
    let computed = 0;
    const compute = () => Promise.resolve(++computed);
    expect(await memoised(memo, t.db, ['q'], compute, { version: 'request 1' })).toBe(1);
    // A write since (a session touched, say): the request's own token still finds its answer…
    await grow(t.db);
    expect(await memoised(memo, t.db, ['q'], compute, { version: 'request 1' })).toBe(1);
    // …and the next request, with the token read at its start, computes again.
    expect(await memoised(memo, t.db, ['q'], compute, { version: 'request 2' })).toBe(2);
  });

  it('remembers the dimensions per scope until the data changes', async () => {
    const memo = freshMemo();
    const before = await getDimensions(t.db, ALL_SCOPE, { memo });
    expect(await getDimensions(t.db, ALL_SCOPE, { memo })).toBe(before);
    expect((await getDimensions(t.db, TEHRAN, { memo })).parks).toEqual([]);
    const tehran = await t.db
      .selectFrom('provinces')
      .select('id')
      .where('code', '=', 'IR-23')
      .executeTakeFirstOrThrow();
    const other = openDatabase(t.location);
    try {
      await other
        .insertInto('parks')
        .values({
          id: 99,
          code: 'P99',
          province_id: tehran.id,
          kind: 'park',
          status: 'active',
          established_year: 1380,
          name_fa: 'پارک',
          name_en: 'Park 99',
        })
        .execute();
    } finally {
      await other.destroy();
    }
    const after = await getDimensions(t.db, TEHRAN, { memo });
    expect(after.parks.map((p) => p.code)).toEqual(['P99']);
    expect(after).toEqual(await getDimensions(t.db, TEHRAN));
  });

  it('shares one computation between concurrent callers and keeps no failure', async () => {
    const memo = freshMemo();
    let computed = 0;
    const slow = () => new Promise<number>((resolve) => setTimeout(() => resolve(++computed), 10));
    const answers = await Promise.all([1, 2, 3].map(() => memoised(memo, t.db, ['s'], slow)));
    expect(answers).toEqual([1, 1, 1]);
    const failing = () => Promise.reject(new Error('no'));
    await expect(memoised(memo, t.db, ['f'], failing)).rejects.toThrow('no');
    expect(await memoised(memo, t.db, ['f'], () => Promise.resolve('yes'))).toBe('yes');
  });
});

describe.each(testDialects().filter((d) => d === 'postgres'))('answer memo on %s', (dialect) => {
  let t: TestDb;
  beforeEach(async () => {
    t = await createTestDb(dialect);
    await insertDataset(t.db, FIXTURE);
  });
  afterEach(() => t.destroy());

  it('remembers nothing: several servers may write and no cheap version says so', async () => {
    const memo = freshMemo();
    let computed = 0;
    const compute = () => Promise.resolve(++computed);
    await memoised(memo, t.db, ['q'], compute);
    await memoised(memo, t.db, ['q'], compute);
    expect(computed).toBe(2);
    const before = await getSummary(t.db, ALL_SCOPE, EMPTY_FILTERS, { memo });
    await grow(t.db);
    const after = await getSummary(t.db, ALL_SCOPE, EMPTY_FILTERS, { memo });
    expect(after.current.employment).toBe(before.current.employment + 1000);
  });
});

import type { Kysely } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Database } from '../../server/db/schema.ts';
import { ALL_SCOPE, type Scope } from '../../server/domain/scope.ts';
import { rebuildRollups } from '../../server/engine/rollups/rollups.ts';
import { getDimensions } from '../../server/queries/dimensions.ts';
import { insertDataset } from '../helpers/builders.ts';
import { createTestDb, testDialects, type TestDb } from '../helpers/db.ts';
import { FIXTURE } from './fixture.ts';

const TEHRAN: Scope = { provinces: ['IR-23'] };
const ISFAHAN: Scope = { provinces: ['IR-10'] };

/** A park of Tehran written without a new data version (no import, no rollup build). */
async function addPark(db: Kysely<Database>, code: string): Promise<void> {
  const tehran = await db
    .selectFrom('provinces')
    .select('id')
    .where('code', '=', 'IR-23')
    .executeTakeFirstOrThrow();
  await db
    .insertInto('parks')
    .values({
      id: 900,
      code,
      province_id: tehran.id,
      kind: 'park',
      status: 'active',
      established_year: 1380,
      name_fa: code,
      name_en: code,
    })
    .execute();
}

const parkCodes = async (db: Kysely<Database>, scope: Scope) =>
  (await getDimensions(db, scope)).parks.map((p) => p.code);

// PostgreSQL keeps the dimensions per handle, scope and data version (dimensions.ts).
describe.each(testDialects().filter((d) => d === 'postgres'))('dimensions on %s', (dialect) => {
  let t: TestDb;
  beforeEach(async () => {
    t = await createTestDb(dialect);
    await insertDataset(t.db, FIXTURE);
  });
  afterEach(() => t.destroy());

  it('reads every time before the first rollup build (no data version)', async () => {
    expect(await parkCodes(t.db, ALL_SCOPE)).toEqual(['P1']);
    await addPark(t.db, 'P9');
    expect(await parkCodes(t.db, ALL_SCOPE)).toEqual(['P1', 'P9']);
  });

  it('answers from the data version it was read under, and anew after a new version', async () => {
    await rebuildRollups(t.db);
    const first = await getDimensions(t.db, ALL_SCOPE);
    expect(await getDimensions(t.db, ALL_SCOPE)).toBe(first);
    await addPark(t.db, 'P9');
    await rebuildRollups(t.db);
    expect(await parkCodes(t.db, ALL_SCOPE)).toEqual(['P1', 'P9']);
  });

  it("keeps each scope's answer apart, whichever asked first", async () => {
    await addPark(t.db, 'P9');
    await rebuildRollups(t.db);
    expect(await parkCodes(t.db, TEHRAN)).toEqual(['P9']);
    expect(await parkCodes(t.db, ISFAHAN)).toEqual(['P1']);
    expect(await parkCodes(t.db, ALL_SCOPE)).toEqual(['P1', 'P9']);
    expect((await getDimensions(t.db, TEHRAN)).provinces.map((p) => p.code)).toEqual(['IR-23']);
  });
});

// SQLite keeps nothing here (its answer memo forgets on any committed write), so a write shows at
// once, data version or not; this also gives the file a suite where PostgreSQL is not configured.
describe.each(testDialects().filter((d) => d === 'sqlite'))('dimensions on %s', (dialect) => {
  let t: TestDb;
  beforeEach(async () => {
    t = await createTestDb(dialect);
    await insertDataset(t.db, FIXTURE);
    await rebuildRollups(t.db);
  });
  afterEach(() => t.destroy());

  it('shows a park written without a new data version at once', async () => {
    expect(await parkCodes(t.db, ALL_SCOPE)).toEqual(['P1']);
    await addPark(t.db, 'P9');
    expect(await parkCodes(t.db, ALL_SCOPE)).toEqual(['P1', 'P9']);
    expect(await parkCodes(t.db, ISFAHAN)).toEqual(['P1']);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  attachMemoryFacts,
  memoryFactsOf,
  type MemoryFacts,
} from '../../server/engine/facts/memory-facts.ts';
import { num } from '../../server/engine/sql/metric-sql.ts';
import { rebuildRollups } from '../../server/engine/rollups/rollups.ts';
import { insertDataset, randomDataset } from '../helpers/builders.ts';
import { createTestDb, testDialects, type TestDb } from '../helpers/db.ts';
import { PROVINCES } from '../queries/arbitraries.ts';

// What the in-memory facts hold and how they are indexed. That they answer every fact family and
// every query as the raw SQL does is engine-equality.test.ts's property.

const DATASET = randomDataset({ units: 160, years: [1398, 1402], provinces: PROVINCES, seed: 9 });

describe.each(testDialects())('in-memory facts on %s', (dialect) => {
  let t: TestDb;
  let memory: MemoryFacts;
  beforeAll(async () => {
    t = await createTestDb(dialect);
    await insertDataset(t.db, DATASET);
    await rebuildRollups(t.db);
    expect(memoryFactsOf(t.db)).toBeNull();
    await attachMemoryFacts(t.db);
    const loaded = memoryFactsOf(t.db);
    if (!loaded) throw new Error('memory facts did not load');
    memory = loaded;
  });
  afterAll(() => t.destroy());

  it('hold every unit and disbursed grant', async () => {
    const units = await t.db
      .selectFrom('units')
      .select((e) => e.fn.countAll().as('n'))
      .executeTakeFirstOrThrow();
    const grants = await t.db
      .selectFrom('grants')
      .where('status', '=', 'disbursed')
      .select((e) => e.fn.countAll().as('n'))
      .executeTakeFirstOrThrow();
    expect(memory.unitIds.length).toBe(num(units.n));
    expect(memory.grantAmount.length).toBe(num(grants.n));
    expect(memory.grantAmount.length).toBeGreaterThan(0);
  });

  it('index every unit once per unit column, in ascending order', () => {
    const lists = [
      [memory.byProvince, memory.province],
      [memory.byPark, memory.park],
      [memory.byCluster, memory.cluster],
      [memory.bySector, memory.sector],
    ] as const;
    for (const [postings, column] of lists) {
      expect(postings.units.length).toBe(memory.unitIds.length);
      for (let v = 0; v + 1 < postings.offsets.length; v++) {
        const units = [...postings.units.subarray(postings.offsets[v], postings.offsets[v + 1])];
        expect(units).toEqual([...units].sort((a, b) => a - b));
        for (const u of units) expect(column[u]).toBe(v);
      }
      expect(postings.offsets.at(-1)).toBe(memory.unitIds.length);
    }
  });
});

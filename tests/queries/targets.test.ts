import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ALL_SCOPE } from '../../server/domain/scope.ts';
import { getTargets } from '../../server/queries/targets.ts';
import { insertTargets, type TargetSpec } from '../helpers/builders.ts';
import { createTestDb, testDialects, type TestDb } from '../helpers/db.ts';

const TARGETS: TargetSpec[] = [
  { year: 1402, metric: 'amount', value: '1152921504606846976' }, // 2^60: exact beyond 2^53
  { year: 1402, province: 'IR-10', metric: 'amount', value: 400 },
  { year: 1402, province: 'IR-10', support: 'FIN', metric: 'grants', value: 3 },
  { year: 1402, province: 'IR-23', support: 'MKT-01', metric: 'amount', value: 70 },
  { year: 1403, province: 'IR-23', metric: 'units', value: 5 },
  { year: 1401, metric: 'employment', value: 90 },
];

describe.each(testDialects())('targets query on %s', (dialect) => {
  let t: TestDb;
  beforeAll(async () => {
    t = await createTestDb(dialect);
    await insertTargets(t.db, TARGETS);
  });
  afterAll(() => t.destroy());

  it('reads the targets of a year range as codes, money exact', async () => {
    const rows = await getTargets(t.db, ALL_SCOPE, { from: 1402, to: 1402 });
    expect(rows).toEqual([
      { year: 1402, province: null, support: null, metric: 'amount', value: 2n ** 60n },
      { year: 1402, province: 'IR-10', support: null, metric: 'amount', value: 400n },
      { year: 1402, province: 'IR-10', support: 'FIN', metric: 'grants', value: 3n },
      { year: 1402, province: 'IR-23', support: 'MKT-01', metric: 'amount', value: 70n },
    ]);
    expect(await getTargets(t.db, ALL_SCOPE, { from: 1300, to: 1410 })).toHaveLength(6);
  });

  it("a provincial caller sees only their provinces' targets, never the whole country's", async () => {
    const esfahan = await getTargets(t.db, { provinces: ['IR-10'] }, { from: 1300, to: 1410 });
    expect(esfahan.map((r) => r.province)).toEqual(['IR-10', 'IR-10']);
    const both = await getTargets(
      t.db,
      { provinces: ['IR-23', 'IR-10'] },
      { from: 1300, to: 1410 },
    );
    expect(both.map((r) => r.province).sort()).toEqual(['IR-10', 'IR-10', 'IR-23', 'IR-23']);
    expect(await getTargets(t.db, { provinces: [] }, { from: 1300, to: 1410 })).toEqual([]);
    expect(await getTargets(t.db, { provinces: ['IR-05'] }, { from: 1300, to: 1410 })).toEqual([]);
  });
});

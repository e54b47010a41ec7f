import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EMPTY_FILTERS, type Filters } from '../../server/domain/filters.ts';
import { ALL_SCOPE } from '../../server/domain/scope.ts';
import { getSummary } from '../../server/queries/summary.ts';
import { insertDataset } from '../helpers/builders.ts';
import { createTestDb, testDialects, type TestDb } from '../helpers/db.ts';
import { FIXTURE } from './fixture.ts';

const f = (over: Partial<Filters>): Filters => ({ ...EMPTY_FILTERS, ...over });

describe.each(testDialects())('getSummary on %s', (dialect) => {
  let t: TestDb;
  beforeAll(async () => {
    t = await createTestDb(dialect);
    await insertDataset(t.db, FIXTURE);
  });
  afterAll(() => t.destroy());

  it('defaults to the dataset range and has no previous range before the data', async () => {
    const s = await getSummary(t.db, ALL_SCOPE, EMPTY_FILTERS);
    expect(s.range).toEqual({ from: 1400, to: 1402 });
    expect(s.current).toEqual({
      units: 4,
      employment: 93,
      supportedUnits: 3,
      coverage: 0.75,
      grants: 4,
      amount: '1307',
      employmentChange: 0,
    });
    expect(s.previousRange).toBeNull();
    expect(s.previous).toBeNull();
  });

  it('counts employment change over units present in both years', async () => {
    const s = await getSummary(t.db, ALL_SCOPE, f({ from: 1401, to: 1402 }));
    expect(s.current).toMatchObject({ units: 4, employmentChange: 2, supportedUnits: 2 });
    expect(s.current.amount).toBe('1300');
  });

  it('compares with the same-length previous range', async () => {
    const s = await getSummary(t.db, ALL_SCOPE, f({ from: 1402, to: 1402 }));
    expect(s.previousRange).toEqual({ from: 1401, to: 1401 });
    expect(s.previous).toEqual({
      units: 4,
      employment: 79,
      supportedUnits: 1,
      coverage: 0.25,
      grants: 1,
      amount: '100',
      employmentChange: 0,
    });
  });

  it('uses size in `to` for unit metrics and size in the grant year for support', async () => {
    const s = await getSummary(t.db, ALL_SCOPE, f({ from: 1401, to: 1402, size: ['small'] }));
    expect(s.current).toEqual({
      units: 2,
      employment: 32,
      supportedUnits: 1,
      coverage: 0.5,
      grants: 1,
      amount: '200',
      employmentChange: 7,
    });
  });

  it('applies heading filters to support metrics only', async () => {
    const s = await getSummary(t.db, ALL_SCOPE, f({ category: ['MKT'] }));
    expect(s.current).toMatchObject({ units: 4, supportedUnits: 1, grants: 1, amount: '1000' });
    const both = await getSummary(t.db, ALL_SCOPE, f({ category: ['MKT'], heading: ['FIN-01'] }));
    expect(both.current).toMatchObject({ units: 4, supportedUnits: 0, grants: 0, amount: '0' });
  });

  it('applies the scope in SQL', async () => {
    const s = await getSummary(t.db, { provinces: ['IR-23'] }, EMPTY_FILTERS);
    expect(s.current).toMatchObject({ units: 1, employment: 20, supportedUnits: 1, amount: '7' });
    const outside = await getSummary(t.db, { provinces: ['IR-23'] }, f({ province: ['IR-10'] }));
    expect(outside.current).toMatchObject({ units: 0, grants: 0, coverage: null });
  });

  it('rejects unknown park codes with a readable error', async () => {
    await expect(getSummary(t.db, ALL_SCOPE, f({ park: ['NOPE'] }))).rejects.toThrow(
      /unknown park code "NOPE"/,
    );
    // A park outside the scope is unknown to that caller.
    await expect(getSummary(t.db, { provinces: ['IR-23'] }, f({ park: ['P1'] }))).rejects.toThrow(
      /unknown park/,
    );
  });
});

import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { ALL_SCOPE } from '../../server/domain/scope.ts';
import { createQueryPool, type QueryPool } from '../../server/engine/workers/worker-pool.ts';
import type { DrillOptions } from '../../server/queries/drill.ts';
import { randomDataset, withDrillNames } from '../helpers/builders.ts';
import { testDialects } from '../helpers/db.ts';
import { PROVINCES } from '../queries/arbitraries.ts';
import { exportFile, readWorkbook, sheetRows } from './export-helpers.ts';
import { useFactsDb } from '../helpers/facts-db.ts';

// A drill export reads its list in slices (aggregates.ts drillTable), so a million units never
// cross from a worker, nor get formatted, in one step. The file must be the one the whole list
// makes: here slices of 7 rows from the fact columns against one read of the grouped drill over
// the tables, for every level, a name, code and metric sort, both orders, CSV and Excel.

const DATASET = withDrillNames(
  randomDataset({ units: 83, years: [1399, 1402], provinces: PROVINCES, seed: 43 }),
);
const SLICE = 7;

const CASES = (['unit', 'park', 'cluster'] as const).flatMap((level) =>
  (['name', 'code', 'amount', 'employmentChange'] as const).flatMap((sort) =>
    (['asc', 'desc'] as const).map((order) => `level=${level}&sort=${sort}&order=${order}`),
  ),
);

describe.each(testDialects())('drill exports in slices on %s', (dialect) => {
  const fixture = useFactsDb(dialect, DATASET);

  it.each(CASES)('CSV: %s is the same file in slices', async (query) => {
    const whole = await exportFile(fixture().t.db, ALL_SCOPE, 'drill.csv', `${query}&from=1400`);
    const sliced = await exportFile(
      fixture().withFacts,
      ALL_SCOPE,
      'drill.csv',
      `${query}&from=1400`,
      {
        lists: { drillSliceRows: SLICE },
      },
    );
    expect(sliced.bytes.toString('utf8')).toBe(whole.bytes.toString('utf8'));
    // More rows than one slice, so the slices were stitched.
    expect(whole.bytes.toString('utf8').split('\r\n').length).toBeGreaterThan(
      query.startsWith('level=unit') ? 3 * SLICE : 3,
    );
  });

  it('Excel: the same sheet in slices', async () => {
    const query = 'level=unit&sort=name&order=desc&header=keys';
    const whole = await exportFile(fixture().t.db, ALL_SCOPE, 'drill.xlsx', query);
    const sliced = await exportFile(fixture().withFacts, ALL_SCOPE, 'drill.xlsx', query, {
      lists: { drillSliceRows: SLICE },
    });
    const rows = async (bytes: Buffer) =>
      sheetRows((await readWorkbook(bytes)).worksheets[0] ?? expect.fail('no sheet'));
    const expected = await rows(whole.bytes);
    expect(expected.length).toBeGreaterThan(3 * SLICE);
    expect(await rows(sliced.bytes)).toEqual(expected);
  });

  describe('with the query workers', () => {
    let pool: QueryPool;
    beforeAll(async () => {
      pool = createQueryPool(
        {
          location: fixture().t.location,
          ...(fixture().t.schema ? { schema: fixture().t.schema } : {}),
        },
        2,
      );
      await vi.waitFor(() => expect(pool.memoryReady()).toBe(true), { timeout: 60_000 });
    }, 90_000);
    afterAll(() => pool.close());

    it('asks the workers one bounded slice at a time', async () => {
      const slices: DrillOptions['slice'][] = [];
      const recording: QueryPool = {
        run: (name, args, call) => {
          if (name === 'getDrill') slices.push((args[2] as DrillOptions).slice);
          return pool.run(name, args, call);
        },
        close: () => pool.close(),
        memoryReady: () => pool.memoryReady(),
        memorySoon: () => pool.memorySoon(),
        memoryLoading: () => pool.memoryLoading(),
        cellsReady: () => pool.cellsReady(),
        reload: () => pool.reload(),
      };
      const query = 'level=unit&sort=code';
      const whole = await exportFile(fixture().t.db, ALL_SCOPE, 'drill.csv', query);
      const pooled = await exportFile(fixture().t.db, ALL_SCOPE, 'drill.csv', query, {
        pool: recording,
        lists: { drillSliceRows: SLICE },
      });
      expect(pooled.bytes.toString('utf8')).toBe(whole.bytes.toString('utf8'));
      const rows = whole.bytes.toString('utf8').split('\r\n').length - 2;
      expect(slices).toEqual(
        Array.from({ length: Math.ceil(rows / SLICE) }, (_, k) => ({
          offset: k * SLICE,
          count: SLICE,
        })),
      );
    });
  });
});

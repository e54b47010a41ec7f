import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EMPTY_FILTERS } from '../../server/domain/filters.ts';
import { ALL_SCOPE } from '../../server/domain/scope.ts';
import { getBreakdown } from '../../server/queries/breakdown.ts';
import { getDrill } from '../../server/queries/drill.ts';
import { FilterValidationError } from '../../server/queries/errors.ts';
import { getImpact } from '../../server/queries/impact.ts';
import { rebuildRollups } from '../../server/queries/rollups.ts';
import { getSummary } from '../../server/queries/summary.ts';
import { getTimeseries } from '../../server/queries/timeseries.ts';
import {
  createQueryPool,
  QueryAbandonedError,
  type QueryPool,
} from '../../server/queries/worker-pool.ts';
import { insertDataset } from '../helpers/builders.ts';
import { createTestDb, type TestDb } from '../helpers/db.ts';
import { FIXTURE } from './fixture.ts';

// The pool is SQLite-only: PostgreSQL queries are asynchronous already.
describe('worker pool on sqlite', () => {
  let t: TestDb;
  let pool: QueryPool;
  beforeAll(async () => {
    t = await createTestDb('sqlite');
    await insertDataset(t.db, FIXTURE);
    await rebuildRollups(t.db);
    pool = createQueryPool(t.location, 2);
  });
  afterAll(async () => {
    await pool.close();
    await t.destroy();
  });

  it('answers long reads in workers exactly as inline', async () => {
    const size = { ...EMPTY_FILTERS, size: ['small' as const] };
    const headings = { ...EMPTY_FILTERS, heading: ['FIN-01', 'MKT-01'] };
    const pairs: [() => Promise<unknown>, () => Promise<unknown>][] = [
      [() => pool.run('getSummary', [ALL_SCOPE, size]), () => getSummary(t.db, ALL_SCOPE, size)],
      [
        () => getSummary(t.db, ALL_SCOPE, headings, { pool }),
        () => getSummary(t.db, ALL_SCOPE, headings),
      ],
      [
        () => getDrill(t.db, ALL_SCOPE, EMPTY_FILTERS, { level: 'unit' }, { pool }),
        () => getDrill(t.db, ALL_SCOPE, EMPTY_FILTERS, { level: 'unit' }),
      ],
      [
        () => getBreakdown(t.db, ALL_SCOPE, EMPTY_FILTERS, { by: 'heading', limit: 1 }, { pool }),
        () => getBreakdown(t.db, ALL_SCOPE, EMPTY_FILTERS, { by: 'heading', limit: 1 }),
      ],
      [
        () => getTimeseries(t.db, ALL_SCOPE, size, 'month', { pool }),
        () => getTimeseries(t.db, ALL_SCOPE, size, 'month'),
      ],
      [
        () => getImpact(t.db, ALL_SCOPE, EMPTY_FILTERS, { pool }),
        () => getImpact(t.db, ALL_SCOPE, EMPTY_FILTERS),
      ],
    ];
    // All at once: more queries than workers, so some wait in the queue.
    const pooled = await Promise.all(pairs.map(([p]) => p()));
    const inline = await Promise.all(pairs.map(([, i]) => i()));
    expect(pooled).toEqual(inline);
    expect(pooled[2]).toMatchObject({ total: 4 });
  });

  it('passes validation errors back as FilterValidationError', async () => {
    const bad = { ...EMPTY_FILTERS, park: ['NOPE'] };
    await expect(pool.run('getImpact', [ALL_SCOPE, bad])).rejects.toThrow(FilterValidationError);
    await expect(pool.run('getImpact', [ALL_SCOPE, bad])).rejects.toThrow(/unknown park/);
  });

  it('refuses work after close', async () => {
    const closing = createQueryPool(t.location, 1);
    await closing.close();
    await expect(closing.run('getImpact', [ALL_SCOPE, EMPTY_FILTERS])).rejects.toThrow(/closed/);
  });

  // Issue #17 item 3: one user's batch of slow drill-downs held both workers for 70 s.
  it('serves queued queries round-robin between owners', async () => {
    const one = createQueryPool(t.location, 1);
    try {
      const order: string[] = [];
      const run = (owner: string, label: string) =>
        one
          .run('getImpact', [ALL_SCOPE, EMPTY_FILTERS], { owner })
          .then(() => void order.push(label));
      const flood = ['a1', 'a2', 'a3', 'a4', 'a5'].map((label) => run('alice', label));
      const other = run('bob', 'b1');
      await Promise.all([...flood, other]);
      // a1 was running, a2 next in alice's turn; then bob's turn comes before a3.
      expect(order).toEqual(['a1', 'a2', 'b1', 'a3', 'a4', 'a5']);
    } finally {
      await one.close();
    }
  });

  it('drops queued queries whose request was abandoned, and finishes the running one', async () => {
    const one = createQueryPool(t.location, 1);
    try {
      const gone = new AbortController();
      const call = { owner: 'alice', signal: gone.signal };
      const running = one.run('getImpact', [ALL_SCOPE, EMPTY_FILTERS], call);
      const queued = [1, 2, 3].map(() => one.run('getImpact', [ALL_SCOPE, EMPTY_FILTERS], call));
      gone.abort();
      for (const q of queued) await expect(q).rejects.toThrow(QueryAbandonedError);
      await expect(running).resolves.toMatchObject({});
      // The worker is free for the next caller at once, not after three abandoned queries.
      await expect(one.run('getSummary', [ALL_SCOPE, EMPTY_FILTERS])).resolves.toBeTruthy();
      await expect(
        one.run('getSummary', [ALL_SCOPE, EMPTY_FILTERS], { signal: gone.signal }),
      ).rejects.toThrow(QueryAbandonedError);
    } finally {
      await one.close();
    }
  });
});

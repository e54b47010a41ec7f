import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { openDatabase } from '../../server/db/connect.ts';
import { startDataVersionWatch } from '../../server/http/data-version-watch.ts';
import { getRollupState } from '../../server/engine/rollups/rollups.ts';
import type { QueryPool } from '../../server/engine/workers/worker-pool.ts';
import { createTestDb, testDialects, type TestDb } from '../helpers/db.ts';

// Issue #16 part 5: an app server notices data written by another process (another app server,
// `npm run import`) through the data version, drops its cached rollup state and has its query
// workers reload their facts.
describe.each(testDialects())('the data version watch on %s', (dialect) => {
  let t: TestDb;
  beforeAll(async () => {
    t = await createTestDb(dialect);
  });
  afterAll(() => t.destroy());

  // In one transaction, as a rebuild commits it: the watch never sees the table half written.
  const setMeta = (db: typeof t.db, builtAt: string, supportedMax: string) =>
    db.transaction().execute(async (tx) => {
      await tx.deleteFrom('rollup_meta').execute();
      await tx
        .insertInto('rollup_meta')
        .values([
          { key: 'built_at', value: builtAt },
          { key: 'supported_min', value: '1398' },
          { key: 'supported_max', value: supportedMax },
        ])
        .execute();
    });

  it("reacts to another process's new version once, and not after it is stopped", async () => {
    await setMeta(t.db, '2026-12-03T10:00:00.000Z', '1402');
    const reload = vi.fn();
    const pool = { reload } as unknown as QueryPool;
    const onChange = vi.fn();
    const stop = startDataVersionWatch(t.db, pool, { everyMs: 50, onChange });
    const other = openDatabase(t.location, t.schema ? { schema: t.schema } : {});
    try {
      expect((await getRollupState(t.db))?.supportedYears).toEqual({ min: 1398, max: 1402 });
      // Polling finds the version it started with: nothing to do.
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(onChange).not.toHaveBeenCalled();

      // Another app server's import commits new data and rollups.
      await setMeta(other, '2026-12-03T11:00:00.000Z', '1403');
      // A loaded machine may take a while to poll: wait up to 10 s, not vi.waitFor's default 1 s.
      await vi.waitFor(() => expect(onChange).toHaveBeenCalledWith('2026-12-03T11:00:00.000Z'), {
        timeout: 10_000,
      });
      expect(reload).toHaveBeenCalledTimes(1);
      // The cached rollup state was dropped: the planner sees the new years.
      expect((await getRollupState(t.db))?.supportedYears).toEqual({ min: 1398, max: 1403 });
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(onChange).toHaveBeenCalledTimes(1);

      stop();
      await setMeta(other, '2026-12-03T12:00:00.000Z', '1404');
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(onChange).toHaveBeenCalledTimes(1);
      expect(reload).toHaveBeenCalledTimes(1);
    } finally {
      stop();
      await other.destroy();
    }
  });
});

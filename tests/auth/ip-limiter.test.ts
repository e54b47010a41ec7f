import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createIpLimiter, IP_MAX_FAILURES, IP_WINDOW_MS } from '../../server/auth/ip-limiter.ts';
import { startSessionSweep } from '../../server/auth/session-sweep.ts';
import { openDatabase } from '../../server/db/connect.ts';
import { flushDeferredWrites } from '../../server/stores/deferred-writes.ts';
import { createTestDb, testDialects, type TestDb } from '../helpers/db.ts';

// Issue #16 part 5: the per-address sign-in brake lives in the database, so two app servers on
// one database (here: two connections, each with its own limiter) count the same failures.
describe.each(testDialects())('sign-in brake on %s', (dialect) => {
  let t: TestDb;
  const other = () => openDatabase(t.location, t.schema ? { schema: t.schema } : {});
  beforeAll(async () => {
    t = await createTestDb(dialect);
  });
  afterAll(() => t.destroy());

  it('counts failures made through two app servers together, per address', async () => {
    const db2 = other();
    try {
      const a = createIpLimiter(t.db);
      const b = createIpLimiter(db2);
      const now = new Date('2026-12-03T10:00:00Z');
      const ip = '192.0.2.10';
      // Half through each server, at once: the upsert must not lose a count.
      await Promise.all(
        Array.from({ length: IP_MAX_FAILURES - 1 }, (_, i) =>
          (i % 2 === 0 ? a : b).recordFailure(ip, now),
        ),
      );
      await flushDeferredWrites();
      expect(await a.blocked(ip, now)).toBe(false);
      expect(await b.blocked(ip, now)).toBe(false);
      await b.recordFailure(ip, now);
      await flushDeferredWrites();
      expect(await a.blocked(ip, now)).toBe(true);
      expect(await b.blocked(ip, now)).toBe(true);
      // Another address is not braked by it.
      expect(await a.blocked('192.0.2.11', now)).toBe(false);
    } finally {
      await db2.destroy();
    }
  });

  it('opens a new window once the old one has ended, and the sweep deletes ended windows', async () => {
    const limiter = createIpLimiter(t.db);
    const ip = '2001:db8::7';
    const start = new Date('2026-12-03T11:00:00Z');
    for (let i = 0; i < IP_MAX_FAILURES; i++) await limiter.recordFailure(ip, start);
    await flushDeferredWrites();
    const inWindow = new Date(start.getTime() + IP_WINDOW_MS - 1);
    const afterWindow = new Date(start.getTime() + IP_WINDOW_MS);
    expect(await limiter.blocked(ip, inWindow)).toBe(true);
    expect(await limiter.blocked(ip, afterWindow)).toBe(false);
    // A failure after the window counts from 1 again, not 21.
    await limiter.recordFailure(ip, afterWindow);
    await flushDeferredWrites();
    const row = await t.db
      .selectFrom('sign_in_failures')
      .selectAll()
      .where('ip', '=', ip)
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({ failures: 1, window_start: afterWindow.toISOString() });

    const later = new Date(afterWindow.getTime() + IP_WINDOW_MS);
    const stop = startSessionSweep(t.db, { now: () => later, everyMs: 60_000 });
    stop();
    await expect
      .poll(
        async () =>
          (await t.db.selectFrom('sign_in_failures').select('ip').where('ip', '=', ip).execute())
            .length,
      )
      .toBe(0);
  });
});

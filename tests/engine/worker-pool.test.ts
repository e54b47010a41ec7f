import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { EMPTY_FILTERS } from '../../server/domain/filters.ts';
import { ALL_SCOPE } from '../../server/domain/scope.ts';
import { getBreakdown } from '../../server/queries/breakdown.ts';
import { getDrill } from '../../server/queries/drill.ts';
import { FilterValidationError } from '../../server/engine/filters/errors.ts';
import { getImpact } from '../../server/queries/impact.ts';
import { observePlans, type QueryPlan } from '../../server/engine/planner/query-plan.ts';
import { rebuildRollups } from '../../server/engine/rollups/rollups.ts';
import { getSummary } from '../../server/queries/summary.ts';
import { getTimeseries } from '../../server/queries/timeseries.ts';
import { createQueryPool, QueryAbandonedError } from '../../server/engine/workers/worker-pool.ts';
import { insertDataset } from '../helpers/builders.ts';
import { createTestDb, testDialects, type TestDb } from '../helpers/db.ts';
import { recordingPool } from '../helpers/recording-pool.ts';
import { FIXTURE } from '../queries/fixture.ts';

/** The pooled query a plan's query function sends: `summary` → `getSummary`. */
const pooledName = (plan: QueryPlan): string =>
  `get${plan.query.charAt(0).toUpperCase()}${plan.query.slice(1)}`;

const QUERY_FUNCTIONS = ['getBreakdown', 'getDrill', 'getImpact', 'getSummary', 'getTimeseries'];

// On SQLite the workers answer every long read; on PostgreSQL (whose SQL is asynchronous already)
// they answer the passes over the facts they hold in memory.
describe.each(testDialects())('worker pool on %s', (dialect) => {
  let t: TestDb;
  let pool: ReturnType<typeof createQueryPool>;
  const target = () => ({ location: t.location, ...(t.schema ? { schema: t.schema } : {}) });
  beforeAll(async () => {
    t = await createTestDb(dialect);
    await insertDataset(t.db, FIXTURE);
    // With the fine rollups (the fallback where the facts cannot hold the data): until the facts
    // are loaded, SQL answers. Without them the workers wait for the facts (see below).
    await rebuildRollups(t.db, { fineRollups: 'always' });
    pool = createQueryPool(target(), 2);
  });
  afterAll(async () => {
    await pool.close();
    await t.destroy();
  });

  it('answers long reads in workers exactly as inline', async () => {
    const size = { ...EMPTY_FILTERS, size: ['small' as const] };
    const headings = { ...EMPTY_FILTERS, heading: ['FIN-01', 'MKT-01'] };
    const { pool: sending, sent } = recordingPool(pool);
    const plans: QueryPlan[] = [];
    const stop = observePlans((p) => plans.push(p));
    const pairs: [() => Promise<unknown>, () => Promise<unknown>][] = [
      [() => pool.run('getSummary', [ALL_SCOPE, size]), () => getSummary(t.db, ALL_SCOPE, size)],
      [
        () => getSummary(t.db, ALL_SCOPE, headings, { pool: sending }),
        () => getSummary(t.db, ALL_SCOPE, headings),
      ],
      [
        () => getDrill(t.db, ALL_SCOPE, EMPTY_FILTERS, { level: 'unit' }, { pool: sending }),
        () => getDrill(t.db, ALL_SCOPE, EMPTY_FILTERS, { level: 'unit' }),
      ],
      [
        () =>
          getBreakdown(
            t.db,
            ALL_SCOPE,
            EMPTY_FILTERS,
            { by: 'heading', limit: 1 },
            { pool: sending },
          ),
        () => getBreakdown(t.db, ALL_SCOPE, EMPTY_FILTERS, { by: 'heading', limit: 1 }),
      ],
      [
        () => getTimeseries(t.db, ALL_SCOPE, size, 'month', { pool: sending }),
        () => getTimeseries(t.db, ALL_SCOPE, size, 'month'),
      ],
      [
        () => getImpact(t.db, ALL_SCOPE, EMPTY_FILTERS, { pool: sending }),
        () => getImpact(t.db, ALL_SCOPE, EMPTY_FILTERS),
      ],
    ];
    // All at once: more queries than workers, so some wait in the queue.
    const pooled = await Promise.all(pairs.map(([p]) => p()));
    stop();
    const inline = await Promise.all(pairs.map(([, i]) => i()));
    expect(pooled).toEqual(inline);
    expect(pooled[2]).toMatchObject({ total: 4 });
    // Offloaded, not only planned: what the plans placed in a worker is what reached the pool.
    const placed = plans.filter((p) => p.runs === 'worker').map(pooledName);
    expect([...sent].sort()).toEqual(placed.sort());
    // SQLite blocks the event loop, so every one of these raw reads goes to a worker; PostgreSQL
    // runs SQL inline until the workers hold the facts (the next test).
    expect(placed.sort()).toEqual(dialect === 'sqlite' ? QUERY_FUNCTIONS : []);
  });

  it('load the facts in memory and answer the planned passes over them', async () => {
    await Promise.all([pool.run('warmMemory', []), pool.run('warmMemory', [])]);
    await vi.waitFor(() => expect(pool.memoryReady()).toBe(true));
    // The loader shares the facts first and their cells after (query-worker.ts): warmMemory
    // waits for the second, which holds every derived structure.
    const shared = pool.sharedFacts();
    expect(shared?.complete).toBe(true);
    expect(shared?.facts?.years).not.toBeNull();
    expect(shared?.facts?.series).not.toBeNull();
    expect(shared?.facts?.byHeading).not.toBeNull();
    expect(shared?.facts?.byGroup).not.toBeNull();
    const plans: QueryPlan[] = [];
    const stop = observePlans((p) => plans.push(p));
    const { pool: sending, sent } = recordingPool(pool);
    try {
      const input = { by: 'heading' as const, by2: 'size' as const, limit: 1 };
      const pooled = await getBreakdown(t.db, ALL_SCOPE, EMPTY_FILTERS, input, { pool: sending });
      expect(sent).toEqual(['getBreakdown']);
      expect(plans).toHaveLength(1);
      expect(plans[0]).toMatchObject({ runs: 'worker', others: 'memory' });
      expect(plans[0]?.reads[0]).toMatchObject({ grants: 'memory', supported: 'with-grants' });
      expect(pooled.others).not.toBeNull();
      expect(pooled).toEqual(
        await getBreakdown(t.db, ALL_SCOPE, EMPTY_FILTERS, input, { source: 'raw' }),
      );
    } finally {
      stop();
    }
  });

  it('sends every query function’s passes over the facts to a worker, on both dialects', async () => {
    await vi.waitFor(() => expect(pool.memoryReady()).toBe(true));
    const size = { ...EMPTY_FILTERS, size: ['small' as const] };
    const headings = { ...EMPTY_FILTERS, heading: ['FIN-01', 'MKT-01'] };
    const { pool: sending, sent } = recordingPool(pool);
    const plans: QueryPlan[] = [];
    const stop = observePlans((p) => plans.push(p));
    try {
      await getSummary(t.db, ALL_SCOPE, headings, { pool: sending });
      await getDrill(t.db, ALL_SCOPE, EMPTY_FILTERS, { level: 'unit' }, { pool: sending });
      await getBreakdown(
        t.db,
        ALL_SCOPE,
        EMPTY_FILTERS,
        { by: 'heading', limit: 1 },
        { pool: sending },
      );
      await getTimeseries(t.db, ALL_SCOPE, size, 'month', { pool: sending });
      await getImpact(t.db, ALL_SCOPE, EMPTY_FILTERS, { pool: sending });
    } finally {
      stop();
    }
    const placed = plans.filter((p) => p.runs === 'worker').map(pooledName);
    expect([...sent].sort()).toEqual(placed.sort());
    // Impact too is a pass over the facts (memory-impact.ts): in a worker on both dialects.
    expect(placed.sort()).toEqual(QUERY_FUNCTIONS);
  });

  it('hold one copy of the facts, shared by every worker, and reload it when the data changes', async () => {
    await Promise.all([pool.run('warmMemory', []), pool.run('warmMemory', [])]);
    const shared = pool.sharedFacts();
    expect(shared?.facts?.grantAmount.buffer).toBeInstanceOf(SharedArrayBuffer);
    // Every column, index and cell: one that is not shared is copied to each worker.
    expect(unsharedArrays(shared?.facts)).toEqual([]);
    expect(shared?.facts?.byHeading).not.toBeNull();
    // Both workers answer from memory (two at once: one each), as the raw tables do.
    const input = { by: 'cluster' as const, by2: 'heading' as const, limit: 2 };
    const raw = await getBreakdown(t.db, ALL_SCOPE, EMPTY_FILTERS, input, { source: 'raw' });
    const both = await Promise.all(
      [0, 1].map(() => pool.run('getBreakdown', [ALL_SCOPE, EMPTY_FILTERS, input, {}])),
    );
    expect(both).toEqual([raw, raw]);

    // New data and a rebuild: a new data version, so the workers drop the old facts.
    await t.db.updateTable('employment').set({ employees: 99 }).execute();
    await rebuildRollups(t.db);
    const after = await getBreakdown(t.db, ALL_SCOPE, EMPTY_FILTERS, input, { source: 'raw' });
    expect(after).not.toEqual(raw);
    const answers = await Promise.all(
      [0, 1].map(() => pool.run('getBreakdown', [ALL_SCOPE, EMPTY_FILTERS, input, {}])),
    );
    expect(answers).toEqual([after, after]);
    await vi.waitFor(() => expect(pool.sharedFacts()?.version).not.toBe(shared?.version));
    await vi.waitFor(() => expect(pool.memoryReady()).toBe(true));
    const fromNewFacts = await Promise.all(
      [0, 1].map(() => pool.run('getBreakdown', [ALL_SCOPE, EMPTY_FILTERS, input, {}])),
    );
    expect(fromNewFacts).toEqual([after, after]);
  });

  // Issue #16 part 5: another app server's import changed the data; the watch calls reload().
  it('reload the facts of a new data version when told, before any query asks', async () => {
    await Promise.all([pool.run('warmMemory', []), pool.run('warmMemory', [])]);
    await vi.waitFor(() => expect(pool.memoryReady()).toBe(true));
    const before = pool.sharedFacts()?.version;
    await t.db.updateTable('employment').set({ employees: 77 }).execute();
    await rebuildRollups(t.db);
    pool.reload();
    await vi.waitFor(() => expect(pool.sharedFacts()?.version).not.toBe(before), {
      timeout: 20_000,
    });
    // Loading, then not once the new facts are shared (the followers' notices of the new version
    // arriving after them change nothing).
    await vi.waitFor(() => expect(pool.memoryLoading()).toBe(false));
    await vi.waitFor(() => expect(pool.memoryReady()).toBe(true), { timeout: 20_000 });
    const input = { by: 'size' as const, limit: 3 };
    const raw = await getBreakdown(t.db, ALL_SCOPE, EMPTY_FILTERS, input, { source: 'raw' });
    const both = await Promise.all(
      [0, 1].map(() => pool.run('getBreakdown', [ALL_SCOPE, EMPTY_FILTERS, input, {}])),
    );
    expect(both).toEqual([raw, raw]);
  });

  // query-worker.ts answer(): with its facts a worker answers while it reads the data version,
  // and must drop that answer when the version changed. Impact is read from the facts alone (no
  // SQL after the version read that the closed connection would fail), so its answer from the
  // old data is ready: it must not be the one sent.
  it('answer from the new data when it changed under the facts, not the old facts’ answer', async () => {
    await Promise.all([pool.run('warmMemory', []), pool.run('warmMemory', [])]);
    await vi.waitFor(() => expect(pool.memoryReady()).toBe(true));
    // FIXTURE's employment years: its supported units' change from 1401 to 1402.
    const filters = { ...EMPTY_FILTERS, from: 1401, to: 1402 };
    const old = await pool.run('getImpact', [ALL_SCOPE, filters, {}]);
    await t.db.updateTable('employment').set({ employees: 140 }).where('year', '=', 1402).execute();
    await rebuildRollups(t.db);
    const raw = await getImpact(t.db, ALL_SCOPE, filters, { source: 'raw' });
    expect(raw).not.toEqual(old);
    const both = await Promise.all(
      [0, 1].map(() => pool.run('getImpact', [ALL_SCOPE, filters, {}])),
    );
    expect(both).toEqual([raw, raw]);
  });

  it('without fine rollups, hold a query planned for the facts until they are loaded', async () => {
    await rebuildRollups(t.db);
    const one = createQueryPool(target(), 1);
    try {
      expect(one.memoryLoading()).toBe(true);
      const input = { by: 'park' as const, limit: 3 };
      const plans: QueryPlan[] = [];
      const stop = observePlans((p) => plans.push(p));
      const answer = await getBreakdown(t.db, ALL_SCOPE, EMPTY_FILTERS, input, { pool: one });
      stop();
      expect(plans[0]?.reads[0]?.units).toBe('memory');
      // The worker answered after loading the facts: their notices come before its answer.
      expect(one.memoryReady()).toBe(true);
      expect(one.memoryLoading()).toBe(false);
      expect(answer).toEqual(
        await getBreakdown(t.db, ALL_SCOPE, EMPTY_FILTERS, input, { source: 'raw' }),
      );
    } finally {
      await one.close();
    }
  });

  it('passes validation errors back as FilterValidationError', async () => {
    const bad = { ...EMPTY_FILTERS, park: ['NOPE'] };
    await expect(pool.run('getImpact', [ALL_SCOPE, bad])).rejects.toThrow(FilterValidationError);
    await expect(pool.run('getImpact', [ALL_SCOPE, bad])).rejects.toThrow(/unknown park/);
  });

  it('refuses work after close', async () => {
    const closing = createQueryPool(target(), 1);
    await closing.close();
    await expect(closing.run('getImpact', [ALL_SCOPE, EMPTY_FILTERS])).rejects.toThrow(/closed/);
  });

  // Issue #17 item 3: one user's batch of slow drill-downs held both workers for 70 s.
  it('serves queued queries round-robin between owners', async () => {
    const one = createQueryPool(target(), 1);
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
    const one = createQueryPool(target(), 1);
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

/** The paths of the typed arrays under `value` that are not views of a SharedArrayBuffer. */
function unsharedArrays(value: unknown, path = 'facts', seen = new Set<unknown>()): string[] {
  if (value === null || typeof value !== 'object' || seen.has(value)) return [];
  seen.add(value);
  if (ArrayBuffer.isView(value)) return value.buffer instanceof SharedArrayBuffer ? [] : [path];
  if (value instanceof Map) return [];
  return Object.entries(value).flatMap(([k, v]) => unsharedArrays(v, `${path}.${k}`, seen));
}

import { TRPCError } from '@trpc/server';
import { getHTTPStatusCodeFromError } from '@trpc/server/http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ALL_SCOPE } from '../../server/domain/scope.ts';
import { createContext } from '../../server/routers/context.ts';
import { appRouter } from '../../server/routers/index.ts';
import { createCallerFactory } from '../../server/routers/trpc.ts';
import { insertDataset } from '../helpers/builders.ts';
import { createTestDb, testDialects, type TestDb } from '../helpers/db.ts';
import { FIXTURE } from '../queries/fixture.ts';

const createCaller = createCallerFactory(appRouter);

/** The error a call rejects with (fails the test if it resolves). */
async function errorOf(p: Promise<unknown>): Promise<TRPCError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof TRPCError) return e;
    throw e;
  }
  throw new Error('expected the call to fail');
}

describe.each(testDialects())('appRouter on %s', (dialect) => {
  let t: TestDb;
  let caller: ReturnType<typeof createCaller>;
  beforeAll(async () => {
    t = await createTestDb(dialect);
    await insertDataset(t.db, FIXTURE);
    caller = createCaller(createContext({ db: t.db, scope: ALL_SCOPE }));
  });
  afterAll(() => t.destroy());

  it('meta.dimensions lists members, years and dataset facts', async () => {
    const d = await caller.meta.dimensions();
    expect(d.provinces).toHaveLength(31);
    expect(d.headings).toHaveLength(85);
    expect(d.parks).toEqual([
      { code: 'P1', province: 'IR-10', nameFa: 'شهرک P1', nameEn: 'Park P1', kind: 'park' },
    ]);
    expect(d.clusters.map((c) => [c.code, c.sector])).toEqual([['K1', 'METL']]);
    expect(d.years).toEqual({ min: 1400, max: 1402, lastUnits: 1402 });
    expect(d.dataset).toEqual({
      synthetic: false,
      scale: 'fixture',
      asOf: '2024-03-01',
      source: 'test fixture',
    });
  });

  it('meta.dimensions limits parks and clusters to the scope', async () => {
    const scoped = createCaller(createContext({ db: t.db, scope: { provinces: ['IR-23'] } }));
    const d = await scoped.meta.dimensions();
    expect(d.parks).toEqual([]);
    expect(d.clusters).toEqual([]);
  });

  it('stats.summary', async () => {
    const s = await caller.stats.summary({ filters: { from: 1401, to: 1402 } });
    expect(s.current.employmentChange).toBe(2);
    expect(s.current.amount).toBe('1300');
  });

  it('stats.breakdown', async () => {
    const b = await caller.stats.breakdown({ filters: {}, by: 'province', sort: 'amount' });
    expect(b.rows.map((r) => [r.key, r.amount])).toEqual([
      ['IR-10', '1300'],
      ['IR-23', '7'],
    ]);
    expect(b.total.amount).toBe('1307');
  });

  it('stats.timeseries', async () => {
    const ts = await caller.stats.timeseries({ filters: {}, grain: 'quarter' });
    expect(ts.rows).toHaveLength(12);
    expect(ts.rows.find((r) => r.period === '1402-Q3')?.amount).toBe('200');
  });

  it('stats.drill', async () => {
    const d = await caller.stats.drill({ filters: {}, level: 'unit', sort: 'code' });
    expect(d.total).toBe(4);
    expect(d.rows.map((r) => r.code)).toEqual(['U1', 'U2', 'U3', 'U5']);
  });

  it('stats.impact', async () => {
    const i = await caller.stats.impact({ filters: { from: 1401, to: 1402 } });
    expect(i.strata).toBe(1);
    expect(i.supported.changePct).toBe(140);
  });

  it.each([
    ['inverted years', { filters: { from: 1402, to: 1400 } }, /inverted/],
    ['unknown province', { filters: { province: ['IR-99'] } }, /unknown province code "IR-99"/],
    ['unknown park', { filters: { park: ['NOPE'] } }, /unknown park code "NOPE"/],
    ['unknown cluster', { filters: { cluster: ['K9'] } }, /unknown cluster code "K9"/],
    ['non-integer year', { filters: { from: 1400.5 } }, /whole Jalali year/],
  ])('stats.summary rejects %s with BAD_REQUEST', async (_name, input, message) => {
    const e = await errorOf(caller.stats.summary(input));
    expect(e.code).toBe('BAD_REQUEST');
    expect(e.message).toMatch(message);
  });

  it('formats bad requests as HTTP 400 with a readable data.filterError', async () => {
    const e = await errorOf(caller.stats.summary({ filters: { province: ['IR-99'] } }));
    expect(getHTTPStatusCodeFromError(e)).toBe(400);
    const shape = appRouter._def._config.errorFormatter({
      error: e,
      type: 'query',
      path: 'stats.summary',
      input: undefined,
      ctx: undefined,
      shape: {
        message: e.message,
        code: -32600,
        data: { code: 'BAD_REQUEST', httpStatus: 400, path: 'stats.summary' },
      },
    });
    expect(shape.data.filterError).toBe('filters.province: unknown province code "IR-99"');
    expect(shape.message).toBe(shape.data.filterError);
  });

  it('rejects a breakdown limit over 500 and a page size over 200', async () => {
    const b = await errorOf(caller.stats.breakdown({ filters: {}, by: 'province', limit: 501 }));
    expect(b.code).toBe('BAD_REQUEST');
    expect(b.message).toMatch(/limit/);
    const d = await errorOf(caller.stats.drill({ filters: {}, level: 'unit', pageSize: 201 }));
    expect(d.code).toBe('BAD_REQUEST');
    const same = await errorOf(
      caller.stats.breakdown({ filters: {}, by: 'province', by2: 'province' }),
    );
    expect(same.code).toBe('BAD_REQUEST');
    expect(same.message).toMatch(/by2/);
  });
});

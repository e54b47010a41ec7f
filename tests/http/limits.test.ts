import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_BATCH_CALLS } from '../../server/domain/request-limits.ts';
import { createSlots } from '../../server/http/slots.ts';
import { listAudit } from '../../server/stores/audit.ts';
import { startHttpFixture, type HttpFixture } from './http-fixture.ts';
import { rawRequest } from './raw-request.ts';

interface ErrorBody {
  error: { code: string; message: string; messageFa: string };
}

/** A batched GET of `n` summaries, as httpBatchLink sends it. */
function summaryBatch(n: number): string {
  const paths = Array.from({ length: n }, () => 'stats.summary').join(',');
  const input = Object.fromEntries(Array.from({ length: n }, (_, i) => [i, { filters: {} }]));
  return `/trpc/${paths}?batch=1&input=${encodeURIComponent(JSON.stringify(input))}`;
}

// Issue #17 items 3 and 5: one user must not be able to occupy the workers or the memory.
describe('request limits over HTTP', () => {
  let f: HttpFixture;
  beforeAll(async () => {
    f = await startHttpFixture();
  });
  afterAll(async () => {
    await f.close();
  });

  it(`answers a batch of ${MAX_BATCH_CALLS} calls`, async () => {
    const res = await rawRequest(f.baseUrl, summaryBatch(MAX_BATCH_CALLS), {
      headers: f.admin.headers,
    });
    expect(res.status).toBe(200);
    expect(res.json()).toHaveLength(MAX_BATCH_CALLS);
  });

  it('refuses a larger batch with 413 in both languages, before running any call', async () => {
    const res = await rawRequest(f.baseUrl, summaryBatch(MAX_BATCH_CALLS + 1), {
      headers: f.admin.headers,
    });
    expect(res.status).toBe(413);
    expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
    const { error } = res.json() as ErrorBody;
    expect(error.code).toBe('BATCH_TOO_LARGE');
    expect(error.message).toContain(`at most ${MAX_BATCH_CALLS} calls`);
    expect(error.messageFa).toMatch(/دسته/);
  });
});

describe('concurrent export limits over HTTP', () => {
  let perUser: HttpFixture;
  let total: HttpFixture;
  beforeAll(async () => {
    // Limits of zero stand in for "all slots taken" (holding a real download open is what the
    // national cancellation test does); the slot counting itself is tested below.
    [perUser, total] = await Promise.all([
      startHttpFixture({ limits: { exportsPerUser: 0 } }),
      startHttpFixture({ limits: { exportsTotal: 0 } }),
    ]);
  });
  afterAll(async () => {
    await Promise.all([perUser.close(), total.close()]);
  });

  it('refuses a user past their own limit with 429 and Retry-After, in both languages', async () => {
    const res = await rawRequest(perUser.baseUrl, '/api/export/provinces.csv', {
      headers: perUser.admin.headers,
    });
    expect(res.status).toBe(429);
    expect(res.headers['retry-after']).toBe('5');
    const { error } = res.json() as ErrorBody;
    expect(error.code).toBe('TOO_MANY_EXPORTS');
    expect(error.message).toContain('wait for one to finish');
    expect(error.messageFa).toMatch(/دوباره امتحان کنید/);
  });

  it('refuses everyone past the server limit with 503 and Retry-After', async () => {
    const res = await rawRequest(total.baseUrl, '/api/export/provinces.csv', {
      headers: total.admin.headers,
    });
    expect(res.status).toBe(503);
    expect(res.headers['retry-after']).toBe('5');
    const { error } = res.json() as ErrorBody;
    expect(error.code).toBe('EXPORTS_BUSY');
    expect(error.messageFa).toMatch(/[\u0600-\u06ff]/);
    // A refused download writes nothing to the database: a flood of them cannot fill the log.
    const rows = await listAudit(total.db, { limit: 10, action: 'export' });
    expect(rows).toEqual([]);
  });
});

describe('createSlots', () => {
  it('counts per user and in all, and frees a slot once', () => {
    const slots = createSlots({ perUser: 2, total: 3 });
    const a1 = slots.acquire('a');
    const a2 = slots.acquire('a');
    expect(slots.acquire('a')).toBe('user');
    const b1 = slots.acquire('b');
    expect(slots.acquire('c')).toBe('total');
    if (typeof a1 === 'string' || typeof a2 === 'string' || typeof b1 === 'string') {
      throw new Error('slots refused below their limits');
    }
    a1.release();
    a1.release();
    expect(slots.inUse()).toBe(2);
    const c1 = slots.acquire('c');
    expect(typeof c1).toBe('object');
    expect(slots.acquire('a')).toBe('total');
  });
});

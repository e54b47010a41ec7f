import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EMPTY_FILTERS } from '../../server/domain/filters.ts';
import { ALL_SCOPE } from '../../server/domain/scope.ts';
import { getBreakdown } from '../../server/queries/breakdown.ts';
import { getDrill } from '../../server/queries/drill.ts';
import { memoryGrantRows } from '../../server/engine/memory/memory-aggregate.ts';
import { attachMemoryFacts, memoryFactsOf } from '../../server/engine/facts/memory-facts.ts';
import { observePlans, type QueryPlan } from '../../server/engine/planner/query-plan.ts';
import { resolveFilters } from '../../server/engine/filters/resolve-filters.ts';
import { rebuildRollups } from '../../server/engine/rollups/rollups.ts';
import { getSummary } from '../../server/queries/summary.ts';
import { getTimeseries } from '../../server/queries/timeseries.ts';
import { insertDataset } from '../helpers/builders.ts';
import { createTestDb, testDialects, type TestDb } from '../helpers/db.ts';

// Each amount is exact as a JS number (< 2^53); their sum is not: 12000000000000003 > 2^53, and
// as a float it would read 12000000000000004.
const BIG = 4_000_000_000_000_001;
const grant = (heading: string) => ({ heading, year: 1402, month: 6, amount: BIG });
const SOURCES = ['raw', 'auto'] as const;

describe.each(testDialects())('money totals beyond 2^53 on %s', (dialect) => {
  let t: TestDb;
  beforeAll(async () => {
    t = await createTestDb(dialect);
    await insertDataset(t.db, {
      units: [
        {
          code: 'A',
          province: 'IR-10',
          sector: 'METL',
          employment: { 1402: 5 },
          grants: [grant('FIN-01'), grant('FIN-02')],
        },
        {
          code: 'B',
          province: 'IR-23',
          sector: 'METL',
          employment: { 1402: 5 },
          grants: [grant('MKT-01')],
        },
      ],
    });
    await rebuildRollups(t.db);
  });
  afterAll(() => t.destroy());

  it.each(SOURCES)(
    'stay exact in summary, breakdown, others and timeseries (%s)',
    async (source) => {
      expect(2 ** 53).toBeLessThan(3 * BIG);
      const s = await getSummary(t.db, ALL_SCOPE, EMPTY_FILTERS, { source });
      expect(s.current.amount).toBe('12000000000000003');
      const b = await getBreakdown(
        t.db,
        ALL_SCOPE,
        EMPTY_FILTERS,
        { by: 'heading', sort: 'amount', limit: 1 },
        { source },
      );
      expect(b.rows[0]?.amount).toBe('4000000000000001');
      expect(b.others?.amount).toBe('8000000000000002');
      expect(b.total.amount).toBe('12000000000000003');
      const byProvince = await getBreakdown(
        t.db,
        ALL_SCOPE,
        EMPTY_FILTERS,
        { by: 'province', sort: 'amount' },
        { source },
      );
      expect(byProvince.rows.map((r) => [r.key, r.amount])).toEqual([
        ['IR-10', '8000000000000002'],
        ['IR-23', '4000000000000001'],
      ]);
      const ts = await getTimeseries(t.db, ALL_SCOPE, EMPTY_FILTERS, 'month', { source });
      expect(ts.rows.find((r) => r.period === '1402-06')?.amount).toBe('12000000000000003');
    },
  );

  it('stay exact in the in-memory facts, whose float totals spill to bigint before 2^53', async () => {
    await attachMemoryFacts(t.db);
    const memory = memoryFactsOf(t.db);
    if (!memory) throw new Error('the facts did not load');
    const rf = await resolveFilters(t.db, ALL_SCOPE, EMPTY_FILTERS);
    // Three grants in one group: 4e15+1 fits below 2^52, the second makes 8e15+2 (spilled to
    // bigint), the third starts a new float total; the sum is exact only if the spill is added back.
    expect(memoryGrantRows(memory, rf, [], false)).toMatchObject([
      { grants: 3, amount: 12000000000000003n, supported: 2 },
    ]);
    const byProvince = memoryGrantRows(memory, rf, ['province'], false);
    expect(byProvince.map((r) => String(r.amount)).sort()).toEqual([
      '4000000000000001',
      '8000000000000002',
    ]);
    // The planner sends a unit drill to the facts in memory: the same exact amounts come back.
    const plans: QueryPlan[] = [];
    const stop = observePlans((plan) => plans.push(plan));
    const drill = await getDrill(t.db, ALL_SCOPE, EMPTY_FILTERS, { level: 'unit', sort: 'amount' });
    stop();
    expect(plans[0]?.reads[0]?.grants).toBe('memory');
    expect(drill.rows.map((r) => [r.code, r.amount])).toEqual([
      ['A', '8000000000000002'],
      ['B', '4000000000000001'],
    ]);
  });
});

// The largest amount a JavaScript number holds exactly: the facts load it (they refused anything
// from 2^52 up, and the whole engine fell back to SQL) and add it exactly however totals grow.
const MAX = Number.MAX_SAFE_INTEGER;

describe.each(testDialects())('grant amounts of 2^53 − 1 on %s', (dialect) => {
  let t: TestDb;
  beforeAll(async () => {
    t = await createTestDb(dialect);
    const grants = (n: number) =>
      Array.from({ length: n }, (_, i) => ({
        heading: 'FIN-01',
        year: 1402,
        month: 1 + i,
        amount: MAX,
      }));
    await insertDataset(t.db, {
      units: [
        {
          code: 'A',
          province: 'IR-10',
          sector: 'METL',
          employment: { 1402: 5 },
          grants: grants(3),
        },
        {
          code: 'B',
          province: 'IR-23',
          sector: 'METL',
          employment: { 1402: 5 },
          grants: [...grants(1), { heading: 'FIN-01', year: 1402, month: 2, amount: 1 }],
        },
      ],
    });
    await rebuildRollups(t.db);
    await attachMemoryFacts(t.db);
  });
  afterAll(() => t.destroy());

  it('load into memory and add up exactly past 2^53 in every group', async () => {
    const memory = memoryFactsOf(t.db);
    if (!memory) throw new Error('the facts refused amounts of 2^53 − 1');
    const rf = await resolveFilters(t.db, ALL_SCOPE, EMPTY_FILTERS);
    const max = BigInt(MAX);
    // 4 × (2^53 − 1) + 1: as floats the running total would have lost the ones.
    expect(memoryGrantRows(memory, rf, [], false)).toMatchObject([
      { grants: 5, amount: 4n * max + 1n, supported: 2 },
    ]);
    const byProvince = memoryGrantRows(memory, rf, ['province'], false);
    expect(byProvince.map((r) => String(r.amount)).sort()).toEqual(
      [String(3n * max), String(max + 1n)].sort(),
    );
    // Month 1: two amounts of 2^53 − 1; month 2: 2^53 − 1 and 1, exactly 2^53.
    const byMonth = memoryGrantRows(memory, rf, ['month'], false);
    expect(byMonth.find((r) => r.k0 === 1)?.amount).toBe(2n * max);
    expect(byMonth.find((r) => r.k0 === 2)?.amount).toBe(max + 1n);
    const summary = await getSummary(t.db, ALL_SCOPE, EMPTY_FILTERS);
    expect(summary.current.amount).toBe(String(4n * max + 1n));
    expect(summary).toEqual(await getSummary(t.db, ALL_SCOPE, EMPTY_FILTERS, { source: 'raw' }));
  });
});

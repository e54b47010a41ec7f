import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIMENSIONS, TIME_GRAINS, type Dimension } from '../../server/domain/dimensions.ts';
import { METRICS } from '../../server/domain/metrics.ts';
import { ALL_SCOPE } from '../../server/domain/scope.ts';
import { getBreakdown } from '../../server/queries/breakdown.ts';
import { DRILL_LEVELS, DRILL_SORTS, getDrill } from '../../server/queries/drill.ts';
import {
  populationYearOf,
  rawGrantSource,
  rawUnitSource,
  rawChangeSource,
} from '../../server/queries/fact-sources.ts';
import { filterPredicates, type Column } from '../../server/queries/filter-sql.ts';
import { runFact } from '../../server/queries/grouped-metrics.ts';
import { memoryFactRows, type MemoryFactKind } from '../../server/queries/memory-aggregate.ts';
import {
  attachMemoryFacts,
  memoryFactsOf,
  type MemoryFacts,
} from '../../server/queries/memory-facts.ts';
import { money, num } from '../../server/queries/metric-sql.ts';
import { resolveFilters } from '../../server/queries/resolve-filters.ts';
import { rebuildRollups } from '../../server/queries/rollups.ts';
import { getSummary } from '../../server/queries/summary.ts';
import { getTimeseries } from '../../server/queries/timeseries.ts';
import { sql } from 'kysely';
import { insertDataset, randomDataset } from '../helpers/builders.ts';
import { createTestDb, testDialects, type TestDb } from '../helpers/db.ts';
import { filtersArb, PROVINCES } from './arbitraries.ts';

// The in-memory facts answer what the rollups cannot, in place of the raw SQL: they must agree
// with that SQL row for row, for every fact family, filter and group-by.

const DATASET = randomDataset({ units: 160, years: [1398, 1402], provinces: PROVINCES, seed: 9 });
const UNIT_COLUMNS: Column[] = ['province', 'park', 'cluster', 'sector', 'size', 'year', 'unit'];
const GRANT_COLUMNS: Column[] = [...UNIT_COLUMNS, 'category', 'heading', 'quarter', 'month'];

/**
 * Rows as sorted comparable strings: ids, then measures as exact numbers. SQL without a group-by
 * answers one all-zero row where nothing matched; memory answers none (the caller adds it).
 */
function normalise(rows: Record<string, unknown>[], dims: number, measures: string[]): string[] {
  return rows
    .filter((r) => dims > 0 || measures.some((m) => num(r[m]) !== 0))
    .map((r) => {
      const keys = Array.from({ length: dims }, (_, i) => num(r[`k${i}`]));
      const values = measures.map((m) => (m === 'amount' ? String(money(r[m])) : num(r[m])));
      return JSON.stringify([...keys, ...values]);
    })
    .sort();
}

describe.each(testDialects())('in-memory facts on %s', (dialect) => {
  let t: TestDb;
  let memory: MemoryFacts;
  beforeAll(async () => {
    t = await createTestDb(dialect);
    await insertDataset(t.db, DATASET);
    await rebuildRollups(t.db);
    expect(memoryFactsOf(t.db)).toBeNull();
    await attachMemoryFacts(t.db);
    const loaded = memoryFactsOf(t.db);
    if (!loaded) throw new Error('memory facts did not load');
    memory = loaded;
  });
  afterAll(() => t.destroy());

  it('hold every unit and disbursed grant', async () => {
    const units = await t.db
      .selectFrom('units')
      .select((e) => e.fn.countAll().as('n'))
      .executeTakeFirstOrThrow();
    const grants = await t.db
      .selectFrom('grants')
      .where('status', '=', 'disbursed')
      .select((e) => e.fn.countAll().as('n'))
      .executeTakeFirstOrThrow();
    expect(memory.unitIds.length).toBe(num(units.n));
    expect(memory.grantAmount.length).toBe(num(grants.n));
    expect(memory.grantAmount.length).toBeGreaterThan(0);
  });

  it('index every unit once per unit column, in ascending order', () => {
    const lists = [
      [memory.byProvince, memory.province],
      [memory.byPark, memory.park],
      [memory.byCluster, memory.cluster],
      [memory.bySector, memory.sector],
    ] as const;
    for (const [postings, column] of lists) {
      expect(postings.units.length).toBe(memory.unitIds.length);
      for (let v = 0; v + 1 < postings.offsets.length; v++) {
        const units = [...postings.units.subarray(postings.offsets[v], postings.offsets[v + 1])];
        expect(units).toEqual([...units].sort((a, b) => a - b));
        for (const u of units) expect(column[u]).toBe(v);
      }
      expect(postings.offsets.at(-1)).toBe(memory.unitIds.length);
    }
  });

  it('aggregate every fact family exactly as the raw SQL does', async () => {
    const kindArb = fc.constantFrom<MemoryFactKind>('units', 'change', 'grants');
    await fc.assert(
      fc.asyncProperty(
        filtersArb,
        kindArb,
        fc.subarray(GRANT_COLUMNS, { maxLength: 2 }),
        fc.boolean(),
        async (filters, kind, picked, perYear) => {
          const dims = kind === 'grants' ? picked : picked.filter((c) => UNIT_COLUMNS.includes(c));
          const rf = await resolveFilters(t.db, ALL_SCOPE, filters);
          if (kind === 'change' && !perYear && rf.from === rf.to) return;
          const src =
            kind === 'units'
              ? rawUnitSource()
              : kind === 'change'
                ? rawChangeSource()
                : rawGrantSource({
                    size: rf.sizes !== null ? 'inner' : 'left',
                    category: true,
                    populationYear: populationYearOf(rf.to, perYear),
                  });
          const year = src.cols.year ?? sql`0`;
          const preds = [...filterPredicates(rf, src.cols, { heading: kind === 'grants' })];
          if (kind === 'grants' || perYear) {
            preds.push(sql`${year} between ${rf.from} and ${rf.to}`);
            if (kind === 'change') preds.push(sql`${src.fromYear} = ${year} - 1`);
          } else if (kind === 'change') {
            preds.push(sql`${src.fromYear} = ${rf.from}`, sql`${year} = ${rf.to}`);
          } else preds.push(sql`${year} = ${rf.to}`);
          const measures =
            kind === 'units'
              ? ['units', 'employment']
              : kind === 'change'
                ? ['change']
                : ['grants', 'amount', 'supported'];
          const expected = await runFact(t.db, src, dims, preds, measures);
          const actual = memoryFactRows(memory, rf, kind, dims, perYear);
          expect(normalise(actual, dims.length, measures)).toEqual(
            normalise(expected, dims.length, measures),
          );
        },
      ),
      { numRuns: 150, seed: 21 },
    );
  });

  it('answer every query as the raw tables do where rollups cannot', async () => {
    const dimArb = fc.constantFrom<Dimension>(...DIMENSIONS);
    await fc.assert(
      fc.asyncProperty(
        filtersArb,
        dimArb,
        fc.option(dimArb, { nil: undefined }),
        fc.constantFrom(...METRICS),
        fc.integer({ min: 1, max: 6 }),
        fc.constantFrom(...TIME_GRAINS),
        fc.constantFrom(...DRILL_LEVELS),
        fc.constantFrom(...DRILL_SORTS),
        async (filters, by, by2, sort, limit, grain, level, drillSort) => {
          const raw = { source: 'raw' as const };
          expect(await getSummary(t.db, ALL_SCOPE, filters)).toEqual(
            await getSummary(t.db, ALL_SCOPE, filters, raw),
          );
          const input = { by, by2: by2 === by ? undefined : by2, sort, limit };
          expect(await getBreakdown(t.db, ALL_SCOPE, filters, input)).toEqual(
            await getBreakdown(t.db, ALL_SCOPE, filters, input, raw),
          );
          expect(await getTimeseries(t.db, ALL_SCOPE, filters, grain)).toEqual(
            await getTimeseries(t.db, ALL_SCOPE, filters, grain, raw),
          );
          const drill = { level, sort: drillSort, pageSize: 7, page: 1 };
          expect(await getDrill(t.db, ALL_SCOPE, filters, drill)).toEqual(
            await getDrill(t.db, ALL_SCOPE, filters, drill, raw),
          );
        },
      ),
      { numRuns: 60, seed: 22 },
    );
  });
});

import fc from 'fast-check';
import { sql, type Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../server/db/schema.ts';
import { DIMENSIONS, TIME_GRAINS, type Dimension } from '../../server/domain/dimensions.ts';
import { EMPTY_FILTERS, type Filters } from '../../server/domain/filters.ts';
import { METRICS, type Metric } from '../../server/domain/metrics.ts';
import { ALL_SCOPE, type Scope } from '../../server/domain/scope.ts';
import { SIZE_CLASSES } from '../../server/domain/size.ts';
import { headingPaths } from '../../server/engine/memory/heading-pass.ts';
import {
  BITS_COLUMNS,
  bitsPaths,
  bitsSupportedRows,
  pairSumRows,
} from '../../server/engine/memory/supported-bits.ts';
import { outsidePaths } from '../../server/engine/memory/heading-outside.ts';
import {
  groupCellGrantRows,
  groupCellRows,
  groupPaths,
} from '../../server/engine/memory/group-pass.ts';
import { getBreakdown } from '../../server/queries/breakdown.ts';
import { DRILL_LEVELS, DRILL_SORTS, getDrill } from '../../server/queries/drill.ts';
import { FilterValidationError } from '../../server/engine/filters/errors.ts';
import { getImpact } from '../../server/queries/impact.ts';
import {
  populationYearOf,
  rawChangeSource,
  rawGrantSource,
  rawUnitSource,
} from '../../server/engine/sql/fact-sources.ts';
import { filterPredicates, type Column } from '../../server/engine/sql/filter-sql.ts';
import { runFact } from '../../server/engine/execute/grouped-metrics.ts';
import { topGroupPaths } from '../../server/engine/execute/top-groups.ts';
import {
  memoryGrantRows,
  memoryPaths,
  memorySupportedOutside,
} from '../../server/engine/memory/memory-aggregate.ts';
import {
  dimCellPaths,
  dimCellRows,
  dimCellsOutside,
} from '../../server/engine/memory/unit-dim-pass.ts';
import { memoryUnitRows, memoryUnitSideRows } from '../../server/engine/memory/unit-side.ts';
import { seriesPaths, seriesRows } from '../../server/engine/memory/series-pass.ts';
import {
  unitSideCellPaths,
  unitSideCellRows,
} from '../../server/engine/memory/unit-side-cell-pass.ts';
import {
  attachMemoryFacts,
  memoryFactsOf,
  type MemoryFacts,
} from '../../server/engine/facts/memory-facts.ts';
import { MAX_CELL_YEARS } from '../../server/engine/facts/heading-index.ts';
import { money, num } from '../../server/engine/sql/metric-sql.ts';
import {
  observePlans,
  type QueryOptions,
  type QueryPlan,
  type SourceMode,
} from '../../server/engine/planner/query-plan.ts';
import {
  resolveFilters,
  type ResolvedFilters,
} from '../../server/engine/filters/resolve-filters.ts';
import { ROLLUP_TABLES } from '../../server/engine/planner/rollup-catalog.ts';
import { rebuildRollups } from '../../server/engine/rollups/rollups.ts';
import { getSummary } from '../../server/queries/summary.ts';
import { getTimeseries } from '../../server/queries/timeseries.ts';
import {
  insertDataset,
  randomDataset,
  withDrillNames,
  type DatasetSpec,
} from '../helpers/builders.ts';
import { createTestDb, openHandle, testDialects, type TestDb } from '../helpers/db.ts';
import { filtersArb, PROVINCES, scopeArb } from '../queries/arbitraries.ts';
import { datasetSeed, PROPERTY_SEED_OFFSET, propertyRuns } from '../helpers/property-runs.ts';

/**
 * The raw SQL is the reference (issue #15, item 7): every source the planner may choose — the
 * rollup tables (the supported-units counter's among them), the in-memory facts with their
 * posting lists and bigint totals, the "others" recounts — answers every query exactly as the
 * raw tables do: every metric by every dimension and pair, any scope and filters, "others" rows,
 * timeseries, drill lists and pages and impact, on random datasets of several sizes whose grant
 * amounts reach 2^53 − 1 and whose totals run far past 2^53.
 */

interface EngineDataset {
  name: string;
  spec: DatasetSpec;
  /** Its whole amount total passes this many times 2^53. */
  beyond: bigint;
  /** fast-check runs of the query property (its seed is fixed below). */
  runs: number;
  /**
   * The rebuild's fine rollups: 'auto' leaves them out (the facts hold these data: production),
   * 'always' builds them, as a rebuild does where the facts cannot hold the data (the fallback).
   */
  fineRollups: 'auto' | 'always';
}

// Names and codes out of id order, with ties, so the drill's name and code sorts are tested.
const dataset = (units: number, years: [number, number], seed: number, huge: number) =>
  withDrillNames(
    randomDataset({
      units,
      years,
      provinces: PROVINCES,
      seed: datasetSeed(seed),
      hugeAmounts: huge,
    }),
  );

const DATASETS: EngineDataset[] = [
  {
    name: '8 units',
    spec: dataset(8, [1400, 1402], 38, 0.7),
    beyond: 2n,
    runs: 20,
    fineRollups: 'always',
  },
  {
    name: '40 units',
    spec: dataset(40, [1398, 1402], 32, 0.4),
    beyond: 4n,
    runs: 30,
    fineRollups: 'always',
  },
  {
    name: '300 units',
    spec: dataset(300, [1397, 1402], 33, 0.25),
    beyond: 16n,
    runs: 25,
    fineRollups: 'auto',
  },
  // One year past MAX_CELL_YEARS (the seed's 1396-1403 are 8; a ninth comes with the next year's
  // data): the heading index's histograms and class cells and the unit cells' year masks are not
  // built, so the reads they serve take the passes.
  {
    name: 'nine years',
    spec: dataset(40, [1394, 1402], 40, 0.3),
    beyond: 2n,
    runs: 15,
    fineRollups: 'auto',
  },
];

/** A filter of whole categories or of headings (null: neither). */
type GrantFilter = { category: string[] } | { heading: string[] } | null;

/**
 * The engines held against the oracle: the planner's choice with rollups only (before the facts
 * load), with the facts loaded (production), and the facts alone (no rollup answers anything).
 */
const ENGINES = ['rollups', 'memory+rollups', 'memory'] as const;
type Engine = (typeof ENGINES)[number];

const UNIT_COLUMNS: Column[] = ['province', 'park', 'cluster', 'sector', 'size', 'year', 'unit'];
const GRANT_COLUMNS: Column[] = [...UNIT_COLUMNS, 'category', 'heading', 'quarter', 'month'];

const dimArb = fc.constantFrom<Dimension>(...DIMENSIONS);
const queryArb = fc.record({
  scope: scopeArb,
  filters: filtersArb,
  by: dimArb,
  by2: fc.option(dimArb, { nil: undefined }),
  metrics: fc.option(fc.subarray<Metric>([...METRICS], { minLength: 1 }), { nil: undefined }),
  sort: fc.constantFrom(...METRICS),
  order: fc.constantFrom('asc' as const, 'desc' as const),
  limit: fc.integer({ min: 1, max: 6 }),
  grain: fc.constantFrom(...TIME_GRAINS),
  level: fc.constantFrom(...DRILL_LEVELS),
  drillSort: fc.constantFrom(...DRILL_SORTS),
  drillOrder: fc.option(fc.constantFrom('asc' as const, 'desc' as const), { nil: undefined }),
  // The whole list, or a page of it (a page of units is a top-k from the fact columns).
  page: fc.oneof(
    fc.constant({ pageSize: 'all' as const, page: 0 }),
    fc.record({ pageSize: fc.integer({ min: 1, max: 7 }), page: fc.integer({ min: 0, max: 3 }) }),
  ),
});
type Query = typeof queryArb extends fc.Arbitrary<infer Q> ? Q : never;

/** An answer, or the validation error every source must give alike (a park outside the scope). */
async function settle<T>(answer: Promise<T>): Promise<T | { rejected: string }> {
  try {
    return await answer;
  } catch (error) {
    if (error instanceof FilterValidationError) return { rejected: error.message };
    throw error;
  }
}

/** Every query function's answer to one random question, from one source. */
async function answers(db: Kysely<Database>, q: Query, source: SourceMode) {
  const options: QueryOptions = { source };
  const by2 = q.by2 === q.by ? undefined : q.by2;
  const breakdown = {
    by: q.by,
    ...(by2 ? { by2 } : {}),
    ...(q.metrics ? { metrics: q.metrics } : {}),
    sort: q.sort,
    order: q.order,
    limit: q.limit,
  };
  const drill = {
    level: q.level,
    sort: q.drillSort,
    ...(q.drillOrder ? { order: q.drillOrder } : {}),
    ...q.page,
  };
  return {
    summary: await settle(getSummary(db, q.scope, q.filters, options)),
    breakdown: await settle(getBreakdown(db, q.scope, q.filters, breakdown, options)),
    timeseries: await settle(getTimeseries(db, q.scope, q.filters, q.grain, options)),
    drill: await settle(getDrill(db, q.scope, q.filters, drill, options)),
    impact: await settle(getImpact(db, q.scope, q.filters, options)),
  };
}

type MemoryFactKind = 'units' | 'change' | 'grants';

/** The raw SQL of one fact family (the oracle of memoryGrantRows and memoryUnitRows). */
async function rawFactRows(
  db: Kysely<Database>,
  scope: Scope,
  filters: Filters,
  kind: MemoryFactKind,
  dims: readonly Column[],
  perYear: boolean,
) {
  const rf = await resolveFilters(db, scope, filters);
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
  return { rf, rows: await runFact(db, src, dims, preds, measuresOf(kind)) };
}

const measuresOf = (kind: MemoryFactKind) =>
  kind === 'units'
    ? ['units', 'employment']
    : kind === 'change'
      ? ['change']
      : ['grants', 'amount', 'supported'];

/**
 * The grants and amounts of sumPairsByColumn alone (pairSumRows) against the raw rows, where it
 * answers the read (by one unit column); groups with neither are left out of both.
 */
function expectTalliedSums(
  memory: MemoryFacts,
  rf: ResolvedFilters,
  dims: readonly Column[],
  rawRows: Record<string, unknown>[],
): void {
  const tallied = pairSumRows(memory, rf, dims);
  if (!tallied) return;
  const sumsOf = (rows: Record<string, unknown>[]) =>
    normalise(rows, dims.length, ['grants', 'amount']).filter((r) => !r.endsWith(',0,"0"]'));
  expect(sumsOf(tallied)).toEqual(sumsOf(rawRows));
}

/**
 * Rows as sorted comparable strings: ids, then measures exactly (money as bigint text). SQL
 * without a group-by answers one all-zero row where nothing matched; memory answers none.
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

/** What a plan read from: `family:source` for each read, and how "others" was counted. */
function sourcesOf(plan: QueryPlan): string[] {
  return [
    ...plan.reads.flatMap((r) =>
      (['units', 'change', 'grants', 'supported'] as const).flatMap((f) =>
        r[f] === null ? [] : [`${f}:${r[f]}`],
      ),
    ),
    ...(plan.others ? [`others:${plan.others}`] : []),
    ...(plan.unitScan ? [`unit-scan:${plan.unitScan}`] : []),
    ...(plan.reads.some((r) => r.dimCells) ? ['dim-cells'] : []),
  ];
}

/**
 * Filters the unit cells answer: provinces, sectors and sizes, whole categories (`categories`, at
 * most `maxCategories`) and a range of years, in and past the data's.
 */
function cellFiltersArb(categories: string[], maxCategories: number): fc.Arbitrary<Filters> {
  return fc
    .record({
      province: fc.subarray(PROVINCES, { maxLength: 2 }),
      sector: fc.subarray(['METL', 'CHEM', 'FOOD'], { maxLength: 2 }),
      size: fc.subarray([...SIZE_CLASSES], { maxLength: 2 }),
      category: fc.subarray(categories, { maxLength: maxCategories }),
      years: fc.option(fc.tuple(fc.integer({ min: 1395, max: 1404 }), fc.nat(4)), {
        nil: undefined,
      }),
    })
    .map(({ years, ...lists }) => ({
      ...EMPTY_FILTERS,
      ...lists,
      ...(years ? { from: years[0] - years[1], to: years[0] } : {}),
    }));
}

describe.each(testDialects())('every engine equals the raw SQL on %s', (dialect) => {
  /** The sources each engine's plans used, over every dataset (checked last). */
  const used = new Map<Engine, Set<string>>(ENGINES.map((e) => [e, new Set<string>()]));
  /** The same, of the Overview's reads under a whole-category filter. */
  const categoryReads = new Map<Engine, Set<string>>(ENGINES.map((e) => [e, new Set<string>()]));
  /** The memory paths taken before this dialect's runs (the counters are per thread). */
  let pathsBefore = { ...memoryPaths };
  let headingBefore = { ...headingPaths };
  let groupBefore = { ...groupPaths };
  let bitsBefore = { ...bitsPaths };
  let seriesBefore = { ...seriesPaths };
  let dimBefore = { ...dimCellPaths };
  let sideBefore = { ...unitSideCellPaths };
  /** Series reads the planner sent to each path (memory engines). */
  const seriesPlanned = { cells: 0, headings: 0, units: 0 };
  beforeAll(() => {
    pathsBefore = { ...memoryPaths };
    headingBefore = { ...headingPaths };
    groupBefore = { ...groupPaths };
    bitsBefore = { ...bitsPaths };
    seriesBefore = { ...seriesPaths };
    dimBefore = { ...dimCellPaths };
    sideBefore = { ...unitSideCellPaths };
  });

  describe.each(DATASETS)('$name', ({ spec, beyond, runs, fineRollups }) => {
    let t: TestDb;
    /** A second handle on the same database, with the facts loaded in memory. */
    let withFacts: Kysely<Database>;
    const engineDb = (engine: Engine) => (engine === 'rollups' ? t.db : withFacts);
    const engineSource = (engine: Engine): SourceMode => (engine === 'memory' ? 'memory' : 'auto');

    beforeAll(async () => {
      t = await createTestDb(dialect);
      await insertDataset(t.db, spec);
      const built = await rebuildRollups(t.db, { fineRollups });
      expect(built.rows.ru_units === undefined).toBe(fineRollups === 'auto');
      withFacts = openHandle(t);
      await attachMemoryFacts(withFacts);
    });
    afterAll(async () => {
      await withFacts.destroy();
      await t.destroy();
    });

    it('loads every disbursed grant into memory and totals them past 2^53 exactly', async () => {
      const memory = memoryFactsOf(withFacts);
      if (!memory) throw new Error('the facts did not load: the engine would answer from SQL');
      expect(memoryFactsOf(t.db)).toBeNull();
      const { n, largest } = await t.db
        .selectFrom('grants')
        .where('status', '=', 'disbursed')
        .select((e) => [e.fn.countAll().as('n'), e.fn.max('disbursed_amount').as('largest')])
        .executeTakeFirstOrThrow();
      expect(memory.grantAmount.length).toBe(num(n));
      // The committed datasets reach 2^52 per grant (a soak's others may not: see below).
      if (PROPERTY_SEED_OFFSET === 0) expect(num(largest)).toBeGreaterThan(2 ** 52);
      // Past MAX_CELL_YEARS the structures kept per mask of years are not built (their reads take
      // the passes): the nine-year dataset holds the engine to the raw SQL without them.
      const pastMasks = memory.nYears > MAX_CELL_YEARS;
      expect(memory.byHeading?.cellUnits === null).toBe(pastMasks);
      expect(memory.byHeading?.byClass === null).toBe(pastMasks);
      expect(memory.byDim?.yearMasks === null).toBe(pastMasks);

      const plans: QueryPlan[] = [];
      const stop = observePlans((p) => plans.push(p));
      const total = await getSummary(withFacts, ALL_SCOPE, EMPTY_FILTERS, { source: 'memory' });
      stop();
      expect(plans[0]?.reads[0]?.grants).toBe('memory');
      const raw = await getSummary(t.db, ALL_SCOPE, EMPTY_FILTERS, { source: 'raw' });
      expect(total).toEqual(raw);
      // Past 2^53, and a total a float cannot hold: the bigint spill made it exact. (Chosen so
      // for the committed datasets; a soak's others may total less, or a float by chance: they
      // are held to the raw SQL all the same.)
      const amount = BigInt(total.current.amount);
      if (PROPERTY_SEED_OFFSET === 0) {
        expect(amount).toBeGreaterThan(beyond * 2n ** 53n);
        expect(BigInt(Number(amount))).not.toBe(amount);
      }
    });

    it('aggregates every fact family in memory as the raw SQL does', async () => {
      const memory = memoryFactsOf(withFacts);
      if (!memory) throw new Error('the facts did not load');
      await fc.assert(
        fc.asyncProperty(
          scopeArb,
          filtersArb,
          fc.constantFrom<MemoryFactKind>('units', 'change', 'grants'),
          fc.subarray(GRANT_COLUMNS, { maxLength: 2 }),
          fc.boolean(),
          async (scope, filters, kind, picked, perYear) => {
            const dims =
              kind === 'grants' ? picked : picked.filter((c) => UNIT_COLUMNS.includes(c));
            const raw = await settle(rawFactRows(t.db, scope, filters, kind, dims, perYear));
            if ('rejected' in raw) return;
            if (kind === 'change' && !perYear && raw.rf.from === raw.rf.to) return;
            const actual =
              kind === 'grants'
                ? memoryGrantRows(memory, raw.rf, dims, perYear)
                : memoryUnitRows(memory, raw.rf, kind, dims, perYear);
            const measures = measuresOf(kind);
            expect(normalise(actual, dims.length, measures)).toEqual(
              normalise(raw.rows, dims.length, measures),
            );
            if (kind !== 'grants') return;
            // Distinct units read alone (the index's masks answer whole-category filters too).
            const alone = memoryGrantRows(memory, raw.rf, dims, perYear, false);
            expect(normalise(alone, dims.length, ['supported'])).toEqual(
              normalise(raw.rows, dims.length, ['supported']),
            );
          },
        ),
        propertyRuns({ numRuns: 60, seed: 151 }),
      );
    });

    it('reads the quarterly and monthly series from the cells, the heading walk and the unit pass as the raw SQL does', async () => {
      const memory = memoryFactsOf(withFacts);
      if (!memory) throw new Error('the facts did not load');
      await fc.assert(
        fc.asyncProperty(
          scopeArb,
          filtersArb,
          fc.constantFrom('quarter' as const, 'month' as const),
          async (scope, filters, grain) => {
            const dims: Column[] = ['year', grain];
            const raw = await settle(rawFactRows(t.db, scope, filters, 'grants', dims, true));
            if ('rejected' in raw) return;
            const expected = normalise(raw.rows, 2, measuresOf('grants'));
            // The unit pass answers any filters; the cells those without a park, cluster or
            // heading filter (whole categories are fine); the heading walk heading filters.
            const units = seriesRows(memory, raw.rf, grain, 'units');
            expect(normalise(units, 2, measuresOf('grants'))).toEqual(expected);
            const { rf } = raw;
            // A heading filter (any unit filters): the walk over the heading index.
            if (rf.headings) {
              const walked = seriesRows(memory, rf, grain, 'headings');
              expect(normalise(walked, 2, measuresOf('grants'))).toEqual(expected);
            }
            if (rf.parks || rf.clusters || (rf.headings && !rf.wholeCategories)) return;
            const cells = seriesRows(memory, rf, grain, 'cells');
            expect(normalise(cells, 2, measuresOf('grants'))).toEqual(expected);
          },
        ),
        propertyRuns({ numRuns: 60, seed: 156 }),
      );
    });

    it('reads by and filtered to headings through the heading index as the raw SQL does', async () => {
      // A heading filter with a size or sector filter: the heading index walks the selected
      // headings' pairs (the cells answer without them; the random filters above seldom combine them).
      const memory = memoryFactsOf(withFacts);
      if (!memory) throw new Error('the facts did not load');
      const walksBefore = headingPaths.pairWalk + headingPaths.bits;
      const narrowArb = fc.record({
        heading: fc.subarray(['FIN-01', 'FIN-02', 'MKT-01', 'TEC-01'], {
          minLength: 1,
          maxLength: 2,
        }),
        size: fc.subarray([...SIZE_CLASSES], { maxLength: 2 }),
        sector: fc.subarray(['METL', 'CHEM', 'FOOD'], { maxLength: 1 }),
        years: fc.option(fc.tuple(fc.integer({ min: 1397, max: 1402 }), fc.nat(3)), {
          nil: undefined,
        }),
      });
      await fc.assert(
        fc.asyncProperty(
          scopeArb,
          narrowArb,
          fc.boolean(),
          fc.subarray(GRANT_COLUMNS, { maxLength: 1 }),
          fc.boolean(),
          async (scope, { heading, size, sector, years }, byHeading, picked, perYear) => {
            const filters: Filters = {
              ...EMPTY_FILTERS,
              heading,
              size,
              sector,
              ...(years ? { from: years[0] - years[1], to: years[0] } : {}),
            };
            const dims: Column[] = byHeading
              ? ['heading', ...picked.filter((c) => c !== 'heading')]
              : picked;
            // And the same without the size and sector filters: the cells where they answer.
            for (const f of [filters, { ...filters, size: [], sector: [] }]) {
              const raw = await settle(rawFactRows(t.db, scope, f, 'grants', dims, perYear));
              if ('rejected' in raw) return;
              const measures = measuresOf('grants');
              const actual = memoryGrantRows(memory, raw.rf, dims, perYear);
              expect(normalise(actual, dims.length, measures)).toEqual(
                normalise(raw.rows, dims.length, measures),
              );
              // The sums of the pairs tallied by one unit column (sumPairsByColumn), alone.
              if (!perYear) expectTalliedSums(memory, raw.rf, dims, raw.rows);
              const alone = memoryGrantRows(memory, raw.rf, dims, perYear, false);
              expect(normalise(alone, dims.length, ['supported'])).toEqual(
                normalise(raw.rows, dims.length, ['supported']),
              );
            }
          },
        ),
        propertyRuns({ numRuns: 40, seed: 156 }),
      );
      expect(headingPaths.pairWalk + headingPaths.bits).toBeGreaterThan(walksBefore);
    });

    it('counts distinct supported units of several headings from the unit-set bits as the raw SQL does', async () => {
      // Several headings, or whole categories, folded into a group (supported-bits.ts): the
      // bits alone on every shape they key (a unit column or two, its size, the grant's year,
      // heading or category; any unit filter; years in and past the data's), and the reads that
      // take them (their sums from the class cells or the pairs) through memoryGrantRows.
      const memory = memoryFactsOf(withFacts);
      if (!memory) throw new Error('the facts did not load');
      const before = { ...bitsPaths };
      const headingBits = headingPaths.bits;
      const severalArb = fc.oneof(
        fc.record({
          heading: fc.subarray(['FIN-01', 'FIN-02', 'MKT-01', 'TEC-01'], { minLength: 2 }),
          category: fc.constant<string[]>([]),
        }),
        fc.record({
          heading: fc.constant<string[]>([]),
          category: fc.subarray(['FIN', 'MKT', 'TEC'], { minLength: 1 }),
        }),
        // Both: their intersection (one heading, several, or none).
        fc.record({
          heading: fc.subarray(['FIN-01', 'FIN-02', 'MKT-01', 'TEC-01'], { minLength: 1 }),
          category: fc.subarray(['FIN', 'MKT', 'TEC'], { minLength: 1 }),
        }),
      );
      // Few filters and years mostly in the data's: most of filtersArb's draws leave no unit
      // that counts, so a size key or a size part of the key met none (a plant dropping the
      // size part's stride, or keeping one size's units for all, passed).
      const fewArb = <T>(xs: readonly T[]) =>
        fc.oneof(
          { arbitrary: fc.constant<T[]>([]), weight: 3 },
          { arbitrary: fc.subarray([...xs], { minLength: 1, maxLength: 2 }), weight: 1 },
        );
      const denseArb = fc
        .record({
          // Or provinces around one of the data's left out (IR-01 between IR-00 and IR-02, IR-10
          // between IR-09 and IR-11): the unit sets are read by runs of provinces.
          province: fc.oneof(
            fewArb(PROVINCES),
            fc.constantFrom<string[]>(['IR-00', 'IR-02'], ['IR-09', 'IR-11', 'IR-23']),
          ),
          park: fewArb(['P0A', 'P1B', 'P2A', 'P3B']),
          cluster: fewArb(['C0', 'C2']),
          sector: fewArb(['METL', 'CHEM', 'FOOD']),
          size: fewArb(SIZE_CLASSES),
          to: fc.integer({ min: 1396, max: 1403 }),
          back: fc.nat(3),
        })
        .map(({ to, back, ...lists }): Filters => ({
          ...EMPTY_FILTERS,
          ...lists,
          from: to - back,
          to,
        }));
      const bitsColumns = [...BITS_COLUMNS];
      await fc.assert(
        fc.asyncProperty(
          scopeArb,
          fc.oneof(filtersArb, denseArb),
          severalArb,
          fc.oneof(
            fc.subarray(bitsColumns, { maxLength: 2 }),
            // A group per heading or category beside the unit's size or columns or the year:
            // the population year's units read once per (year, size part) for every group.
            fc.tuple(
              fc.constantFrom<Column>('heading', 'category'),
              fc.constantFrom<Column>('size', 'year', 'province', 'park', 'sector'),
            ),
          ),
          fc.boolean(),
          async (scope, lists, several, picked, perYear) => {
            // Per year with or without the year in the key (without: a unit counts once over
            // the years it has a grant and a row in).
            const dims = picked;
            const f: Filters = { ...lists, ...several };
            const raw = await settle(rawFactRows(t.db, scope, f, 'grants', dims, perYear));
            if ('rejected' in raw) return;
            // Every group, those with 0 units that count among them (memoryGrantRows' rows).
            const bits = bitsSupportedRows(memory, raw.rf, dims, perYear);
            if (!bits) throw new Error('the bits did not answer');
            expect(normalise(bits, dims.length, ['supported'])).toEqual(
              normalise(raw.rows, dims.length, ['supported']),
            );
            const measures = measuresOf('grants');
            expect(
              normalise(memoryGrantRows(memory, raw.rf, dims, perYear), dims.length, measures),
            ).toEqual(normalise(raw.rows, dims.length, measures));
            // The sums of the pairs tallied by one unit column (sumPairsByColumn), alone.
            if (!perYear) expectTalliedSums(memory, raw.rf, dims, raw.rows);
            const alone = memoryGrantRows(memory, raw.rf, dims, perYear, false);
            expect(normalise(alone, dims.length, ['supported'])).toEqual(
              normalise(raw.rows, dims.length, ['supported']),
            );
            // "Others": every other group kept; the units counted in a group not kept, from
            // the raw rows by unit and key.
            if (dims.length === 0 || dims.includes('heading') || dims.includes('unit')) return;
            const ids = (r: Record<string, unknown>, n: number, from = 0) =>
              Array.from({ length: n }, (_, i) => num(r[`k${i + from}`]));
            const kept = raw.rows.filter((_, i) => i % 2 === 0).map((r) => ids(r, dims.length));
            const keptSet = new Set(kept.map((k) => k.join(',')));
            const byUnit = await rawFactRows(t.db, scope, f, 'grants', ['unit', ...dims], perYear);
            const outside = new Set(
              byUnit.rows
                .filter((r) => num(r.supported) > 0)
                .filter((r) => !keptSet.has(ids(r, dims.length, 1).join(',')))
                .map((r) => num(r.k0)),
            );
            expect(memorySupportedOutside(memory, raw.rf, dims, kept, perYear, 'bits')).toBe(
              outside.size,
            );
            expect(memorySupportedOutside(memory, raw.rf, dims, kept, perYear)).toBe(outside.size);
          },
        ),
        propertyRuns({ numRuns: 100, seed: 159 }),
      );
      expect(bitsPaths.counted).toBeGreaterThan(before.counted);
      expect(bitsPaths.walked).toBeGreaterThan(before.walked);
      expect(bitsPaths.tallied).toBeGreaterThan(before.tallied);
      expect(bitsPaths.outside).toBeGreaterThan(before.outside);
      expect(headingPaths.bits).toBeGreaterThan(headingBits);
    });

    it('reads units, change, grants and supported units by park or cluster from the group cells', async () => {
      // Any year range (in and past the data's years), scope and province, sector, group or
      // heading filter: the cells against the raw SQL.
      const memory = memoryFactsOf(withFacts);
      if (!memory) throw new Error('the facts did not load');
      const before = { ...groupPaths };
      await fc.assert(
        fc.asyncProperty(
          fc.constantFrom<Column>('park', 'cluster'),
          scopeArb,
          filtersArb,
          fc.integer({ min: 1395, max: 1404 }),
          fc.nat(5),
          fc.constantFrom<string[] | null>(
            null,
            ['FIN'],
            ['TEC'],
            ['FIN', 'TEC'],
            ['FIN', 'MKT', 'TEC'],
          ),
          fc.constantFrom<Filters['size']>([], [], ['small'], ['micro', 'medium']),
          async (column, scope, lists, to, back, category, size) => {
            const f: Filters = {
              ...lists,
              ...(column === 'park' ? { cluster: [] } : { park: [] }),
              // Whole categories: the per-category cells answer the grants too (the distinct
              // units of several from the bits).
              ...(category ? { category, heading: [] } : {}),
              // Sizes: the size cells (without a sector filter).
              size,
              from: to - back,
              to,
            };
            const raw = await Promise.all(
              (['units', 'change', 'grants'] as const).map((kind) =>
                settle(rawFactRows(t.db, scope, f, kind, [column], false)),
              ),
            );
            const [units, change, grants] = raw;
            if (!units || !change || !grants) throw new Error('three reads');
            if ('rejected' in units || 'rejected' in change || 'rejected' in grants) return;
            const rf = units.rf;
            if (rf.sizes !== null && rf.sectors !== null) {
              expect(groupCellRows(memory, rf, ['units', 'change'], [column], false)).toBeNull();
              return;
            }
            // Under a heading filter the unit side alone (it ignores headings).
            const unitSide = groupCellRows(memory, rf, ['units', 'change'], [column], false);
            if (!unitSide) throw new Error('the group cells did not answer');
            const [actualUnits = [], actualChange = []] = unitSide;
            expect(normalise(actualUnits, 1, measuresOf('units'))).toEqual(
              normalise(units.rows, 1, measuresOf('units')),
            );
            // The change's rows are where the units' are (a read takes both): compared where not 0.
            const changed = (r: Record<string, unknown>[]) => r.filter((x) => num(x.change) !== 0);
            expect(normalise(changed(actualChange), 1, ['change'])).toEqual(
              normalise(changed(change.rows), 1, ['change']),
            );
            if (rf.headings !== null && (rf.wholeCategories === null || rf.sizes !== null)) {
              expect(groupCellRows(memory, rf, ['units', 'supported'], [column], false)).toBeNull();
              expect(groupCellGrantRows(memory, rf, [column], false)).toBeNull();
              return;
            }
            const rows = groupCellRows(
              memory,
              rf,
              ['units', 'change', 'supported'],
              [column],
              false,
            );
            const grantRows = groupCellGrantRows(memory, rf, [column], false);
            if (!rows || !grantRows) throw new Error('the group cells did not answer');
            const [, , actualSupported = []] = rows;
            expect(normalise(actualSupported, 1, ['supported'])).toEqual(
              normalise(grants.rows, 1, ['supported']),
            );
            expect(normalise(grantRows, 1, measuresOf('grants'))).toEqual(
              normalise(grants.rows, 1, measuresOf('grants')),
            );
            // The pass the cells replace (units and supported units in one) answers the same.
            const [passUnits = [], passSupported = []] = memoryUnitSideRows(
              memory,
              rf,
              ['units', 'supported'],
              [column],
              false,
            );
            expect(normalise(passUnits, 1, measuresOf('units'))).toEqual(
              normalise(actualUnits, 1, measuresOf('units')),
            );
            expect(normalise(passSupported, 1, ['supported'])).toEqual(
              normalise(actualSupported, 1, ['supported']),
            );
          },
        ),
        propertyRuns({ numRuns: 60, seed: 157 }),
      );
      expect(groupPaths.cells).toBeGreaterThan(before.cells);
      expect(groupPaths.grants).toBeGreaterThan(before.grants);
      expect(groupPaths.category).toBeGreaterThan(before.category);
      expect(groupPaths.categoryBits).toBeGreaterThan(before.categoryBits);
      expect(groupPaths.size).toBeGreaterThan(before.size);
    });

    it("answers breakdowns and drills by park or cluster from the group cells' columns as the raw tables do", async () => {
      // The plan that reads every family from the cells (grouped-metrics.ts groupColumnsOf):
      // any metrics (the change or the grant sums left out), sort, order and limit; sizes, whole
      // categories, years in and past the data's; under headings the grant side from the facts'
      // grant read (grantsByGroup); against the raw tables, with the facts and rollups
      // (production) and the facts alone.
      const before = groupPaths.columns;
      const grantReads = groupPaths.grantRead;
      const picked = topGroupPaths.picked;
      await fc.assert(
        fc.asyncProperty(
          fc.constantFrom<'park' | 'cluster'>('park', 'cluster'),
          scopeArb,
          filtersArb,
          fc.option(fc.tuple(fc.integer({ min: 1395, max: 1404 }), fc.nat(5)), { nil: undefined }),
          fc.constantFrom<GrantFilter>(
            null,
            { category: ['FIN'] },
            { category: ['TEC'] },
            { category: ['FIN', 'TEC'] },
            { heading: ['FIN-01'] },
            { heading: ['FIN-01', 'MKT-01'] },
            { heading: ['FIN-02', 'TEC-01'] },
          ),
          fc.constantFrom<Filters['size']>([], [], ['small'], ['micro', 'medium']),
          fc.option(fc.subarray<Metric>([...METRICS], { minLength: 1 }), { nil: undefined }),
          fc.constantFrom(...METRICS),
          fc.constantFrom('asc' as const, 'desc' as const),
          fc.integer({ min: 1, max: 4 }),
          async (column, scope, lists, years, category, size, metrics, sort, order, limit) => {
            const filters: Filters = {
              ...lists,
              ...(column === 'park' ? { cluster: [] } : { park: [] }),
              ...(category ? { category: [], heading: [], ...category } : {}),
              size,
              ...(years ? { from: years[0] - years[1], to: years[0] } : {}),
            };
            const breakdown = { by: column, ...(metrics ? { metrics } : {}), sort, order, limit };
            const drill = { level: column, sort, order, pageSize: limit, page: 0 };
            const ask = async (db: Kysely<Database>, source: SourceMode) => ({
              breakdown: await settle(getBreakdown(db, scope, filters, breakdown, { source })),
              drill: await settle(getDrill(db, scope, filters, drill, { source })),
            });
            const expected = await ask(t.db, 'raw');
            for (const e of ['memory+rollups', 'memory'] as const) {
              expect(await ask(engineDb(e), engineSource(e)), e).toEqual(expected);
            }
          },
        ),
        propertyRuns({
          // The examples below (60) count as runs: the random draws come after them.
          numRuns: 60 + runs * 2,
          seed: 160,
          // Coverage first, each `to`: groups with grants in the span and no unit with a row in
          // `to` (a missing coverage) sort last either way.
          // And a sector or a province alone (the cells, where no filter reads the per-group sums).
          examples: [1398, 1399, 1400, 1401, 1402].flatMap((to) =>
            (['desc', 'asc'] as const).flatMap((order) =>
              (['park', 'cluster'] as const).flatMap((column) =>
                [
                  EMPTY_FILTERS,
                  { ...EMPTY_FILTERS, sector: ['METL', 'FOOD'] },
                  { ...EMPTY_FILTERS, province: PROVINCES.slice(0, 1) },
                ].map(
                  (
                    lists,
                  ): [
                    'park' | 'cluster',
                    Scope,
                    Filters,
                    [number, number] | undefined,
                    GrantFilter,
                    Filters['size'],
                    Metric[] | undefined,
                    Metric,
                    'asc' | 'desc',
                    number,
                  ] => [
                    column,
                    ALL_SCOPE,
                    lists,
                    [to, 2],
                    lists === EMPTY_FILTERS ? null : { category: ['FIN'] },
                    [],
                    undefined,
                    lists === EMPTY_FILTERS ? 'coverage' : 'units',
                    order,
                    1,
                  ],
                ),
              ),
            ),
          ),
        }),
      );
      expect(groupPaths.columns).toBeGreaterThan(before);
      expect(groupPaths.grantRead).toBeGreaterThan(grantReads);
      // The breakdown's candidates picked from the columns (top-groups.ts), not sorted rows.
      expect(topGroupPaths.picked).toBeGreaterThan(picked);
    });

    it('reads grants by province, sector, size, category and year from the unit cells as the raw SQL does', async () => {
      // Filters the cells answer (provinces, sectors, sizes, whole categories, years, in and
      // past the data's years), against the raw SQL; and the "others" recount by province or
      // sector and year against the pass (held to the raw SQL by the breakdowns above).
      const memory = memoryFactsOf(withFacts);
      if (!memory) throw new Error('the facts did not load');
      const before = dimCellPaths.grants + dimCellPaths.others;
      const cellArb = cellFiltersArb(['FIN', 'MKT', 'TEC', 'REN'], 2);
      await fc.assert(
        fc.asyncProperty(
          scopeArb,
          cellArb,
          fc.subarray<Column>(['province', 'sector', 'size', 'category'], { maxLength: 2 }),
          fc.boolean(),
          fc.integer({ min: 0, max: 40 }),
          async (scope, filters, picked, perYear, keep) => {
            const dims: Column[] = perYear ? [...picked, 'year'] : picked;
            const raw = await settle(rawFactRows(t.db, scope, filters, 'grants', dims, perYear));
            if ('rejected' in raw) return;
            const measures = measuresOf('grants');
            const rows = dimCellRows(memory, raw.rf, dims, perYear);
            if (!rows) throw new Error('the unit cells did not answer');
            expect(normalise(rows, dims.length, measures)).toEqual(
              normalise(raw.rows, dims.length, measures),
            );
            const alone = dimCellRows(memory, raw.rf, dims, perYear, false) ?? [];
            expect(normalise(alone, dims.length, ['supported'])).toEqual(
              normalise(raw.rows, dims.length, ['supported']),
            );
            // "Others" by province or sector and year: every `keep`-th row kept.
            if (raw.rf.headings !== null) return;
            const pair: Column[] = [picked[0] === 'sector' ? 'sector' : 'province', 'year'];
            const grouped = memoryGrantRows(memory, raw.rf, pair, true);
            const kept = grouped
              .filter((_, i) => keep > 0 && i % keep === 0)
              .map((r) => [num(r.k0), num(r.k1)]);
            const order = keep % 2 === 0 ? pair : [...pair].reverse();
            const keptInOrder = order === pair ? kept : kept.map(([a, b]) => [b ?? 0, a ?? 0]);
            // Past MAX_CELL_YEARS the year masks are not built: the cells decline (null).
            expect(dimCellsOutside(memory, raw.rf, order, keptInOrder)).toBe(
              memory.byDim?.yearMasks
                ? memorySupportedOutside(memory, raw.rf, order, keptInOrder, true)
                : null,
            );
          },
        ),
        propertyRuns({ numRuns: 60, seed: 158 }),
      );
      expect(dimCellPaths.grants + dimCellPaths.others).toBeGreaterThan(before);
    });

    it('reads units, employment and change by province, sector, size and year from the unit-side cells as the raw SQL does', async () => {
      // Filters the cells answer (provinces, sectors, sizes, years in and past the data's years;
      // a category filter, which the unit side ignores), against the raw SQL.
      const memory = memoryFactsOf(withFacts);
      if (!memory) throw new Error('the facts did not load');
      const before = unitSideCellPaths.units + unitSideCellPaths.change;
      const cellArb = cellFiltersArb(['FIN', 'MKT'], 1);
      await fc.assert(
        fc.asyncProperty(
          scopeArb,
          cellArb,
          fc.subarray<Column>(['province', 'sector', 'size'], { maxLength: 2 }),
          fc.boolean(),
          fc.constantFrom('units' as const, 'change' as const),
          async (scope, filters, picked, perYear, kind) => {
            const dims: Column[] = perYear ? [...picked, 'year'] : picked;
            const raw = await settle(rawFactRows(t.db, scope, filters, kind, dims, perYear));
            if ('rejected' in raw) return;
            // A change over one year is never read (the planner asks none).
            if (kind === 'change' && !perYear && raw.rf.from === raw.rf.to) return;
            const measures = measuresOf(kind);
            const rows = unitSideCellRows(memory, raw.rf, kind, dims, perYear);
            if (!rows) throw new Error('the unit-side cells did not answer');
            expect(normalise(rows, dims.length, measures)).toEqual(
              normalise(raw.rows, dims.length, measures),
            );
          },
        ),
        { numRuns: 60, seed: 159 },
      );
      expect(unitSideCellPaths.units + unitSideCellPaths.change).toBeGreaterThan(before);
    });

    it('answers every query from every engine as the raw tables do', async () => {
      let engine: Engine | null = null;
      const stop = observePlans((p) => {
        if (engine) for (const s of sourcesOf(p)) used.get(engine)?.add(s);
        for (const r of p.reads) if (engine && r.series) seriesPlanned[r.series]++;
      });
      try {
        await fc.assert(
          fc.asyncProperty(queryArb, async (q) => {
            engine = null;
            const expected = await answers(t.db, q, 'raw');
            for (const e of ENGINES) {
              engine = e;
              expect(await answers(engineDb(e), q, engineSource(e)), e).toEqual(expected);
            }
          }),
          propertyRuns({ numRuns: runs, seed: 152 }),
        );
      } finally {
        stop();
      }
    });

    it('answers the Overview by every engine as the raw tables do, for provinces, sectors, categories and years', async () => {
      // The filters the dashboard opens with: what the coarse rollups (ru_grants_cat for the
      // breakdown by category) answer; the random filters above seldom leave them all unset.
      const overviewArb = fc.record({
        province: fc.subarray(PROVINCES, { maxLength: 2 }),
        sector: fc.subarray(['METL', 'FOOD', 'ELEC'], { maxLength: 1 }),
        // Whole categories (no heading): ru_grants_cat answers their grants.
        category: fc.subarray(['FIN', 'MKT', 'TEC', 'REN'], { maxLength: 2 }),
        years: fc.option(fc.tuple(fc.integer({ min: 1397, max: 1402 }), fc.nat(3)), {
          nil: undefined,
        }),
      });
      let engine: Engine | null = null;
      let byCategory = false;
      const stop = observePlans((p) => {
        if (!engine) return;
        for (const s of sourcesOf(p)) {
          used.get(engine)?.add(s);
          if (byCategory) categoryReads.get(engine)?.add(s);
        }
      });
      try {
        await fc.assert(
          fc.asyncProperty(
            scopeArb,
            overviewArb,
            async (scope, { province, sector, category, years }) => {
              byCategory = category.length > 0;
              const filters: Filters = {
                ...EMPTY_FILTERS,
                province,
                sector,
                category,
                ...(years ? { from: years[0] - years[1], to: years[0] } : {}),
              };
              const overview = async (db: Kysely<Database>, source: SourceMode) => {
                const options: QueryOptions = { source };
                return {
                  summary: await settle(getSummary(db, scope, filters, options)),
                  years: await settle(getTimeseries(db, scope, filters, 'year', options)),
                  categories: await settle(
                    getBreakdown(
                      db,
                      scope,
                      filters,
                      { by: 'category', metrics: ['grants', 'amount', 'supportedUnits'] },
                      options,
                    ),
                  ),
                  provinces: await settle(
                    getBreakdown(
                      db,
                      scope,
                      filters,
                      { by: 'province', metrics: ['units'] },
                      options,
                    ),
                  ),
                  // Units and supported units in one pass over the units (memoryUnitSideRows).
                  topClusters: await settle(
                    getBreakdown(
                      db,
                      scope,
                      filters,
                      {
                        by: 'cluster',
                        metrics: ['units', 'employment', 'supportedUnits'],
                        sort: 'units',
                        limit: 10,
                      },
                      options,
                    ),
                  ),
                };
              };
              engine = null;
              const expected = await overview(t.db, 'raw');
              for (const e of ENGINES) {
                engine = e;
                expect(await overview(engineDb(e), engineSource(e)), e).toEqual(expected);
              }
            },
          ),
          propertyRuns({ numRuns: runs, seed: 155 }),
        );
      } finally {
        stop();
      }
    });

    it('folds the same "others" row as the raw tables for every pair of dimensions', async () => {
      let engine: Engine | null = null;
      const stop = observePlans((p) => {
        if (engine) for (const s of sourcesOf(p)) used.get(engine)?.add(s);
      });
      // Among them always province × year and year × sector with a size filter: the unit cells'
      // recount (others=cells) is then reached through the planner.
      const bySize: Filters = { ...EMPTY_FILTERS, size: ['small', 'medium'] };
      try {
        await fc.assert(
          fc.asyncProperty(
            scopeArb,
            filtersArb,
            dimArb,
            dimArb,
            fc.constantFrom(...METRICS),
            fc.integer({ min: 1, max: 3 }),
            async (scope, filters, by, other, sort, limit) => {
              const input = { by, ...(other === by ? {} : { by2: other }), sort, limit };
              engine = null;
              const expected = await settle(
                getBreakdown(t.db, scope, filters, input, { source: 'raw' }),
              );
              for (const e of ENGINES) {
                engine = e;
                const source = engineSource(e);
                const actual = await settle(
                  getBreakdown(engineDb(e), scope, filters, input, { source }),
                );
                expect(actual, e).toEqual(expected);
              }
            },
          ),
          propertyRuns({
            numRuns: runs * 2,
            seed: 153,
            examples: [
              [ALL_SCOPE, EMPTY_FILTERS, 'province', 'year', 'units', 2],
              [ALL_SCOPE, bySize, 'year', 'sector', 'supportedUnits', 1],
            ],
          }),
        );
      } finally {
        stop();
      }
    });

    it('recounts the "others" row of heading breakdowns over the heading index as the raw tables do', async () => {
      // Keys without years (heading-outside.ts): the pairs of the folded groups (by heading, or
      // under a heading filter) and unit by unit (the key holds unit columns, no heading filter).
      const before = { ...headingPaths };
      const outsideBefore = { ...outsidePaths };
      const narrowArb = fc.record({
        heading: fc.subarray(['FIN-01', 'FIN-02', 'MKT-01', 'TEC-01'], { maxLength: 3 }),
        province: fc.subarray(PROVINCES, { maxLength: 2 }),
        sector: fc.subarray(['METL', 'CHEM', 'FOOD'], { maxLength: 1 }),
        size: fc.subarray([...SIZE_CLASSES], { maxLength: 1 }),
        years: fc.option(fc.tuple(fc.integer({ min: 1397, max: 1402 }), fc.nat(3)), {
          nil: undefined,
        }),
      });
      await fc.assert(
        fc.asyncProperty(
          scopeArb,
          narrowArb,
          fc.constantFrom<Dimension | null>(null, 'province', 'sector', 'category', 'park'),
          fc.integer({ min: 1, max: 4 }),
          async (scope, { years, ...lists }, by2, limit) => {
            const filters: Filters = {
              ...EMPTY_FILTERS,
              ...lists,
              ...(years ? { from: years[0] - years[1], to: years[0] } : {}),
            };
            const input = { by: 'heading' as const, ...(by2 ? { by2 } : {}), limit };
            const expected = await settle(
              getBreakdown(t.db, scope, filters, input, { source: 'raw' }),
            );
            const actual = await settle(
              getBreakdown(withFacts, scope, filters, input, { source: 'memory' }),
            );
            expect(actual).toEqual(expected);
          },
        ),
        propertyRuns({ numRuns: runs * 2, seed: 157 }),
      );
      // Two or three headings and a size: the walk over their pairs, its units filtered first.
      await fc.assert(
        fc.asyncProperty(
          scopeArb,
          fc.subarray(['FIN-01', 'FIN-02', 'MKT-01', 'TEC-01'], { minLength: 2, maxLength: 3 }),
          fc.subarray([...SIZE_CLASSES], { minLength: 1, maxLength: 2 }),
          fc.constantFrom<Dimension | null>(null, 'province'),
          async (scope, heading, size, by2) => {
            const filters: Filters = { ...EMPTY_FILTERS, heading, size };
            const input = { by: 'heading' as const, ...(by2 ? { by2 } : {}), limit: 1 };
            const expected = await settle(
              getBreakdown(t.db, scope, filters, input, { source: 'raw' }),
            );
            const actual = await settle(
              getBreakdown(withFacts, scope, filters, input, { source: 'memory' }),
            );
            expect(actual).toEqual(expected);
          },
        ),
        propertyRuns({ numRuns: runs, seed: 158 }),
      );
      // No heading filter (or whole categories), the key's unit columns province or sector: the
      // provinces and sectors without a kept row from the unit cells (any size filter, year
      // range, category sets); with a park key or filter every unit read.
      await fc.assert(
        fc.asyncProperty(
          scopeArb,
          fc.constantFrom<Dimension>('park', 'cluster', 'province', 'sector'),
          fc.subarray(['P0A', 'P1B', 'P2A', 'P3B'], { maxLength: 2 }),
          fc.subarray([...SIZE_CLASSES], { maxLength: 2 }),
          fc.option(fc.tuple(fc.integer({ min: 1396, max: 1404 }), fc.nat(4)), { nil: undefined }),
          fc.integer({ min: 1, max: 3 }),
          fc.subarray(['FIN', 'MKT', 'TEC', 'REN'], { maxLength: 2 }),
          async (scope, by2, park, size, years, limit, category) => {
            const filters: Filters = {
              ...EMPTY_FILTERS,
              park: by2 === 'province' ? park : [],
              size,
              category,
              ...(years ? { from: years[0] - years[1], to: years[0] } : {}),
            };
            const input = { by: 'heading' as const, by2, limit };
            const expected = await settle(
              getBreakdown(t.db, scope, filters, input, { source: 'raw' }),
            );
            const actual = await settle(
              getBreakdown(withFacts, scope, filters, input, { source: 'memory' }),
            );
            expect(actual).toEqual(expected);
          },
        ),
        propertyRuns({ numRuns: runs * 2, seed: 159 }),
      );
      // By heading alone, no heading filter: the folded headings' unit bits over every year,
      // their pairs over a part (ranges from before the data to before its last year too).
      await fc.assert(
        fc.asyncProperty(
          scopeArb,
          fc.option(
            fc.tuple(fc.integer({ min: 1395, max: 1399 }), fc.integer({ min: 1396, max: 1403 })),
            {
              nil: undefined,
            },
          ),
          fc.subarray([...SIZE_CLASSES], { maxLength: 2 }),
          fc.subarray(['METL', 'CHEM', 'FOOD'], { maxLength: 2 }),
          fc.integer({ min: 1, max: 4 }),
          async (scope, years, size, sector, limit) => {
            const filters: Filters = {
              ...EMPTY_FILTERS,
              size,
              sector,
              ...(years ? { from: Math.min(...years), to: Math.max(...years) } : {}),
            };
            const input = { by: 'heading' as const, limit };
            const expected = await settle(
              getBreakdown(t.db, scope, filters, input, { source: 'raw' }),
            );
            const actual = await settle(
              getBreakdown(withFacts, scope, filters, input, { source: 'memory' }),
            );
            expect(actual).toEqual(expected);
          },
        ),
        propertyRuns({ numRuns: runs * 2, seed: 160 }),
      );
      // (Eight units seldom fold a group these filters leave.)
      if (spec.units.length > 8) {
        expect(headingPaths.outsidePairs).toBeGreaterThan(before.outsidePairs);
        expect(headingPaths.outsideUnits).toBeGreaterThan(before.outsideUnits);
        // Unit by unit: from the unit cells (by heading × province or sector) and by every unit;
        // the cells' paths not past MAX_CELL_YEARS, where they decline.
        const cellsBuilt = (memoryFactsOf(withFacts)?.nYears ?? 0) <= MAX_CELL_YEARS;
        if (cellsBuilt) expect(outsidePaths.cells).toBeGreaterThan(outsideBefore.cells);
        if (cellsBuilt) expect(outsidePaths.categories).toBeGreaterThan(outsideBefore.categories);
        expect(outsidePaths.units).toBeGreaterThan(outsideBefore.units);
        // By heading alone over every year: the folded headings' unit bits.
        expect(outsidePaths.headingBits).toBeGreaterThan(outsideBefore.headingBits);
        // ...and over a part of the years the (heading, year, province) unit sets, as for the
        // kept provinces by heading × province (through the unit cells).
        expect(outsidePaths.yearSets).toBeGreaterThan(outsideBefore.yearSets);
        if (cellsBuilt)
          expect(outsidePaths.keptYearSets).toBeGreaterThan(outsideBefore.keptYearSets);
        // Keys whose every heading with a grant is kept left unread; by heading × sector (only
        // the largest dataset folds such keys over every year) the kept keys' units by the bits
        // of the headings they do not keep.
        if (cellsBuilt) expect(outsidePaths.allKept).toBeGreaterThan(outsideBefore.allKept);
        if (cellsBuilt && spec.units.length > 40)
          expect(outsidePaths.unions).toBeGreaterThan(outsideBefore.unions);
      }
    });

    it('lists the same drill pages as the raw tables, wherever a page falls', async () => {
      // Wide selections (a province at most, or a range of years): long lists, many pages.
      const wideArb = fc.record({
        province: fc.subarray(PROVINCES, { maxLength: 1 }),
        years: fc.option(fc.integer({ min: 1399, max: 1402 }), { nil: undefined }),
      });
      await fc.assert(
        fc.asyncProperty(
          scopeArb,
          wideArb.map(({ province, years }) => ({
            ...EMPTY_FILTERS,
            province,
            ...(years ? { from: years - 1, to: years } : {}),
          })),
          fc.constantFrom(...DRILL_LEVELS),
          // Names and codes too: a unit page sorted by them is a top-k over their ranks.
          fc.constantFrom(...DRILL_SORTS),
          fc.constantFrom('asc' as const, 'desc' as const),
          fc.integer({ min: 1, max: 9 }),
          fc.integer({ min: 0, max: 4 }),
          async (scope, filters, level, sort, order, pageSize, page) => {
            const input = { level, sort, order, pageSize, page };
            const expected = await settle(getDrill(t.db, scope, filters, input, { source: 'raw' }));
            for (const e of ENGINES) {
              const source = engineSource(e);
              const actual = await settle(getDrill(engineDb(e), scope, filters, input, { source }));
              expect(actual, e).toEqual(expected);
            }
          },
        ),
        propertyRuns({ numRuns: runs * 2, seed: 154 }),
      );
    });

    it('lists the same whole unit drill in slices (an export, its order kept) as the raw tables', async () => {
      // Two exports read side by side, slice by slice: each slice must come from its own kept
      // order (kept-order.ts), never the other's, and stitch into the raw whole list.
      const exportArb = fc.record({
        filters: filtersArb,
        sort: fc.constantFrom(...DRILL_SORTS),
        order: fc.constantFrom('asc' as const, 'desc' as const),
      });
      await fc.assert(
        fc.asyncProperty(
          scopeArb,
          // The other export: the same list in the other order, another sort of the same
          // filters, or anything else.
          exportArb.chain((a) =>
            fc.tuple(
              fc.constant(a),
              fc.oneof(
                fc.constant({
                  ...a,
                  order: a.order === 'asc' ? ('desc' as const) : ('asc' as const),
                }),
                fc.constantFrom(...DRILL_SORTS).map((sort) => ({ ...a, sort })),
                exportArb,
              ),
            ),
          ),
          // About 5 to 40 slices whatever the dataset's size.
          fc.integer({ min: 1, max: 9 }).map((c) => c * Math.ceil(spec.units.length / 40)),
          async (scope, pair, count) => {
            const exports = pair.map(({ filters, sort, order }) => ({
              filters,
              input: { level: 'unit' as const, sort, order },
            }));
            const expected = await Promise.all(
              exports.map(({ filters, input }) =>
                settle(
                  getDrill(t.db, scope, filters, { ...input, pageSize: 'all' }, { source: 'raw' }),
                ),
              ),
            );
            for (const e of ENGINES) {
              const got = exports.map(() => ({ total: -1, rows: [] as unknown[] }));
              for (let offset = 0; got.some((g) => offset < g.total || g.total < 0);) {
                for (const [i, { filters, input }] of exports.entries()) {
                  const slice = { ...input, slice: { offset, count } };
                  const options = { source: engineSource(e) };
                  const d = await settle(getDrill(engineDb(e), scope, filters, slice, options));
                  const g = got[i];
                  if (!g) continue;
                  g.total = 'rejected' in d ? 0 : d.total;
                  if (!('rejected' in d)) g.rows.push(...d.rows);
                }
                offset += count;
              }
              exports.forEach((_, i) => {
                const want = expected[i];
                if (!want || 'rejected' in want) return;
                expect(got[i], e).toEqual({ total: want.total, rows: want.rows });
              });
            }
          },
        ),
        propertyRuns({ numRuns: Math.ceil(runs / 2), seed: 156 }),
      );
    });
  });

  // Otherwise the properties above could pass without reaching a source at all.
  it('reached every rollup table, the facts for every family and every "others" recount', () => {
    const rollups = used.get('rollups') ?? new Set();
    const tables = new Set([...rollups].map((s) => s.split(':')[1]));
    for (const table of ROLLUP_TABLES) expect(tables, table).toContain(table);
    expect([...rollups]).toEqual(
      expect.arrayContaining([
        'grants:raw',
        'supported:raw',
        'others:raw',
        'others:sum',
        'unit-scan:raw',
      ]),
    );
    const memory = used.get('memory') ?? new Set();
    expect([...memory].sort()).toEqual(
      [
        'units:memory',
        'change:memory',
        'grants:memory',
        'supported:with-grants',
        'others:memory',
        'others:cells',
        'others:sum',
        'unit-scan:memory',
        'dim-cells',
      ].sort(),
    );
    // Each path of the in-memory grant reads: the grant pass, the unit-year index's year and
    // category masks and prefix sums, and the exact loop of units whose totals pass 2^53; and the
    // unit-side passes taking several families (supported units among them) at once.
    for (const [path, count] of Object.entries(memoryPaths)) {
      expect(count - pathsBefore[path as keyof typeof memoryPaths], path).toBeGreaterThan(0);
    }
    // The heading index's paths: its cells, its pairs with either distinct-unit rule, and the
    // "others" recount over them.
    for (const [path, count] of Object.entries(headingPaths)) {
      expect(count - headingBefore[path as keyof typeof headingPaths], path).toBeGreaterThan(0);
    }
    // The unit-set bits: counted, tallied and walked, the "others" recount, and the sums of
    // several headings' pairs tallied by park or cluster.
    for (const [path, count] of Object.entries(bitsPaths)) {
      expect(count - bitsBefore[path as keyof typeof bitsPaths], `bits ${path}`).toBeGreaterThan(0);
    }
    // The group cells: unit-side and grant reads by park or cluster, reached through the planner.
    for (const [path, count] of Object.entries(groupPaths)) {
      expect(count - groupBefore[path as keyof typeof groupPaths], `group ${path}`).toBeGreaterThan(
        0,
      );
    }
    // The unit cells: grants by province, sector, size and year (whole categories among them)
    // and the "others" recount by province or sector and year, reached through the planner.
    for (const [path, count] of Object.entries(dimCellPaths)) {
      expect(count - dimBefore[path as keyof typeof dimCellPaths], `dim ${path}`).toBeGreaterThan(
        0,
      );
    }
    // The unit-side cells: units and change by province, sector, size and year, reached through
    // the planner (the memory engine on both dialects, facts with rollups on PostgreSQL).
    for (const [path, count] of Object.entries(unitSideCellPaths)) {
      expect(
        count - sideBefore[path as keyof typeof unitSideCellPaths],
        `side ${path}`,
      ).toBeGreaterThan(0);
    }
    // The quarterly and monthly series: the cells (with and without a category filter), the
    // heading walk and the unit pass, each reached through the planner by the queries above.
    for (const [path, count] of Object.entries(seriesPlanned)) {
      expect(count, `series=${path}`).toBeGreaterThan(0);
    }
    for (const [path, count] of Object.entries(seriesPaths)) {
      expect(count - seriesBefore[path as keyof typeof seriesPaths], path).toBeGreaterThan(0);
    }
    const production = used.get('memory+rollups') ?? new Set();
    expect([...production]).toEqual(
      expect.arrayContaining([
        'units:memory',
        'grants:memory',
        'others:memory',
        'others:cells',
        'dim-cells',
        'units:ru_units_ps',
      ]),
    );
    // Whole-category filters read ru_grants_cat before and after the facts load.
    for (const engine of ['rollups', 'memory+rollups'] as const) {
      expect([...(categoryReads.get(engine) ?? [])], engine).toContain('grants:ru_grants_cat');
    }
  });
});

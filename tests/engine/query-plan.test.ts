import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EMPTY_FILTERS, type Filters } from '../../server/domain/filters.ts';
import { ALL_SCOPE } from '../../server/domain/scope.ts';
import { getBreakdown } from '../../server/queries/breakdown.ts';
import { attachMemoryFacts } from '../../server/engine/facts/memory-facts.ts';
import {
  ALL_FACTS,
  describePlan,
  observePlans,
  planContextOf,
  planFor,
  planQuery,
  type PlanContext,
  type QueryPlan,
  type QueryRequest,
} from '../../server/engine/planner/query-plan.ts';
import { resolveFilters } from '../../server/engine/filters/resolve-filters.ts';
import { rebuildRollups } from '../../server/engine/rollups/rollups.ts';
import type { QueryPool } from '../../server/engine/workers/worker-pool.ts';
import { getSummary } from '../../server/queries/summary.ts';
import { insertDataset, randomDataset } from '../helpers/builders.ts';
import { createTestDb, testDialects, type TestDb } from '../helpers/db.ts';
import { CATEGORY_CODES, HEADING_CODES } from '../../server/domain/reference.ts';
import { PROVINCES } from '../queries/arbitraries.ts';
import type { Column } from '../../server/engine/sql/filter-sql.ts';

// The planner is the one place that chooses sources: these are its decisions for representative
// requests (that every plan answers as the raw tables do is shown by engine-equality.test.ts).

const DATASET = randomDataset({ units: 60, years: [1398, 1402], provinces: PROVINCES, seed: 5 });

describe.each(testDialects())('query planner on %s', (dialect) => {
  let t: TestDb;
  let rollups: PlanContext['rollups'];
  const ctx = (over: Partial<PlanContext> = {}): PlanContext => ({
    mode: 'auto',
    rollups,
    memory: false,
    pool: false,
    sqlBlocks: true,
    // Where the facts are in memory, with their cells (a restart's first seconds aside).
    cellsReady: true,
    ...over,
  });
  const request = async (
    filters: Partial<Filters>,
    dims: QueryRequest['reads'][number]['dims'],
    perYear = false,
  ): Promise<QueryRequest> => {
    const rf = await resolveFilters(t.db, ALL_SCOPE, { ...EMPTY_FILTERS, ...filters });
    return { query: 'test', reads: [{ rf, dims, needs: ALL_FACTS, perYear }] };
  };
  const read = (plan: QueryPlan) => plan.reads[0];

  beforeAll(async () => {
    t = await createTestDb(dialect);
    await insertDataset(t.db, DATASET);
    // Most plans below are of the fallback with the fine rollups (facts that cannot hold the
    // data); 'reads only the rollups that were built' shows the default.
    await rebuildRollups(t.db, { fineRollups: 'always' });
    rollups = (await planContextOf(t.db, {})).rollups;
    expect(rollups?.fine).toBe(true);
  });
  afterAll(() => t.destroy());

  it('answers dashboard-shaped questions from the coarse rollups, inline', async () => {
    const bySector = planQuery(await request({ province: ['IR-10'] }, ['sector']), ctx());
    expect(read(bySector)).toMatchObject({
      units: 'ru_units_ps',
      change: 'ru_change_ps',
      grants: 'ru_grants_ps',
      supported: 'ru_supported',
    });
    expect(bySector.runs).toBe('inline');
    // With the facts in memory and a pool, nothing changes: coarse rollups stay the answer.
    expect(planQuery(await request({}, ['sector']), ctx({ memory: true, pool: true })).runs).toBe(
      'inline',
    );
    const byHeading = planQuery(await request({}, ['heading']), ctx());
    expect(read(byHeading)).toMatchObject({ grants: 'ru_grants', supported: 'ru_supported' });
    const monthly = planQuery(await request({}, ['year', 'month'], true), ctx());
    expect(read(monthly)).toMatchObject({
      units: null,
      grants: 'ru_grants_month',
      supported: 'ru_supported_month',
    });
  });

  it('sends fine-grained questions to the facts in memory, in a worker when there is a pool', async () => {
    const parks = await request({}, ['park']);
    expect(read(planQuery(parks, ctx()))).toMatchObject({
      units: 'ru_units',
      grants: 'ru_grants_park',
      supported: 'raw',
    });
    // Distinct units by park need the raw grants: a long read, so a worker.
    expect(planQuery(parks, ctx({ pool: true })).runs).toBe('worker');
    // Workers still loading: a fine rollup alone is read inline, not queued behind them.
    const parkSums = parks.reads.map((r) => ({ ...r, needs: { ...ALL_FACTS, supported: false } }));
    expect(planQuery({ ...parks, reads: parkSums }, ctx({ pool: true })).runs).toBe('inline');
    const inMemory = planQuery(parks, ctx({ memory: true, pool: true }));
    expect(inMemory.runs).toBe('worker');
    expect(read(inMemory)).toMatchObject({
      units: 'memory',
      change: 'memory',
      grants: 'memory',
      supported: 'with-grants',
    });
    const units = planQuery(await request({}, ['unit']), ctx({ pool: true }));
    expect(units.runs).toBe('worker');
    expect(read(units)).toMatchObject({ units: 'raw', grants: 'raw', supported: 'with-grants' });
    // PostgreSQL's SQL does not block the event loop: raw reads stay inline, memory passes do not.
    const pg = { pool: true, sqlBlocks: false };
    expect(planQuery(await request({}, ['unit']), ctx(pg)).runs).toBe('inline');
    expect(planQuery(parks, ctx({ ...pg, memory: true })).runs).toBe('worker');
    expect(planQuery({ query: 'impact', reads: [], unitScan: true }, ctx(pg)).runs).toBe('inline');
  });

  it('reads a quarterly or monthly series from memory through the series cells or the unit pass', async () => {
    const loaded = ctx({ memory: true, pool: true });
    const series = async (filters: Partial<Filters>, grain: 'quarter' | 'month') =>
      read(planQuery(await request(filters, ['year', grain], true), loaded));
    // No park, cluster or heading filter (whole categories are fine): the cells.
    const broad: Partial<Filters>[] = [
      {},
      { province: ['IR-10'], size: ['small'] },
      { category: ['FIN'] },
    ];
    for (const filters of broad) {
      expect(await series(filters, 'month')).toMatchObject({
        grants: 'memory',
        supported: 'with-grants',
        series: 'cells',
      });
    }
    expect((await series({ sector: ['METL'] }, 'quarter'))?.series).toBe('cells');
    // What the cells do not record: one pass over the selected units' grants (park, cluster),
    // or a walk over the selected headings' grants.
    expect((await series({ park: ['P0A'], heading: ['FIN-01'] }, 'quarter'))?.series).toBe('units');
    expect((await series({ heading: ['FIN-01'] }, 'quarter'))?.series).toBe('headings');
    expect((await series({ category: ['FIN'], heading: ['FIN-01'] }, 'month'))?.series).toBe(
      'headings',
    );
    // Before the facts load, and for the yearly series or a breakdown: no series path.
    const monthly = await request({}, ['year', 'month'], true);
    expect(read(planQuery(monthly, ctx()))?.series).toBeNull();
    expect(read(planQuery(await request({}, ['year'], true), loaded))?.series).toBeNull();
    expect(read(planQuery(await request({}, ['heading']), loaded))?.series).toBeNull();
    expect(describePlan(planQuery(monthly, loaded))).toContain('series=cells');
  });

  it('reads by park or cluster from the group cells under years, province, sector and group filters', async () => {
    const loaded = ctx({ mode: 'memory', memory: true, pool: true });
    const needs = { units: true, change: false, grants: false, supported: true };
    const topClusters = async (filters: Partial<Filters>, dims: Column[], perYear = false) => {
      const rf = await resolveFilters(t.db, ALL_SCOPE, { ...EMPTY_FILTERS, ...filters });
      return planQuery({ query: 'test', reads: [{ rf, dims, needs, perYear }] }, loaded);
    };
    for (const dims of [['cluster'], ['park']] as Column[][]) {
      const plan = await topClusters({}, dims);
      expect(read(plan)).toMatchObject({ units: 'memory', unitCells: true });
      expect(describePlan(plan)).toContain('unit-cells');
      const filtered = await topClusters({ province: ['IR-01'], sector: ['METL'] }, dims);
      expect(read(filtered)?.unitCells).toBe(true);
    }
    expect(read(await topClusters({ park: ['P0A'] }, ['park']))?.unitCells).toBe(true);
    expect(read(await topClusters({ cluster: ['C0'] }, ['cluster']))?.unitCells).toBe(true);
    // A size filter: the size cells; with a sector filter, the other group's filter, another
    // grouping, years of their own: the pass.
    expect(read(await topClusters({ size: ['small'] }, ['cluster']))?.unitCells).toBe(true);
    const sizeSector = { size: ['small'], sector: ['METL'] } as Partial<Filters>;
    expect(read(await topClusters(sizeSector, ['cluster']))?.unitCells).toBe(false);
    // Under a heading filter the units still (they ignore headings), not the supported units.
    expect(read(await topClusters({ heading: ['FIN-01'] }, ['park']))).toMatchObject({
      unitCells: true,
      grantCells: false,
    });
    expect(read(await topClusters({ cluster: ['C0'] }, ['park']))?.unitCells).toBe(false);
    expect(read(await topClusters({ park: ['P0A'] }, ['cluster']))?.unitCells).toBe(false);
    expect(read(await topClusters({}, ['province']))?.unitCells).toBe(false);
    expect(read(await topClusters({}, ['park', 'year'], true))?.unitCells).toBe(false);
    // A whole breakdown: units and change from the cells, grants (with supported units) too.
    const all = read(planQuery(await request({ from: 1400 }, ['cluster']), loaded));
    expect(all).toMatchObject({ change: 'memory', unitCells: true, grantCells: true });
    expect(describePlan(planQuery(await request({}, ['park']), loaded))).toContain('grant-cells');
    // Whole categories: the grants too, from the per-category cells (the distinct units of
    // two from the unit-set bits). A heading: the unit side from the cells still (it ignores
    // headings), not the grants.
    for (const category of [['FIN'], ['FIN', 'TEC']]) {
      const cells = read(planQuery(await request({ category }, ['park']), loaded));
      expect(cells).toMatchObject({ unitCells: true, grantCells: true });
    }
    const headed = read(planQuery(await request({ heading: ['FIN-01'] }, ['park']), loaded));
    expect(headed).toMatchObject({ unitCells: true, grantCells: false });
    const narrowed = { category: ['FIN'], heading: ['FIN-01'] };
    expect(read(planQuery(await request(narrowed, ['cluster']), loaded))?.grantCells).toBe(false);
    const sized = read(planQuery(await request({ size: ['small'] }, ['park']), loaded));
    expect(sized).toMatchObject({ unitCells: true, grantCells: true });
    const sizedCategory = { size: ['small'], category: ['FIN'] } as Partial<Filters>;
    const sizedFin = read(planQuery(await request(sizedCategory, ['park']), loaded));
    expect(sizedFin).toMatchObject({ unitCells: true, grantCells: false });
    const sizedSector = { size: ['small'], sector: ['METL'] } as Partial<Filters>;
    const sizedMetl = read(planQuery(await request(sizedSector, ['park']), loaded));
    expect(sizedMetl).toMatchObject({ unitCells: false, grantCells: false });
    // Before the facts load: no cells.
    expect(read(planQuery(await request({}, ['park']), ctx()))?.grantCells).toBe(false);
  });

  it('answers from the unit cells in a worker on PostgreSQL where they cover every read, not the coarse rollups', async () => {
    const pg = ctx({ memory: true, pool: true, sqlBlocks: false, cellsReady: true });
    const summary = async (filters: Partial<Filters>, c: PlanContext) => {
      const rf = await resolveFilters(t.db, ALL_SCOPE, { ...EMPTY_FILTERS, ...filters });
      const reads = [{ rf, dims: [], needs: ALL_FACTS }];
      return planQuery({ query: 'summary', reads }, c);
    };
    const cells = await summary({ province: ['IR-10'], category: ['FIN'] }, pg);
    expect(read(cells)).toMatchObject({
      units: 'memory',
      change: 'memory',
      grants: 'memory',
      supported: 'with-grants',
      dimCells: true,
      unitSideCells: true,
    });
    expect(cells.runs).toBe('worker');
    expect(describePlan(cells)).toContain('side-cells');
    const byYear = planQuery(await request({ size: ['small'] }, ['year'], true), pg);
    expect(read(byYear)).toMatchObject({ units: 'memory', dimCells: true, unitSideCells: true });
    const byCategory = planQuery(await request({ sector: ['METL'] }, ['category']), pg);
    expect(read(byCategory)).toMatchObject({ grants: 'memory', dimCells: true });
    // SQLite, the cells not built yet, or a read they do not cover (a heading filter, by
    // heading, a park filter): the coarse rollups, inline, as before.
    const coarse = { units: 'ru_units_ps', unitSideCells: false };
    expect(read(await summary({}, { ...pg, sqlBlocks: true }))).toMatchObject(coarse);
    expect(read(await summary({}, { ...pg, cellsReady: false }))).toMatchObject(coarse);
    expect(read(await summary({ heading: ['FIN-01'] }, pg))).toMatchObject(coarse);
    expect(read(planQuery(await request({}, ['heading']), pg))).toMatchObject(coarse);
    expect(read(await summary({ park: ['P0A'] }, pg))?.unitSideCells).toBe(false);
    // The memory mode reads the unit side from them wherever they cover it, on both dialects.
    const memoryMode = await summary({ sector: ['METL'] }, ctx({ mode: 'memory', memory: true }));
    expect(read(memoryMode)).toMatchObject({ units: 'memory', unitSideCells: true });
  });

  it('reads grants by province, sector, size and year, and their "others", from the unit cells', async () => {
    const loaded = ctx({ memory: true, pool: true });
    const plan = async (filters: Partial<Filters>, dims: Column[], perYear = false) =>
      planQuery(await request(filters, dims, perYear), loaded);
    // By size over several years (size in `to`: no grant rollup), with every cell filter.
    const bySize = await plan({ from: 1399, to: 1401, category: ['FIN'] }, ['size']);
    expect(read(bySize)).toMatchObject({ grants: 'memory', dimCells: true });
    expect(describePlan(bySize)).toContain('dim-cells');
    expect(bySize.runs).toBe('worker');
    const filtered: Partial<Filters> = { province: ['IR-10'], sector: ['METL'], size: ['small'] };
    expect(read(await plan(filtered, ['sector', 'size']))?.dimCells).toBe(true);
    // Distinct units read apart from a rollup's sums: from the cells too.
    const perYear = await plan({ size: ['small'] }, ['province', 'year'], true);
    expect(read(perYear)).toMatchObject({ supported: 'memory', dimCells: true });
    // A park, cluster or heading filter, or a column the cells do not hold: not the cells.
    expect(read(await plan({ park: ['P0A'] }, ['size']))?.dimCells).toBe(false);
    expect(read(await plan({ heading: ['FIN-01'] }, ['size']))?.dimCells).toBe(false);
    expect(read(await plan({}, ['park']))?.dimCells).toBe(false);
    // Rollup reads stay rollup reads; without the facts, no cells.
    expect(read(await plan({}, ['sector']))?.dimCells).toBe(false);
    const noFacts = planQuery(await request({ from: 1399, to: 1401 }, ['size']), ctx());
    expect(read(noFacts)?.dimCells).toBe(false);
    // "Others" by province or sector and year: the cells' year masks, unless a category, park
    // or heading filter asks for what they do not record; the pass there.
    const others = async (
      filters: Partial<Filters>,
      dims: ('province' | 'sector' | 'year' | 'heading')[],
    ) => {
      const rf = await resolveFilters(t.db, ALL_SCOPE, { ...EMPTY_FILTERS, ...filters });
      return planQuery(
        { query: 'breakdown', reads: [], others: { rf, dims, limit: 3, supported: true } },
        loaded,
      );
    };
    expect(await others({ size: ['small'] }, ['province', 'year'])).toMatchObject({
      others: 'cells',
      runs: 'worker',
    });
    expect((await others({}, ['year', 'sector'])).others).toBe('cells');
    expect((await others({ category: ['FIN'] }, ['province', 'year'])).others).toBe('memory');
    expect((await others({}, ['heading', 'year'])).others).toBe('memory');
    expect((await others({}, ['province', 'year'])).others).toBe('cells');
  });

  it('runs a rollup read in a worker on SQLite when it would go through many rows', async () => {
    // The largest slices measured at `national` and `large` (rows of one year, one pair of
    // years, one selection kind…: ROLLUP_SLICES); the plans weigh them, not the test's own data.
    const slices = (scale: 'national' | 'large'): PlanContext['rollups'] => {
      const [units, grants, cat, supported, park] =
        scale === 'large'
          ? [182436, 61520, 1488, [248, 1488, 20974], 144207]
          : [18114, 10516, 1361, [248, 1481, 15618], 8367];
      return {
        supportedYears: rollups?.supportedYears ?? null,
        fine: true,
        sliceRows: {
          ru_units: [units],
          ru_units_ps: [744],
          ru_change_ps: [744],
          ru_grants: [grants],
          ru_grants_ps: [992],
          ru_grants_cat: [cat],
          ru_grants_park: [park],
          ru_supported: supported,
        },
      };
    };
    const at = (scale: 'national' | 'large', over: Partial<PlanContext> = {}) =>
      ctx({ pool: true, rollups: slices(scale), ...over });
    // The Overview's breakdown by category reads ru_grants_cat (1,488 rows a year at `large`):
    // inline at both sizes.
    const byCategory = await request({}, ['category']);
    expect(read(planQuery(byCategory, at('large')))).toMatchObject({
      grants: 'ru_grants_cat',
      supported: 'ru_supported',
    });
    expect(planQuery(byCategory, at('large')).runs).toBe('inline');
    expect(planQuery(await request({}, ['year'], true), at('large')).runs).toBe('inline');
    // A filter of whole categories (no heading) reads ru_grants_cat too, inline even with the
    // facts loaded; a heading filter needs ru_grants' headings (and by size, ru_grants' sizes).
    const [category] = CATEGORY_CODES;
    for (const dims of [[], ['province'], ['category']] as const) {
      const wholeCategory = await request({ category: [category ?? ''] }, dims);
      for (const over of [{}, { memory: true }]) {
        const plan = planQuery(wholeCategory, at('large', over));
        expect(read(plan)?.grants, dims.join()).toBe('ru_grants_cat');
        expect(plan.runs).toBe('inline');
      }
    }
    const heading = await request({ heading: [HEADING_CODES[0] ?? ''] }, ['province']);
    expect(read(planQuery(heading, at('large')))?.grants).toBe('ru_grants');
    const bySize = await request({ category: [category ?? ''], from: 1402, to: 1402 }, ['size']);
    expect(read(planQuery(bySize, at('large')))?.grants).toBe('ru_grants');
    // By heading every year of ru_grants: 5 × 61,520 rows at `large`, off the event loop; one
    // year of it at `national` (10,516 rows) stays inline.
    const byHeading = await request({}, ['heading']);
    expect(read(planQuery(byHeading, at('large')))?.grants).toBe('ru_grants');
    expect(planQuery(byHeading, at('large')).runs).toBe('worker');
    expect(
      planQuery(await request({ from: 1402, to: 1402 }, ['heading']), at('national')).runs,
    ).toBe('inline');
    // Once the facts are in memory, their heading index's cells answer a read of ru_grants past
    // MEMORY_OVER_CELL_ROWS (5,000): by heading at `large` from one year (61,520 rows) on, with
    // its distinct units (no second read of ru_supported), and under one category's headings
    // from one year (15 of 85 headings: 10,856 rows); at `national` from one year (10,516). One
    // heading over four years at `large` (~2,900 rows) stays on the rollup.
    const loaded = { memory: true };
    expect(read(planQuery(byHeading, at('large', loaded)))).toMatchObject({
      grants: 'memory',
      supported: 'with-grants',
    });
    const oneYear = await request({ from: 1402, to: 1402 }, ['heading']);
    expect(read(planQuery(oneYear, at('large', loaded)))?.grants).toBe('memory');
    // Filtered by size the class cells answer (heading-class-cells.ts), past the same rows.
    const headingBySize = await request({ from: 1402, to: 1402, size: ['small'] }, ['heading']);
    expect(read(planQuery(headingBySize, at('large', loaded)))?.grants).toBe('memory');
    expect(read(planQuery(byHeading, at('national', loaded)))?.grants).toBe('memory');
    expect(read(planQuery(oneYear, at('national', loaded)))?.grants).toBe('memory');
    const tec = HEADING_CODES.filter((code) => code.startsWith('TEC-'));
    const oneCategory = await request({ heading: tec, from: 1402, to: 1402 }, ['heading']);
    expect(read(planQuery(oneCategory, at('large', loaded)))?.grants).toBe('memory');
    const oneHeading = await request({ heading: [HEADING_CODES[0] ?? ''], from: 1399, to: 1402 }, [
      'heading',
    ]);
    expect(read(planQuery(oneHeading, at('large', loaded)))).toMatchObject({
      grants: 'ru_grants',
      supported: 'ru_supported',
    });
    // Until the cells are built (a restart's first seconds) memory means the passes: the rollups
    // answer up to MEMORY_OVER_ROLLUP_ROWS, as they did where no cells cover: one year by heading
    // reads ru_grants (61,520 rows, in a worker); all years by heading (307,600 rows) the pass.
    const noCells = { memory: true, cellsReady: false };
    expect(read(planQuery(oneYear, at('large', noCells)))?.grants).toBe('ru_grants');
    expect(planQuery(oneYear, at('large', noCells)).runs).toBe('worker');
    expect(read(planQuery(byHeading, at('large', noCells)))?.grants).toBe('memory');
    // A fine rollup while the workers load their facts: inline at `national` for one year,
    // in a worker at `large`.
    const parkSums = (await request({ from: 1402, to: 1402 }, ['park'])).reads.map((r) => ({
      ...r,
      needs: { ...ALL_FACTS, supported: false },
    }));
    expect(planQuery({ query: 'test', reads: parkSums }, at('national')).runs).toBe('inline');
    expect(planQuery({ query: 'test', reads: parkSums }, at('large')).runs).toBe('worker');
    // PostgreSQL's reads do not block the event loop, whatever their size; no pool, no worker.
    expect(planQuery(byHeading, at('large', { sqlBlocks: false })).runs).toBe('inline');
    expect(planQuery(byHeading, at('large', { pool: false })).runs).toBe('inline');
  });

  it('answers a heading-grain read from the cells where its size was not measured (PostgreSQL)', async () => {
    // PostgreSQL's rebuild records no slice rows: a read of ru_grants the heading index's cells
    // cover goes to them once the facts are loaded, however few its rows might be.
    const state = (sliceRows: NonNullable<PlanContext['rollups']>['sliceRows']) =>
      rollups && { ...rollups, sliceRows };
    const unmeasured = ctx({ rollups: state({}), memory: true, pool: true, sqlBlocks: false });
    const measured = ctx({ rollups: state({ ru_grants: [10] }), memory: true, pool: true });
    const covered = [
      await request({ from: 1402, to: 1402 }, ['heading']),
      await request({}, ['heading', 'province']),
      await request({ heading: [HEADING_CODES[0] ?? ''] }, []),
    ];
    for (const r of covered) {
      expect(read(planQuery(r, unmeasured))).toMatchObject({
        grants: 'memory',
        supported: 'with-grants',
      });
      expect(planQuery(r, unmeasured).runs).toBe('worker');
      // Measured small (SQLite at `national`), or the facts not loaded: the rollup stays.
      expect(read(planQuery(r, measured))?.grants).toBe('ru_grants');
      expect(read(planQuery(r, { ...unmeasured, memory: false }))?.grants).toBe('ru_grants');
    }
    // A sector filter: the class cells cover it too; reads of the smaller grant rollups stay
    // (before the cells are built: after, PostgreSQL reads these from the unit cells, above).
    const bySector = await request({ from: 1402, to: 1402, sector: ['METL'] }, ['heading']);
    expect(read(planQuery(bySector, unmeasured))?.grants).toBe('memory');
    for (const dims of [[], ['province'], ['category'], ['year']] as const) {
      const grants = read(
        planQuery(await request({}, dims, dims[0] === 'year'), {
          ...unmeasured,
          cellsReady: false,
        }),
      )?.grants;
      expect(grants, dims.join()).toMatch(/^ru_grants_(ps|cat)$/);
    }
  });

  it('reads only the rollups that were built: without the fine ones, the facts or raw SQL', async () => {
    const coarse = ctx({ rollups: rollups && { ...rollups, fine: false } });
    const parks = await request({}, ['park']);
    expect(read(planQuery(parks, coarse))).toMatchObject({
      units: 'raw',
      change: 'raw',
      grants: 'raw',
      supported: 'with-grants',
    });
    expect(read(planQuery(parks, { ...coarse, memory: true }))).toMatchObject({
      units: 'memory',
      grants: 'memory',
      supported: 'with-grants',
    });
    const monthly = await request({}, ['year', 'month'], true);
    expect(read(planQuery(monthly, coarse))).toMatchObject({
      grants: 'raw',
      supported: 'with-grants',
    });
    // The coarse ones still answer the dashboard's questions.
    expect(read(planQuery(await request({}, ['sector']), coarse))).toMatchObject({
      units: 'ru_units_ps',
      change: 'ru_change_ps',
      grants: 'ru_grants_ps',
      supported: 'ru_supported',
    });
    expect(read(planQuery(await request({}, ['heading']), coarse))?.grants).toBe('ru_grants');
    // A pool loading its facts (at start, or reloading after an import): with no fine rollup to
    // answer meanwhile, plans count on the facts (the worker waits for them); with them, not.
    const loading = {
      memoryReady: () => false,
      memorySoon: () => false,
      memoryLoading: () => true,
      cellsReady: () => false,
    } as unknown as QueryPool;
    expect((await planContextOf(t.db, { pool: loading })).memory).toBe(false); // fine ones built
    const fresh = await createTestDb(dialect);
    try {
      await insertDataset(fresh.db, DATASET);
      await rebuildRollups(fresh.db);
      expect((await planContextOf(fresh.db, {})).rollups?.fine).toBe(false);
      expect((await planContextOf(fresh.db, { pool: loading })).memory).toBe(true);
      const idle = { ...loading, memoryLoading: () => false };
      expect((await planContextOf(fresh.db, { pool: idle })).memory).toBe(false);
    } finally {
      await fresh.destroy();
    }
  });

  it('reads distinct units apart when a rollup sums the grants, and recounts "others"', async () => {
    // Size over several years: grant rollups hold the grant year's size, so raw grants answer.
    const size = planQuery(await request({ from: 1399, to: 1401 }, ['size']), ctx());
    expect(read(size)).toMatchObject({ units: 'ru_units_ps', grants: 'raw' });
    // Two headings: the supported rollup holds one selection per row; the sums still come from it.
    const twoHeadings = await request({ heading: ['FIN-01', 'MKT-01'] }, ['province']);
    expect(read(planQuery(twoHeadings, ctx()))).toMatchObject({
      grants: 'ru_grants',
      supported: 'raw',
    });
    // With the facts loaded, on PostgreSQL (no slice rows) the heading cells answer both.
    expect(read(planQuery(twoHeadings, ctx({ memory: true })))).toMatchObject(
      dialect === 'postgres'
        ? { grants: 'memory', supported: 'with-grants' }
        : { grants: 'ru_grants', supported: 'memory' },
    );
    // A sector filter: the heading index's class cells answer (on PostgreSQL in place of ru_grants).
    const sector = await request({ sector: ['METL'] }, ['heading']);
    expect(read(planQuery(sector, ctx({ memory: true })))).toMatchObject(
      dialect === 'postgres'
        ? { grants: 'memory', supported: 'with-grants' }
        : { grants: 'ru_grants', supported: 'ru_supported' },
    );
    const rf = await resolveFilters(t.db, ALL_SCOPE, EMPTY_FILTERS);
    const others = (dims: ('heading' | 'province' | 'size')[], limit: number) => ({
      query: 'breakdown',
      reads: [],
      others: { rf, dims, limit, supported: true },
    });
    expect(planQuery(others(['province'], 3), ctx()).others).toBe('sum');
    expect(planQuery(others(['heading'], 3), ctx()).others).toBe('raw');
    expect(planQuery(others(['heading'], 3), ctx({ memory: true, pool: true }))).toMatchObject({
      others: 'memory',
      runs: 'worker',
    });
    expect(planQuery(others(['size'], 3), ctx()).others).toBeNull();
  });

  it('reads only the raw tables in raw mode, and for impact always runs in a worker', async () => {
    const raw = planQuery(await request({}, ['sector']), ctx({ mode: 'raw', rollups: null }));
    expect(read(raw)).toMatchObject({
      units: 'raw',
      change: 'raw',
      grants: 'raw',
      supported: 'with-grants',
    });
    expect(
      planQuery({ query: 'impact', reads: [], unitScan: true }, ctx({ pool: true })).runs,
    ).toBe('worker');
    const noRollups = await planContextOf(t.db, { source: 'raw' });
    expect(noRollups).toMatchObject({
      mode: 'raw',
      rollups: null,
      memory: false,
      pool: false,
      sqlBlocks: dialect === 'sqlite',
    });
  });

  it('is made once per request and re-made where the facts it counts on are missing', async () => {
    const seen: string[] = [];
    const stop = observePlans((p) => seen.push(describePlan(p)));
    try {
      await getBreakdown(t.db, ALL_SCOPE, EMPTY_FILTERS, { by: 'heading', limit: 2 });
      expect(seen).toHaveLength(1);
      expect(seen[0]).toMatch(/^breakdown inline \| \[heading\] units=ru_units_ps .*others=raw$/);
      // A plan counting on memory this thread lacks is planned again (and then answers from SQL).
      const request_ = await request({}, ['park']);
      const given = planQuery(request_, ctx({ memory: true }));
      seen.length = 0;
      const replanned = await planFor(t.db, request_, { plan: given });
      expect(seen).toHaveLength(1);
      expect(read(replanned)?.grants).toBe('ru_grants_park');
      // Once loaded, the given plan is used as it is.
      await attachMemoryFacts(t.db);
      seen.length = 0;
      expect(await planFor(t.db, request_, { plan: given })).toBe(given);
      expect(seen).toHaveLength(0);
      await getSummary(t.db, ALL_SCOPE, { ...EMPTY_FILTERS, heading: ['FIN-01', 'MKT-01'] });
      expect(seen).toEqual([
        expect.stringMatching(
          dialect === 'postgres'
            ? /^summary inline \| \[\] .*grants=memory supported=with-grants$/
            : /^summary inline \| \[\] .*grants=ru_grants supported=memory$/,
        ),
      ]);
    } finally {
      stop();
    }
  });
});

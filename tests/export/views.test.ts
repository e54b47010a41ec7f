import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { filtersToParams, parseFilterParams } from '../../server/domain/filters.ts';
import { METRICS, type MetricValues } from '../../server/domain/metrics.ts';
import { PROVINCES } from '../../server/domain/reference.ts';
import { ALL_SCOPE } from '../../server/domain/scope.ts';
import { createContext } from '../../server/routers/context.ts';
import { appRouter } from '../../server/routers/index.ts';
import { createCallerFactory } from '../../server/routers/trpc.ts';
import type { DrillRow } from '../../server/queries/drill.ts';
import { insertDataset } from '../helpers/builders.ts';
import { createTestDb, testDialects, type TestDb } from '../helpers/db.ts';
import { FIXTURE } from '../queries/fixture.ts';
import { exportFile, parseCsv, readWorkbook, sheetRows } from './export-helpers.ts';

const createCaller = createCallerFactory(appRouter);

/** Filter sets every view is checked under (URL form, as a page would pass them). */
const FILTER_SETS = [
  '',
  'from=1401&to=1402',
  'province=IR-10',
  'heading=FIN-01,MKT-01&from=1402&to=1402',
  'park=P1',
  'size=small,medium',
  'category=MKT&sector=METL,CHEM',
  'province=IR-23&from=1400&to=1400',
];

/** How the CSV writes an API value. */
function cell(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return '';
  return String(value);
}

const metricCells = (v: MetricValues) => METRICS.map((m) => cell(v[m]));

const POPULATION = new Map(PROVINCES.map((p) => [p.code, p.population2016]));

/** Units per 100,000 inhabitants with one decimal, as the provinces table shows it. */
const per100k = (units: number, population: number) =>
  Math.round((units / population) * 1_000_000) / 10;

/** A province file's metric cells: the metrics with units per 100k after units. */
function provinceCells(v: MetricValues, population: number): (string | number)[] {
  const cells: (string | number)[] = metricCells(v);
  cells.splice(1, 0, cell(per100k(v.units, population)));
  return cells;
}

function filtersOf(query: string) {
  const parsed = parseFilterParams(new URLSearchParams(query));
  if (!parsed.success) throw new Error(query);
  return parsed.data;
}

describe.each(testDialects())('exports equal the API on %s', (dialect) => {
  let t: TestDb;
  let caller: ReturnType<typeof createCaller>;
  beforeAll(async () => {
    t = await createTestDb(dialect);
    await insertDataset(t.db, FIXTURE);
    caller = createCaller(createContext({ db: t.db, scope: ALL_SCOPE }));
  });
  afterAll(() => t.destroy());

  describe.each(FILTER_SETS)('filters %j', (query) => {
    const filters = () => filtersOf(query);

    it('provinces.csv = stats.breakdown by province, row by row, with the total', async () => {
      const api = await caller.stats.breakdown({
        filters: filters(),
        by: 'province',
        sort: 'amount',
        limit: 31,
      });
      const file = await exportFile(
        t.db,
        ALL_SCOPE,
        'provinces.csv',
        `${query}&metric=amount&header=keys`,
      );
      const { header, rows } = parseCsv(file.bytes);
      expect(header).toEqual(['key', 'name', 'units', 'unitsPer100k', ...METRICS.slice(1)]);
      const population = (code: string) => POPULATION.get(code) ?? 0;
      const listed = api.rows.reduce((sum, r) => sum + population(r.key), 0);
      // The total row: no code, «جمع کل», and the rate over the listed provinces' population.
      expect(rows).toEqual([
        ...api.rows.map((r) => [r.key, r.nameFa, ...provinceCells(r, population(r.key))]),
        ['', 'جمع کل', ...provinceCells(api.total, listed)],
      ]);
    });

    it('breakdown.csv by heading × year with a limit = stats.breakdown (others folded)', async () => {
      const api = await caller.stats.breakdown({
        filters: filters(),
        by: 'heading',
        by2: 'year',
        metrics: ['grants', 'amount', 'supportedUnits'],
        sort: 'grants',
        limit: 2,
      });
      const file = await exportFile(
        t.db,
        ALL_SCOPE,
        'breakdown.csv',
        `${query}&by=heading&by2=year&metrics=grants,amount,supportedUnits&sort=grants&limit=2&lang=en&header=keys`,
      );
      const { header, rows } = parseCsv(file.bytes);
      expect(header).toEqual(['key', 'name', 'key2', 'grants', 'amount', 'supportedUnits']);
      const m = (v: MetricValues) => [cell(v.grants), v.amount, cell(v.supportedUnits)];
      expect(rows).toEqual([
        ...api.rows.map((r) => [r.key, r.nameEn, cell(r.key2), ...m(r)]),
        ...(api.others ? [['others', 'Others', '', ...m(api.others)]] : []),
        ['', 'Total', '', ...m(api.total)],
      ]);
    });

    it('summary.csv = stats.summary (current and previous range)', async () => {
      const api = await caller.stats.summary({ filters: filters() });
      const { rows } = parseCsv((await exportFile(t.db, ALL_SCOPE, 'summary.csv', query)).bytes);
      expect(rows[0]).toEqual([
        'current',
        'بازه انتخابی',
        cell(api.range.from),
        cell(api.range.to),
        ...metricCells(api.current),
      ]);
      if (api.previous && api.previousRange) {
        expect(rows[1]?.slice(2)).toEqual([
          cell(api.previousRange.from),
          cell(api.previousRange.to),
          ...metricCells(api.previous),
        ]);
      }
      expect(rows).toHaveLength(api.previous ? 2 : 1);
    });

    it('timeseries.csv at each grain = stats.timeseries', async () => {
      for (const grain of ['year', 'quarter', 'month'] as const) {
        const api = await caller.stats.timeseries({ filters: filters(), grain });
        const file = await exportFile(t.db, ALL_SCOPE, 'timeseries.csv', `${query}&grain=${grain}`);
        const { rows } = parseCsv(file.bytes);
        expect(rows).toEqual(
          api.rows.map((r) =>
            grain === 'year'
              ? [
                  cell(r.year),
                  cell(r.units),
                  cell(r.employment),
                  cell(r.supportedUnits),
                  cell(r.grants),
                  r.amount,
                ]
              : [
                  r.period,
                  cell(r.year),
                  cell(grain === 'quarter' ? r.quarter : r.month),
                  cell(r.supportedUnits),
                  cell(r.grants),
                  r.amount,
                ],
          ),
        );
      }
    });

    it('drill.csv holds every member, in the API order across its pages', async () => {
      for (const level of ['park', 'cluster', 'unit'] as const) {
        const pages: DrillRow[] = [];
        const first = await caller.stats.drill({
          filters: filters(),
          level,
          pageSize: 2,
          sort: 'employment',
        });
        pages.push(...first.rows);
        for (let page = 1; page * 2 < first.total; page++) {
          const next = await caller.stats.drill({
            filters: filters(),
            level,
            pageSize: 2,
            page,
            sort: 'employment',
          });
          pages.push(...next.rows);
        }
        const file = await exportFile(
          t.db,
          ALL_SCOPE,
          'drill.csv',
          `${query}&level=${level}&metric=employment`,
        );
        const { rows } = parseCsv(file.bytes);
        expect(rows).toHaveLength(first.total);
        const extra = (r: DrillRow) =>
          level === 'park'
            ? []
            : level === 'cluster'
              ? [cell(r.sector)]
              : [cell(r.sector), cell(r.park), cell(r.cluster)];
        expect(rows).toEqual(
          pages.map((r) => [r.code, r.nameFa, r.province, ...extra(r), ...metricCells(r)]),
        );
      }
    });

    it('provinces.xlsx holds the same numbers as numeric cells', async () => {
      const api = await caller.stats.breakdown({ filters: filters(), by: 'province', limit: 31 });
      const file = await exportFile(t.db, ALL_SCOPE, 'provinces.xlsx', query);
      const workbook = await readWorkbook(file.bytes);
      const sheet = workbook.worksheets[0];
      if (!sheet) throw new Error('no data sheet');
      const [, ...rows] = sheetRows(sheet);
      const population = (code: string) => POPULATION.get(code) ?? 0;
      const listed = api.rows.reduce((sum, r) => sum + population(r.key), 0);
      const numeric = (v: MetricValues, people: number) => {
        const cells: unknown[] = METRICS.map((m) => (m === 'amount' ? Number(v.amount) : v[m]));
        cells.splice(1, 0, per100k(v.units, people));
        return cells;
      };
      expect(rows).toEqual([
        ...api.rows.map((r) => [r.key, r.nameFa, ...numeric(r, population(r.key))]),
        [null, 'جمع کل', ...numeric(api.total, listed)],
      ]);
    });
  });

  it('an empty selection exports the header and a zero total, not an error', async () => {
    const { header, rows } = parseCsv(
      (await exportFile(t.db, ALL_SCOPE, 'provinces.csv', 'sector=FOOD&header=keys')).bytes,
    );
    expect(header[0]).toBe('key');
    // No province listed: no population to divide by, so no rate.
    expect(rows).toEqual([['', 'جمع کل', '0', '', '0', '0', '', '0', '0', '0']]);
  });

  it('applies the caller scope in every view', async () => {
    const scope = { provinces: ['IR-23'] };
    const scoped = createCaller(createContext({ db: t.db, scope }));
    const api = await scoped.stats.breakdown({ filters: {}, by: 'province', limit: 31 });
    const { rows } = parseCsv((await exportFile(t.db, scope, 'provinces.csv', '')).bytes);
    expect(rows.map((r) => r[0])).toEqual([...api.rows.map((r) => r.key), '']);
    expect(rows.map((r) => r[0])).toEqual(['IR-23', '']);
    const units = parseCsv((await exportFile(t.db, scope, 'units.csv', 'header=keys')).bytes);
    expect(units.rows.map((r) => r[0])).toEqual(['U3']);
    const grants = parseCsv((await exportFile(t.db, scope, 'grants.csv', 'header=keys')).bytes);
    expect(grants.rows.map((r) => r[0])).toEqual(['G5']);
  });

  it('filtersToParams output round-trips through the export parser', async () => {
    const params = filtersToParams({ province: ['IR-10'], from: 1401, to: 1402 });
    const file = await exportFile(t.db, ALL_SCOPE, 'summary.csv', params.toString());
    expect(file.fileName).toBe('hemayat-summary-1401-1402-exported-1405-09-07.csv');
  });
});

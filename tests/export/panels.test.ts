import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportHref, type ExportTarget } from '../../client/lib/export-url.ts';
import { withoutList } from '../../client/lib/url-state.ts';
import { parseFilterParams, type Filters } from '../../server/domain/filters.ts';
import type { MetricValues } from '../../server/domain/metrics.ts';
import { ALL_SCOPE } from '../../server/domain/scope.ts';
import { createContext } from '../../server/routers/context.ts';
import { appRouter } from '../../server/routers/index.ts';
import { createCallerFactory } from '../../server/routers/trpc.ts';
import { insertDataset } from '../helpers/builders.ts';
import { createTestDb, testDialects, type TestDb } from '../helpers/db.ts';
import { FIXTURE } from '../queries/fixture.ts';
import { exportFile, parseCsv } from './export-helpers.ts';

const createCaller = createCallerFactory(appRouter);

type BreakdownInput = Parameters<ReturnType<typeof createCaller>['stats']['breakdown']>[0];

function filtersOf(query: string): Filters {
  const parsed = parseFilterParams(new URLSearchParams(query));
  if (!parsed.success) throw new Error(query);
  return parsed.data;
}

/**
 * The export targets the clusters, headings and explore panels build (client/features), built
 * the same way from the page filters: the file behind each must hold the rows of the query the
 * panel's chart shows.
 */
const PANELS: { name: string; page: string; input: (f: Filters) => BreakdownInput }[] = [
  {
    name: 'cluster ranking',
    page: 'cluster=K1',
    input: (f) => ({
      filters: withoutList(f, 'cluster'),
      by: 'cluster',
      metrics: ['units'],
      sort: 'units',
      limit: 20,
    }),
  },
  {
    name: 'heading × province grid',
    page: 'category=FIN',
    input: (f) => ({
      filters: { ...f, heading: ['FIN-01', 'FIN-02'] },
      by: 'heading',
      by2: 'province',
      metrics: ['grants'],
      sort: 'grants',
      limit: 500,
    }),
  },
  {
    name: 'explore sector × size',
    page: 'sector=METL&from=1400&to=1402',
    input: (f) => ({
      filters: withoutList(f, 'sector'),
      by: 'sector',
      by2: 'size',
      metrics: ['units', 'employment'],
      sort: 'units',
      limit: 500,
    }),
  },
];

const cell = (v: string | number | null | undefined) =>
  v === null || v === undefined ? '' : String(v);

describe.each(testDialects())('panel exports equal their charts on %s', (dialect) => {
  let t: TestDb;
  let caller: ReturnType<typeof createCaller>;
  beforeAll(async () => {
    t = await createTestDb(dialect);
    await insertDataset(t.db, FIXTURE);
    caller = createCaller(createContext({ db: t.db, scope: ALL_SCOPE }));
  });
  afterAll(() => t.destroy());

  it.each(PANELS)('$name: the file of its export target = its query', async ({ page, input }) => {
    const query = input(filtersOf(page));
    const { filters = {}, ...params } = query;
    const target: ExportTarget = { view: 'breakdown', filters: filters as Filters, params };
    const href = new URL(exportHref(target, 'csv', 'en'), 'http://x');
    const file = await exportFile(
      t.db,
      ALL_SCOPE,
      'breakdown.csv',
      `${href.search.slice(1)}&header=keys`,
    );
    const api = await caller.stats.breakdown(query);
    const metrics = query.metrics ?? [];
    const values = (v: MetricValues) => metrics.map((m) => cell(v[m]));
    const { header, rows } = parseCsv(file.bytes);
    // The key columns and the metrics (names are the breakdown view's own, tested in views.test.ts).
    const keys = ['key', ...(query.by2 ? ['key2'] : []), ...metrics];
    const picked = rows.map((r) => keys.map((k) => r[header.indexOf(k)]));
    const lead = (r: { key: string; key2?: string | null }) => [
      r.key,
      ...(query.by2 ? [cell(r.key2)] : []),
    ];
    expect(api.rows.length).toBeGreaterThan(0);
    expect(picked).toEqual([
      ...api.rows.map((r) => [...lead(r), ...values(r)]),
      ...(api.others ? [[...lead(api.others), ...values(api.others)]] : []),
      [query.by === 'year' ? 'جمع کل' : '', ...(query.by2 ? [''] : []), ...values(api.total)],
    ]);
  });

  it.each(['', 'heading=FIN-01,MKT-01&from=1400&to=1402'])(
    'impact.csv?%s = stats.impact, overall and per category',
    async (page) => {
      const filters = filtersOf(page);
      const api = await caller.stats.impact({ filters });
      const overall = parseCsv(
        (await exportFile(t.db, ALL_SCOPE, 'impact.csv', `${page}&header=keys`)).bytes,
      );
      const pick = (row: string[] | undefined, keys: string[]) =>
        keys.map((k) => row?.[overall.header.indexOf(k)]);
      const keys = ['from', 'to', 'supportedUnits', 'supportedEmploymentFrom', 'comparisonUnits'];
      expect(overall.rows).toHaveLength(1);
      expect(pick(overall.rows[0], [...keys, 'supportedChangePct', 'differencePct'])).toEqual([
        String(api.range.from),
        String(api.range.to),
        String(api.supported.units),
        String(api.supported.employmentFrom),
        String(api.comparison.units),
        cell(api.supported.changePct),
        cell(api.differencePct),
      ]);
      const byCategory = parseCsv(
        (await exportFile(t.db, ALL_SCOPE, 'impact.csv', `${page}&by=category&header=keys`)).bytes,
      );
      const expected = ['FIN', 'MKT'];
      const codes = byCategory.rows.map((r) => r[0]);
      expect(codes).toEqual(expect.arrayContaining(expected));
      for (const row of byCategory.rows) {
        const category = row[0] ?? '';
        const heading = filters.heading.filter((h) => h.startsWith(category));
        const one = await caller.stats.impact({
          filters: { ...filters, category: [category], heading },
        });
        expect(row[byCategory.header.indexOf('supportedUnits')]).toBe(String(one.supported.units));
        expect(row[byCategory.header.indexOf('comparisonUnits')]).toBe(
          String(one.comparison.units),
        );
      }
    },
  );
});

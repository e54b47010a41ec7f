import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { slidesOf } from '../../client/features/briefing/deck.ts';
import { slideFilters, type SlideSpec } from '../../client/features/briefing/slides.ts';
import { exportHref } from '../../client/lib/export-url.ts';
import { pageFilters } from '../../client/lib/page-filters.ts';
import { readFilters } from '../../client/lib/url-state.ts';
import { DIMENSIONS, type Dimension } from '../../server/domain/dimensions.ts';
import { EMPTY_FILTERS, filtersToParams, type Filters } from '../../server/domain/filters.ts';
import { METRICS, type Metric, type MetricValues } from '../../server/domain/metrics.ts';
import { effectivePeriod } from '../../server/domain/period.ts';
import { getBreakdown } from '../../server/queries/breakdown.ts';
import { getDimensions } from '../../server/queries/dimensions.ts';
import { getDrill } from '../../server/queries/drill.ts';
import { getImpact } from '../../server/queries/impact.ts';
import { FilterValidationError } from '../../server/engine/filters/errors.ts';
import { rebuildRollups } from '../../server/engine/rollups/rollups.ts';
import { getSummary } from '../../server/queries/summary.ts';
import { getTimeseries } from '../../server/queries/timeseries.ts';
import { exportFile, parseCsv } from '../export/export-helpers.ts';
import { insertDataset, randomDataset } from '../helpers/builders.ts';
import { createTestDb, testDialects, type TestDb } from '../helpers/db.ts';
import { coverageWithinZeroOne } from '../helpers/metric-oracle.ts';
import { filtersArb, PROVINCES, scopeArb } from '../queries/arbitraries.ts';
import { datasetSeed, propertyRuns } from '../helpers/property-runs.ts';

/**
 * One number per question (issue #13), end to end: for random page URLs — any filters, no years,
 * one year, years outside the data, a scoped user, a province page whose route pins a province
 * the URL contradicts — the page's KPI, a breakdown's total, the unit list's length, the CSV
 * files' rows and total rows, and the briefing slides' values agree wherever they answer the
 * same question; coverage stays within 0…1; a list is as long as its count.
 *
 * Everything goes through the real code: the client's URL reading and route pins
 * (readFilters, pageFilters), the query functions, the export writer (prepareExport → CSV) and
 * the briefing's slide data (slidesOf, slideFilters).
 */

const DATASET = randomDataset({
  units: 110,
  years: [1398, 1402],
  provinces: PROVINCES,
  seed: datasetSeed(13),
});

const PATHS = ['/', '/provinces', '/clusters', ...PROVINCES.map((p) => `/provinces/${p}`)];

/** Years as a URL may name them: none, one, a range, or a range the data does not reach. */
const yearsArb = fc.oneof(
  fc.constant({}),
  fc.integer({ min: 1398, max: 1402 }).map((y) => ({ from: y, to: y })),
  fc
    .tuple(fc.integer({ min: 1397, max: 1402 }), fc.integer({ min: 0, max: 3 }))
    .map(([from, n]) => ({ from, to: from + n })),
  fc.constant({ from: 1390, to: 1391 }),
  fc.integer({ min: 1399, max: 1404 }).map((from) => ({ from })),
  fc.integer({ min: 1396, max: 1401 }).map((to) => ({ to })),
);

const pageArb = fc.record({
  path: fc.constantFrom(...PATHS),
  filters: filtersArb,
  years: yearsArb,
  scope: scopeArb,
  by: fc.constantFrom<Dimension>(...DIMENSIONS),
  metric: fc.constantFrom<Metric>(...METRICS),
});

/** The CSV's cells of a metric column (English headers), by header. */
function metricColumn(csv: { header: string[]; rows: string[][] }, label: string): string[] {
  const i = csv.header.indexOf(label);
  if (i < 0) throw new Error(`no column "${label}" in ${csv.header.join(', ')}`);
  return csv.rows.map((r) => r[i] ?? '');
}

const LABELS: Record<Metric, string> = {
  units: 'Production units',
  employment: 'Employment',
  supportedUnits: 'Supported units',
  coverage: 'Support coverage',
  grants: 'Disbursed grants',
  amount: 'Disbursed amount (rials)',
  employmentChange: 'Employment change',
};

/** A CSV row's metric values compared with the API's (coverage as a ratio, money exact). */
function expectRowEquals(
  csv: { header: string[]; rows: string[][] },
  rowIndex: number,
  values: MetricValues,
  metrics: readonly Metric[],
): void {
  for (const m of metrics) {
    const cell = metricColumn(csv, LABELS[m])[rowIndex] ?? '';
    const value = values[m];
    if (m === 'coverage') {
      if (value === null) expect(cell, m).toBe('');
      else expect(Number(cell), m).toBeCloseTo(Number(value), 9);
    } else expect(cell, m).toBe(String(value));
  }
}

describe.each(testDialects())('one number per question on %s', (dialect) => {
  let t: TestDb;
  beforeAll(async () => {
    t = await createTestDb(dialect);
    await insertDataset(t.db, DATASET);
    await rebuildRollups(t.db);
  });
  afterAll(() => t.destroy());

  it('page, breakdown, lists, files and slides agree; coverage within 0…1', async () => {
    await fc.assert(
      fc.asyncProperty(pageArb, async ({ path, filters: picked, years, scope, by, metric }) => {
        // The page URL: its lists, its years, the page's metric, and (on a province page,
        // when the lists name one) a province the route overrides.
        const { from: _from, to: _to, ...lists } = picked;
        const urlFilters: Filters = { ...EMPTY_FILTERS, ...lists, ...years };
        const query = filtersToParams(urlFilters);
        query.set('metric', metric);
        const { filters: read } = readFilters(query);
        const filters = pageFilters(path, read);

        let summary;
        try {
          summary = await getSummary(t.db, scope, filters);
        } catch (error) {
          // A park or cluster outside the scope is unknown to the caller: a 400, never data.
          expect(error).toBeInstanceOf(FilterValidationError);
          return;
        }
        const kpi = summary.current;
        const dims = await getDimensions(t.db, scope);
        // The one period rule, as the client computes it for pickers and captions.
        expect(summary.range).toEqual(effectivePeriod(filters, dims.years, 0));
        expect(coverageWithinZeroOne(kpi)).toBe(true);
        expect(kpi.supportedUnits).toBeLessThanOrEqual(kpi.units);
        if (summary.previous) expect(coverageWithinZeroOne(summary.previous)).toBe(true);

        // A breakdown's total is the KPI; every row's coverage is a share.
        const b = await getBreakdown(t.db, scope, filters, { by, limit: 500 });
        expect(b.total).toEqual(kpi);
        for (const row of b.rows) expect(coverageWithinZeroOne(row), row.key).toBe(true);

        // Per year too (the trend): supported units are among each year's units.
        const trend = await getTimeseries(t.db, scope, filters, 'year');
        for (const row of trend.rows) {
          expect(row.supportedUnits, String(row.year)).toBeLessThanOrEqual(row.units ?? 0);
        }
        // The impact page's supported group: units of the KPI's supported units (present in
        // `from` too), selected by the same size in `to`.
        const impact = await getImpact(t.db, scope, filters);
        expect(impact.supported.units).toBeLessThanOrEqual(kpi.supportedUnits);

        // The unit list is the KPI's population: as long as its count.
        const units = await getDrill(t.db, scope, filters, { level: 'unit', pageSize: 200 });
        expect(units.total).toBe(kpi.units);
        expect(units.rows).toHaveLength(Math.min(kpi.units, 200));
        const parks = await getDrill(t.db, scope, filters, { level: 'park', pageSize: 200 });
        expect(parks.rows).toHaveLength(Math.min(parks.total, 200));

        // The files, through the export writer, from the URLs the page's panels build.
        const file = async (
          view: 'units' | 'grants' | 'summary' | 'drill' | 'breakdown',
          params = {},
        ) => {
          const href = exportHref({ view, filters, params }, 'csv', 'en');
          const url = new URL(href, 'http://x');
          const name = url.pathname.replace('/api/export/', '');
          return parseCsv((await exportFile(t.db, scope, name, url.searchParams.toString())).bytes);
        };
        const unitsCsv = await file('units');
        expect(unitsCsv.rows).toHaveLength(kpi.units);
        const grantsCsv = await file('grants');
        expect(grantsCsv.rows).toHaveLength(kpi.grants);
        const paid = metricColumn(grantsCsv, 'Disbursed amount (rials)');
        expect(String(paid.reduce((s, a) => s + BigInt(a || '0'), 0n))).toBe(kpi.amount);
        // The unit list's columns add up to the KPI: it lists the very units the KPI counts
        // (flows add up too under a size filter; without one the KPI also holds the grants of
        // units not counted in `to`).
        const drillCsv = await file('drill', { level: 'unit' });
        expect(drillCsv.rows).toHaveLength(kpi.units);
        const sum = (m: Metric) =>
          metricColumn(drillCsv, LABELS[m]).reduce((s, v) => s + BigInt(v || '0'), 0n);
        expect(sum('supportedUnits')).toBe(BigInt(kpi.supportedUnits));
        expect(sum('employment')).toBe(BigInt(kpi.employment));
        expect(sum('employmentChange')).toBe(BigInt(kpi.employmentChange));
        if (filters.size.length > 0) {
          expect(sum('grants')).toBe(BigInt(kpi.grants));
          expect(String(sum('amount'))).toBe(kpi.amount);
        } else {
          expect(sum('grants')).toBeLessThanOrEqual(BigInt(kpi.grants));
        }
        const summaryCsv = await file('summary');
        expectRowEquals(summaryCsv, 0, kpi, METRICS);
        const breakdownCsv = await file('breakdown', { by, limit: 500 });
        expect(breakdownCsv.rows).toHaveLength(b.rows.length + (b.others ? 1 : 0) + 1);
        expectRowEquals(breakdownCsv, breakdownCsv.rows.length - 1, kpi, METRICS);

        // The slides of this page, as Present builds them: the page's filters, and the page's
        // numbers wherever they answer the page's question.
        const slides = slidesOf({ path, query: query.toString() });
        expect(slides.length).toBeGreaterThan(0);
        for (const slide of slides) {
          expect(slide.filters).toEqual(filters);
          const spec: SlideSpec = slide.spec;
          if (spec.kind === 'kpis') {
            expect((await getSummary(t.db, scope, slide.filters)).current).toEqual(kpi);
          } else if (spec.kind === 'breakdown') {
            const own = slideFilters(spec, slide.filters);
            const shown = await getBreakdown(t.db, scope, own, {
              by: spec.by,
              metrics: [spec.metric],
              sort: spec.metric,
              limit: 6,
            });
            const expected = spec.without ? (await getSummary(t.db, scope, own)).current : kpi;
            expect(shown.total[spec.metric]).toEqual(expected[spec.metric]);
            for (const row of [...shown.rows, ...(shown.others ? [shown.others] : [])]) {
              expect(coverageWithinZeroOne(row)).toBe(true);
            }
          }
        }
      }),
      propertyRuns({ numRuns: 30, seed: 1303 }),
    );
  });
});

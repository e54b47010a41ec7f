import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import type { Dimension } from '../../domain/dimensions.ts';
import type { Filters } from '../../domain/filters.ts';
import type { JalaliDate } from '../../domain/jalali.ts';
import { METRICS, type Metric } from '../../domain/metrics.ts';
import { PROVINCES } from '../../domain/reference.ts';
import type { Scope } from '../../domain/scope.ts';
import { getBreakdown, MAX_BREAKDOWN_LIMIT, type BreakdownRow } from '../../queries/breakdown.ts';
import { getDrill, type DrillLevel, type DrillRow } from '../../queries/drill.ts';
import { getSummary } from '../../queries/summary.ts';
import { drillSlicesFromColumns, type QueryOptions } from '../../engine/planner/query-plan.ts';
import { getTimeseries } from '../../queries/timeseries.ts';
import { col, DIMENSION_LABELS, metricCells, metricColumn } from '../columns.ts';
import type { ViewOptions } from '../request.ts';
import { breakdownPlanColumns } from './plan-columns.ts';
import {
  tableOf,
  type Cell,
  type ExportColumn,
  type ExportTable,
  type Lang,
  type Row,
} from '../table.ts';

/**
 * The aggregate views: each calls the very query function its chart's tRPC procedure calls
 * (server/routers/stats.ts), with the same parsed filters, and lays the answer out as rows.
 */

/** The total row's label, in the file's language; its code cells stay empty (it has no code). */
export const TOTAL_LABEL = { fa: 'جمع کل', en: 'Total' };

const nameIn = (lang: Lang, r: { nameFa: string; nameEn: string }) =>
  lang === 'fa' ? r.nameFa : r.nameEn;

function keyColumn(dim: Dimension, key: string): ExportColumn {
  const label = DIMENSION_LABELS[dim];
  return dim === 'year'
    ? { key, type: 'year', label }
    : { key, type: 'text', label: { fa: `کد ${label.fa}`, en: `${label.en} code` } };
}

function nameColumn(dim: Dimension, key: string): ExportColumn {
  return { key, type: 'text', label: DIMENSION_LABELS[dim] };
}

/** Years are Jalali numbers; every other dimension key is a code. */
function keyCell(dim: Dimension, key: string): Cell {
  return dim === 'year' && /^\d+$/.test(key) ? Number(key) : key;
}

/** `stats.summary`: the selected range and the previous one of the same length. */
export async function summaryTable(
  db: Kysely<Database>,
  scope: Scope,
  filters: Filters,
  lang: Lang,
): Promise<ExportTable> {
  const s = await getSummary(db, scope, filters);
  const columns = [
    col('period', 'text', 'دوره', 'Period'),
    col('name', 'text', 'شرح', 'Description'),
    col('from', 'year', 'از سال', 'From year'),
    col('to', 'year', 'تا سال', 'To year'),
    ...METRICS.map(metricColumn),
  ];
  const rows: Row[] = [
    [
      'current',
      lang === 'fa' ? 'بازه انتخابی' : 'Selected range',
      s.range.from,
      s.range.to,
      ...metricCells(s.current, METRICS),
    ],
  ];
  if (s.previous && s.previousRange) {
    rows.push([
      'previous',
      lang === 'fa' ? 'بازه پیشین هم‌طول' : 'Previous range of the same length',
      s.previousRange.from,
      s.previousRange.to,
      ...metricCells(s.previous, METRICS),
    ]);
  }
  return tableOf(columns, rows);
}

/** The breakdown's columns and rows: the rows, the folded others row, then the total. */
async function breakdownLayout(
  db: Kysely<Database>,
  scope: Scope,
  filters: Filters,
  options: ViewOptions['breakdown'],
  lang: Lang,
  today: JalaliDate,
  queries: QueryOptions = {},
): Promise<{ columns: ExportColumn[]; rows: Row[] }> {
  const metrics: Metric[] = options.metrics ?? [...METRICS];
  const result = await getBreakdown(
    db,
    scope,
    filters,
    {
      by: options.by,
      ...(options.by2 ? { by2: options.by2 } : {}),
      metrics,
      sort: options.sort ?? options.metric ?? 'units',
      ...(options.order ? { order: options.order } : {}),
      limit: options.limit ?? MAX_BREAKDOWN_LIMIT,
    },
    queries,
  );
  const { by, by2 } = result;
  const columns: ExportColumn[] = [
    ...dimensionColumns(by, ''),
    ...(by2 ? dimensionColumns(by2, '2') : []),
  ];
  columns.push(...metrics.map(metricColumn));
  const plan = await breakdownPlanColumns(db, scope, filters, result, metrics, today);
  columns.push(...plan.columns);

  const rowOf = (r: BreakdownRow, others = false): Row => [
    ...dimensionCells(by, r.key, nameIn(lang, r)),
    ...(by2
      ? dimensionCells(by2, r.key2 ?? null, (lang === 'fa' ? r.name2Fa : r.name2En) ?? null)
      : []),
    ...metricCells(r, metrics),
    ...plan.cells(others ? null : r),
  ];
  const rows = result.rows.map((r) => rowOf(r));
  if (result.others) rows.push(rowOf(result.others, true));
  if (options.total !== '0') {
    // A year column holds the label itself (a year dimension has no name column).
    const lead = by === 'year' ? [TOTAL_LABEL[lang]] : dimensionCells(by, null, TOTAL_LABEL[lang]);
    const lead2 = by2 ? dimensionCells(by2, null, null) : [];
    rows.push([...lead, ...lead2, ...metricCells(result.total, metrics), ...plan.totalCells()]);
  }
  return { columns, rows };
}

/** `stats.breakdown` with the chart's options; rows, the folded others row, then the total. */
export async function breakdownTable(
  db: Kysely<Database>,
  scope: Scope,
  filters: Filters,
  options: ViewOptions['breakdown'],
  lang: Lang,
  today: JalaliDate,
  queries: QueryOptions = {},
): Promise<ExportTable> {
  const { columns, rows } = await breakdownLayout(
    db,
    scope,
    filters,
    options,
    lang,
    today,
    queries,
  );
  return tableOf(columns, rows);
}

/** Key and name columns of a dimension; a year is its own name, so it gets one column. */
function dimensionColumns(dim: Dimension, suffix: string): ExportColumn[] {
  return dim === 'year'
    ? [keyColumn(dim, `key${suffix}`)]
    : [keyColumn(dim, `key${suffix}`), nameColumn(dim, `name${suffix}`)];
}

function dimensionCells(dim: Dimension, key: string | null, name: string | null): Cell[] {
  const k = key === null ? null : keyCell(dim, key);
  return dim === 'year' ? [k] : [k, name];
}

const POPULATION = new Map(PROVINCES.map((p) => [p.code, p.population2016]));

/** Units per 100,000 inhabitants (2016 census), one decimal, as the provinces table shows it. */
function per100k(units: Cell, population: number): number | null {
  return typeof units === 'number' && population > 0
    ? Math.round((units / population) * 1_000_000) / 10
    : null;
}

/**
 * `/provinces`: the province table (every province, the page's metric as the sort) with the
 * column the page's table shows beside units: units per 100,000 inhabitants. The total row's rate
 * divides by the population of the provinces listed (the selection), not of the whole country.
 */
export async function provincesTable(
  db: Kysely<Database>,
  scope: Scope,
  filters: Filters,
  options: ViewOptions['provinces'],
  lang: Lang,
  today: JalaliDate,
  queries: QueryOptions = {},
): Promise<ExportTable> {
  const { columns, rows } = await breakdownLayout(
    db,
    scope,
    filters,
    { ...options, by: 'province', limit: 31 },
    lang,
    today,
    queries,
  );
  const at = columns.findIndex((c) => c.key === 'units');
  if (at < 0) return tableOf(columns, rows);
  const listed = rows.slice(0, options.total === '0' ? rows.length : -1);
  const listedPopulation = listed.reduce<number>(
    (sum, r) => sum + (POPULATION.get(String(r[0])) ?? 0),
    0,
  );
  const withRate = rows.map((r, i) => {
    const population = i < listed.length ? (POPULATION.get(String(r[0])) ?? 0) : listedPopulation;
    return [...r.slice(0, at + 1), per100k(r[at] ?? null, population), ...r.slice(at + 1)];
  });
  const rate = col(
    'unitsPer100k',
    'decimal',
    'واحدهای تولیدی به ازای هر ۱۰۰ هزار نفر',
    'Production units per 100k inhabitants',
  );
  return tableOf([...columns.slice(0, at + 1), rate, ...columns.slice(at + 1)], withRate);
}

/** `stats.timeseries`: one row per Jalali year, quarter or month of the range. */
export async function timeseriesTable(
  db: Kysely<Database>,
  scope: Scope,
  filters: Filters,
  options: ViewOptions['timeseries'],
): Promise<ExportTable> {
  const { grain, rows } = await getTimeseries(db, scope, filters, options.grain);
  const grantMetrics = ['supportedUnits', 'grants', 'amount'] as const;
  if (grain === 'year') {
    return tableOf(
      [
        col('year', 'year', 'سال', 'Year'),
        metricColumn('units'),
        metricColumn('employment'),
        ...grantMetrics.map(metricColumn),
      ],
      rows.map((r) => [r.year, r.units, r.employment, r.supportedUnits, r.grants, r.amount]),
    );
  }
  const sub =
    grain === 'quarter'
      ? col('quarter', 'int', 'فصل', 'Quarter')
      : col('month', 'int', 'ماه', 'Month');
  return tableOf(
    [
      col('period', 'text', 'دوره', 'Period'),
      col('year', 'year', 'سال', 'Year'),
      sub,
      ...grantMetrics.map(metricColumn),
    ],
    rows.map((r) => [
      r.period,
      r.year,
      grain === 'quarter' ? r.quarter : r.month,
      r.supportedUnits,
      r.grants,
      r.amount,
    ]),
  );
}

const DRILL_EXTRA: Record<DrillLevel, ('sector' | 'park' | 'cluster')[]> = {
  park: [],
  cluster: ['sector'],
  unit: ['sector', 'park', 'cluster'],
};

/**
 * Rows of a drill list read at a time: one slice crosses from the query worker (its structured
 * clone is read on the event loop) in a few milliseconds, where a whole list of a million units
 * took seconds to arrive and then to format. Smaller slices cost more passes in the worker.
 */
export const DRILL_SLICE_ROWS = 2500;
/** Rows mapped and formatted per turn of the event loop (about 3 ms at rest). */
const DRILL_CHUNK_ROWS = 500;

/**
 * `stats.drill`: every park, cluster or unit of the selection (all pages), same sort. Read in
 * slices of the same ordered list (getDrill's `slice`), each a top-k over the fact columns when
 * the units page from them; otherwise (the grouped path recomputes the list per call) the rest
 * of the list comes in one call after the first slice.
 */
export async function drillTable(
  db: Kysely<Database>,
  scope: Scope,
  filters: Filters,
  options: ViewOptions['drill'],
  lang: Lang,
  queries: QueryOptions = {},
  sliceRows = DRILL_SLICE_ROWS,
): Promise<ExportTable> {
  const input = {
    level: options.level,
    sort: options.sort ?? options.metric ?? 'units',
    ...(options.order ? { order: options.order } : {}),
  };
  const read = (offset: number, count: number) =>
    getDrill(db, scope, filters, { ...input, slice: { offset, count } }, queries);
  const first = await read(0, sliceRows);
  const level = first.level;
  const extra = DRILL_EXTRA[level];
  const label = DIMENSION_LABELS[level];
  const columns: ExportColumn[] = [
    col('code', 'text', `کد ${label.fa}`, `${label.en} code`),
    col('name', 'text', label.fa, label.en),
    col('province', 'text', 'کد استان', 'Province code'),
    ...extra.map((e) =>
      col(e, 'text', `کد ${DIMENSION_LABELS[e].fa}`, `${DIMENSION_LABELS[e].en} code`),
    ),
    ...METRICS.map(metricColumn),
  ];
  const rowsOf = (rows: DrillRow[]): Row[] =>
    rows.map((r) => [
      r.code,
      nameIn(lang, r),
      r.province,
      ...extra.map((e) => r[e] ?? null),
      ...metricCells(r, METRICS),
    ]);
  const slice = drillSlicesFromColumns(db, level, queries) ? sliceRows : first.total;
  return {
    columns,
    chunks: (async function* () {
      // Stops asking when the writer stops (the client went away).
      for (let offset = 0, rows = first.rows; ;) {
        // The first slice whole: Excel fits its column widths to the first chunk.
        const chunk = offset === 0 ? Math.max(1, rows.length) : DRILL_CHUNK_ROWS;
        offset += rows.length;
        // The next slice is read (in the worker) while this one is formatted here.
        const next = rows.length > 0 && offset < first.total ? read(offset, slice) : null;
        // Awaited below; if the writer stops first, its failure must not go unhandled.
        next?.catch(() => undefined);
        for (let i = 0; i < rows.length; i += chunk) {
          if (i > 0) await new Promise((resolve) => setImmediate(resolve));
          yield rowsOf(rows.slice(i, i + chunk));
        }
        if (!next) break;
        rows = (await next).rows;
      }
    })(),
  };
}

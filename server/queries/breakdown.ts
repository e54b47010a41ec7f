import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import type { Dimension } from '../domain/dimensions.ts';
import type { Filters } from '../domain/filters.ts';
import { METRICS, type Metric, type MetricValues } from '../domain/metrics.ts';
import type { Scope } from '../domain/scope.ts';
import { FilterValidationError } from '../engine/filters/errors.ts';
import { rawGrantsFor } from '../engine/sql/fact-sources.ts';
import { filterPredicates, type Expr } from '../engine/sql/filter-sql.ts';
import {
  columnRows,
  emptyGroupedRow,
  getGroupedMetrics,
  groupedColumnsAfterSql,
  runFact,
  type GroupedRow,
} from '../engine/execute/grouped-metrics.ts';
import { topGroups } from '../engine/execute/top-groups.ts';
import { compareGroupedRows, needsOf, toMetricValues } from '../engine/execute/metric-values.ts';
import { nameKeys } from './names.ts';
import { memorySupportedOutside } from '../engine/memory/memory-aggregate.ts';
import { dimCellsOutside } from '../engine/memory/unit-dim-pass.ts';
import { memoryFactsOf } from '../engine/facts/memory-facts.ts';
import { num } from '../engine/sql/metric-sql.ts';
import {
  ALL_FACTS,
  GRANT_ONLY_COLUMNS,
  planFor,
  workerOptions,
  type QueryOptions,
  type QueryPlan,
} from '../engine/planner/query-plan.ts';
import { resolveFilters, type ResolvedFilters } from '../engine/filters/resolve-filters.ts';
import { metricsFor } from './summary.ts';

export const MAX_BREAKDOWN_LIMIT = 500;

export interface BreakdownOptions {
  by: Dimension;
  by2?: Dimension;
  /** Metrics to compute (default all); the others come back as zero. */
  metrics?: Metric[];
  sort?: Metric;
  order?: 'asc' | 'desc';
  limit?: number;
}

export type BreakdownRow = {
  key: string;
  nameFa: string;
  nameEn: string;
  key2?: string;
  name2Fa?: string;
  name2En?: string;
} & MetricValues;

export interface BreakdownResult {
  by: Dimension;
  by2: Dimension | null;
  rows: BreakdownRow[];
  /** Rows past the limit folded into one: additive metrics summed, distinct counts recomputed. */
  others: BreakdownRow | null;
  total: MetricValues;
}

export const OTHERS_NAME = { key: 'others', nameFa: 'سایر', nameEn: 'Others' };

/**
 * Metrics by one dimension or a pair (province × year, heading × province…), sorted, with rows past
 * `limit` folded into `others`. For `by=year` each row is that year alone ([y, y]).
 */
export async function getBreakdown(
  db: Kysely<Database>,
  scope: Scope,
  filters: Filters,
  input: BreakdownOptions,
  options: QueryOptions = {},
): Promise<BreakdownResult> {
  const { by, by2 } = input;
  if (by2 === by) {
    throw new FilterValidationError(
      `by2: must differ from by ("${by}") (دو بُعد باید متفاوت باشند)`,
    );
  }
  const limit = Math.min(input.limit ?? 50, MAX_BREAKDOWN_LIMIT);
  const metrics = input.metrics ?? [...METRICS];
  const sortMetric = input.sort ?? 'units';
  const needs = needsOf([...metrics, sortMetric]);
  const dims = by2 ? [by, by2] : [by];
  const rf = await resolveFilters(db, scope, filters);
  const plan = await planFor(
    db,
    {
      query: 'breakdown',
      reads: [
        { rf, dims, needs, perYear: dims.includes('year') },
        // The total is one more group (two headings are one distinct count).
        { rf, dims: [], needs: ALL_FACTS },
      ],
      others: { rf, dims, limit, supported: needs.supported },
    },
    options,
  );
  if (plan.runs === 'worker' && options.pool) {
    return options.pool.run('getBreakdown', [scope, filters, input, workerOptions(options, plan)]);
  }
  const [groupedRead, totalRead] = plan.reads;
  if (!groupedRead || !totalRead) throw new Error('breakdown plan without its reads');
  const order = input.order ?? 'desc';
  // The total first: on PostgreSQL its reads are on the wire while the groups are summed.
  const totalAnswer = metricsFor(db, rf, totalRead);
  // Awaited below; a failure meanwhile is not an unhandled rejection.
  totalAnswer.catch(() => undefined);
  // By park or cluster from the group cells: the candidates picked from their columns.
  const columns = await groupedColumnsAfterSql(db, rf, groupedRead);
  const top = columns ? topGroups(columns, groupedRead, sortMetric, order, limit) : null;
  const grouped = top
    ? null
    : columns
      ? columnRows(columns, groupedRead)
      : await getGroupedMetrics(db, rf, groupedRead);
  const total = await totalAnswer;
  // Sorted on their values, then codes; names (a query for parks and clusters) are read for the
  // rows that can be kept alone: the first `limit` and those tied with the last of them (a park
  // breakdown at `large` has some 3,700 groups and shows 50). Every id the engine returns names a
  // row (foreign keys), so a row past them is folded whatever its name.
  const cmp = compareGroupedRows(sortMetric, order);
  const { candidateRows, beyond } = top
    ? { candidateRows: top.candidates, beyond: top.rest ? [top.rest] : [] }
    : splitAtLimit(grouped ?? [], cmp, limit);
  const candidates = candidateRows.map((g) => ({ g, values: toMetricValues(g) }));
  const [names1, names2] = await Promise.all([
    nameKeys(
      db,
      by,
      candidates.map(({ g }) => g.ids[0] ?? 0),
    ),
    by2
      ? nameKeys(
          db,
          by2,
          candidates.map(({ g }) => g.ids[1] ?? 0),
        )
      : null,
  ]);
  const named = candidates.flatMap(({ g, values }) => {
    const n1 = names1.get(g.ids[0] ?? 0);
    const n2 = names2?.get(g.ids[1] ?? 0);
    if (!n1 || (by2 && !n2)) return [];
    return [{ g, n1, n2, values }];
  });
  named.sort(
    (a, b) =>
      cmp(a.g, b.g) ||
      a.n1.key.localeCompare(b.n1.key) ||
      (a.n2?.key ?? '').localeCompare(b.n2?.key ?? ''),
  );
  const kept = named.slice(0, limit).map(({ g, n1, n2, values }) => {
    const row: BreakdownRow = { ...n1, ...values };
    if (n2) Object.assign(row, { key2: n2.key, name2Fa: n2.nameFa, name2En: n2.nameEn });
    return { g, row };
  });
  const folded = [...named.slice(limit).map((k) => k.g), ...beyond];
  if (folded.length > 0 && needs.supported && plan.others === null) {
    throw new Error('breakdown: rows folded into "others" that the plan said could not fold');
  }
  const others =
    folded.length === 0
      ? null
      : await othersRow(
          db,
          rf,
          dims,
          kept.map((k) => k.g),
          folded,
          plan.others,
        );
  return { by, by2: by2 ?? null, rows: kept.map((k) => k.row), others, total };
}

/**
 * The rows sorted on their values: those the first `limit` can be (with every row tied with the
 * last of them) and the rest, which can only fold.
 */
function splitAtLimit(
  grouped: readonly GroupedRow[],
  cmp: (a: GroupedRow, b: GroupedRow) => number,
  limit: number,
): { candidateRows: GroupedRow[]; beyond: GroupedRow[] } {
  const valued = [...grouped].sort(cmp);
  let end = Math.min(limit, valued.length);
  while (end > 0 && end < valued.length && cmp(valued[end - 1]!, valued[end]!) === 0) end++;
  return { candidateRows: valued.slice(0, end), beyond: valued.slice(end) };
}

/**
 * The folded rows as one: grants and amount add up; unit metrics add over the distinct unit-side
 * groups (they are broadcast across headings); supported units add only across unit partitions
 * (province, park, cluster, sector) and are otherwise recounted: distinct units among grants
 * whose group is not one of the kept rows.
 */
async function othersRow(
  db: Kysely<Database>,
  rf: ResolvedFilters,
  dims: readonly Dimension[],
  kept: GroupedRow[],
  folded: GroupedRow[],
  supported: QueryPlan['others'],
): Promise<BreakdownRow> {
  const sum = emptyGroupedRow([]);
  const unitPositions = dims.flatMap((d, i) => (GRANT_ONLY_COLUMNS.has(d) ? [] : [i]));
  const seenUnitKeys = new Set<number | string>();
  // By unit columns alone each row is its own unit-side group (a park breakdown folds ~3,650).
  const distinct = unitPositions.length === dims.length;
  // Else (two dimensions at most) its one unit column's id, or none: a string per row cost
  // ~0.25 ms of CPU by heading × province at `large` (2,585 rows folded).
  const [onlyUnit] = unitPositions;
  const unitKeyOf = (r: GroupedRow): number | string =>
    unitPositions.length > 1
      ? unitPositions.map((p) => r.ids[p]).join(',')
      : onlyUnit === undefined
        ? 0
        : (r.ids[onlyUnit] ?? 0);
  for (const r of folded) {
    sum.grants += r.grants;
    sum.amount += r.amount;
    const unitKey = distinct ? 0 : unitKeyOf(r);
    if (distinct || !seenUnitKeys.has(unitKey)) {
      seenUnitKeys.add(unitKey);
      sum.units += r.units;
      sum.employment += r.employment;
      sum.employmentChange += r.employmentChange;
    }
  }
  if (supported === 'sum') {
    sum.supportedUnits = folded.reduce((s, r) => s + r.supportedUnits, 0);
  } else if (supported === 'memory' || supported === 'cells') {
    const memory = memoryFactsOf(db);
    if (!memory)
      throw new Error('the plan recounts "others" in memory, but the facts are not loaded');
    const keptIds = kept.map((k) => k.ids);
    // The unit cells' year masks where the plan says they answer (null: not built here).
    const fromCells = supported === 'cells' ? dimCellsOutside(memory, rf, dims, keptIds) : null;
    sum.supportedUnits =
      fromCells ?? memorySupportedOutside(memory, rf, dims, keptIds, dims.includes('year'));
  } else if (supported === 'raw') {
    sum.supportedUnits = await supportedOutside(db, rf, dims, kept);
  }
  return { ...OTHERS_NAME, ...toMetricValues(sum) };
}

/**
 * Distinct supported units in groups other than `kept` (read from the raw grants), among the
 * units counted in the population year (per year when grouped by year, as the rows were).
 */
async function supportedOutside(
  db: Kysely<Database>,
  rf: ResolvedFilters,
  dims: readonly Dimension[],
  kept: GroupedRow[],
): Promise<number> {
  const src = rawGrantsFor(rf, dims, dims.includes('year'));
  const keys = dims.map((d) => {
    const e = src.cols[d];
    if (!e) throw new Error(`raw grants cannot group by ${d}`);
    return e;
  });
  const excluded: Expr[] = kept.map(
    (r) =>
      sql`(${sql.join(
        keys.map((k, i) => sql`${k} = ${r.ids[i] ?? 0}`),
        sql` and `,
      )})`,
  );
  const preds: Expr[] = [
    ...filterPredicates(rf, src.cols, { heading: true }),
    sql`${src.cols.year} between ${rf.from} and ${rf.to}`,
    ...keys.map((k) => sql`${k} is not null`),
  ];
  if (excluded.length > 0) preds.push(sql`not (${sql.join(excluded, sql` or `)})`);
  const [row] = await runFact(db, src, [], preds, ['supported']);
  return num(row?.supported);
}

import type { Kysely } from 'kysely';
import { dialectOf } from '../../db/connect.ts';
import type { Database } from '../../db/schema.ts';
import { UNIT_PARTITION_DIMENSIONS, type Dimension } from '../../domain/dimensions.ts';
import { CATEGORY_CODES, HEADING_CODES, SECTOR_CODES } from '../../domain/reference.ts';
import { filterColumns, type Column } from '../sql/filter-sql.ts';
import { memoryFactsOf } from '../facts/memory-facts.ts';
import { cellsCover } from '../facts/heading-index.ts';
import { classCellsCover, classSumsCover } from '../facts/heading-class-cells.ts';
import { groupCellsCover } from '../facts/group-cells.ts';
import { dimCellsCover, dimOthersCover } from '../facts/unit-dim-cells.ts';
import { unitSideCellsCover } from '../facts/unit-side-cells.ts';
import {
  CHANGE_ROLLUPS,
  FINE_ROLLUPS,
  GRANT_ROLLUPS,
  rollupBuilt,
  UNIT_ROLLUPS,
  type RollupTable,
} from './rollup-catalog.ts';
import { getRollupState, type RollupState } from '../rollups/rollups.ts';
import type { ResolvedFilters } from '../filters/resolve-filters.ts';
import { supportedRollup } from '../sql/supported-rollup.ts';
import type { QueryPool } from '../workers/worker-pool.ts';
import type { SeriesPath } from '../memory/series-pass.ts';

/**
 * The query planner: the one place that decides, once per request, which source answers each
 * fact family (the in-memory facts, a rollup table, or the raw tables) and where the request
 * runs (inline, or in a worker thread). The query functions only execute its decision; a plan is
 * plain data, so the main thread can hand it to the worker that executes it.
 */

/** Which fact families a read needs (skip the rest). */
export interface FactNeeds {
  units: boolean;
  change: boolean;
  grants: boolean;
  supported: boolean;
}

export const ALL_FACTS: FactNeeds = { units: true, change: true, grants: true, supported: true };

/** Where one fact family is read: the in-memory facts, the raw tables, or a rollup table. */
export type SourceName = 'memory' | 'raw' | RollupTable;

/** Group-by columns that only grant facts have: unit metrics are broadcast across them. */
export const GRANT_ONLY_COLUMNS: ReadonlySet<Column> = new Set<Column>([
  'category',
  'heading',
  'quarter',
  'month',
]);

/** One grouped read of the metrics (see grouped-metrics.ts); null = the family is not read. */
export interface ReadPlan {
  dims: Column[];
  /** `year` grouped as periods of their own ([y, y]) rather than one year of a from..to range. */
  perYear: boolean;
  units: SourceName | null;
  change: SourceName | null;
  /** Disbursed grants: counts and amounts (when `grantSums`) and, with 'with-grants', distinct units. */
  grants: SourceName | null;
  grantSums: boolean;
  /** Distinct supported units: measured by the grants read ('with-grants') or read apart. */
  supported: 'with-grants' | SourceName | null;
  /**
   * A quarterly or monthly series read from memory (seriesPathOf): through the series cells or
   * one pass over the selected units' grants; null for any other read.
   */
  series: SeriesPath | null;
  /**
   * The unit-side families read from memory come from the group cells (facts/group-cells.ts):
   * by park or cluster alone, no size filter (nor, where supported units are read, a heading
   * filter: groupCellsCover); false = the pass over the units.
   */
  unitCells: boolean;
  /** The grant family read from memory comes from the same cells (counts, amounts, distinct units). */
  grantCells: boolean;
  /**
   * The grant family and distinct supported units read from memory come from the unit cells
   * (facts/unit-dim-cells.ts): by and filtered to provinces, sectors, sizes, years and whole
   * categories alone (dimCellsCover); false = the unit-year index or the passes.
   */
  dimCells: boolean;
  /**
   * Units and change read from memory come from the unit-side cells (facts/unit-side-cells.ts):
   * by and filtered to provinces, sectors, sizes and years alone; false = the passes.
   */
  unitSideCells: boolean;
}

export interface QueryPlan {
  /** The query function, for the debug log and the bench. */
  query: string;
  runs: 'inline' | 'worker';
  reads: ReadPlan[];
  /**
   * A breakdown's "others" row: its distinct supported units are summed over the folded rows
   * (unit partitions), recounted from memory or from the raw grants; null when not asked for or
   * when no row can fold (fewer possible groups than the limit); 'cells' recounts from the
   * unit cells' year masks (by province or sector and year: dimOthersCover).
   */
  others: 'sum' | 'cells' | 'memory' | 'raw' | null;
  /**
   * A pass over every selected unit outside the fact families (impact): through the in-memory
   * facts where they are loaded, else the raw tables (long wherever it runs); null = none.
   */
  unitScan: 'memory' | 'raw' | null;
}

/** One grouped read a query function asks for. */
export interface ReadRequest {
  rf: ResolvedFilters;
  dims: readonly Column[];
  needs: FactNeeds;
  perYear?: boolean;
}

export interface QueryRequest {
  query: string;
  reads: ReadRequest[];
  /** A breakdown folding rows past `limit` into "others". */
  others?: { rf: ResolvedFilters; dims: readonly Dimension[]; limit: number; supported: boolean };
  /** A pass over every selected unit outside the fact families (impact). */
  unitScan?: boolean;
}

/**
 * 'auto' lets the planner choose; 'raw' reads the raw tables only (the oracle the tests compare
 * with); 'memory' reads the in-memory facts only, no rollups (raw tables until they are loaded),
 * so tests can hold every question's memory answer against the oracle.
 */
export type SourceMode = 'auto' | 'raw' | 'memory';

/** What the planner knows about where it runs. */
export interface PlanContext {
  mode: SourceMode;
  rollups: RollupState | null;
  /** The facts are in memory where the plan executes (this thread, or every pool worker). */
  memory: boolean;
  /** There is a worker pool to send long reads to. */
  pool: boolean;
  /** SQL reads block the event loop (SQLite's driver is synchronous; PostgreSQL's is not). */
  sqlBlocks: boolean;
  /** The facts' cells are built where the plan executes (absent: not known to be). */
  cellsReady?: boolean;
}

/** Options every query function accepts. */
export interface QueryOptions {
  /** 'raw' skips the rollups and the in-memory facts, 'memory' the rollups (tests prove every answer equal). */
  source?: SourceMode;
  /** Worker threads for reads that can run long (worker-pool.ts). */
  pool?: QueryPool;
  /** The plan the caller already made (the main thread, for the worker it sends the query to). */
  plan?: QueryPlan;
}

/** What the planner knows in this thread, for these options. */
export async function planContextOf(
  db: Kysely<Database>,
  options: QueryOptions,
): Promise<PlanContext> {
  const mode = options.source ?? 'auto';
  const pool = options.pool !== undefined;
  const rollups = mode === 'auto' ? await getRollupState(db) : null;
  return {
    mode,
    rollups,
    // Facts being read from a snapshot count as loaded, and so do facts being loaded at all when
    // no fine rollup was built to answer meanwhile: the worker waits for them (query-worker.ts).
    memory:
      mode !== 'raw' &&
      (memoryFactsOf(db) !== null ||
        options.pool?.memoryReady() === true ||
        options.pool?.memorySoon() === true ||
        (options.pool?.memoryLoading() === true && rollups !== null && !rollups.fine)),
    pool,
    sqlBlocks: dialectOf(db) === 'sqlite',
    cellsReady: options.pool ? options.pool.cellsReady() : cellsBuilt(memoryFactsOf(db)),
  };
}

/** The unit cells of both sides are built in these facts. */
function cellsBuilt(m: ReturnType<typeof memoryFactsOf>): boolean {
  return m !== null && m.byDim !== null && m.unitSide !== null;
}

/** The first (smallest) rollup built whose columns cover `needed`. */
function pick<T extends { table: RollupTable; cols: readonly Column[] }>(
  defs: readonly T[],
  needed: readonly Column[],
  state: RollupState,
): RollupTable | null {
  const covers = (d: T) => rollupBuilt(state, d.table) && needed.every((c) => d.cols.includes(c));
  return defs.find(covers)?.table ?? null;
}

/** The raw tables and the fine rollups grow with the data; memory answers them when loaded. */
function viaMemory(source: SourceName, ctx: PlanContext): SourceName {
  return ctx.memory && (source === 'raw' || FINE_ROLLUPS.has(source)) ? 'memory' : source;
}

/**
 * The sources of one read: for each family the smallest rollup whose columns cover the filters
 * (scope included) and the group-by, else the raw tables; then the in-memory facts in place of
 * the raw tables and the fine rollups where they are loaded.
 */
export function planRead(request: ReadRequest, ctx: PlanContext, viaCells = false): ReadPlan {
  const { rf, needs } = request;
  const dims = [...request.dims];
  const perYear = request.perYear ?? false;
  const unitDims = dims.filter((d) => !GRANT_ONLY_COLUMNS.has(d));
  const timeGrain = dims.includes('quarter') || dims.includes('month');
  const wantUnits = needs.units && !timeGrain;
  const wantChange = needs.change && !timeGrain && (perYear || rf.from !== rf.to);

  // Through the cells (viaCellsFirst), no rollup: every family goes to memory, as in 'memory'.
  const state = ctx.mode === 'auto' && !viaCells ? ctx.rollups : null;
  const unitNeed: Column[] = [...unitDims, ...filterColumns(rf, { heading: false }), 'year'];
  // Whole categories need a category column only (ru_grants_cat: 40x fewer rows than ru_grants).
  const grantFilters = filterColumns(rf, { heading: true }).map((c) =>
    c === 'heading' && rf.wholeCategories !== null ? 'category' : c,
  );
  const grantNeed: Column[] = [...dims, ...grantFilters, 'year'];
  const unitRollup = state ? pick(UNIT_ROLLUPS, unitNeed, state) : null;
  const changeRollup = state ? pick(CHANGE_ROLLUPS, unitNeed, state) : null;
  // Grant rollups keep the size of the grant's own year; a size question over several years asks
  // for the size in `to` (metrics.ts), which only the raw grants can join.
  const sizeInGrantYear = perYear || rf.from === rf.to;
  const grantRollup =
    !state || (grantNeed.includes('size') && !sizeInGrantYear)
      ? null
      : pick(GRANT_ROLLUPS, grantNeed, state);

  let supported: ReadPlan['supported'] = null;
  if (needs.supported) {
    const rollup = state ? supportedRollup(rf, dims, perYear, state) : null;
    // A raw grants read measures distinct units too; a rollup's sums cannot, so they go apart.
    supported = rollup ? rollup.table : grantRollup ? 'raw' : 'with-grants';
    if (supported !== 'with-grants') supported = viaMemory(supported, ctx);
  }
  // A group has a row where it has grants in the span; a supported rollup holds only groups with
  // a supported unit in `to`, so a grouped read from one reads the grants too (for their rows).
  const supportedRollupRead =
    supported !== null &&
    supported !== 'with-grants' &&
    supported !== 'memory' &&
    supported !== 'raw';
  const grantsRead =
    needs.grants || supported === 'with-grants' || (supportedRollupRead && dims.length > 0);
  // A grant rollup read of many rows goes to a worker anyway; there the facts in memory answer
  // it faster, in one pass over the grants (see MEMORY_OVER_ROLLUP_ROWS).
  // The heading index's cells, or its class cells under sector or size filters (by category
  // too; their sums with the unit-set bits' units under several headings), or the unit cells
  // (province, sector, size, year; whole categories).
  const cells =
    cellsCover(rf, dims) ||
    classCellsCover(rf, dims, perYear) ||
    (rf.headings !== null && classSumsCover(rf, dims, perYear)) ||
    dimCellsCover(rf, dims, perYear);
  // Until the cells are built (a restart's first seconds: query-worker.ts quietMoment) memory
  // means the passes, so a rollup answers up to the passes' break-even, as where no cells cover.
  const cellsAnswer = cells && ctx.cellsReady === true;
  const overRows = cellsAnswer ? MEMORY_OVER_CELL_ROWS : MEMORY_OVER_ROLLUP_ROWS;
  const grantSource =
    ctx.memory &&
    (grantRollupRows(grantRollup, rf, state) > overRows ||
      (cellsAnswer && headingGrainUnmeasured(grantRollup, state)))
      ? 'raw'
      : (grantRollup ?? 'raw');
  const grants = grantsRead ? viaMemory(grantSource, ctx) : null;
  // One pass over the facts in memory measures sums and distinct units together.
  if (grants === 'memory' && supported === 'memory') supported = 'with-grants';
  // Where the heading index's cells answer, they count distinct units too: no second read of a
  // supported rollup (by heading at `large` 20,974 rows of ru_supported).
  if (grants === 'memory' && supported !== null && cells) supported = 'with-grants';
  const series = grants === 'memory' && supported === 'with-grants' ? seriesPathOf(request) : null;
  const units = wantUnits ? viaMemory(unitRollup ?? 'raw', ctx) : null;
  const change = wantChange ? viaMemory(changeRollup ?? 'raw', ctx) : null;
  // At `large` each pass is 20-30 ms of CPU over a million units; the cells a few thousand
  // values. The change alone stays on the pass (its rows are where the units' are).
  // Supported units (with the unit side, or the grants) only where no heading filter applies.
  const grantCover = groupCellsCover(rf, dims, perYear, true);
  const unitCells =
    groupCellsCover(rf, dims, perYear, false) &&
    (units === 'memory' || supported === 'memory') &&
    (change === null || units === 'memory') &&
    (supported !== 'memory' || grantCover);
  const grantCells = grantCover && grants === 'memory';
  // At `large` a million units' masks and sums take 20–40 ms of CPU; the unit cells ~60k values.
  const dimCells =
    (grants === 'memory' || supported === 'memory') && dimCellsCover(rf, dims, perYear);
  const unitSideCells =
    (units === 'memory' || change === 'memory') && unitSideCellsCover(rf, unitDims, perYear);
  return {
    dims,
    perYear,
    units,
    change,
    grants,
    grantSums: needs.grants,
    supported,
    series,
    unitCells,
    grantCells,
    dimCells,
    unitSideCells,
  };
}

/**
 * PostgreSQL, the facts and their cells loaded: a request whose every read the unit cells answer
 * (unit side: unit-side-cells.ts; grant side: unit-dim-cells.ts) goes to them in a worker
 * rather than to the coarse rollups inline. There a rollup read is a statement PostgreSQL plans
 * and executes (the summary's four: ~1.4 ms of its CPU at `large`, summing bigints as numerics)
 * behind a round trip; the cells are a few thousand values. SQLite reads the same rollups in
 * process, quicker than a trip to a worker: it keeps them.
 */
function viaCellsFirst(request: QueryRequest, ctx: PlanContext): boolean {
  if (ctx.mode !== 'auto' || ctx.sqlBlocks || !ctx.memory || ctx.cellsReady !== true) return false;
  return request.reads.every((r) => {
    const perYear = r.perYear ?? false;
    const unitDims = r.dims.filter((d) => !GRANT_ONLY_COLUMNS.has(d));
    const unitSide = r.needs.units || r.needs.change;
    const grantSide = r.needs.grants || r.needs.supported;
    return (
      (!unitSide || unitSideCellsCover(r.rf, unitDims, perYear)) &&
      (!grantSide || dimCellsCover(r.rf, r.dims, perYear))
    );
  });
}

/**
 * The path of a quarterly or monthly series read from memory (memory/series-pass.ts): the
 * series cells (sums by province, sector, size, category and month: ~100k values at `large`
 * instead of 7.5M grants) unless a park, cluster or heading filter asks for what they do not
 * record; then one pass over the selected units' grants (park, cluster: their posting lists),
 * or for a heading filter a walk over those headings' grants in the heading index. Null for any
 * other read.
 */
function seriesPathOf(request: ReadRequest): SeriesPath | null {
  const { rf, dims } = request;
  const [first, grain, ...rest] = dims;
  if (!request.perYear || first !== 'year' || rest.length > 0) return null;
  if (grain !== 'quarter' && grain !== 'month') return null;
  if (rf.parks !== null || rf.clusters !== null) return 'units';
  return rf.headings === null || rf.wholeCategories !== null ? 'cells' : 'headings';
}

/**
 * Rollup rows past which a grant read is quicker as a pass over the facts in memory. Measured at
 * `large` (7.5M grants; CPU ms, load ~8): ru_grants by heading reads about 1.2 µs a row (61,520
 * rows a year; all 8 years 540–630 ms), the pass 72–85 ms for one year, 210–270 for all 8; so
 * the rollup stays for a year or two of it (and below: every read at `national`).
 */
export const MEMORY_OVER_ROLLUP_ROWS = 150_000;

/**
 * The same where the heading index's cells answer (cellsCover: by heading, province and year, no
 * unit filter but provinces): at `large` by heading 2.4 ms of CPU, heading × province 6.3, one
 * heading's summary 0.1 (load ~12), where one year of ru_grants by heading takes 70–135 ms. The
 * cells' reads stay within a few ms whatever the filters, where ru_grants costs ~1.2 µs a row: at
 * `large` by heading under one category in one year (10,856 rows) took 12 ms of CPU (load ~9),
 * on the event loop, or in the worker beside the "others" recount by heading × province.
 */
export const MEMORY_OVER_CELL_ROWS = 5_000;

/**
 * Rows a grant rollup read goes through: its largest year's rows (recorded on SQLite only: on
 * PostgreSQL 0, so the rollup stays) times the years, times the share of headings selected
 * (ru_grants is read through its (year, heading) index).
 */
function grantRollupRows(
  table: RollupTable | null,
  rf: ResolvedFilters,
  state: RollupState | null,
): number {
  if (!table || !state) return 0;
  const perYear = state.sliceRows[table]?.[0] ?? 0;
  const headingShare = rf.headings ? rf.headings.length / HEADING_CODES.length : 1;
  return perYear * (rf.to - rf.from + 1) * headingShare;
}

/**
 * A read of ru_grants (the heading grain: 61,520 rows a year at `large`, 40x ru_grants_cat) whose
 * size the rebuild did not measure (PostgreSQL records no slice rows): where the heading index's
 * cells cover it, they answer instead: at `large` the breakdown by heading's PG÷SQLite p50 went
 * from 1.71 and 1.48 to 0.99 and 0.90 (bench/dialect-cases.ts, 40 filter sets, load 10-13).
 */
function headingGrainUnmeasured(table: RollupTable | null, state: RollupState | null): boolean {
  return table === 'ru_grants' && state !== null && state.sliceRows.ru_grants === undefined;
}

/** Upper bound of the groups of one dimension under these filters (parks/clusters: unbounded). */
function maxGroups(dim: Dimension, rf: ResolvedFilters): number {
  const bound: Record<Dimension, number | undefined> = {
    province: rf.provinces?.length ?? 31,
    sector: rf.sectors?.length ?? SECTOR_CODES.length,
    size: rf.sizes?.length ?? 3,
    category: CATEGORY_CODES.length,
    heading: rf.headings?.length ?? HEADING_CODES.length,
    year: rf.to - rf.from + 1,
    park: undefined,
    cluster: undefined,
  };
  return bound[dim] ?? Number.POSITIVE_INFINITY;
}

/**
 * How a breakdown's "others" row gets its distinct supported units: summed when every dimension
 * partitions the units (a unit is in one group only), else recounted, unless no row can fold.
 * The raw mode always recounts: the oracle takes no shortcut the tests must prove.
 */
function planOthers(o: NonNullable<QueryRequest['others']>, ctx: PlanContext): QueryPlan['others'] {
  if (!o.supported) return null;
  if (ctx.mode === 'raw') return 'raw';
  if (o.dims.every((d) => UNIT_PARTITION_DIMENSIONS.includes(d))) return 'sum';
  if (o.dims.reduce((n, d) => n * maxGroups(d, o.rf), 1) <= o.limit) return null;
  if (!ctx.memory) return 'raw';
  return dimOthersCover(o.rf, o.dims) ? 'cells' : 'memory';
}

/**
 * Rollup rows a read on SQLite may keep the event loop on: measured at `large` at about 1 µs a
 * row under load 2–9 (ru_grants by heading: 61,520 rows of one year 79–135 ms, all 476,337
 * rows 380–950 ms), so past this a read would block it for more than ~50 ms. At `national` the
 * Overview's reads touch at most a few thousand rows each and stay inline.
 */
export const MAX_INLINE_ROLLUP_ROWS = 50_000;

/**
 * How many rollup rows the reads of a plan go through at most: for each rollup it reads, the
 * rows of its largest slice (rollup-catalog.ts ROLLUP_SLICES, measured at rebuild; of the
 * selection kind read, for supported units) times the slices read — one per year for grants,
 * per-year reads and month or quarter grains, else one (units in `to`, change and supported
 * units over the range's one pair of years).
 */
export function rollupRowsOf(
  reads: readonly ReadPlan[],
  requests: readonly ReadRequest[],
  rollups: RollupState | null,
): number {
  if (!rollups) return 0;
  let total = 0;
  reads.forEach((read, i) => {
    const rf = requests[i]?.rf;
    if (!rf) return;
    const years = Math.max(1, rf.to - rf.from + 1);
    const rowsOf = (source: ReadPlan['supported'], slices: number, kind = 0): number => {
      if (!source || source === 'raw' || source === 'memory' || source === 'with-grants') return 0;
      const byKind = rollups.sliceRows[source];
      return (byKind?.[kind] ?? byKind?.[0] ?? 0) * slices;
    };
    const rangeRead = read.perYear ? years : 1;
    const supportedSlices = read.supported === 'ru_supported' ? rangeRead : years;
    const selKind = supportedRollup(rf, read.dims, read.perYear, rollups)?.selKind;
    total +=
      rowsOf(read.units, rangeRead) +
      rowsOf(read.change, rangeRead) +
      rowsOf(read.grants, years) +
      rowsOf(read.supported, supportedSlices, selKind);
  });
  return total;
}

/**
 * Where a plan runs. A pass over the in-memory facts blocks whichever thread makes it, so it runs
 * in a worker (where the facts are); so does, when SQL blocks the event loop (SQLite), any read
 * that grows with the data (the raw tables, a recount, impact) and any rollup read going through
 * more than MAX_INLINE_ROLLUP_ROWS rows (`rollupRows`): at `large` ru_grants by heading or a fine
 * rollup while the workers are still loading their facts; at `national` the same reads stay
 * inline, quicker than a trip to a worker. On PostgreSQL SQL reads always run inline.
 */
function placeOf(
  plan: Omit<QueryPlan, 'runs'>,
  ctx: PlanContext,
  rollupRows: number,
): QueryPlan['runs'] {
  if (!ctx.pool) return 'inline';
  if (usesMemory(plan)) return 'worker';
  const sources = plan.reads.flatMap((r) => [r.units, r.change, r.grants, r.supported]);
  const long =
    plan.unitScan === 'raw' ||
    plan.others === 'raw' ||
    sources.some((s) => s === 'raw' || s === 'with-grants') ||
    rollupRows > MAX_INLINE_ROLLUP_ROWS;
  return long && ctx.sqlBlocks ? 'worker' : 'inline';
}

/** The plan of one request (see placeOf for where it runs). */
export function planQuery(request: QueryRequest, ctx: PlanContext): QueryPlan {
  const viaCells = viaCellsFirst(request, ctx);
  const body = {
    query: request.query,
    reads: request.reads.map((r) => planRead(r, ctx, viaCells)),
    others: request.others ? planOthers(request.others, ctx) : null,
    unitScan: request.unitScan ? (ctx.memory ? ('memory' as const) : ('raw' as const)) : null,
  };
  const rollupRows = rollupRowsOf(body.reads, request.reads, ctx.rollups);
  const plan: QueryPlan = { ...body, runs: placeOf(body, ctx, rollupRows) };
  logPlan(plan);
  return plan;
}

/**
 * The plan to execute here: the one the caller made for this request, unless it counts on facts
 * this thread does not hold (a worker still loading, or reloading after a rebuild); else a new
 * plan for this thread.
 */
export async function planFor(
  db: Kysely<Database>,
  request: QueryRequest,
  options: QueryOptions,
): Promise<QueryPlan> {
  const given = options.plan;
  const fits =
    given?.query === request.query &&
    given.reads.length === request.reads.length &&
    (!usesMemory(given) || memoryFactsOf(db) !== null);
  if (given && fits) return given;
  return planQuery(request, await planContextOf(db, options));
}

/** The plan reads the facts in memory somewhere. */
export function usesMemory(plan: Omit<QueryPlan, 'runs'>): boolean {
  return (
    plan.others === 'memory' ||
    plan.others === 'cells' ||
    plan.unitScan === 'memory' ||
    plan.reads.some((r) => [r.units, r.change, r.grants, r.supported].includes('memory'))
  );
}

/** What a worker receives: the plan and the source, never the pool (workers never offload). */
export function workerOptions(options: QueryOptions, plan: QueryPlan): QueryOptions {
  return {
    ...(options.source ? { source: options.source } : {}),
    plan: { ...plan, runs: 'inline' },
  };
}

/**
 * Whether a slice of a `level` drill would be a top-k over the fact columns here or in the pool
 * (a unit drill with the facts loaded), so an export reading a long list in many slices costs a
 * pass each rather than the whole grouped list each. Decided before the slices' own plans: either
 * way every slice is the same list's.
 */
export function drillSlicesFromColumns(
  db: Kysely<Database>,
  level: string,
  options: QueryOptions,
): boolean {
  if (level !== 'unit' || options.source === 'raw') return false;
  return options.pool ? options.pool.memoryReady() : memoryFactsOf(db) !== null;
}

/** One line per plan: `breakdown worker [park] units=memory … | [] units=ru_units_ps …`. */
export function describePlan(plan: QueryPlan): string {
  const reads = plan.reads.map(
    (r) =>
      `[${r.dims.join(',')}${r.perYear ? ' per-year' : ''}] units=${r.units ?? '-'} change=${r.change ?? '-'} grants=${r.grants ?? '-'} supported=${r.supported ?? '-'}${r.series ? ` series=${r.series}` : ''}${r.unitCells ? ' unit-cells' : ''}${r.grantCells ? ' grant-cells' : ''}${r.dimCells ? ' dim-cells' : ''}${r.unitSideCells ? ' side-cells' : ''}`,
  );
  const extra = [
    ...(plan.others ? [`others=${plan.others}`] : []),
    ...(plan.unitScan ? [`unit-scan=${plan.unitScan}`] : []),
  ];
  return [`${plan.query} ${plan.runs}`, ...reads, ...extra].join(' | ');
}

type PlanObserver = (plan: QueryPlan) => void;
const observers = new Set<PlanObserver>();

/** Calls `observer` with every plan made in this thread (the bench prints them); returns an unsubscribe. */
export function observePlans(observer: PlanObserver): () => void {
  observers.add(observer);
  return () => observers.delete(observer);
}

// HEMAYAT_DEBUG=plan logs every plan (one line) at debug level.
const DEBUG = (process.env.HEMAYAT_DEBUG ?? '').split(',').includes('plan');

function logPlan(plan: QueryPlan): void {
  if (DEBUG) console.debug(`[plan] ${describePlan(plan)}`);
  for (const observer of observers) observer(plan);
}

import { sql, type Kysely, type RawBuilder } from 'kysely';
import { dialectOf, type DialectName } from '../../db/connect.ts';
import type { Database } from '../../db/schema.ts';
import { and, filterPredicates, type Column, type Expr } from '../sql/filter-sql.ts';
import {
  rawChangeSource,
  rawGrantsFor,
  rawUnitSource,
  rollupSource,
  type FactSource,
} from '../sql/fact-sources.ts';
import { money, num } from '../sql/metric-sql.ts';
import { memoryGrantRows } from '../memory/memory-aggregate.ts';
import { memoryUnitRows, memoryUnitSideRows, type UnitSideFamily } from '../memory/unit-side.ts';
import {
  groupCellColumns,
  groupCellGrantRows,
  groupCellRows,
  type GroupCellColumns,
} from '../memory/group-pass.ts';
import { seriesRows } from '../memory/series-pass.ts';
import { dimCellRows } from '../memory/unit-dim-pass.ts';
import { unitSideCellRows } from '../memory/unit-side-cell-pass.ts';
import { memoryFactsOf, type MemoryFacts } from '../facts/memory-facts.ts';
import { GRANT_ONLY_COLUMNS, type ReadPlan, type SourceName } from '../planner/query-plan.ts';
import { CHANGE_ROLLUPS, GRANT_ROLLUPS, UNIT_ROLLUPS } from '../planner/rollup-catalog.ts';
import { getRollupState } from '../rollups/rollups.ts';
import { supportedRollup } from '../sql/supported-rollup.ts';
import type { ResolvedFilters } from '../filters/resolve-filters.ts';
import { changePerYear } from '../sql/change-per-year.ts';

/** One group's metrics, before names are attached. Money stays bigint until it is sent. */
export interface GroupedRow {
  ids: number[];
  units: number;
  employment: number;
  employmentChange: number;
  supportedUnits: number;
  grants: number;
  amount: bigint;
}

/** A group with nothing counted yet (sums start here). */
export function emptyGroupedRow(ids: number[]): GroupedRow {
  return {
    ids,
    units: 0,
    employment: 0,
    employmentChange: 0,
    supportedUnits: 0,
    grants: 0,
    amount: 0n,
  };
}

type FactKind = 'units' | 'change' | 'grants';

/** Year predicates of each fact family (DESIGN §5). */
function yearPredicates(
  src: FactSource,
  rf: ResolvedFilters,
  kind: FactKind,
  perYear: boolean,
  dialect: DialectName,
): Expr[] {
  const year = src.cols.year;
  if (!year) throw new Error(`fact source ${src.name} has no year`);
  if (kind === 'grants' || perYear) {
    const preds = [sql`${year} between ${rf.from} and ${rf.to}`];
    if (kind === 'change') preds.push(changePerYear(src, year, rf, dialect));
    return preds;
  }
  if (kind === 'change') return [sql`${src.fromYear} = ${rf.from}`, sql`${year} = ${rf.to}`];
  return [sql`${year} = ${rf.to}`];
}

/**
 * One aggregate over a fact source: `select k0…, measures from … where scope+filters+years
 * group by k0…`. Rows whose group key is null (a unit outside any park, a grant without a size)
 * belong to no group and are left out.
 */
export async function runFact(
  db: Kysely<Database>,
  src: FactSource,
  dims: readonly Column[],
  preds: readonly Expr[],
  measures: readonly string[],
  run: RunStatement = (query) => query.execute(db).then((r) => r.rows),
): Promise<Record<string, unknown>[]> {
  const keys = dims.map((d) => {
    const e = src.cols[d];
    if (!e) throw new Error(`fact source ${src.name} cannot group by ${d}`);
    return e;
  });
  const select = [
    ...keys.map((e, i) => sql`${e} as ${sql.ref(`k${i}`)}`),
    ...measures.map((m) => {
      const e = src.measures[m];
      if (!e) throw new Error(`fact source ${src.name} does not measure ${m}`);
      return sql`${e} as ${sql.ref(m)}`;
    }),
  ];
  const where = and([...src.where, ...preds, ...keys.map((e) => sql`${e} is not null`)]);
  const group = keys.length ? sql` group by ${sql.join(keys)}` : sql``;
  return run(sql`select ${sql.join(select)} from ${src.from} where ${where}${group}`);
}

type Statement = RawBuilder<Record<string, unknown>>;
/** Runs one statement of runFact and gives its rows. */
type RunStatement = (query: Statement) => Promise<Record<string, unknown>[]>;

/**
 * PostgreSQL: the next `n` statements given to the function it returns run as one, each as a
 * JSON array of its rows (`select (select json_agg(q) from (…) q) as r0, …`), so the rollup
 * reads of one grouped read are one round trip, parsed and planned once. Each caller gets its
 * own rows, as the statement alone would have given them: keys and counts as numbers (below
 * 2^53, as PostgreSQL's bigint and numeric text were read: num), money as its text.
 */
function oneStatement(db: Kysely<Database>, n: number): RunStatement {
  const queries: Statement[] = [];
  const callers: {
    resolve: (rows: Record<string, unknown>[]) => void;
    reject: (e: unknown) => void;
  }[] = [];
  return (query) =>
    new Promise((resolve, reject) => {
      queries.push(query);
      callers.push({ resolve, reject });
      if (queries.length < n) return;
      const columns = queries.map(
        (q, i) => sql`(select coalesce(json_agg(q), '[]') from (${q}) q) as ${sql.ref(`r${i}`)}`,
      );
      sql<Record<string, Record<string, unknown>[]>>`select ${sql.join(columns)}`.execute(db).then(
        ({ rows: [row] }) => callers.forEach((c, i) => c.resolve(row?.[`r${i}`] ?? [])),
        (error: unknown) => callers.forEach((c) => c.reject(error)),
      );
    });
}

const KEY_BASE = 2 ** 26;

/** A group's map key: one number for up to two small non-negative ids (most groups), else text. */
function groupKey(ids: readonly number[]): number | string {
  const [a = 0, b = 0] = ids;
  if (ids.length <= 2 && a >= 0 && b >= 0 && a < KEY_BASE && b < KEY_BASE) {
    return ids.length === 2 ? a * KEY_BASE + b : a;
  }
  return ids.join(',');
}

/** Row key names (a template string per row and column made each a new string to look up). */
const KEY_NAMES: readonly string[] = Array.from({ length: 8 }, (_, i) => `k${i}`);

function keyIds(row: Record<string, unknown>, n: number): number[] {
  const ids: number[] = [];
  for (let i = 0; i < n; i++) ids.push(num(row[KEY_NAMES[i] ?? `k${i}`]));
  return ids;
}

/** The in-memory facts of `db`; the plan names them only where they are loaded (query-plan.ts). */
function memoryOf(db: Kysely<Database>): MemoryFacts {
  const memory = memoryFactsOf(db);
  if (!memory) throw new Error('the plan reads the in-memory facts, but they are not loaded');
  return memory;
}

/** The fact source of a planned SQL read of one family. */
function sqlSource(
  rf: ResolvedFilters,
  read: ReadPlan,
  kind: FactKind,
  name: Exclude<SourceName, 'memory'>,
): FactSource {
  if (name !== 'raw') {
    const catalog =
      kind === 'units' ? UNIT_ROLLUPS : kind === 'change' ? CHANGE_ROLLUPS : GRANT_ROLLUPS;
    const def = catalog.find((d) => d.table === name);
    if (!def) throw new Error(`no ${kind} rollup named ${name}`);
    return rollupSource(def, kind);
  }
  if (kind === 'units') return rawUnitSource();
  if (kind === 'change') return rawChangeSource();
  return rawGrantsFor(rf, read.dims, read.perYear, read.supported === 'with-grants');
}

/** Runs one fact family through its planned source. */
async function factRows(
  db: Kysely<Database>,
  rf: ResolvedFilters,
  read: ReadPlan,
  kind: FactKind,
  name: SourceName,
  dims: readonly Column[],
  measures: readonly string[],
  run?: RunStatement,
): Promise<Record<string, unknown>[]> {
  if (name === 'memory' && kind === 'grants' && read.series) {
    const grain = dims[1] === 'month' ? 'month' : 'quarter';
    return seriesRows(memoryOf(db), rf, grain, read.series);
  }
  if (name === 'memory') {
    if (kind !== 'grants') {
      // The unit-side cells where the planner chose them and they were built, else the pass.
      const cells = read.unitSideCells
        ? unitSideCellRows(memoryOf(db), rf, kind, dims, read.perYear)
        : null;
      return cells ?? memoryUnitRows(memoryOf(db), rf, kind, dims, read.perYear);
    }
    // The group or unit cells where the planner chose them and they were built (exact), else
    // the passes.
    const cells = read.grantCells
      ? groupCellGrantRows(memoryOf(db), rf, dims, read.perYear)
      : read.dimCells
        ? dimCellRows(memoryOf(db), rf, dims, read.perYear)
        : null;
    return cells ?? memoryGrantRows(memoryOf(db), rf, dims, read.perYear);
  }
  const src = sqlSource(rf, read, kind, name);
  const preds = [
    ...filterPredicates(rf, src.cols, { heading: kind === 'grants' }),
    ...yearPredicates(src, rf, kind, read.perYear, dialectOf(db)),
  ];
  return runFact(db, src, dims, preds, measures, run);
}

/** Distinct supported units read apart from the grant sums (a rollup answered those). */
async function supportedRows(
  db: Kysely<Database>,
  rf: ResolvedFilters,
  read: ReadPlan,
  name: SourceName,
  run?: RunStatement,
): Promise<Record<string, unknown>[]> {
  if (name === 'memory') {
    const cells = read.dimCells
      ? dimCellRows(memoryOf(db), rf, read.dims, read.perYear, false)
      : null;
    return cells ?? memoryGrantRows(memoryOf(db), rf, read.dims, read.perYear, false);
  }
  if (name === 'raw') {
    const src = rawGrantsFor(rf, read.dims, read.perYear, true);
    const preds = [
      ...filterPredicates(rf, src.cols, { heading: true }),
      sql`g.year between ${rf.from} and ${rf.to}`,
    ];
    return runFact(db, src, read.dims, preds, ['supported']);
  }
  const state = await getRollupState(db);
  const rollup = state ? supportedRollup(rf, read.dims, read.perYear, state) : null;
  if (rollup?.table !== name)
    throw new Error(`the supported rollup ${name} cannot answer this read`);
  return runFact(db, rollup.source, read.dims, rollup.preds, ['supported'], run);
}

/** Whether the read answers a family from the facts in memory (synchronous work). */
function readsMemory(read: ReadPlan): boolean {
  return [read.units, read.change, read.grants, read.supported].includes('memory');
}

// Captured at load: a test that fakes timers later must not stall every read.
const nextImmediate = globalThis.setImmediate;
/** One turn of the event loop: what was sent to the database meanwhile is on its way. */
const nextTurn = () => new Promise<void>((resolve) => nextImmediate(resolve));

/**
 * Every metric of DESIGN §5 grouped by the read's dims, for resolved filters, from the sources
 * the plan chose (query-plan.ts). Unit metrics use the unit side of the key only (broadcast
 * across heading/category); supported units are distinct per group (never summed across
 * non-partitions).
 */
export async function getGroupedMetrics(
  db: Kysely<Database>,
  rf: ResolvedFilters,
  read: ReadPlan,
): Promise<GroupedRow[]> {
  const { dims } = read;
  const unitDims = dims.filter((d) => !GRANT_ONLY_COLUMNS.has(d));
  const grantOnly = unitDims.length < dims.length;
  const { supported } = read;
  const supportedWithGrants = supported === 'with-grants';
  const grantMeasures = [
    ...(read.grantSums ? ['grants', 'amount'] : []),
    ...(supportedWithGrants ? ['supported'] : []),
  ];
  // The unit-side families read from memory with the same grouping: one pass over the units for
  // them all. Supported units read apart from the grant sums join it when the breakdown groups
  // by unit columns alone (its grouping is then the units').
  const apartSupported = supported !== null && supported !== 'with-grants';
  // The families read through SQL first: on PostgreSQL they are round trips, on the wire while
  // the facts in memory answer the rest (synchronous work) rather than after it.
  const sqlRead = (
    name: SourceName | 'with-grants' | null,
  ): name is Exclude<SourceName, 'memory'> =>
    name !== null && name !== 'memory' && name !== 'with-grants';
  const sqlSources = [
    read.units,
    read.change,
    read.grants,
    apartSupported ? supported : null,
  ].filter(sqlRead);
  // On PostgreSQL an ungrouped read's rollup reads go as one statement: at `large` (alternated in
  // one process, 200 calls, load ~4-5) the summary's p50 went from 2.1-2.2 to 1.6-1.7 ms, with
  // two provinces 2.9 to 2.3. Grouped reads stay apart, run side by side on several
  // connections (by year, one statement, 5.8 -> 6.7 ms); raw reads too (long).
  const run =
    dialectOf(db) === 'postgres' &&
    dims.length === 0 &&
    sqlSources.length > 1 &&
    !sqlSources.includes('raw')
      ? oneStatement(db, sqlSources.length)
      : undefined;
  const fromSql = Promise.all([
    sqlRead(read.units)
      ? factRows(db, rf, read, 'units', read.units, unitDims, ['units', 'employment'], run)
      : null,
    sqlRead(read.change)
      ? factRows(db, rf, read, 'change', read.change, unitDims, ['change'], run)
      : null,
    sqlRead(read.grants)
      ? factRows(db, rf, read, 'grants', read.grants, dims, grantMeasures, run)
      : null,
    apartSupported && sqlRead(supported) ? supportedRows(db, rf, read, supported, run) : null,
  ]);
  // Awaited below; a failure meanwhile is not an unhandled rejection.
  fromSql.catch(() => undefined);
  // (The query's other reads started with this one too: a breakdown's total beside its groups.)
  if (dialectOf(db) === 'postgres' && readsMemory(read)) await nextTurn();
  const columns = groupedColumns(db, rf, read);
  if (columns) return columnRows(columns, read);
  // Units and change from the unit-side cells are read apart (each a few thousand values).
  const sideCells = read.unitSideCells && (memoryFactsOf(db)?.unitSide ?? null) !== null;
  const fused: UnitSideFamily[] = [
    ...(read.units === 'memory' && !sideCells ? (['units'] as const) : []),
    ...(read.change === 'memory' && !sideCells ? (['change'] as const) : []),
    ...(supported === 'memory' && !grantOnly && !read.dimCells ? (['supported'] as const) : []),
  ];
  // The planner's group cells answer even one family; where they were not built, the pass.
  const cellRows = read.unitCells
    ? groupCellRows(memoryOf(db), rf, fused, unitDims, read.perYear)
    : null;
  const inPass = (f: UnitSideFamily) =>
    (cellRows !== null || fused.length > 1) && fused.includes(f);
  const passRows =
    cellRows ??
    (fused.length > 1 ? memoryUnitSideRows(memoryOf(db), rf, fused, unitDims, read.perYear) : []);
  const fromMemory = Promise.all([
    read.units === 'memory' && !inPass('units')
      ? factRows(db, rf, read, 'units', read.units, unitDims, ['units', 'employment'])
      : null,
    read.change === 'memory' && !inPass('change')
      ? factRows(db, rf, read, 'change', read.change, unitDims, ['change'])
      : null,
    read.grants === 'memory'
      ? factRows(db, rf, read, 'grants', read.grants, dims, grantMeasures)
      : null,
    apartSupported && supported === 'memory' && !inPass('supported')
      ? supportedRows(db, rf, read, supported)
      : null,
  ]);
  const [sqlRows, memoryRows] = await Promise.all([fromSql, fromMemory]);
  const unitRows = sqlRows[0] ?? memoryRows[0];
  const changeRows = sqlRows[1] ?? memoryRows[1];
  const grantRows = sqlRows[2] ?? memoryRows[2] ?? [];
  const apartRows = sqlRows[3] ?? memoryRows[3];
  const fromPass = (f: UnitSideFamily) => passRows[fused.indexOf(f)] ?? [];

  const rows = new Map<number | string, GroupedRow>();
  const rowFor = (ids: number[]): GroupedRow => {
    const key = groupKey(ids);
    let row = rows.get(key);
    if (!row) {
      row = emptyGroupedRow(ids);
      rows.set(key, row);
    }
    return row;
  };

  for (const r of grantRows) {
    const row = rowFor(keyIds(r, dims.length));
    if (grantMeasures.includes('grants')) {
      row.grants = num(r.grants);
      row.amount = money(r.amount);
    }
    if (supportedWithGrants) row.supportedUnits = num(r.supported);
  }
  for (const r of apartRows ?? fromPass('supported'))
    rowFor(keyIds(r, dims.length)).supportedUnits = num(r.supported);

  // Unit-side facts, keyed by the unit part of the key.
  const unitFacts = new Map<
    number | string,
    { ids: number[]; units: number; employment: number; change: number }
  >();
  const unitFact = (ids: number[]) => {
    const key = groupKey(ids);
    let f = unitFacts.get(key);
    if (!f) {
      f = { ids, units: 0, employment: 0, change: 0 };
      unitFacts.set(key, f);
    }
    return f;
  };
  for (const r of unitRows ?? fromPass('units')) {
    const f = unitFact(keyIds(r, unitDims.length));
    f.units = num(r.units);
    f.employment = num(r.employment);
  }
  for (const r of changeRows ?? fromPass('change'))
    unitFact(keyIds(r, unitDims.length)).change = num(r.change);

  if (!grantOnly) {
    for (const f of unitFacts.values()) rowFor(f.ids);
  }
  if (dims.length === 0) rowFor([]);
  const unitPositions = unitDims.map((d) => dims.indexOf(d));
  for (const row of rows.values()) {
    const f = unitFacts.get(groupKey(unitPositions.map((p) => row.ids[p] ?? 0)));
    if (f) {
      row.units = f.units;
      row.employment = f.employment;
      row.employmentChange = f.change;
    }
  }
  return [...rows.values()];
}

/**
 * Every family of a read by park or cluster from the group cells at once, as columns, where the
 * plan reads them all there (the breakdown's and the drill's usual plan): at `large` 3,718 parks,
 * whose rows the general path below builds three times (the cells' rows of each family, then a
 * map of them). Null where the plan or the cells say otherwise: the general path.
 */
export function groupedColumns(
  db: Kysely<Database>,
  rf: ResolvedFilters,
  read: ReadPlan,
): GroupCellColumns | null {
  const whole =
    read.unitCells &&
    read.units === 'memory' &&
    read.grants === 'memory' &&
    read.supported === 'with-grants' &&
    (read.change === 'memory' || read.change === null) &&
    read.series === null &&
    !read.dimCells;
  if (!whole) return null;
  // The grant side from the cells, or (under headings) from the facts' grant read: by park at
  // `large` under two headings the 3,718 parks' rows of the general path below took ~8 ms of
  // CPU (and as much again in collections) beside the read itself.
  return groupCellColumns(
    memoryOf(db),
    rf,
    read.change === 'memory',
    read.dims,
    read.perYear,
    !read.grantCells,
  );
}

/**
 * groupedColumns after, on PostgreSQL, one turn of the event loop where the read is in memory:
 * the request's SQL reads started before it (a breakdown's total) go out before the columns are
 * summed (synchronous work), as getGroupedMetrics does for its own.
 */
export async function groupedColumnsAfterSql(
  db: Kysely<Database>,
  rf: ResolvedFilters,
  read: ReadPlan,
): Promise<GroupCellColumns | null> {
  if (dialectOf(db) === 'postgres' && readsMemory(read)) await nextTurn();
  return groupedColumns(db, rf, read);
}

/** Group g of the columns has a row: grants in the span or units (as getGroupedMetrics' map). */
export function columnHasRow(c: GroupCellColumns, g: number): boolean {
  return c.grants[g] !== 0 || c.units[g] !== 0;
}

/**
 * Group g's row as getGroupedMetrics makes it of the same reads: the unit side where the group
 * has units, the grant side where it has grants, the change and the sums where the plan read them.
 */
export function columnRow(c: GroupCellColumns, read: ReadPlan, g: number): GroupedRow {
  const hasUnits = c.units[g] !== 0;
  const hasGrants = c.grants[g] !== 0;
  const sums = hasGrants && read.grantSums;
  return {
    ids: [c.ids[g] ?? 0],
    units: hasUnits ? (c.units[g] ?? 0) : 0,
    employment: hasUnits ? (c.employment[g] ?? 0) : 0,
    employmentChange: hasUnits && read.change === 'memory' ? (c.change[g] ?? 0) : 0,
    supportedUnits: hasGrants ? (c.supported[g] ?? 0) : 0,
    grants: sums ? (c.grants[g] ?? 0) : 0,
    amount: sums ? BigInt(c.amount[g] ?? 0) + (c.overflow.get(g) ?? 0n) : 0n,
  };
}

/** The rows in getGroupedMetrics' order: the groups with grants first, then those with units alone. */
export function columnRows(c: GroupCellColumns, read: ReadPlan): GroupedRow[] {
  const rows: GroupedRow[] = [];
  const n = c.ids.length;
  for (let g = 1; g < n; g++) if (c.grants[g] !== 0) rows.push(columnRow(c, read, g));
  for (let g = 1; g < n; g++) {
    if (c.grants[g] === 0 && c.units[g] !== 0) rows.push(columnRow(c, read, g));
  }
  return rows;
}

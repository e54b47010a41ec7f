import { sql, type Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { num } from '../sql/metric-sql.ts';
import { getReferenceMaps, type Positions, type ReferenceMaps } from './reference-lookup.ts';
import { rollupIoFor } from '../rollups/rollup-io.ts';
import { FactsBuilder } from './facts-builder.ts';
import { loadUnitOrder, type UnitOrder } from './unit-order.ts';
import { buildUnitYearIndex, type UnitYearIndex } from './unit-year-index.ts';
import { buildSeriesCells, type SeriesCells } from './series-cells.ts';
import { buildHeadingIndex, type HeadingIndex } from './heading-index.ts';
import { buildGroupCells, type GroupCells } from './group-cells.ts';
import { buildUnitDimCells, type UnitDimCells } from './unit-dim-cells.ts';
import { buildUnitSideCells, type UnitSideCells } from './unit-side-cells.ts';
import { buildImpactCells, type ImpactCells } from './impact-cells.ts';

// Small batches: the worker answers queued queries between them while it loads.
const UNIT_BATCH = 20_000;

/**
 * Every fact the raw tables hold, as columns in typed arrays, for the questions no rollup can
 * answer (distinct supported units by park, cluster or size or over several headings; anything
 * by unit). The raw SQL for those scans millions of rows through joins and takes minutes at
 * `large`; one pass over these arrays takes milliseconds. Units are in id order; a unit's
 * disbursed grants are contiguous (grantStart[u] .. grantStart[u+1]), as in a CSR matrix.
 * Positions (not ids) are stored: 0 = none for park and cluster.
 */
export interface MemoryFacts {
  yMin: number;
  nYears: number;
  unitIds: Int32Array;
  province: Uint8Array;
  park: Int32Array;
  cluster: Int32Array;
  sector: Uint8Array;
  /** Employees of unit u in year yMin + y at u * nYears + y; -1 when the unit has no row. */
  employees: Int32Array;
  /** Size class id (1..3) at the same place; 0 when no row. */
  size: Uint8Array;
  grantStart: Int32Array;
  grantHeading: Uint8Array;
  grantYear: Uint8Array;
  grantMonth: Uint8Array;
  grantAmount: Float64Array;
  provinces: Positions;
  sectors: Positions;
  headings: Positions;
  categories: Positions;
  /** heading position → category position */
  categoryOfHeading: Int32Array;
  /**
   * Posting lists: the units of each province, park, cluster and sector position (park and
   * cluster position 0 = none), so a filter visits only the units it selects.
   */
  byProvince: Postings;
  byPark: Postings;
  byCluster: Postings;
  bySector: Postings;
  /** park / cluster position − 1 → id */
  parkIds: number[];
  clusterIds: number[];
  parkIndex: Map<number, number>;
  clusterIndex: Map<number, number>;
  /** Each unit's rank in the drill's name and code orders (unit-order.ts). */
  unitOrder: UnitOrder;
  /**
   * Each unit's grants summed by year (unit-year-index.ts), derived after every load and not
   * stored in the snapshot; null when the years do not fit its masks.
   */
  years: UnitYearIndex | null;
  /** The grants summed by month and unit cell (series-cells.ts), derived like `years`. */
  series: SeriesCells | null;
  /** The grants in heading order (heading-index.ts), derived like `years`; null past 32 years. */
  byHeading: HeadingIndex | null;
  /** Unit-side cells by park and cluster (group-cells.ts), derived like `years`. */
  byGroup: GroupCells | null;
  /** Grant cells by province, sector and size of each population year (unit-dim-cells.ts). */
  byDim: UnitDimCells | null;
  /** Units, employment and change by the same cells (unit-side-cells.ts). */
  unitSide: UnitSideCells | null;
  /** Impact's strata by pair of years (impact-cells.ts), derived like `years`. */
  byImpact: ImpactCells | null;
}

/** What the snapshot stores: the facts without what is derived after a load. */
export type StoredFacts = Omit<
  MemoryFacts,
  'years' | 'series' | 'byHeading' | 'byGroup' | 'byDim' | 'unitSide' | 'byImpact'
>;

/** The facts built from rows (FactsBuilder), before the units' name and code ranks. */
export type FactColumns = Omit<StoredFacts, 'unitOrder'>;

/**
 * The facts with their units' name and code ranks, read from `db` (the database, or the
 * transaction, the columns were read from).
 */
export async function withUnitOrder(
  db: Kysely<Database>,
  columns: FactColumns | null,
): Promise<StoredFacts | null> {
  return columns && { ...columns, unitOrder: await loadUnitOrder(db, columns.unitIds) };
}

/** What a load derives: everything, or (`cells: false`) the unit-year index alone. */
export interface DeriveOptions {
  cells?: boolean;
}

/**
 * The facts with their unit-year index and, unless `cells` is false, their cells (withCells).
 * Derived in the loading thread and shared with the others.
 */
export function withYearIndex(facts: StoredFacts, options: DeriveOptions = {}): MemoryFacts {
  const m = {
    ...facts,
    years: buildUnitYearIndex(facts),
    series: null,
    byHeading: null,
    byGroup: null,
    byDim: null,
    unitSide: null,
    byImpact: null,
  };
  return options.cells === false ? m : withCells(m);
}

/**
 * The facts with their series cells, heading index, park and cluster cells, unit cells and impact
 * cells (each null where the data do not fit it; the passes answer then). The query pool's loader
 * builds them after it has shared the facts (query-worker.ts): ~1.5 s of CPU at `large`, which a restart's first
 * questions should not wait for.
 */
export function withCells(m: MemoryFacts): MemoryFacts {
  return {
    ...m,
    series: buildSeriesCells(m),
    byHeading: buildHeadingIndex(m),
    byGroup: buildGroupCells(m),
    byDim: buildUnitDimCells(m),
    unitSide: buildUnitSideCells(m),
    byImpact: buildImpactCells(m),
  };
}

/** Units by value as a CSR list: the units of position v are units[offsets[v] .. offsets[v+1]), ascending. */
export interface Postings {
  offsets: Int32Array;
  units: Int32Array;
}

/** A row cursor over an iterable, for merging rows ordered by unit id. */
function cursor(rows: Iterable<unknown[]>) {
  const it = rows[Symbol.iterator]();
  const c = {
    row: undefined as unknown[] | undefined,
    next() {
      const r = it.next();
      c.row = r.done ? undefined : r.value;
    },
    /** Ends the cursor early (an open SQLite statement would otherwise stay busy). */
    close() {
      it.return?.();
      c.row = undefined;
    },
  };
  c.next();
  return c;
}

/**
 * The builder the facts of `db` go into: its years span employment and every grant (not only
 * disbursed ones); null when there is no data or the facts cannot hold it. The rollup rebuild
 * feeds one too (rollup-pass.ts), so both make the same facts.
 */
export async function factsBuilderFor(
  db: Kysely<Database>,
  refs: ReferenceMaps,
): Promise<FactsBuilder | null> {
  const { rows } = await sql<Record<string, unknown>>`select
      (select min(id) from units) as u_min,
      (select min(year) from employment) as e_min, (select max(year) from employment) as e_max,
      (select min(year) from grants) as g_min, (select max(year) from grants) as g_max`.execute(db);
  const bounds = rows[0] ?? {};
  const years = [bounds.e_min, bounds.e_max, bounds.g_min, bounds.g_max]
    .filter((v) => v !== null && v !== undefined)
    .map(num);
  if (bounds.u_min === null || bounds.u_min === undefined || years.length === 0) return null;
  const yMin = Math.min(...years);
  return FactsBuilder.create(refs, yMin, Math.max(...years) - yMin + 1);
}

/**
 * Reads units, employment and disbursed grants into MemoryFacts, in unit-id batches through the
 * rollup reader (better-sqlite3 directly on SQLite). Returns null when there is no data or an
 * amount is not exact as a JavaScript number (past 2^53 − 1; the SQL path then answers).
 */
export async function loadMemoryFacts(
  db: Kysely<Database>,
  options: DeriveOptions = {},
): Promise<MemoryFacts | null> {
  const builder = await factsBuilderFor(db, await getReferenceMaps(db));
  if (!builder) return null;
  const { rows } = await sql<{ lo: unknown; hi: unknown }>`select min(id) as lo, max(id) as hi
    from units`.execute(db);
  const io = rollupIoFor(db);
  const uMax = num(rows[0]?.hi);
  for (let lo = num(rows[0]?.lo); lo <= uMax; lo += UNIT_BATCH) {
    const hi = lo + UNIT_BATCH;
    const [units, emp, grants] = await Promise.all([
      io.stream('units', lo, hi),
      io.stream('employment', lo, hi).then(cursor),
      io.stream('grants', lo, hi).then(cursor),
    ]);
    for (const u of units) {
      const id = num(u[0]);
      builder.unit(id, u[1], u[2], u[3], u[4]);
      for (; emp.row && num(emp.row[0]) === id; emp.next()) {
        builder.employment(num(emp.row[1]), num(emp.row[2]));
      }
      for (; grants.row && num(grants.row[0]) === id; grants.next()) {
        const r = grants.row;
        builder.grant(r[1], num(r[2]), num(r[3]), r[4]);
      }
      if (!builder.exact) break;
    }
    emp.close();
    grants.close();
    if (!builder.exact) return null;
    // Let the thread answer other messages between batches.
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
  const facts = await withUnitOrder(db, builder.finish());
  return facts && withYearIndex(facts, options);
}

// Per database handle. A handle whose data changes (an import) gets a new handle, and with it a
// new load; nothing else writes while a server runs.
const registry = new WeakMap<
  object,
  { facts: MemoryFacts | null; ready: boolean; loading: Promise<void> }
>();

/**
 * Starts loading the facts of `db` into memory (once per handle); resolves when they are ready.
 * Until then (and when loading fails) queries use the SQL path. `load` defaults to reading the
 * tables; the query pool's loader reads its snapshot first (facts-snapshot.ts).
 */
export function attachMemoryFacts(
  db: Kysely<Database>,
  load: (db: Kysely<Database>) => Promise<MemoryFacts | null> = loadMemoryFacts,
): Promise<void> {
  const existing = registry.get(db);
  if (existing) return existing.loading;
  const entry = {
    facts: null as MemoryFacts | null,
    ready: false,
    loading: Promise.resolve(),
  };
  entry.loading = load(db).then(
    (facts) => {
      entry.facts = facts;
      entry.ready = true;
    },
    (error: unknown) => {
      console.error('[memory-facts] load failed; raw SQL answers instead:', error);
      entry.ready = true;
    },
  );
  registry.set(db, entry);
  return entry.loading;
}

/**
 * Facts loaded by another thread (their columns in shared memory) as the facts of `db`: a query
 * worker adopts the ones its pool's loading worker made for the same data instead of loading its
 * own copy. Resolves at once.
 */
export function adoptMemoryFacts(db: Kysely<Database>, facts: MemoryFacts): void {
  registry.set(db, { facts, ready: true, loading: Promise.resolve() });
}

/** The in-memory facts of `db` when loaded, else null. */
export function memoryFactsOf(db: Kysely<Database>): MemoryFacts | null {
  const entry = registry.get(db);
  return entry?.ready ? entry.facts : null;
}

/** Waits for the facts of `db` (starting the load if needed); true when they are in memory. */
export async function warmMemory(db: Kysely<Database>): Promise<boolean> {
  await attachMemoryFacts(db);
  return memoryFactsOf(db) !== null;
}

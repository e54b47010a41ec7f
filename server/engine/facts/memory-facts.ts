import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { num } from '../sql/metric-sql.ts';
import {
  densePositions,
  getReferenceMaps,
  sizeIdOfEmployees,
  type Positions,
} from './reference-lookup.ts';
import { rollupIoFor } from '../rollups/rollup-io.ts';

// Small batches: the worker answers queued queries between them while it loads.
const UNIT_BATCH = 20_000;
/**
 * Single amounts must be exact as doubles (at most 2^53 − 1, as the JavaScript number the driver
 * hands over): group totals add them exactly, spilling to bigint (memory-aggregate.ts).
 */
const MAX_SINGLE_AMOUNT = Number.MAX_SAFE_INTEGER;

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
}

/** Units by value as a CSR list: the units of position v are units[offsets[v] .. offsets[v+1]), ascending. */
export interface Postings {
  offsets: Int32Array;
  units: Int32Array;
}

/** The posting lists of one unit column (a counting sort, in shared memory like the columns). */
function postingsOf(column: Int32Array | Uint8Array, radix: number): Postings {
  const offsets = new Int32Array(new SharedArrayBuffer((radix + 1) * 4));
  for (const v of column) offsets[v + 1] = (offsets[v + 1] ?? 0) + 1;
  for (let v = 0; v < radix; v++) offsets[v + 1] = (offsets[v + 1] ?? 0) + (offsets[v] ?? 0);
  const next = offsets.slice(0, radix);
  const units = new Int32Array(new SharedArrayBuffer(column.length * 4));
  column.forEach((v, u) => {
    units[next[v] ?? 0] = u;
    next[v] = (next[v] ?? 0) + 1;
  });
  return { offsets, units };
}

/** Growable typed column (the row counts are known only after the scan). */
class Column<T extends Int32Array | Uint8Array | Float64Array> {
  length = 0;
  constructor(
    private data: T,
    private readonly make: (n: number) => T,
  ) {}
  push(v: number): void {
    if (this.length === this.data.length) {
      const next = this.make(this.data.length * 2);
      next.set(this.data);
      this.data = next;
    }
    this.data[this.length++] = v;
  }
  done(): T {
    return this.data.subarray(0, this.length) as T;
  }
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

const int32 = (n: number) => new Int32Array(n);
const uint8 = (n: number) => new Uint8Array(n);
const float64 = (n: number) => new Float64Array(n);

type Typed = Int32Array | Uint8Array | Float64Array;

/**
 * The column copied into memory every thread can map: a SharedArrayBuffer crosses postMessage
 * without a copy, so one load serves every query worker (worker-pool.ts).
 */
function shared<T extends Typed>(column: T, View: new (buffer: SharedArrayBuffer) => T): T {
  const out = new View(new SharedArrayBuffer(column.length * column.BYTES_PER_ELEMENT));
  out.set(column);
  return out;
}

/**
 * Reads units, employment and disbursed grants into MemoryFacts, in unit-id batches through the
 * rollup reader (better-sqlite3 directly on SQLite). Returns null when there is no data or an
 * amount is not exact as a JavaScript number (past 2^53 − 1; the SQL path then answers).
 */
export async function loadMemoryFacts(db: Kysely<Database>): Promise<MemoryFacts | null> {
  const refs = await getReferenceMaps(db);
  const bounds = await db
    .selectNoFrom((eb) => [
      eb
        .selectFrom('units')
        .select((e) => e.fn.min('id').as('v'))
        .as('u_min'),
      eb
        .selectFrom('units')
        .select((e) => e.fn.max('id').as('v'))
        .as('u_max'),
      eb
        .selectFrom('employment')
        .select((e) => e.fn.min('year').as('v'))
        .as('e_min'),
      eb
        .selectFrom('employment')
        .select((e) => e.fn.max('year').as('v'))
        .as('e_max'),
      eb
        .selectFrom('grants')
        .select((e) => e.fn.min('year').as('v'))
        .as('g_min'),
      eb
        .selectFrom('grants')
        .select((e) => e.fn.max('year').as('v'))
        .as('g_max'),
    ])
    .executeTakeFirstOrThrow();
  const years = [bounds.e_min, bounds.e_max, bounds.g_min, bounds.g_max]
    .filter((v) => v !== null && v !== undefined)
    .map(num);
  if (bounds.u_min === null || bounds.u_min === undefined || years.length === 0) return null;
  const yMin = Math.min(...years);
  const nYears = Math.max(...years) - yMin + 1;
  if (nYears > 250) return null;

  const provinces = densePositions(refs.provinces.byId.keys());
  const sectors = densePositions(refs.sectors.byId.keys());
  const headings = densePositions(refs.headings.byId.keys());
  const categories = densePositions(refs.categories.byId.keys());
  if (provinces.ids.length > 255 || sectors.ids.length > 255 || headings.ids.length > 255) {
    return null;
  }
  const categoryOfHeading = Int32Array.from(
    headings.ids,
    (h) => categories.index.get(refs.categoryOfHeading.get(h) ?? -1) ?? 0,
  );
  const parkIndex = new Map<number, number>();
  const clusterIndex = new Map<number, number>();
  const parkIds: number[] = [];
  const clusterIds: number[] = [];
  const positionOf = (id: unknown, index: Map<number, number>, list: number[]) => {
    if (id === null || id === undefined) return 0;
    const n = num(id);
    let p = index.get(n);
    if (p === undefined) {
      list.push(n);
      p = list.length;
      index.set(n, p);
    }
    return p;
  };

  const io = rollupIoFor(db);
  const unitIds = new Column(int32(1024), int32);
  const province = new Column(uint8(1024), uint8);
  const park = new Column(int32(1024), int32);
  const cluster = new Column(int32(1024), int32);
  const sector = new Column(uint8(1024), uint8);
  const employees = new Column(int32(1024), int32);
  const grantStart = new Column(int32(1024), int32);
  const grantHeading = new Column(uint8(1024), uint8);
  const grantYear = new Column(uint8(1024), uint8);
  const grantMonth = new Column(uint8(1024), uint8);
  const grantAmount = new Column(float64(1024), float64);
  const yearRow = new Int32Array(nYears);

  const uMax = num(bounds.u_max);
  for (let lo = num(bounds.u_min); lo <= uMax; lo += UNIT_BATCH) {
    const hi = lo + UNIT_BATCH;
    const [units, emp, grants] = await Promise.all([
      io.stream('units', lo, hi),
      io.stream('employment', lo, hi).then(cursor),
      io.stream('grants', lo, hi).then(cursor),
    ]);
    for (const u of units) {
      const id = num(u[0]);
      unitIds.push(id);
      province.push(provinces.index.get(num(u[1])) ?? 0);
      park.push(positionOf(u[2], parkIndex, parkIds));
      cluster.push(positionOf(u[3], clusterIndex, clusterIds));
      sector.push(sectors.index.get(num(u[4])) ?? 0);
      yearRow.fill(-1);
      for (; emp.row && num(emp.row[0]) === id; emp.next()) {
        yearRow[num(emp.row[1]) - yMin] = num(emp.row[2]);
      }
      for (let y = 0; y < nYears; y++) employees.push(yearRow[y] ?? -1);
      grantStart.push(grantAmount.length);
      for (; grants.row && num(grants.row[0]) === id; grants.next()) {
        const r = grants.row;
        const amount = r[4] === null ? 0 : num(r[4]);
        if (!(Number.isInteger(amount) && amount >= 0 && amount <= MAX_SINGLE_AMOUNT)) {
          emp.close();
          grants.close();
          return null;
        }
        grantHeading.push(headings.index.get(num(r[1])) ?? 0);
        grantYear.push(num(r[2]) - yMin);
        grantMonth.push(num(r[3]));
        grantAmount.push(amount);
      }
    }
    emp.close();
    grants.close();
    // Let the thread answer other messages between batches.
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
  grantStart.push(grantAmount.length);
  const emp = shared(employees.done(), Int32Array);
  const size = new Uint8Array(new SharedArrayBuffer(emp.length));
  for (let i = 0; i < emp.length; i++) {
    const n = emp[i] ?? -1;
    size[i] = n < 0 ? 0 : sizeIdOfEmployees(n);
  }
  const provinceColumn = shared(province.done(), Uint8Array);
  const parkColumn = shared(park.done(), Int32Array);
  const clusterColumn = shared(cluster.done(), Int32Array);
  const sectorColumn = shared(sector.done(), Uint8Array);
  return {
    yMin,
    nYears,
    unitIds: shared(unitIds.done(), Int32Array),
    province: provinceColumn,
    park: parkColumn,
    cluster: clusterColumn,
    sector: sectorColumn,
    byProvince: postingsOf(provinceColumn, provinces.ids.length),
    byPark: postingsOf(parkColumn, parkIds.length + 1),
    byCluster: postingsOf(clusterColumn, clusterIds.length + 1),
    bySector: postingsOf(sectorColumn, sectors.ids.length),
    employees: emp,
    size,
    grantStart: shared(grantStart.done(), Int32Array),
    grantHeading: shared(grantHeading.done(), Uint8Array),
    grantYear: shared(grantYear.done(), Uint8Array),
    grantMonth: shared(grantMonth.done(), Uint8Array),
    grantAmount: shared(grantAmount.done(), Float64Array),
    provinces,
    sectors,
    headings,
    categories,
    categoryOfHeading,
    parkIds,
    clusterIds,
    parkIndex,
    clusterIndex,
  };
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

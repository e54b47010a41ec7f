import { sql, type Kysely } from 'kysely';
import { dialectOf, sqliteHandleOf } from '../../db/connect.ts';
import type { Database } from '../../db/schema.ts';
import { num } from '../sql/metric-sql.ts';
import { forgetYearBounds, getReferenceMaps } from '../facts/reference-lookup.ts';
import { ROLLUP_SLICES, ROLLUP_TABLES, type RollupTable } from '../planner/rollup-catalog.ts';
import { rollupIoForRebuild } from './rollup-io.ts';
import { fillRollupsInOnePass } from './rollup-pass.ts';
import { reportRebuildTimings, timed } from './rebuild-timings.ts';
import { factsBuilderFor, withUnitOrder } from '../facts/memory-facts.ts';
import { factsSnapshotPath, snapshotKeyOf, writeFactsSnapshot } from '../facts/facts-snapshot.ts';

/** The tables a seed or an import writes, whose PostgreSQL statistics a rebuild refreshes. */
const BASE_TABLES = ['parks', 'clusters', 'units', 'employment', 'grants'] as const;

/** What the planner needs to know about the rollups of one database. */
export interface RollupState {
  /** Years covered by the supported-units rollups; null when they were skipped. */
  supportedYears: { min: number; max: number } | null;
  /**
   * SQLite only: the rows of each table's largest slice (ROLLUP_SLICES), by selection kind in
   * the supported-units tables (index 0 elsewhere), for the planner to tell a read of a few
   * hundred rows from one of a million; empty where not measured.
   */
  sliceRows: Partial<Record<RollupTable, number[]>>;
  /**
   * The fine rollups (FINE_ROLLUPS) were built: only when the facts cannot hold the data (see
   * rebuildRollupsInTransaction), or by a build older than this choice. The planner reads a
   * rollup table only when it was built.
   */
  fine: boolean;
}

export interface RollupBuildResult {
  seconds: number;
  rows: Record<string, number>;
  /** Where the facts snapshot of the new data was written, if it was. */
  snapshot: string | null;
}

export interface RebuildOptions {
  /**
   * Where to write the facts snapshot of the new data (facts-snapshot.ts); false for none.
   * Default: beside a SQLite file; none on PostgreSQL, whose snapshot lives on each app server.
   */
  snapshot?: string | false;
  /**
   * 'auto' (the default): the fine rollups only when the facts cannot hold the data; 'always':
   * build them anyway (the tests hold that fallback against the raw tables on small data).
   */
  fineRollups?: 'auto' | 'always';
}

/** The default of RebuildOptions.snapshot for `db`. */
function defaultSnapshotPath(db: Kysely<Database>): string | null {
  const file = sqliteHandleOf(db)?.name;
  return file && file !== ':memory:' ? factsSnapshotPath(file) : null;
}

// Per database handle: read once from rollup_meta, replaced by every rebuild.
const states = new WeakMap<object, Promise<RollupState | null>>();

async function readState(db: Kysely<Database>): Promise<RollupState | null> {
  const rows = await db.selectFrom('rollup_meta').select(['key', 'value']).execute();
  const meta = new Map(rows.map((r) => [r.key, r.value]));
  if (!meta.has('built_at')) return null;
  const min = meta.get('supported_min');
  const max = meta.get('supported_max');
  return {
    supportedYears:
      min !== undefined && max !== undefined ? { min: Number(min), max: Number(max) } : null,
    sliceRows: parseSliceRows(meta.get('slice_rows')),
    // Builds before the choice built every table.
    fine: meta.get('fine_rollups') !== '0',
  };
}

function parseSliceRows(value: string | undefined): RollupState['sliceRows'] {
  if (value === undefined) return {};
  const parsed: unknown = JSON.parse(value);
  const rows: RollupState['sliceRows'] = {};
  for (const table of ROLLUP_TABLES) {
    const n = (parsed as Record<string, unknown>)[table];
    if (Array.isArray(n) && n.every((v) => typeof v === 'number')) rows[table] = n;
  }
  return rows;
}

/**
 * The rows of the largest slice of every rollup table (ROLLUP_SLICES), by selection kind where
 * the table has one: one pass over each lookup index, no sort (about 1.5 s for all of them at
 * `large`). SQLite only: there the planner sends long reads off the event loop; PostgreSQL's
 * reads never block it.
 */
async function measureSlices(tx: Kysely<Database>): Promise<Record<string, number[]>> {
  const slices: Record<string, number[]> = {};
  for (const table of ROLLUP_TABLES) {
    const cols = ROLLUP_SLICES[table];
    const kind = cols.includes('sel_kind') ? sql.ref('sel_kind') : sql`0`;
    const { rows } = await sql<{ kind: number; n: number }>`select kind, max(n) as n from (
        select ${kind} as kind, count(*) as n from ${sql.table(table)}
        group by ${sql.join(cols.map((c) => sql.ref(c)))}) s group by kind`.execute(tx);
    const byKind: number[] = [];
    for (const r of rows) byKind[Number(r.kind)] = Number(r.n);
    slices[table] = Array.from(byKind, (n) => n ?? 0);
  }
  return slices;
}

/** The rollups' state, or null when none were built (the planner then reads raw tables). */
export function getRollupState(db: Kysely<Database>): Promise<RollupState | null> {
  let state = states.get(db);
  if (!state) {
    state = readState(db);
    states.set(db, state);
    state.catch(() => states.delete(db));
  }
  return state;
}

/**
 * What the rollups hold, by version: bump it whenever a rollup's definition changes, so rollups
 * built by an older version count as stale and are rebuilt at start. 2: supported units only
 * among the units counted in `to` (issue #13).
 */
const ROLLUP_DEFINITIONS = 'v2';

/**
 * True when rollups of the current definitions exist and no raw data was written since they
 * were built: every write to a data table, through any connection, leaves a row in `data_writes`
 * (triggers, migration 0010) and only a rebuild removes it. Two indexed reads, whatever the
 * data's size. Anything that writes data must call rebuildRollups afterwards.
 */
export async function rollupsAreFresh(db: Kysely<Database>): Promise<boolean> {
  const { rows } = await sql<{ definitions: string | null; written: unknown }>`select
      (select value from rollup_meta where key = 'definitions') as definitions,
      (select count(*) from data_writes) as written`.execute(db);
  const row = rows[0];
  return row?.definitions === ROLLUP_DEFINITIONS && num(row.written) === 0;
}

/**
 * For a transaction that wrote no row after all (an import of files already loaded): its
 * statements still marked the data as written on PostgreSQL, whose triggers fire per statement;
 * that mark — this transaction's own, never another's — goes. SQLite marks only changed rows.
 */
export async function forgetUnchangedWrites(tx: Kysely<Database>): Promise<void> {
  if (dialectOf(tx) !== 'postgres') return;
  await sql`delete from data_writes where tx = txid_current()`.execute(tx);
}

/** Coarser grant rollups, summed from ru_grants in SQL. */
const FILL_COARSE: Record<string, ReturnType<typeof sql>> = {
  ru_grants_ps: sql`insert into ru_grants_ps (year, province_id, sector_id, size, grants, amount)
    select year, province_id, sector_id, size, sum(grants), sum(amount) from ru_grants
    group by year, province_id, sector_id, size`,
  ru_grants_cat: sql`insert into ru_grants_cat (year, province_id, sector_id, category_id, grants, amount)
    select year, province_id, sector_id, category_id, sum(grants), sum(amount) from ru_grants
    group by year, province_id, sector_id, category_id`,
};

/**
 * Recomputes every rollup table from the raw tables in ONE transaction (readers see the old
 * rollups or the new, never a mix), clearing the mark of data written since the last build
 * (`data_writes`). Call after seeding or import.
 */
export async function rebuildRollups(
  db: Kysely<Database>,
  options: RebuildOptions = {},
): Promise<RollupBuildResult> {
  const result = await db.transaction().execute((tx) => rebuildRollupsInTransaction(tx, options));
  forgetRollupState(db);
  const vacuumStarted = performance.now();
  await vacuumRollups(db);
  return { ...result, seconds: result.seconds + (performance.now() - vacuumStarted) / 1000 };
}

/**
 * PostgreSQL: marks the rollup tables' pages all-visible (VACUUM), so reads through their
 * covering lookup indexes are index-only. A rebuild leaves every page unmarked, and where
 * autovacuum is off or has not come round yet each read then fetches its rows from the heap too:
 * at `national` (the coarse tables are as large at `large`) ru_change_ps for one pair of years
 * took 1.8 ms instead of 0.13, ru_units_ps for one year 0.37 instead of 0.14 (EXPLAIN ANALYZE).
 * VACUUM cannot run in a transaction: call it after the rebuild's commits. Cheap when nothing
 * changed since the last one; nothing to do on SQLite.
 */
export async function vacuumRollups(db: Kysely<Database>): Promise<void> {
  if (dialectOf(db) !== 'postgres') return;
  await timed('vacuum rollups', () =>
    sql`vacuum ${sql.join(ROLLUP_TABLES.map((t) => sql.table(t)))}`.execute(db),
  );
}

/**
 * rebuildRollups inside a transaction the caller already holds: the import (issue #7) commits
 * its raw rows and the rollups built from them together. A process serving from another handle
 * calls forgetRollupState on it after the commit.
 */
export async function rebuildRollupsInTransaction(
  tx: Kysely<Database>,
  options: RebuildOptions = {},
): Promise<RollupBuildResult> {
  const started = performance.now();
  const refs = await getReferenceMaps(tx);
  const postgres = dialectOf(tx) === 'postgres';
  const snapshot = options.snapshot ?? defaultSnapshotPath(tx);
  // The pass reads every unit, employment row and disbursed grant: the facts the query workers
  // would read again from the tables come out of the same read.
  const facts = snapshot ? await factsBuilderFor(tx, refs) : null;
  // First: a write another connection commits while this runs leaves its mark again (on
  // PostgreSQL it waits for this transaction to commit), so the next start rebuilds once more.
  await tx.deleteFrom('data_writes').execute();
  const rows: Record<string, number> = {};
  await timed('empty the rollups', async () => {
    for (const table of ROLLUP_TABLES) {
      await (postgres
        ? sql`truncate table ${sql.table(table)}`.execute(tx)
        : sql`delete from ${sql.table(table)}`.execute(tx));
    }
  });
  const io = await rollupIoForRebuild(tx);
  await timed('defer indexes', () => io.deferIndexes(ROLLUP_TABLES));
  // The fine rollups answer what the facts answer, so they are built only where the facts cannot
  // hold the data (too many years or reference members: no builder; an amount past 2^53 − 1:
  // found by the pass, which then starts again with them). At `large` they were about half the
  // rebuild: their aggregation, inserts and indexes.
  const holdable = facts ?? (await factsBuilderFor(tx, refs));
  let withFine = options.fineRollups === 'always' || holdable === null;
  let pass = await fillRollupsInOnePass(tx, io, refs, facts, withFine);
  if (pass.inexact) {
    withFine = true;
    pass = await fillRollupsInOnePass(tx, io, refs, null, true);
  }
  Object.assign(rows, pass.rows);
  for (const [table, fill] of Object.entries(FILL_COARSE)) {
    const result = await timed(`coarse ${table}`, () => fill.execute(tx));
    rows[table] = Number(result.numAffectedRows ?? 0n);
  }
  await timed('restore indexes', () => io.restoreIndexes());
  const meta: Record<string, string> = {
    built_at: new Date().toISOString(),
    definitions: ROLLUP_DEFINITIONS,
    fine_rollups: withFine ? '1' : '0',
  };
  if (pass.years && rows.ru_supported !== undefined) {
    meta.supported_min = String(pass.years.min);
    meta.supported_max = String(pass.years.max);
  }
  if (!postgres) meta.slice_rows = JSON.stringify(await measureSlices(tx));
  await tx.deleteFrom('rollup_meta').execute();
  await tx
    .insertInto('rollup_meta')
    .values(Object.entries(meta).map(([key, value]) => ({ key, value })))
    .execute();
  // Fresh statistics so both planners use the lookup indexes.
  await timed('analyze rollups', async () => {
    for (const table of ROLLUP_TABLES) await sql`analyze ${sql.table(table)}`.execute(tx);
  });
  // PostgreSQL plans the raw reads (impact, the fallback before facts exist) from statistics too,
  // and a seed or import leaves the data tables with none until autovacuum comes round (never when
  // it is off): impact for one size class at `national` then re-scans the grants per unit, > 90 s
  // instead of 0.15 s. A sampled ANALYZE costs seconds even at `large`.
  if (postgres) {
    await timed('analyze data tables', async () => {
      for (const table of BASE_TABLES) await sql`analyze ${sql.table(table)}`.execute(tx);
    });
  }
  // Before the commit, keyed by the new data version: a worker that sees the new version reads
  // it at once. Should the transaction roll back, the version it names never exists and the
  // snapshot is ignored (and rebuilt) like any stale one.
  let written: string | null = null;
  if (snapshot && facts && pass.fedFacts) {
    const built = await withUnitOrder(tx, facts.finish());
    const key = await snapshotKeyOf(tx);
    if (built && key) {
      await timed('write facts snapshot', () => writeFactsSnapshot(snapshot, built, key));
      written = snapshot;
    }
  }
  reportRebuildTimings('rollups');
  return { seconds: (performance.now() - started) / 1000, rows, snapshot: written };
}

/**
 * Drops a handle's cached rollup state and data years (after another connection rebuilt the
 * rollups: a new data version).
 */
export function forgetRollupState(db: Kysely<Database>): void {
  states.delete(db);
  forgetYearBounds(db);
}

import { sql, type Kysely, type Transaction } from 'kysely';
import { dialectOf } from '../db/connect.ts';
import type { Database } from '../db/schema.ts';
import { num, sizeCase } from './metric-sql.ts';
import { getReferenceMaps } from './reference-lookup.ts';
import { ROLLUP_TABLES } from './rollup-catalog.ts';
import { buildSupportedRollups } from './supported-masks.ts';

/** What the navigator needs to know about the rollups of one database. */
export interface RollupState {
  /** Years covered by the supported-units rollups; null when they were skipped. */
  supportedYears: { min: number; max: number } | null;
}

export interface RollupBuildResult {
  seconds: number;
  rows: Record<string, number>;
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
  };
}

/** The rollups' state, or null when none were built (the navigator then reads raw tables). */
export function getRollupState(db: Kysely<Database>): Promise<RollupState | null> {
  let state = states.get(db);
  if (!state) {
    state = readState(db);
    states.set(db, state);
    state.catch(() => states.delete(db));
  }
  return state;
}

/** A cheap fingerprint of the raw data: row counts and newest ids. */
async function dataSignature(db: Kysely<Database> | Transaction<Database>): Promise<string> {
  const { rows } = await sql<Record<string, unknown>>`select
      (select count(*) from units) as units, (select max(id) from units) as unit_max,
      (select count(*) from employment) as employment,
      (select count(*) from grants) as grants, (select max(id) from grants) as grant_max,
      (select count(*) from grants where status = 'disbursed') as disbursed`.execute(db);
  const r = rows[0] ?? {};
  return ['units', 'unit_max', 'employment', 'grants', 'grant_max', 'disbursed']
    .map((k) => String(num(r[k])))
    .join(':');
}

/**
 * True when rollups exist and were built from the data now in the tables (same row counts and
 * newest ids). Anything that writes data must call rebuildRollups afterwards.
 */
export async function rollupsAreFresh(db: Kysely<Database>): Promise<boolean> {
  const row = await db
    .selectFrom('rollup_meta')
    .select('value')
    .where('key', '=', 'signature')
    .executeTakeFirst();
  return row !== undefined && row.value === (await dataSignature(db));
}

const SIZE_E = sizeCase(sql`e.employees`);
const SIZE_E2 = sizeCase(sql`e2.employees`);
const SIZE_EG = sizeCase(sql`eg.employees`);

/** The SQL that fills each rollup from the raw tables or from a finer rollup. */
const FILL: Record<string, ReturnType<typeof sql>> = {
  ru_units: sql`insert into ru_units (year, province_id, park_id, cluster_id, sector_id, size, units, employment)
    select e.year, u.province_id, u.park_id, u.cluster_id, u.sector_id, ${SIZE_E}, count(*), sum(e.employees)
    from units u join employment e on e.unit_id = u.id
    group by e.year, u.province_id, u.park_id, u.cluster_id, u.sector_id, ${SIZE_E}`,
  ru_units_ps: sql`insert into ru_units_ps (year, province_id, sector_id, size, units, employment)
    select year, province_id, sector_id, size, sum(units), sum(employment) from ru_units
    group by year, province_id, sector_id, size`,
  ru_change: sql`insert into ru_change (from_year, to_year, province_id, park_id, cluster_id, sector_id, size, change)
    select e1.year, e2.year, u.province_id, u.park_id, u.cluster_id, u.sector_id, ${SIZE_E2}, sum(e2.employees - e1.employees)
    from units u join employment e2 on e2.unit_id = u.id
      join employment e1 on e1.unit_id = u.id and e1.year < e2.year
    group by e1.year, e2.year, u.province_id, u.park_id, u.cluster_id, u.sector_id, ${SIZE_E2}`,
  ru_change_ps: sql`insert into ru_change_ps (from_year, to_year, province_id, sector_id, size, change)
    select from_year, to_year, province_id, sector_id, size, sum(change) from ru_change
    group by from_year, to_year, province_id, sector_id, size`,
  ru_grants_fine: sql`insert into ru_grants_fine (year, month, province_id, park_id, cluster_id, sector_id, size, category_id, heading_id, grants, amount)
    select g.year, g.month, u.province_id, u.park_id, u.cluster_id, u.sector_id, ${SIZE_EG}, h.category_id, g.heading_id,
      count(*), coalesce(sum(g.disbursed_amount), 0)
    from grants g join units u on u.id = g.unit_id join support_headings h on h.id = g.heading_id
      left join employment eg on eg.unit_id = g.unit_id and eg.year = g.year
    where g.status = 'disbursed'
    group by g.year, g.month, u.province_id, u.park_id, u.cluster_id, u.sector_id, ${SIZE_EG}, h.category_id, g.heading_id`,
  ru_grants: sql`insert into ru_grants (year, province_id, sector_id, size, category_id, heading_id, grants, amount)
    select year, province_id, sector_id, size, category_id, heading_id, sum(grants), sum(amount) from ru_grants_fine
    group by year, province_id, sector_id, size, category_id, heading_id`,
  ru_grants_ps: sql`insert into ru_grants_ps (year, province_id, sector_id, size, grants, amount)
    select year, province_id, sector_id, size, sum(grants), sum(amount) from ru_grants
    group by year, province_id, sector_id, size`,
  ru_grants_park: sql`insert into ru_grants_park (year, province_id, park_id, cluster_id, sector_id, size, grants, amount)
    select year, province_id, park_id, cluster_id, sector_id, size, sum(grants), sum(amount) from ru_grants_fine
    group by year, province_id, park_id, cluster_id, sector_id, size`,
  ru_grants_month: sql`insert into ru_grants_month (year, month, province_id, sector_id, category_id, heading_id, grants, amount)
    select year, month, province_id, sector_id, category_id, heading_id, sum(grants), sum(amount) from ru_grants_fine
    group by year, month, province_id, sector_id, category_id, heading_id`,
};

/**
 * Recomputes every rollup table from the raw tables in ONE transaction (readers see the old
 * rollups or the new, never a mix), then records the data signature. Call after seeding or import.
 */
export async function rebuildRollups(db: Kysely<Database>): Promise<RollupBuildResult> {
  const started = performance.now();
  const refs = await getReferenceMaps(db);
  const postgres = dialectOf(db) === 'postgres';
  const rows: Record<string, number> = {};
  await db.transaction().execute(async (tx) => {
    for (const table of ROLLUP_TABLES) {
      await (postgres
        ? sql`truncate table ${sql.table(table)}`.execute(tx)
        : sql`delete from ${sql.table(table)}`.execute(tx));
    }
    for (const [table, fill] of Object.entries(FILL)) {
      const result = await fill.execute(tx);
      rows[table] = Number(result.numAffectedRows ?? 0n);
    }
    const supported = await buildSupportedRollups(tx, refs);
    Object.assign(rows, supported?.rows ?? {});
    const meta: Record<string, string> = {
      built_at: new Date().toISOString(),
      signature: await dataSignature(tx),
    };
    if (supported) {
      meta.supported_min = String(supported.years.min);
      meta.supported_max = String(supported.years.max);
    }
    await tx.deleteFrom('rollup_meta').execute();
    await tx
      .insertInto('rollup_meta')
      .values(Object.entries(meta).map(([key, value]) => ({ key, value })))
      .execute();
    // Fresh statistics so both planners use the lookup indexes.
    for (const table of ROLLUP_TABLES) await sql`analyze ${sql.table(table)}`.execute(tx);
  });
  states.delete(db);
  return { seconds: (performance.now() - started) / 1000, rows };
}

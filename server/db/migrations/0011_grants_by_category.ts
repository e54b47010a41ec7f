import { SqliteAdapter, sql, type Kysely } from 'kysely';

// Frozen in time: this migration must never import application code.

/**
 * ru_grants_cat: disbursed grants by (year, province, sector, category), summed from ru_grants
 * without its size and heading. The Overview's breakdown by category read all of ru_grants
 * (476,337 rows at `large`: 380–950 ms of SQLite's time on the server's event loop); this table
 * answers it from 11,904 rows (2–9 ms). Filled here from ru_grants when rollups exist, so a
 * database need not rebuild its rollups for it; a rebuild fills it from then on.
 *
 * On SQLite, also records how many rows the largest slice of each rollup table holds (the rows
 * under one value of the index columns every read of it fixes: a year, a pair of years…; by
 * selection kind in the supported-units tables), as
 * server/engine/rollups/rollups.ts does after every rebuild: the planner runs a read that would
 * touch many rows in a query worker instead of on the event loop.
 */

/** Each rollup table and the columns that one slice of it shares (rollup-catalog.ts). */
const SLICES: Record<string, string[]> = {
  ru_units: ['year'],
  ru_units_ps: ['year'],
  ru_change: ['to_year', 'from_year'],
  ru_change_ps: ['to_year', 'from_year'],
  ru_grants: ['year'],
  ru_grants_ps: ['year'],
  ru_grants_cat: ['year'],
  ru_grants_park: ['year'],
  ru_grants_month: ['year'],
  ru_supported: ['from_year', 'to_year', 'sel_kind'],
  ru_supported_quarter: ['sel_kind', 'year'],
  ru_supported_month: ['sel_kind', 'year'],
};

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('ru_grants_cat')
    .addColumn('year', 'integer', (c) => c.notNull())
    .addColumn('province_id', 'integer', (c) => c.notNull())
    .addColumn('sector_id', 'integer', (c) => c.notNull())
    .addColumn('category_id', 'integer', (c) => c.notNull())
    .addColumn('grants', 'integer', (c) => c.notNull())
    .addColumn('amount', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('ru_grants_cat_lookup')
    .on('ru_grants_cat')
    .columns(['year', 'province_id', 'sector_id', 'category_id', 'grants', 'amount'])
    .execute();
  const built = await sql`select 1 from rollup_meta where key = 'built_at'`.execute(db);
  if (built.rows.length === 0) return;
  await sql`insert into ru_grants_cat (year, province_id, sector_id, category_id, grants, amount)
    select year, province_id, sector_id, category_id, sum(grants), sum(amount) from ru_grants
    group by year, province_id, sector_id, category_id`.execute(db);
  await sql`analyze ru_grants_cat`.execute(db);
  if (!(db.getExecutor().adapter instanceof SqliteAdapter)) return;
  const slices: Record<string, number[]> = {};
  for (const [table, cols] of Object.entries(SLICES)) {
    const kind = cols.includes('sel_kind') ? sql.ref('sel_kind') : sql`0`;
    const { rows } = await sql<{ kind: number; n: number }>`select kind, max(n) as n from (
        select ${kind} as kind, count(*) as n from ${sql.table(table)}
        group by ${sql.join(cols.map((c) => sql.ref(c)))}) s group by kind`.execute(db);
    const byKind: number[] = [];
    for (const r of rows) byKind[Number(r.kind)] = Number(r.n);
    slices[table] = Array.from(byKind, (n) => n ?? 0);
  }
  await sql`insert into rollup_meta (key, value) values ('slice_rows', ${JSON.stringify(slices)})`.execute(
    db,
  );
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`delete from rollup_meta where key = 'slice_rows'`.execute(db);
  await db.schema.dropTable('ru_grants_cat').execute();
}

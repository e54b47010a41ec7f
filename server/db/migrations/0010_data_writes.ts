import { PostgresAdapter, sql, type Kysely } from 'kysely';

// Frozen in time: this migration must never import application code.

/** The tables the rollups and the in-memory facts are built from. */
const DATA_TABLES = ['units', 'employment', 'grants', 'parks', 'clusters'];

/**
 * Whether raw data was written since the rollups were last built, kept by the database itself:
 * every insert, update or delete on a data table — through any connection or process — leaves a
 * row in `data_writes`, and a rollup rebuild removes them in its transaction. A start then knows
 * the rollups are current by reading one row, where it used to count the rows of every data
 * table (about a second over the 9.9M grants of `large`).
 * SQLite has only row triggers (they fire for rows actually changed): `insert or ignore` of the
 * one key 0 costs ~3% of a bulk load. PostgreSQL marks once per statement, with the writing
 * transaction's id: a statement fires even when it changes no row (an upsert of a row as it
 * was), so an import that changed nothing removes its own mark and no other.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  const postgres = db.getExecutor().adapter instanceof PostgresAdapter;
  await db.schema
    .createTable('data_writes')
    .addColumn('tx', 'bigint', (c) => c.primaryKey())
    .execute();
  if (postgres) {
    // The function writes into the schema of the table that fired it (tests use a schema each).
    await sql`create function hemayat_mark_data_write() returns trigger language plpgsql as $$
      begin
        execute format('insert into %I.data_writes (tx) values (txid_current()) on conflict do nothing', tg_table_schema);
        return null;
      end $$`.execute(db);
    for (const table of DATA_TABLES) {
      await sql`create trigger ${sql.id(`data_writes_${table}`)}
        after insert or update or delete or truncate on ${sql.table(table)}
        for each statement execute function hemayat_mark_data_write()`.execute(db);
    }
  } else {
    for (const table of DATA_TABLES) {
      for (const op of ['insert', 'update', 'delete']) {
        await sql`create trigger ${sql.id(`data_writes_${table}_${op}`)}
          after ${sql.raw(op)} on ${sql.table(table)}
          begin insert or ignore into data_writes (tx) values (0); end`.execute(db);
      }
    }
  }
  // A database from before: its rollups are current only if they match the row-count signature
  // they were checked by until now (counted once, here), and then of the definitions it names;
  // otherwise the next start rebuilds them.
  if (await matchesOldSignature(db)) {
    await sql`insert into rollup_meta (key, value) values ('definitions', 'v2')`.execute(db);
  } else {
    await sql`insert into data_writes (tx) values (0)`.execute(db);
  }
}

async function matchesOldSignature(db: Kysely<unknown>): Promise<boolean> {
  const stored = await sql<{ value: string }>`select value from rollup_meta
    where key = 'signature'`.execute(db);
  const signature = stored.rows[0]?.value;
  if (signature === undefined) return false;
  const { rows } = await sql<Record<string, unknown>>`select
      (select count(*) from units) as units, (select max(id) from units) as unit_max,
      (select count(*) from employment) as employment,
      (select count(*) from grants) as grants, (select max(id) from grants) as grant_max,
      (select count(*) from grants where status = 'disbursed') as disbursed`.execute(db);
  const r = rows[0] ?? {};
  const counts = ['units', 'unit_max', 'employment', 'grants', 'grant_max', 'disbursed'];
  // "v2:" + the counts, as server/engine/rollups/rollups.ts wrote it (null max ids as "0").
  const now = counts.map((k) => String(r[k] == null ? 0 : Number(r[k]))).join(':');
  return signature === `v2:${now}`;
}

export async function down(db: Kysely<unknown>): Promise<void> {
  const postgres = db.getExecutor().adapter instanceof PostgresAdapter;
  for (const table of DATA_TABLES) {
    if (postgres) {
      await sql`drop trigger ${sql.id(`data_writes_${table}`)} on ${sql.table(table)}`.execute(db);
    } else {
      for (const op of ['insert', 'update', 'delete']) {
        await sql`drop trigger ${sql.id(`data_writes_${table}_${op}`)}`.execute(db);
      }
    }
  }
  if (postgres) await sql`drop function hemayat_mark_data_write()`.execute(db);
  await db.schema.dropTable('data_writes').execute();
  // Rollups built since are checked by their signature again: none, so the next start rebuilds.
  await sql`delete from rollup_meta where key = 'definitions'`.execute(db);
}

import { sql, type Kysely, type Transaction } from 'kysely';
import type SQLite from 'better-sqlite3';
import type pg from 'pg';
import { sqliteHandleOf } from '../../db/connect.ts';
import { copyRowsIn, copyRowsOut, pgClientOf } from '../../db/pg-bulk.ts';
import type { Database } from '../../db/schema.ts';

type Db = Kysely<Database> | Transaction<Database>;
export type Value = number | bigint | null;

/**
 * The reads and writes of a rollup rebuild. SQLite goes straight to better-sqlite3 (positional
 * rows, one prepared insert, lookup indexes dropped while the tables fill and rebuilt after):
 * at 10M grants Kysely's per-row objects and per-chunk statement preparation cost minutes.
 * PostgreSQL goes through Kysely with multi-row inserts. Both run in the caller's transaction.
 */
export interface RollupIo {
  /** `[id, province_id, park_id, cluster_id, sector_id]` of units with lo ≤ id < hi, by id. */
  units(lo: number, hi: number): Promise<unknown[][]>;
  /** `[unit_id, year, employees]`, by unit then year. */
  employment(lo: number, hi: number): Promise<unknown[][]>;
  /** `[unit_id, heading_id, year, month, disbursed_amount]` of disbursed grants, by unit. */
  grants(lo: number, hi: number): Promise<unknown[][]>;
  insert(
    table: string,
    columns: readonly string[],
    rows: Iterable<readonly Value[]>,
  ): Promise<number>;
  /**
   * The same rows as units / employment / grants, streamed where the driver can (SQLite: an
   * open cursor, nothing materialised; several may be open at once).
   */
  stream(
    kind: 'units' | 'employment' | 'grants',
    lo: number,
    hi: number,
  ): Promise<Iterable<unknown[]>>;
  /**
   * The reads return before their rows are in (PostgreSQL): the pass starts the next batch's
   * while it sums one. Not where they run at once (SQLite).
   */
  readonly readsAhead: boolean;
  /** Drops the secondary indexes of `tables` until restoreIndexes (a no-op through Kysely). */
  deferIndexes(tables: readonly string[]): Promise<void>;
  restoreIndexes(): Promise<void>;
}

const UNITS =
  'select id, province_id, park_id, cluster_id, sector_id from units where id >= ? and id < ? order by id';
const EMPLOYMENT =
  'select unit_id, year, employees from employment where unit_id >= ? and unit_id < ? order by unit_id, year';
// `+status`: not through the covering index that leads with status (grants_disbursed_cover),
// which SQLite picks and then scans every disbursed grant for each batch and sorts the batch's;
// the unit index reads the batch's range in order instead (at `large`, 3 batches: 3.1-3.2 s of
// CPU -> 1.4-1.5 s).
const GRANTS = `select unit_id, heading_id, year, month, disbursed_amount from grants
  where +status = 'disbursed' and unit_id >= ? and unit_id < ? order by unit_id`;

/** Rows per prepared insert on SQLite (at 8 columns, 512 parameters: far below its limit). */
const SQLITE_ROWS_PER_INSERT = 64;

class SqliteRollupIo implements RollupIo {
  readonly readsAhead = false;
  private readonly statements = new Map<string, SQLite.Statement>();
  private readonly deferred: string[] = [];

  constructor(private readonly conn: SQLite.Database) {}

  private read(query: string, lo: number, hi: number): Promise<unknown[][]> {
    return Promise.resolve(this.statement(query).all(lo, hi) as unknown[][]);
  }

  private statement(query: string): SQLite.Statement {
    let statement = this.statements.get(query);
    if (!statement) {
      statement = this.conn.prepare(query).raw(true);
      this.statements.set(query, statement);
    }
    return statement;
  }

  stream(kind: 'units' | 'employment' | 'grants', lo: number, hi: number) {
    const query = kind === 'units' ? UNITS : kind === 'employment' ? EMPLOYMENT : GRANTS;
    return Promise.resolve(this.statement(query).iterate(lo, hi) as Iterable<unknown[]>);
  }

  units(lo: number, hi: number) {
    return this.read(UNITS, lo, hi);
  }
  employment(lo: number, hi: number) {
    return this.read(EMPLOYMENT, lo, hi);
  }
  grants(lo: number, hi: number) {
    return this.read(GRANTS, lo, hi);
  }

  /**
   * Rows go SQLITE_ROWS_PER_INSERT at a time through one prepared multi-row statement (the
   * remainder one by one): a statement's run costs more than its rows.
   */
  insert(table: string, columns: readonly string[], rows: Iterable<readonly Value[]>) {
    const prefix = `insert into "${table}" (${columns.map((c) => `"${c}"`).join(', ')}) values `;
    const tuple = `(${columns.map(() => '?').join(', ')})`;
    const many = this.conn.prepare(prefix + Array(SQLITE_ROWS_PER_INSERT).fill(tuple).join(', '));
    const one = this.conn.prepare(prefix + tuple);
    const width = columns.length;
    const values: Value[] = new Array<Value>(width * SQLITE_ROWS_PER_INSERT);
    let filled = 0;
    let count = 0;
    for (const row of rows) {
      for (let c = 0; c < width; c++) values[filled * width + c] = row[c] ?? null;
      count++;
      if (++filled === SQLITE_ROWS_PER_INSERT) {
        many.run(values);
        filled = 0;
      }
    }
    for (let r = 0; r < filled; r++) one.run(values.slice(r * width, (r + 1) * width));
    return Promise.resolve(count);
  }

  deferIndexes(tables: readonly string[]) {
    const list = this.conn.prepare(
      "select name, sql from sqlite_master where type = 'index' and tbl_name = ? and sql is not null",
    );
    for (const table of tables) {
      for (const index of list.all(table) as { name: string; sql: string }[]) {
        this.conn.exec(`drop index "${index.name}"`);
        this.deferred.push(index.sql);
      }
    }
    return Promise.resolve();
  }

  restoreIndexes() {
    for (const ddl of this.deferred.splice(0)) this.conn.exec(ddl);
    return Promise.resolve();
  }
}

const INSERT_CHUNK = 2_000;

class KyselyRollupIo implements RollupIo {
  readonly readsAhead = false;
  constructor(private readonly db: Db) {}

  private async read(query: ReturnType<typeof sql>): Promise<unknown[][]> {
    const { rows } = await query.execute(this.db);
    return (rows as Record<string, unknown>[]).map((r) => Object.values(r));
  }

  units(lo: number, hi: number) {
    return this.read(sql`select id, province_id, park_id, cluster_id, sector_id from units
      where id >= ${lo} and id < ${hi} order by id`);
  }
  employment(lo: number, hi: number) {
    return this.read(sql`select unit_id, year, employees from employment
      where unit_id >= ${lo} and unit_id < ${hi} order by unit_id, year`);
  }
  grants(lo: number, hi: number) {
    return this.read(sql`select unit_id, heading_id, year, month, disbursed_amount from grants
      where status = 'disbursed' and unit_id >= ${lo} and unit_id < ${hi} order by unit_id`);
  }

  stream(kind: 'units' | 'employment' | 'grants', lo: number, hi: number) {
    return kind === 'units'
      ? this.units(lo, hi)
      : kind === 'employment'
        ? this.employment(lo, hi)
        : this.grants(lo, hi);
  }

  /** Multi-row inserts of integers built as SQL text (every value is a number we computed). */
  async insert(table: string, columns: readonly string[], rows: Iterable<readonly Value[]>) {
    let chunk: string[] = [];
    let count = 0;
    const flush = async () => {
      if (chunk.length === 0) return;
      await sql`insert into ${sql.table(table)} (${sql.join(columns.map((c) => sql.ref(c)))}) values ${sql.raw(chunk.join(','))}`.execute(
        this.db,
      );
      chunk = [];
    };
    for (const row of rows) {
      chunk.push(`(${row.map((v) => (v === null ? 'null' : String(v))).join(',')})`);
      count++;
      if (chunk.length >= INSERT_CHUNK) await flush();
    }
    await flush();
    return count;
  }

  deferIndexes() {
    return Promise.resolve();
  }
  restoreIndexes() {
    return Promise.resolve();
  }
}

/**
 * PostgreSQL inside a transaction, on its raw client (pg-bulk.ts): reads by COPY TO STDOUT, writes
 * by COPY FROM STDIN. At `large` the 1.3M rollup rows as multi-row INSERT text cost ~4 µs each.
 */
class PgRollupIo implements RollupIo {
  readonly readsAhead = true;
  private readonly deferred: string[] = [];
  // One statement at a time: pg queues concurrent ones on a client but deprecates doing so.
  private queue: Promise<unknown> = Promise.resolve();

  constructor(private readonly client: pg.ClientBase) {}

  /** `text` with its $1 and $2 replaced by lo and hi (integers we computed) read by COPY. */
  private read(text: string, lo: number, hi: number): Promise<unknown[][]> {
    if (!Number.isSafeInteger(lo) || !Number.isSafeInteger(hi)) throw new Error('unit bounds');
    const select = text.replace('$1', String(lo)).replace('$2', String(hi));
    const rows = this.queue.then(() => copyRowsOut(this.client, select));
    this.queue = rows.catch(() => undefined);
    return rows;
  }

  units(lo: number, hi: number) {
    return this.read(PG_UNITS, lo, hi);
  }
  employment(lo: number, hi: number) {
    return this.read(PG_EMPLOYMENT, lo, hi);
  }
  grants(lo: number, hi: number) {
    return this.read(PG_GRANTS, lo, hi);
  }
  stream(kind: 'units' | 'employment' | 'grants', lo: number, hi: number) {
    return kind === 'units'
      ? this.units(lo, hi)
      : kind === 'employment'
        ? this.employment(lo, hi)
        : this.grants(lo, hi);
  }
  async insert(table: string, columns: readonly string[], rows: Iterable<readonly Value[]>) {
    await this.queue;
    return copyRowsIn(this.client, table, columns, rows);
  }

  /**
   * As on SQLite: one sorted build per index after the load instead of a b-tree insert per
   * row. Transactional on PostgreSQL, and no reader waits longer for it: the TRUNCATE before
   * already holds each table's exclusive lock until the commit. Unique indexes stay.
   */
  async deferIndexes(tables: readonly string[]) {
    const { rows } = await this.client.query<{ name: string; ddl: string }>(
      `select c.relname as name, pg_get_indexdef(i.indexrelid) as ddl
       from pg_index i join pg_class c on c.oid = i.indexrelid
         join pg_class t on t.oid = i.indrelid join pg_namespace n on n.oid = t.relnamespace
       where n.nspname = current_schema() and t.relname = any($1)
         and not i.indisunique and not i.indisprimary`,
      [[...tables]],
    );
    for (const { name, ddl } of rows) {
      await this.client.query(`drop index "${name.replaceAll('"', '""')}"`);
      this.deferred.push(ddl);
    }
  }
  async restoreIndexes() {
    for (const ddl of this.deferred.splice(0)) await this.client.query(ddl);
  }
}

const PG_UNITS = UNITS.replace('id >= ? and id < ?', 'id >= $1 and id < $2');
const PG_EMPLOYMENT = EMPLOYMENT.replace(
  'unit_id >= ? and unit_id < ?',
  'unit_id >= $1 and unit_id < $2',
);
const PG_GRANTS = `select unit_id, heading_id, year, month, disbursed_amount from grants
  where status = 'disbursed' and unit_id >= $1 and unit_id < $2 order by unit_id`;

/**
 * The io of a rebuild in transaction `tx`: as rollupIoFor, but on PostgreSQL through the raw
 * client where the handle allows (PgRollupIo).
 */
export async function rollupIoForRebuild(tx: Db): Promise<RollupIo> {
  if (sqliteHandleOf(tx)) return rollupIoFor(tx);
  const client = await pgClientOf(tx);
  return client ? new PgRollupIo(client) : new KyselyRollupIo(tx);
}

export function rollupIoFor(db: Db): RollupIo {
  const handle = sqliteHandleOf(db);
  return handle ? new SqliteRollupIo(handle) : new KyselyRollupIo(db);
}

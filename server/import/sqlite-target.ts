import SQLite from 'better-sqlite3';
import type { Kysely } from 'kysely';
import { kyselyOverSqlite } from '../db/connect.ts';
import type { Database } from '../db/schema.ts';
import type { ImportTarget } from './target.ts';
import { BitSet, employmentSlot, type PendingRow, type WriteSpec } from './write-specs.ts';

/**
 * Rows per multi-row insert. One statement for 50 new rows costs about half as much per row as
 * 50 single-row upserts (binding and VM start-up are per statement); SQLite keeps the limit of
 * 32,766 parameters far away.
 */
const FAST_ROWS = 50;

interface Statements {
  /** FAST_ROWS rows in one plain insert: fails as a whole on any existing key. */
  insertMany: SQLite.Statement | null;
  insertManyParams: unknown[];
  /** Batches left before the next multi-row attempt (after one met an existing key). */
  skipMany: number;
  skipAfterMiss: number;
  insert: SQLite.Statement;
  select: SQLite.Statement;
  update: SQLite.Statement;
  next: number;
  touched: BitSet;
}

/**
 * Writes an import through its own better-sqlite3 connection on the database file, inside one
 * `BEGIN IMMEDIATE` transaction. The serving connection keeps reading the last committed
 * snapshot (WAL) until the commit, and a killed process leaves only uncommitted WAL frames,
 * which SQLite discards: the file is exactly as before.
 */
export class SqliteTarget implements ImportTarget {
  readonly dialect = 'sqlite' as const;
  readonly db: Kysely<Database>;
  private readonly conn: SQLite.Database;
  private readonly statements = new Map<string, Statements>();
  private open = false;
  private committed = false;
  private readonly deferred: string[] = [];

  constructor(path: string) {
    this.conn = new SQLite(path, { fileMustExist: true });
    this.conn.pragma('journal_mode = WAL');
    this.conn.pragma('synchronous = NORMAL');
    // Every unit, heading, park and cluster a row names was resolved against this transaction's
    // own rows before the row reached the writer, so SQLite's foreign-key probes (a B-tree
    // lookup per reference, a third of a grant insert's cost) would only repeat that check.
    // The import tests run `foreign_key_check` after every kind of import.
    this.conn.pragma('foreign_keys = OFF');
    this.conn.pragma('busy_timeout = 10000');
    this.conn.pragma('cache_size = -262144'); // 256 MiB: big imports touch many index pages
    this.conn.pragma('temp_store = MEMORY');
    this.db = kyselyOverSqlite(this.conn);
  }

  begin(): Promise<void> {
    this.conn.exec('BEGIN IMMEDIATE');
    this.open = true;
    return Promise.resolve();
  }

  commit(): Promise<void> {
    this.conn.exec('COMMIT');
    this.open = false;
    this.committed = true;
    return Promise.resolve();
  }

  rollback(): Promise<void> {
    if (this.open) this.conn.exec('ROLLBACK');
    this.open = false;
    return Promise.resolve();
  }

  async close(): Promise<void> {
    await this.rollback();
    // A large import leaves a WAL as big as everything it wrote (200 MB at 500k rows), which
    // SQLite only truncates when no connection reads it: copy it into the database and truncate
    // it now. Readers still on an older snapshot (a long export) leave part of it; the next
    // import, or the next start, finishes the job.
    if (this.committed) {
      try {
        this.conn.pragma('wal_checkpoint(TRUNCATE)');
      } catch (error) {
        console.error('[import] WAL checkpoint after the import failed:', error);
      }
    }
    await this.db.destroy(); // closes the connection
  }

  deferIndexes(table: string): Promise<void> {
    const indexes = this.conn
      .prepare(
        "select name, sql from sqlite_master where type = 'index' and tbl_name = ? and sql is not null",
      )
      .all(table) as { name: string; sql: string }[];
    for (const index of indexes) {
      if (/^\s*create\s+unique/i.test(index.sql)) continue;
      this.conn.exec(`drop index "${index.name.replace(/"/g, '""')}"`);
      this.deferred.push(index.sql);
    }
    return Promise.resolve();
  }

  restoreIndexes(): Promise<void> {
    for (const ddl of this.deferred.splice(0)) this.conn.exec(ddl);
    return Promise.resolve();
  }

  settleRollups(): Promise<void> {
    return Promise.resolve();
  }

  eachRow(query: string, onRow: (row: unknown[]) => void): Promise<void> {
    for (const row of this.conn.prepare(query).raw().iterate()) onRow(row as unknown[]);
    return Promise.resolve();
  }

  exec(query: string): Promise<void> {
    this.conn.exec(query);
    return Promise.resolve();
  }

  private statementsFor(spec: WriteSpec): Statements {
    let s = this.statements.get(spec.table);
    if (s) return s;
    const all = [...(spec.hasId ? ['id'] : []), ...spec.key, ...spec.columns];
    const keyWhere = spec.key.map((k) => `${k} = ?`).join(' and ');
    const idOrKey = spec.hasId ? 'id = ?' : keyWhere;
    const next = spec.hasId
      ? Number(
          (this.conn.prepare(`select coalesce(max(id), 0) + 1 from ${spec.table}`).pluck().get() as
            number | bigint) ?? 1,
        )
      : 0;
    const oneRow = `(${all.map(() => '?').join(', ')})`;
    s = {
      insertMany: spec.renameOnly
        ? null
        : this.conn.prepare(
            `insert into ${spec.table} (${all.join(', ')}) values ${Array<string>(FAST_ROWS).fill(oneRow).join(', ')}`,
          ),
      insertManyParams: new Array<unknown>(all.length * FAST_ROWS),
      skipMany: 0,
      skipAfterMiss: 1,
      insert: this.conn.prepare(
        `insert into ${spec.table} (${all.join(', ')}) values (${all.map(() => '?').join(', ')})
         on conflict (${spec.key.join(', ')}) do nothing`,
      ),
      select: this.conn
        .prepare(
          `select ${[...(spec.hasId ? ['id'] : spec.key), ...spec.columns].join(', ')} from ${spec.table} where ${keyWhere}`,
        )
        .raw(),
      update: this.conn.prepare(
        `update ${spec.table} set ${spec.columns.map((c) => `${c} = ?`).join(', ')} where ${idOrKey}`,
      ),
      next,
      touched: new BitSet(),
    };
    this.statements.set(spec.table, s);
    return s;
  }

  write(spec: WriteSpec, rows: PendingRow[]): Promise<void> {
    const s = this.statementsFor(spec);
    const keyCount = spec.key.length;
    const offset = spec.hasId ? 1 + keyCount : keyCount; // first non-key column in values
    let start = 0;
    while (s.insertMany && rows.length - start >= FAST_ROWS) {
      if (s.skipMany > 0) {
        s.skipMany--;
        break;
      }
      if (!this.insertAllNew(s, spec, rows, start)) {
        // Some key exists already (a re-import, or a duplicate in the file): the rows go one by
        // one, and the next batches too, for longer after every miss.
        s.skipMany = s.skipAfterMiss;
        s.skipAfterMiss = Math.min(s.skipAfterMiss * 2, 1024);
        break;
      }
      s.skipAfterMiss = 1;
      start += FAST_ROWS;
    }
    for (let ri = start; ri < rows.length; ri++) {
      const r = rows[ri] as PendingRow;
      const v = r.values;
      if (!spec.renameOnly) {
        if (spec.hasId) v[0] = s.next;
        if (s.insert.run(v).changes === 1) {
          if (spec.hasId) s.touched.testAndSet(s.next++);
          else s.touched.testAndSet(employmentSlot(v));
          r.outcome = 'inserted';
          continue;
        }
      }
      const keyValues = v.slice(spec.hasId ? 1 : 0, offset);
      const existing = s.select.get(keyValues) as unknown[] | undefined;
      if (!existing) throw new Error(`${spec.table}: row ${r.label} neither inserted nor found`);
      if (spec.hasId) v[0] = existing[0]; // later files name this row by its real id
      const slot = spec.hasId ? (existing[0] as number) : employmentSlot(v);
      if (s.touched.testAndSet(slot)) {
        r.outcome = 'duplicate';
        continue;
      }
      const base = spec.hasId ? 1 : keyCount; // first non-key column in `existing`
      let same = true;
      for (let i = 0; i < spec.columns.length; i++) {
        if (existing[base + i] !== v[offset + i]) {
          same = false;
          break;
        }
      }
      if (same) {
        r.outcome = 'unchanged';
        continue;
      }
      const params = v.slice(offset);
      if (spec.hasId) params.push(existing[0]);
      else params.push(...keyValues);
      s.update.run(params);
      r.outcome = 'updated';
    }
    return Promise.resolve();
  }

  /**
   * Inserts rows[start, start + FAST_ROWS) in one statement when none of their keys exists yet.
   * Returns false, having written nothing (SQLite undoes a failed statement as a whole), when
   * one does.
   */
  private insertAllNew(s: Statements, spec: WriteSpec, rows: PendingRow[], start: number): boolean {
    const params = s.insertManyParams;
    const width = params.length / FAST_ROWS;
    const first = s.next;
    let k = 0;
    for (let i = start; i < start + FAST_ROWS; i++) {
      const v = (rows[i] as PendingRow).values;
      if (spec.hasId) v[0] = first + (i - start);
      for (let j = 0; j < width; j++) params[k++] = v[j];
    }
    try {
      (s.insertMany as SQLite.Statement).run(params);
    } catch (error) {
      const existingKey =
        error instanceof SQLite.SqliteError &&
        (error.code === 'SQLITE_CONSTRAINT_UNIQUE' ||
          error.code === 'SQLITE_CONSTRAINT_PRIMARYKEY');
      if (existingKey) return false;
      throw error;
    }
    for (let i = start; i < start + FAST_ROWS; i++) {
      const r = rows[i] as PendingRow;
      if (spec.hasId) s.touched.testAndSet(s.next++);
      else s.touched.testAndSet(employmentSlot(r.values));
      r.outcome = 'inserted';
    }
    return true;
  }
}

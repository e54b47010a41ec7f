import SQLite from 'better-sqlite3';
import type { Kysely } from 'kysely';
import { kyselyOverSqlite } from '../db/connect.ts';
import type { Database } from '../db/schema.ts';
import type { ImportTarget } from './target.ts';
import { BitSet, employmentSlot, type PendingRow, type WriteSpec } from './write-specs.ts';

interface Statements {
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
  private readonly deferred: string[] = [];

  constructor(path: string) {
    this.conn = new SQLite(path, { fileMustExist: true });
    this.conn.pragma('journal_mode = WAL');
    this.conn.pragma('synchronous = NORMAL');
    this.conn.pragma('foreign_keys = ON');
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
    return Promise.resolve();
  }

  rollback(): Promise<void> {
    if (this.open) this.conn.exec('ROLLBACK');
    this.open = false;
    return Promise.resolve();
  }

  async close(): Promise<void> {
    await this.rollback();
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
    s = {
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
    for (const r of rows) {
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
}

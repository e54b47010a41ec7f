import { statSync } from 'node:fs';
import SQLite from 'better-sqlite3';
import { COLUMNS, DATA_TABLES, type DataTable, type Row } from './tables.ts';
import type { BulkWriter } from './writer.ts';

/**
 * better-sqlite3 with prepared statements and one transaction per batch: the fastest way to load
 * SQLite. WAL stays on; synchronous is relaxed while loading (a crash can lose only the last
 * uncommitted batches, and an unfinished seed is recognised by its missing `seeded_at`), then
 * restored.
 */
export function sqliteWriter(path: string): BulkWriter {
  const db = new SQLite(path);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = OFF');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  db.pragma('cache_size = -65536'); // 64 MiB; secondary indexes are built after the load
  const insert = Object.fromEntries(
    DATA_TABLES.map((t) => {
      const cols = COLUMNS[t];
      return [
        t,
        db.prepare(
          `insert into ${t} (${cols.join(', ')}) values (${cols.map(() => '?').join(', ')})`,
        ),
      ];
    }),
  ) as Record<DataTable, SQLite.Statement>;
  const writeRows = db.transaction((rows: Partial<Record<DataTable, Row[]>>) => {
    for (const t of DATA_TABLES) for (const row of rows[t] ?? []) insert[t].run(row);
  });
  const writeMeta = db.transaction((entries: Record<string, string>) => {
    const upsert = db.prepare(
      'insert into dataset_meta (key, value) values (?, ?) on conflict (key) do update set value = excluded.value',
    );
    for (const [k, v] of Object.entries(entries)) upsert.run(k, v);
  });
  const clear = db.transaction(() => {
    db.prepare("delete from dataset_meta where key <> 'seed_deferred_indexes'").run();
    for (const t of [...DATA_TABLES].reverse()) db.prepare(`delete from ${t}`).run();
  });

  // Building an index once after the load is far faster than keeping it ordered row by row (at
  // `large`, random inserts into grants_status_year would otherwise thrash the page cache).
  const deferIndexes = db.transaction(() => {
    const tables = DATA_TABLES.map((t) => `'${t}'`).join(', ');
    const indexes = db
      .prepare(
        `select name, sql from sqlite_master where type = 'index' and sql is not null and tbl_name in (${tables}) order by name`,
      )
      .all() as { name: string; sql: string }[];
    writeMeta({ seed_deferred_indexes: JSON.stringify(indexes.map((i) => i.sql)) });
    for (const i of indexes) db.prepare(`drop index "${i.name}"`).run();
  });
  const restoreIndexes = db.transaction(() => {
    const saved = db
      .prepare("select value from dataset_meta where key = 'seed_deferred_indexes'")
      .get() as { value: string } | undefined;
    if (!saved) return;
    for (const statement of JSON.parse(saved.value) as string[]) {
      db.prepare(
        statement.replace(/^create (unique )?index /i, 'create $1index if not exists '),
      ).run();
    }
    db.prepare("delete from dataset_meta where key = 'seed_deferred_indexes'").run();
  });

  return {
    deferIndexes: () => Promise.resolve(deferIndexes()),
    restoreIndexes: () => Promise.resolve(restoreIndexes()),
    unitCount: () =>
      Promise.resolve((db.prepare('select count(*) as n from units').get() as { n: number }).n),
    meta: (key) =>
      Promise.resolve(
        (
          db.prepare('select value from dataset_meta where key = ?').get(key) as
            { value: string } | undefined
        )?.value ?? null,
      ),
    clearData: () => Promise.resolve(clear()),
    writeBatch: (rows) => Promise.resolve(writeRows(rows)),
    writeMeta: (entries) => Promise.resolve(writeMeta(entries)),
    sizeBytes: () => {
      db.pragma('wal_checkpoint(TRUNCATE)');
      return Promise.resolve(statSync(path).size);
    },
    close: () => {
      db.pragma('synchronous = NORMAL');
      db.pragma('optimize');
      db.pragma('wal_checkpoint(TRUNCATE)');
      db.close();
      return Promise.resolve();
    },
  };
}

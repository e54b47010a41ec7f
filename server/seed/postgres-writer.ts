import pg from 'pg';
import { COLUMNS, DATA_TABLES, type DataTable, type Row } from './tables.ts';
import type { BulkWriter } from './writer.ts';

/** PostgreSQL's bind-parameter limit is 65,535 per statement. */
const MAX_PARAMS = 60_000;

/** Multi-row INSERTs through one `pg` client, one transaction per batch. */
export async function postgresWriter(url: string, schema?: string): Promise<BulkWriter> {
  const client = new pg.Client({
    connectionString: url,
    ...(schema ? { options: `-c search_path=${schema}` } : {}),
  });
  await client.connect();

  async function inTransaction(work: () => Promise<void>): Promise<void> {
    await client.query('begin');
    try {
      await work();
      await client.query('commit');
    } catch (error) {
      await client.query('rollback');
      throw error;
    }
  }

  async function insert(table: DataTable, rows: Row[]): Promise<void> {
    const cols = COLUMNS[table];
    const perStatement = Math.floor(MAX_PARAMS / cols.length);
    for (let start = 0; start < rows.length; start += perStatement) {
      const chunk = rows.slice(start, start + perStatement);
      const values: (string | number | null)[] = [];
      const tuples = chunk.map((row) => {
        const marks = row.map((v) => {
          values.push(v);
          return `$${values.length}`;
        });
        return `(${marks.join(',')})`;
      });
      await client.query(
        `insert into ${table} (${cols.join(',')}) values ${tuples.join(',')}`,
        values,
      );
    }
  }

  return {
    async unitCount() {
      const r = await client.query<{ n: string }>('select count(*) as n from units');
      return Number(r.rows[0]?.n ?? 0);
    },
    async meta(key) {
      const r = await client.query<{ value: string }>(
        'select value from dataset_meta where key = $1',
        [key],
      );
      return r.rows[0]?.value ?? null;
    },
    // Multi-row INSERTs are the bottleneck on PostgreSQL, not index upkeep: keep the indexes.
    deferIndexes: () => Promise.resolve(),
    restoreIndexes: () => Promise.resolve(),
    clearData: () =>
      inTransaction(async () => {
        await client.query('delete from dataset_meta');
        for (const t of [...DATA_TABLES].reverse()) await client.query(`delete from ${t}`);
      }),
    writeBatch: (rows) =>
      inTransaction(async () => {
        for (const t of DATA_TABLES) if (rows[t]?.length) await insert(t, rows[t]);
      }),
    writeMeta: (entries) =>
      inTransaction(async () => {
        for (const [k, v] of Object.entries(entries)) {
          await client.query(
            'insert into dataset_meta (key, value) values ($1, $2) on conflict (key) do update set value = excluded.value',
            [k, v],
          );
        }
      }),
    sizeBytes: () => Promise.resolve(null),
    close: () => client.end(),
  };
}

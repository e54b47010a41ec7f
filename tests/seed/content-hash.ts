import { createHash } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import type { Database } from '../../server/db/schema.ts';
import { COLUMNS, DATA_TABLES, type DataTable } from '../../server/seed/tables.ts';

const ORDER: Record<DataTable, string> = {
  parks: 'id',
  clusters: 'id',
  units: 'id',
  employment: 'unit_id, year',
  grants: 'id',
  targets: 'id',
};

/** SHA-256 of every row of a data table, in key order, with values normalised across dialects. */
export async function tableHash(db: Kysely<Database>, table: DataTable): Promise<string> {
  const cols = COLUMNS[table];
  const result = await sql<
    Record<string, unknown>
  >`select ${sql.raw(cols.join(', '))} from ${sql.table(table)} order by ${sql.raw(ORDER[table])}`.execute(
    db,
  );
  const hash = createHash('sha256');
  for (const row of result.rows) {
    hash.update(JSON.stringify(cols.map((c) => normalise(row[c]))));
    hash.update('\n');
  }
  return hash.digest('hex');
}

/** Hash of every data table. */
export async function contentHashes(db: Kysely<Database>): Promise<Record<DataTable, string>> {
  const out = {} as Record<DataTable, string>;
  for (const t of DATA_TABLES) out[t] = await tableHash(db, t);
  return out;
}

function normalise(v: unknown): unknown {
  if (typeof v === 'bigint') return Number(v);
  if (typeof v === 'string' && /^-?\d+$/.test(v) && v.length < 16) return Number(v);
  return v;
}

import { sql, type ControlledTransaction, type Kysely, type RawBuilder } from 'kysely';
import { openDatabase } from '../db/connect.ts';
import type { Database } from '../db/schema.ts';
import { vacuumRollups } from '../engine/rollups/rollups.ts';
import type { ImportTarget } from './target.ts';
import { BitSet, employmentSlot, type PendingRow, type WriteSpec } from './write-specs.ts';

interface TableState {
  next: number;
  touched: BitSet;
}

/**
 * Writes an import in one PostgreSQL transaction: each batch is one multi-row
 * `insert … on conflict do nothing returning`, then the rows that already existed are fetched
 * in one query and compared, and only those that differ are updated.
 */
export class PgTarget implements ImportTarget {
  readonly dialect = 'postgres' as const;
  private readonly pool: Kysely<Database>;
  private trx: ControlledTransaction<Database> | null = null;
  private readonly state = new Map<string, TableState>();

  constructor(url: string, schema?: string) {
    this.pool = openDatabase(url, schema ? { schema } : {});
  }

  get db(): Kysely<Database> {
    if (!this.trx) throw new Error('import transaction not started');
    return this.trx;
  }

  async begin(): Promise<void> {
    this.trx = await this.pool.startTransaction().execute();
  }

  async commit(): Promise<void> {
    await this.trx?.commit().execute();
    this.trx = null;
  }

  async rollback(): Promise<void> {
    if (this.trx && !this.trx.isCommitted && !this.trx.isRolledBack)
      await this.trx.rollback().execute();
    this.trx = null;
  }

  async close(): Promise<void> {
    await this.rollback();
    await this.pool.destroy();
  }

  // PostgreSQL maintains indexes fast enough in bulk; its path is for moderate imports.
  deferIndexes(): Promise<void> {
    return Promise.resolve();
  }

  restoreIndexes(): Promise<void> {
    return Promise.resolve();
  }

  settleRollups(): Promise<void> {
    return vacuumRollups(this.pool);
  }

  async eachRow(query: string, onRow: (row: unknown[]) => void): Promise<void> {
    const result = await sql.raw<Record<string, unknown>>(query).execute(this.db);
    for (const row of result.rows) onRow(Object.values(row));
  }

  async exec(query: string): Promise<void> {
    await sql.raw(query).execute(this.db);
  }

  private async stateFor(spec: WriteSpec): Promise<TableState> {
    let s = this.state.get(spec.table);
    if (s) return s;
    let next = 0;
    if (spec.hasId) {
      const r = await sql<{
        next: number;
      }>`select coalesce(max(id), 0) + 1 as next from ${sql.table(spec.table)}`.execute(this.db);
      next = Number(r.rows[0]?.next ?? 1);
    }
    s = { next, touched: new BitSet() };
    this.state.set(spec.table, s);
    return s;
  }

  async write(spec: WriteSpec, rows: PendingRow[]): Promise<void> {
    if (rows.length === 0) return;
    const s = await this.stateFor(spec);
    const db = this.db;
    const keyCount = spec.key.length;
    const offset = spec.hasId ? 1 + keyCount : keyCount;
    const all = [...(spec.hasId ? ['id'] : []), ...spec.key, ...spec.columns];
    const keyOf = (v: unknown[]): string =>
      spec.hasId ? String(v[1]) : `${String(v[0])}|${String(v[1])}`;

    const inserted = new Set<string>();
    if (!spec.renameOnly) {
      for (const r of rows) if (spec.hasId) r.values[0] = s.next++;
      const returning = spec.hasId ? sql.ref('id') : sql.join(spec.key.map((k) => sql.ref(k)));
      const result = await sql<Record<string, unknown>>`
        insert into ${sql.table(spec.table)} (${sql.join(all.map((c) => sql.ref(c)))})
        values ${sql.join(rows.map((r) => sql`(${sql.join(r.values)})`))}
        on conflict (${sql.join(spec.key.map((k) => sql.ref(k)))}) do nothing
        returning ${returning}`.execute(db);
      for (const row of result.rows) {
        inserted.add(spec.hasId ? String(row.id) : `${String(row.unit_id)}|${String(row.year)}`);
      }
    }

    const conflicts: PendingRow[] = [];
    for (const r of rows) {
      const wasInserted = spec.hasId
        ? inserted.has(String(r.values[0]))
        : inserted.has(keyOf(r.values));
      if (wasInserted) {
        r.outcome = 'inserted';
        s.touched.testAndSet(slotOf(spec, r.values[0] as number, r.values));
      } else {
        conflicts.push(r);
      }
    }
    if (conflicts.length === 0) return;

    const selected = [...(spec.hasId ? ['id'] : []), ...spec.key, ...spec.columns];
    const where: RawBuilder<unknown> = spec.hasId
      ? sql`code in (${sql.join(conflicts.map((r) => r.values[1]))})`
      : sql`(unit_id, year) in (${sql.join(conflicts.map((r) => sql`(${r.values[0]}, ${r.values[1]})`))})`;
    const found = await sql<Record<string, unknown>>`
      select ${sql.join(selected.map((c) => sql.ref(c)))} from ${sql.table(spec.table)} where ${where}`.execute(
      db,
    );
    const existingByKey = new Map<string, unknown[]>();
    for (const row of found.rows) {
      const values = selected.map((c) => row[c]);
      existingByKey.set(keyOf(values), values);
    }
    for (const r of conflicts) {
      const v = r.values;
      const existing = existingByKey.get(keyOf(v));
      if (!existing) throw new Error(`${spec.table}: row ${r.label} neither inserted nor found`);
      if (spec.hasId) v[0] = existing[0]; // later files name this row by its real id
      if (s.touched.testAndSet(slotOf(spec, existing[0] as number, v))) {
        r.outcome = 'duplicate';
        continue;
      }
      let same = true;
      for (let i = 0; i < spec.columns.length; i++) {
        if (existing[offset + i] !== v[offset + i]) {
          same = false;
          break;
        }
      }
      if (same) {
        r.outcome = 'unchanged';
        continue;
      }
      const sets = sql.join(spec.columns.map((c, i) => sql`${sql.ref(c)} = ${v[offset + i]}`));
      const target = spec.hasId
        ? sql`id = ${existing[0]}`
        : sql`unit_id = ${v[0]} and year = ${v[1]}`;
      await sql`update ${sql.table(spec.table)} set ${sets} where ${target}`.execute(db);
      r.outcome = 'updated';
    }
  }
}

function slotOf(spec: WriteSpec, id: number, values: unknown[]): number {
  return spec.hasId ? id : employmentSlot(values);
}

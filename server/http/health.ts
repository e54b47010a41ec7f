import { sql, type Kysely } from 'kysely';
import { dialectOf } from '../db/connect.ts';
import type { Database } from '../db/schema.ts';

export interface Health {
  ok: boolean;
  db: 'sqlite' | 'postgres';
}

/** Checks that the database answers a trivial query; never throws. */
export async function checkHealth(db: Kysely<Database>): Promise<Health> {
  const dialect = dialectOf(db);
  try {
    await sql`select 1`.execute(db);
    return { ok: true, db: dialect };
  } catch (error) {
    console.error('[healthz] database check failed:', error);
    return { ok: false, db: dialect };
  }
}

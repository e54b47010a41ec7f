import type { Kysely } from 'kysely';
import { dialectOf } from '../db/connect.ts';
import type { Database } from '../db/schema.ts';
import { databaseAnswers } from '../db/whereabouts.ts';

export interface Health {
  ok: boolean;
  db: 'sqlite' | 'postgres';
}

/** Checks that the database answers a trivial query; never throws. */
export async function checkHealth(db: Kysely<Database>): Promise<Health> {
  return { ok: await databaseAnswers(db), db: dialectOf(db) };
}

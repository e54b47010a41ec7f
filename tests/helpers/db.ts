import { randomBytes } from 'node:crypto';
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { sql, type Kysely } from 'kysely';
import { openDatabase } from '../../server/db/connect.ts';
import { migrateToLatest } from '../../server/db/migrate.ts';
import { loadReferenceData } from '../../server/db/reference-data.ts';
import type { Database } from '../../server/db/schema.ts';

export type TestDialect = 'sqlite' | 'postgres';

/** The dialects this run can test: SQLite always, PostgreSQL when TEST_DATABASE_URL is set. */
export function testDialects(): TestDialect[] {
  return process.env.TEST_DATABASE_URL ? ['sqlite', 'postgres'] : ['sqlite'];
}

export interface TestDb {
  db: Kysely<Database>;
  dialect: TestDialect;
  /** SQLite file path, or PostgreSQL URL with the schema set. */
  location: string;
  schema?: string;
  destroy(): Promise<void>;
}

const TMP = join(process.cwd(), 'tests', '.tmp');

/**
 * A fresh, empty database of the given dialect: a new SQLite file, or a new PostgreSQL schema
 * that is dropped afterwards, so parallel runs never collide.
 */
export async function createEmptyDb(dialect: TestDialect): Promise<TestDb> {
  const id = `t_${Date.now().toString(36)}_${randomBytes(4).toString('hex')}`;
  if (dialect === 'postgres') {
    const url = process.env.TEST_DATABASE_URL;
    if (!url) throw new Error('TEST_DATABASE_URL is not set');
    const admin = openDatabase(url);
    await sql`create schema ${sql.id(id)}`.execute(admin);
    await admin.destroy();
    const db = openDatabase(url, { schema: id });
    return {
      db,
      dialect,
      location: url,
      schema: id,
      async destroy() {
        await db.destroy();
        const a = openDatabase(url);
        await sql`drop schema ${sql.id(id)} cascade`.execute(a);
        await a.destroy();
      },
    };
  }
  mkdirSync(TMP, { recursive: true });
  const file = join(TMP, `${id}.db`);
  const db = openDatabase(file);
  return {
    db,
    dialect,
    location: file,
    async destroy() {
      await db.destroy();
      for (const suffix of ['', '-wal', '-shm', '-facts']) rmSync(file + suffix, { force: true });
    },
  };
}

/** A fresh database, migrated, with the reference data loaded. */
export async function createTestDb(dialect: TestDialect): Promise<TestDb> {
  const t = await createEmptyDb(dialect);
  await migrateToLatest(t.db);
  await loadReferenceData(t.db);
  return t;
}

/** Another handle on the same database (its own connection, caches and in-memory facts). */
export function openHandle(t: TestDb): Kysely<Database> {
  return openDatabase(t.location, t.schema ? { schema: t.schema } : {});
}

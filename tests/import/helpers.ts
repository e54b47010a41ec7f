import { createHash } from 'node:crypto';
import { basename, join } from 'node:path';
import { sql, type Kysely } from 'kysely';
import type { Database } from '../../server/db/schema.ts';
import { runImport, type ImportOptions } from '../../server/import/run-import.ts';
import type { ImportReport } from '../../server/import/report.ts';
import type { TestDb } from '../helpers/db.ts';

export const FIXTURES = join(process.cwd(), 'tests', 'fixtures', 'import');
export const VALID_DIR = join(FIXTURES, 'valid');
export const MALFORMED_DIR = join(FIXTURES, 'malformed');

/** The valid dataset as separate CSV files (units in Windows-1256), in no particular order. */
export const VALID_CSVS = [
  'targets.csv',
  'grants.csv',
  'employment.csv',
  'units-windows-1256.csv',
  'clusters.csv',
  'parks.csv',
].map((f) => join(VALID_DIR, f));

const FIXED_NOW = (): Date => new Date('2024-03-20T08:00:00.000Z');

/** Imports files into a test database (its own connection, as the CLI does). */
export function importInto(
  t: TestDb,
  paths: string[],
  options: Partial<ImportOptions> = {},
): Promise<ImportReport> {
  return runImport({
    url: t.location,
    ...(t.schema ? { schema: t.schema } : {}),
    files: paths.map((path) => ({ path, name: basename(path) })),
    now: FIXED_NOW,
    ...options,
  });
}

/**
 * A hash of every row of every table except the import history (which records rejected imports
 * by design) and the migration bookkeeping: equal hashes mean an unchanged database.
 */
export async function dumpHash(db: Kysely<Database>): Promise<string> {
  const tables = (await db.introspection.getTables())
    .map((t) => t.name)
    // The import history and the audit trail record every attempt, rejected ones included; an
    // import killed mid-way leaves its lease behind until it expires (import-lease.ts).
    .filter(
      (n) =>
        !['imports', 'audit_log', 'sessions', 'leases'].includes(n) && !n.startsWith('kysely_'),
    )
    .sort();
  const hash = createHash('sha256');
  for (const table of tables) {
    const { rows } = await sql<Record<string, unknown>>`select * from ${sql.table(table)}`.execute(
      db,
    );
    const lines = rows
      .map((r) =>
        JSON.stringify(
          Object.keys(r)
            .sort()
            .map((k) => [k, String(r[k])]),
        ),
      )
      .sort();
    hash.update(`${table}\n${lines.join('\n')}\n`);
  }
  return hash.digest('hex');
}

/** The meta that names the files and the rollup build time differ between two equal loads. */
export async function forgetVolatile(t: TestDb): Promise<void> {
  await t.db.updateTable('dataset_meta').set({ value: '' }).where('key', '=', 'source').execute();
  await t.db.updateTable('rollup_meta').set({ value: '' }).where('key', '=', 'built_at').execute();
}

/** Row counts of the data tables. */
export async function dataCounts(db: Kysely<Database>): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const table of ['parks', 'clusters', 'units', 'employment', 'grants', 'targets'] as const) {
    const r = await db
      .selectFrom(table)
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirst();
    out[table] = Number(r?.n ?? 0);
  }
  return out;
}

import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';

/**
 * Data tables in delete order (children first). Reference tables are never cleared; the plan's
 * targets belong to the dataset (synthetic targets go with synthetic data).
 */
const DATA_TABLES = ['targets', 'grants', 'employment', 'units', 'clusters', 'parks'] as const;

async function setMeta(db: Kysely<Database>, values: Record<string, string>): Promise<void> {
  for (const [key, value] of Object.entries(values)) {
    await db
      .insertInto('dataset_meta')
      .values({ key, value })
      .onConflict((oc) => oc.column('key').doUpdateSet({ value }))
      .execute();
  }
}

/**
 * Empties every data table (parks, clusters, units, employment, grants, targets) inside the caller's
 * transaction and marks the dataset as no longer synthetic. `seeded_at` is kept (or set) so that
 * `npm start` does not create the synthetic dataset again over the agency's data.
 */
export async function clearDataset(db: Kysely<Database>, now: string): Promise<void> {
  for (const table of DATA_TABLES) await db.deleteFrom(table).execute();
  await db.deleteFrom('dataset_meta').where('key', 'in', ['scale', 'seed', 'as_of']).execute();
  await setMeta(db, {
    synthetic: 'false',
    source: 'No data loaded yet / هنوز داده‌ای وارد نشده است',
    cleared_at: now,
  });
  await keepSeededMark(db, now);
}

/**
 * Records that the dataset now holds the agency's own data: `synthetic` false, the source, and
 * `as_of` as the newest grant date.
 */
export async function markImported(
  db: Kysely<Database>,
  now: string,
  files: string[],
): Promise<void> {
  const newest = await sql<{ d: string | null }>`
    select max(d) as d from (
      select max(applied_on) as d from grants union all select max(disbursed_on) from grants
    ) as dates`.execute(db);
  const asOf = newest.rows[0]?.d ?? null;
  await db.deleteFrom('dataset_meta').where('key', 'in', ['scale', 'seed']).execute();
  await setMeta(db, {
    synthetic: 'false',
    source: `Imported by the agency: ${files.join(', ')} / داده‌های واردشده سازمان`,
    imported_at: now,
    ...(asOf ? { as_of: String(asOf).slice(0, 10) } : {}),
  });
  await keepSeededMark(db, now);
}

async function keepSeededMark(db: Kysely<Database>, now: string): Promise<void> {
  await db
    .insertInto('dataset_meta')
    .values({ key: 'seeded_at', value: now })
    .onConflict((oc) => oc.column('key').doNothing())
    .execute();
}

/** Whether the dataset_meta says the data is synthetic. */
export async function isSynthetic(db: Kysely<Database>): Promise<boolean> {
  const row = await db
    .selectFrom('dataset_meta')
    .select('value')
    .where('key', '=', 'synthetic')
    .executeTakeFirst();
  return row?.value === 'true';
}

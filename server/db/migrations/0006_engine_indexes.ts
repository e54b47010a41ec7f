import type { Kysely } from 'kysely';

// Frozen in time: this migration must never import application code.
// A covering index for the raw grant reads the rollups cannot answer (distinct supported units
// over several headings, by size, by park): status and year narrow the scan, and every column
// those queries read is in the index, so they never touch the 10M-row table itself.

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createIndex('grants_disbursed_cover')
    .on('grants')
    .columns(['status', 'year', 'heading_id', 'unit_id', 'month', 'disbursed_amount'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('grants_disbursed_cover').execute();
}

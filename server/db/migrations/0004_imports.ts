import type { Kysely } from 'kysely';

// Frozen in time: this migration must never import application code.

/** The import history (issue #7): one row per import, whatever its outcome. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('imports')
    .addColumn('id', 'integer', (c) => c.primaryKey())
    .addColumn('started_at', 'varchar(32)', (c) => c.notNull())
    .addColumn('finished_at', 'varchar(32)', (c) => c.notNull())
    .addColumn('user_name', 'text')
    .addColumn('file_name', 'text', (c) => c.notNull())
    .addColumn('file_sha256', 'text', (c) => c.notNull())
    .addColumn('counts', 'text', (c) => c.notNull())
    .addColumn('outcome', 'varchar(16)', (c) => c.notNull())
    .addColumn('error_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('error_summary', 'text', (c) => c.notNull().defaultTo(''))
    .execute();
  await db.schema.createIndex('imports_started').on('imports').column('started_at').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('imports').execute();
}

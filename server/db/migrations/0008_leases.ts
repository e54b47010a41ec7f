import type { Kysely } from 'kysely';

// Frozen in time: this migration must never import application code.

/**
 * Leases (issue #17): one row per exclusive activity ('import'), held by a random token until
 * `expires_at` (ISO 8601 UTC, compared as text). Kept in the database so every process that
 * writes to it — the server, the import CLI, several app servers on one PostgreSQL — sees the
 * same holder, and a holder that dies stops renewing and loses it.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('leases')
    .addColumn('name', 'varchar(32)', (c) => c.primaryKey())
    .addColumn('holder', 'varchar(64)', (c) => c.notNull())
    .addColumn('label', 'varchar(200)', (c) => c.notNull())
    .addColumn('acquired_at', 'varchar(32)', (c) => c.notNull())
    .addColumn('expires_at', 'varchar(32)', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('leases').execute();
}

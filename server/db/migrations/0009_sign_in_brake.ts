import type { Kysely } from 'kysely';

// Frozen in time: this migration must never import application code.

/**
 * The per-address sign-in brake (issue #16): failed sign-ins counted per client address in a
 * window that opens at the first failure (`window_start`, ISO 8601 UTC, compared as text). In the
 * database, not in process memory, so several app servers behind one load balancer share it and
 * an address cannot multiply its guesses by the number of servers.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('sign_in_failures')
    .addColumn('ip', 'varchar(64)', (c) => c.primaryKey())
    .addColumn('window_start', 'varchar(32)', (c) => c.notNull())
    .addColumn('failures', 'integer', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('sign_in_failures').execute();
}

import type { Kysely } from 'kysely';
import type { AuditLogTable, Database } from '../db/schema.ts';
import { writeOrDefer } from './deferred-writes.ts';

export interface AuditEntry {
  username: string | null;
  action: string;
  outcome: AuditLogTable['outcome'];
  detail?: Record<string, unknown>;
  ip?: string | null;
}

/**
 * Appends an audit row. If an import holds SQLite's write lock, the row is queued and written
 * when the lock frees (deferred-writes.ts): the request is not held up, and the row not lost.
 */
export async function recordAudit(
  db: Kysely<Database>,
  entry: AuditEntry,
  now: Date,
): Promise<void> {
  await writeOrDefer(() => insertAudit(db, entry, now));
}

async function insertAudit(db: Kysely<Database>, entry: AuditEntry, now: Date): Promise<void> {
  await db
    .insertInto('audit_log')
    .values({
      at: now.toISOString(),
      username: entry.username,
      action: entry.action,
      outcome: entry.outcome,
      detail: JSON.stringify(entry.detail ?? {}),
      ip: entry.ip ?? null,
    })
    .execute();
}

export interface AuditRow {
  id: number;
  at: string;
  username: string | null;
  action: string;
  outcome: string;
  detail: Record<string, unknown>;
  ip: string | null;
}

/** Newest first, keyset-paged by id. */
export async function listAudit(
  db: Kysely<Database>,
  options: { beforeId?: number; limit: number; action?: string; username?: string },
): Promise<AuditRow[]> {
  let q = db.selectFrom('audit_log').selectAll().orderBy('id', 'desc').limit(options.limit);
  if (options.beforeId !== undefined) q = q.where('id', '<', options.beforeId);
  if (options.action) q = q.where('action', '=', options.action);
  if (options.username) q = q.where('username', '=', options.username);
  const rows = await q.execute();
  return rows.map((r) => ({ ...r, detail: JSON.parse(r.detail) as Record<string, unknown> }));
}

import type { Kysely } from 'kysely';
import type { Database, ImportTable } from '../db/schema.ts';
import type { EntityCounts, ImportOutcome } from './report.ts';
import type { ImportEntity } from './templates.ts';

export interface ImportRecord {
  startedAt: string;
  finishedAt: string;
  user: string | null;
  fileNames: string[];
  sha256: string[];
  counts: Partial<Record<ImportEntity, EntityCounts>> & { cleared?: boolean };
  /** 'refused': another import held the lease; nothing was read. */
  outcome: ImportOutcome | 'refused';
  errorCount: number;
  errorSummary: string;
}

/** Writes one history row; run it inside the import's transaction when the import commits. */
export async function recordImport(db: Kysely<Database>, record: ImportRecord): Promise<number> {
  const last = await db
    .selectFrom('imports')
    .select((eb) => eb.fn.max('id').as('id'))
    .executeTakeFirst();
  const id = Number(last?.id ?? 0) + 1;
  await db
    .insertInto('imports')
    .values({
      id,
      started_at: record.startedAt,
      finished_at: record.finishedAt,
      user_name: record.user,
      file_name: record.fileNames.join(', '),
      file_sha256: record.sha256.join(', '),
      counts: JSON.stringify(record.counts),
      outcome: record.outcome,
      error_count: record.errorCount,
      error_summary: record.errorSummary,
    })
    .execute();
  return id;
}

export interface ImportHistoryEntry {
  id: number;
  startedAt: string;
  finishedAt: string;
  user: string | null;
  fileName: string;
  fileSha256: string;
  counts: Record<string, unknown>;
  outcome: ImportTable['outcome'];
  errorCount: number;
  errorSummary: string;
}

/** The newest imports first. */
export async function listImports(db: Kysely<Database>, limit = 50): Promise<ImportHistoryEntry[]> {
  const rows = await db
    .selectFrom('imports')
    .selectAll()
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
  return rows.map((r) => ({
    id: r.id,
    startedAt: r.started_at,
    finishedAt: r.finished_at,
    user: r.user_name,
    fileName: r.file_name,
    fileSha256: r.file_sha256,
    counts: JSON.parse(r.counts) as Record<string, unknown>,
    outcome: r.outcome,
    errorCount: r.error_count,
    errorSummary: r.error_summary,
  }));
}

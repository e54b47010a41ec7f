// The import pipeline: plan the files, then in one transaction validate every row and upsert
// the valid ones, and commit only when no row had a problem (never for a dry run). Writing
// while validating keeps a single pass over the file; the rollback makes it as if nothing was
// written, and the outcome per row (added, changed, unchanged, duplicate) is exact either way.
import { createHash, type Hash } from 'node:crypto';
import { isPostgresUrl } from '../db/connect.ts';
import { forgetUnchangedWrites, rebuildRollupsInTransaction } from '../engine/rollups/rollups.ts';
import { clearDataset, markImported } from './dataset.ts';
import { recordImport } from './history.ts';
import { loadLookups, type Lookups } from './lookups.ts';
import { failureText } from './failure-text.ts';
import { PgTarget } from './pg-target.ts';
import { hashFile, planImport, type ImportFile, type Part, type PlannedFile } from './plan.ts';
import { type EncodingChoice } from './read-csv.ts';
import { readValidated } from './read-validated.ts';
import {
  emptyCounts,
  IssueCollector,
  type EntityCounts,
  type ImportOutcome,
  type ImportReport,
  type IssueLocation,
} from './report.ts';
import { SqliteTarget } from './sqlite-target.ts';
import type { ImportTarget } from './target.ts';
import { templateOf, type ImportEntity } from './templates.ts';
import { readValidatedInWorker } from './validate-in-worker.ts';
import { WRITE_SPECS, type PendingRow } from './write-specs.ts';

export interface ImportProgress {
  phase: 'plan' | 'rows' | 'rollups' | 'commit' | 'done';
  file: string | null;
  entity: ImportEntity | null;
  /** Data rows read so far, all files. */
  rows: number;
  /** 0..1 of the bytes to read. */
  fraction: number;
}

export interface ImportOptions {
  /** DATABASE_URL: a SQLite path or a postgres:// URL. */
  url: string;
  /** PostgreSQL schema (tests). */
  schema?: string;
  files: readonly ImportFile[];
  dryRun?: boolean;
  encoding?: EncodingChoice;
  /** Empty the data tables first, in the same transaction. */
  clearSynthetic?: boolean;
  user?: string | null;
  onProgress?: (p: ImportProgress) => void;
  /** Validate grant and employment parts from this size up in a worker (tests: 0). */
  validateInWorkerFromBytes?: number;
  /** Clock for history timestamps (tests fix it). */
  now?: () => Date;
}

const BATCH_ROWS = 2000;
const PROGRESS_EVERY_MS = 200;
/** Parts this large are written with the table's secondary indexes deferred (about 200k rows). */
const BULK_PART_BYTES = 16 * 1024 * 1024;
/** Parts this large (about 100k grants) are validated in a worker thread while this one writes. */
const WORKER_PART_BYTES = 8 * 1024 * 1024;

/**
 * Imports CSV/XLSX files into the database atomically. Resolves with the report whatever the
 * outcome: `ok` (committed, or would commit for a dry run), `rejected` (some row had a problem;
 * nothing written) or `failed` (an unexpected error; nothing written).
 */
export async function runImport(options: ImportOptions): Promise<ImportReport> {
  const now = options.now ?? (() => new Date());
  const started = performance.now();
  const startedAt = now().toISOString();
  const dryRun = options.dryRun ?? false;
  const issues = new IssueCollector();
  const counts: Partial<Record<ImportEntity, EntityCounts>> = {};
  const progress = options.onProgress ?? (() => undefined);
  let totalRows = 0;
  let committed = false;
  let failure: string | null = null;
  let importId: number | null = null;
  let planned: PlannedFile[] = [];
  const partsOf = new Map<ImportFile, ImportReport['files'][number]['parts']>();

  progress({ phase: 'plan', file: null, entity: null, rows: 0, fraction: 0 });
  const target: ImportTarget = isPostgresUrl(options.url)
    ? new PgTarget(options.url, options.schema)
    : new SqliteTarget(options.url);
  try {
    const plan = await planImport(options.files, options.encoding ?? 'auto', issues);
    planned = plan.planned;
    await target.begin();
    if (options.clearSynthetic) await clearDataset(target.db, startedAt);
    const lookups = await loadLookups(target);
    const totalBytes = plan.parts.reduce((sum, p) => sum + p.bytes, 0) || 1;
    let doneBytes = 0;
    let lastReport = 0;
    for (const part of plan.parts) {
      const entityCounts = (counts[part.entity] ??= emptyCounts());
      const file = planned.find((f) => f.file === part.file);
      const hash =
        part.kind === 'csv' && file && file.sha256 === null ? createHash('sha256') : null;
      const before = entityCounts.rows;
      if (part.bytes >= BULK_PART_BYTES) await target.deferIndexes(WRITE_SPECS[part.entity].table);
      const workerFrom = options.validateInWorkerFromBytes ?? WORKER_PART_BYTES;
      const digest = await importPart(
        part,
        target,
        lookups,
        issues,
        entityCounts,
        hash,
        workerFrom,
        (bytes, rows) => {
          const t = performance.now();
          if (t - lastReport < PROGRESS_EVERY_MS) return;
          lastReport = t;
          progress({
            phase: 'rows',
            file: part.file.name,
            entity: part.entity,
            rows: totalRows + rows,
            fraction: Math.min(1, (doneBytes + bytes) / totalBytes),
          });
        },
      );
      totalRows += entityCounts.rows - before;
      doneBytes += part.bytes;
      if (hash && file) file.sha256 = digest ?? hash.digest('hex');
      const partInfo = { sheet: part.sheet, entity: part.entity, rows: entityCounts.rows - before };
      const list = partsOf.get(part.file) ?? [];
      list.push(partInfo);
      partsOf.set(part.file, list);
    }
    for (const f of planned) f.sha256 ??= await hashFile(f.file.path).catch(() => '');

    if (issues.count === 0 && !dryRun) {
      progress({ phase: 'rollups', file: null, entity: null, rows: totalRows, fraction: 1 });
      // (a rollback puts dropped indexes back by itself: only a commit needs them rebuilt)
      await target.restoreIndexes();
      // A file already loaded changes no row: then nothing, not even the rollups, is rewritten.
      // Targets are plans, not facts: loading them neither makes a synthetic dataset the
      // agency's own nor touches a rollup (at `large` a rollup rebuild takes 90 s).
      const changed = (c: EntityCounts): boolean => c.inserted + c.updated > 0;
      const facts = Object.entries(counts).filter(([e]) => e !== 'targets') as [
        ImportEntity,
        EntityCounts,
      ][];
      const wroteData = facts.some(([e, c]) => !templateOf(e).renameOnly && changed(c));
      const rewrite = (options.clearSynthetic ?? false) || facts.some(([, c]) => changed(c));
      if (wroteData)
        await markImported(
          target.db,
          startedAt,
          options.files.map((f) => f.name),
        );
      // In the same transaction: no reader ever sees the new rows with the old rollups.
      if (rewrite) await rebuildRollupsInTransaction(target.db);
      else await forgetUnchangedWrites(target.db);
      progress({ phase: 'commit', file: null, entity: null, rows: totalRows, fraction: 1 });
      importId = await recordImport(target.db, historyRecord('ok'));
      await target.commit();
      committed = true;
      // Outside the transaction, so the new rollups are read index-only on PostgreSQL.
      if (rewrite) await target.settleRollups().catch(() => undefined);
    } else {
      await target.rollback();
    }
  } catch (error) {
    failure = failureText(error);
    await target.rollback().catch(() => undefined);
  }

  const outcome: ImportOutcome = failure ? 'failed' : issues.count > 0 ? 'rejected' : 'ok';
  if (!committed && !dryRun) {
    // Rejected and failed imports are recorded too, in their own small transaction.
    try {
      await target.begin();
      importId = await recordImport(target.db, historyRecord(outcome));
      await target.commit();
    } catch {
      await target.rollback().catch(() => undefined);
    }
  }
  await target.close().catch(() => undefined);
  progress({ phase: 'done', file: null, entity: null, rows: totalRows, fraction: 1 });

  const durationMs = performance.now() - started;
  return {
    outcome,
    dryRun,
    committed,
    cleared: committed && (options.clearSynthetic ?? false),
    files: planned.map((f) => ({
      name: f.file.name,
      sha256: f.sha256 ?? '',
      bytes: f.bytes,
      parts: partsOf.get(f.file) ?? [],
    })),
    counts,
    issues: issues.issues,
    issueCount: issues.count,
    issueCountByCode: issues.byCode,
    failure,
    durationMs: Math.round(durationMs),
    rowsPerSecond: durationMs > 0 ? Math.round(totalRows / (durationMs / 1000)) : 0,
    importId,
  };

  function historyRecord(o: ImportOutcome) {
    return {
      startedAt,
      finishedAt: now().toISOString(),
      user: options.user ?? null,
      fileNames: options.files.map((f) => f.name),
      sha256: planned.map((f) => f.sha256 ?? ''),
      counts: { ...counts, ...(options.clearSynthetic ? { cleared: true } : {}) },
      outcome: o,
      errorCount: issues.count + (failure ? 1 : 0),
      errorSummary:
        failure ??
        issues.issues
          .slice(0, 5)
          .map((i) => `${i.file}:${i.row} ${i.en}`)
          .join('\n'),
    };
  }
}

/**
 * Reads, validates and writes one part (a CSV file or one sheet). A large part of rows that no
 * later file refers to (grants, employment) is read and validated in a worker thread while this
 * thread writes. Resolves with the file's SHA-256 when the worker computed it.
 */
async function importPart(
  part: Part,
  target: ImportTarget,
  lookups: Lookups,
  issues: IssueCollector,
  counts: EntityCounts,
  hash: Hash | null,
  workerFromBytes: number,
  onProgress: (bytes: number, rows: number) => void,
): Promise<string | null> {
  const at: IssueLocation = { file: part.file.name, sheet: part.sheet, entity: part.entity };
  const spec = WRITE_SPECS[part.entity];
  // where a repeated row's key starts in the file (a target's key is its first four columns)
  const keyColumn = templateOf(part.entity).columns[0]?.key ?? null;
  const write = async (batch: PendingRow[], bytes: number): Promise<void> => {
    if (batch.length > 0) await target.write(spec, batch);
    for (const r of batch) {
      switch (r.outcome) {
        case 'inserted':
          counts.inserted++;
          break;
        case 'updated':
          counts.updated++;
          break;
        case 'unchanged':
          counts.unchanged++;
          break;
        case 'duplicate':
          counts.rejected++;
          issues.add(at, r.row, keyColumn, r.label, 'duplicate_code');
          continue;
      }
      remember(part.entity, r.values, lookups);
    }
    onProgress(bytes, counts.rows);
  };
  const referenced = part.entity !== 'grants' && part.entity !== 'employment';
  if (!referenced && part.bytes >= workerFromBytes)
    return readValidatedInWorker(part, lookups, issues, counts, hash !== null, BATCH_ROWS, write);
  await readValidated(part, lookups, issues, counts, hash, BATCH_ROWS, write);
  return null;
}

/** Makes a written park, cluster or unit nameable by the rows of later files. */
function remember(entity: ImportEntity, v: unknown[], lookups: Lookups): void {
  if (entity === 'units') lookups.unitByCode.set(v[1] as string, v[0] as number);
  else if (entity === 'parks')
    lookups.parkByCode.set(v[1] as string, { id: v[0] as number, provinceId: v[2] as number });
  else if (entity === 'clusters')
    lookups.clusterByCode.set(v[1] as string, { id: v[0] as number, provinceId: v[2] as number });
}

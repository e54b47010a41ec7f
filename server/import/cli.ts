// `npm run import -- [--db PATH] [--dry-run] [--encoding utf8|windows-1256] [--clear-synthetic] FILE...`
// Exit codes: 0 imported (or a clean dry run), 1 rejected (the report lists why), 2 usage,
// 3 failed unexpectedly (nothing was written), 4 refused: another import was running.
import { basename } from 'node:path';
import { parseArgs } from 'node:util';
import type { Kysely } from 'kysely';
import { isDatabaseBusy } from '../db/busy.ts';
import { factsSnapshotPath, refreshFactsSnapshot } from '../engine/facts/facts-snapshot.ts';
import { DEFAULT_DATABASE_URL, openDatabase } from '../db/connect.ts';
import type { Database } from '../db/schema.ts';
import { acquireImportLease, LEASE_RENEW_MS, leaseLabel } from '../stores/import-lease.ts';
import { recordImport } from './history.ts';
import { migrateToLatest } from '../db/migrate.ts';
import { loadReferenceData } from '../db/reference-data.ts';
import { formatReport } from './format-report.ts';
import type { EncodingChoice } from './read-csv.ts';
import { runImport, type ImportProgress } from './run-import.ts';

const USAGE = `Usage: npm run import -- [options] FILE...

Loads parks, clusters, units, employment and grants (and reference names) from CSV or XLSX
files into the database, in one transaction. Templates: docs/import.md.

Options:
  --db PATH              database (default: DATABASE_URL or ${DEFAULT_DATABASE_URL})
  --dry-run              validate and count, write nothing
  --encoding ENC         CSV encoding: utf8 or windows-1256 (default: detected)
  --clear-synthetic      empty the data tables first (same transaction); alone, just clears
  --user NAME            recorded in the import history
  --json                 print the report as JSON
  -h, --help             this text`;

function progressBar(): (p: ImportProgress) => void {
  const tty = process.stderr.isTTY;
  let lastTenth = -1;
  return (p) => {
    const pct = Math.floor(p.fraction * 100);
    const label =
      p.phase === 'rows'
        ? `${p.rows.toLocaleString('en-US')} rows  ${p.file ?? ''}`
        : p.phase === 'rollups'
          ? 'rebuilding rollups…'
          : p.phase === 'commit'
            ? 'committing…'
            : p.phase;
    if (tty) {
      const width = 30;
      const filled = Math.round((p.fraction * width) | 0);
      process.stderr.write(
        `\r[${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${String(pct).padStart(3)}% ${label}\x1b[K`,
      );
      if (p.phase === 'done') process.stderr.write('\n');
    } else if (Math.floor(pct / 10) !== lastTenth || p.phase !== 'rows') {
      lastTenth = Math.floor(pct / 10);
      process.stderr.write(`${String(pct).padStart(3)}% ${label}\n`);
    }
  };
}

async function main(argv: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        db: { type: 'string' },
        'dry-run': { type: 'boolean', default: false },
        encoding: { type: 'string' },
        'clear-synthetic': { type: 'boolean', default: false },
        user: { type: 'string' },
        json: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n\n${USAGE}\n`);
    return 2;
  }
  const { values, positionals } = parsed;
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const encoding = values.encoding ?? 'auto';
  if (!['auto', 'utf8', 'utf-8', 'windows-1256', 'cp1256'].includes(encoding)) {
    process.stderr.write(
      `--encoding must be utf8 or windows-1256, not "${encoding}"\n\n${USAGE}\n`,
    );
    return 2;
  }
  if (positionals.length === 0 && !values['clear-synthetic']) {
    process.stderr.write(`No file given.\n\n${USAGE}\n`);
    return 2;
  }
  const url = values.db ?? (process.env.DATABASE_URL || DEFAULT_DATABASE_URL);

  const db = openDatabase(url);
  try {
    await migrateToLatest(db);
    await loadReferenceData(db);
  } finally {
    await db.destroy();
  }

  // The import lease (shared with the server and other app servers): one import at a time.
  // Its own connection never waits for a lock, so renewing it cannot stall this import.
  const leaseDb = openDatabase(url, { busyTimeoutMs: 0 });
  try {
    const attempt = await acquireImportLease(
      leaseDb,
      leaseLabel(`${values.user ?? 'npm run import'} (CLI)`),
      {
        renewEveryMs: LEASE_RENEW_MS,
      },
    );
    if (!attempt.acquired) {
      const who = attempt.holder
        ? ` (${attempt.holder.label}, since ${attempt.holder.acquiredAt})`
        : '';
      const message = `Another import is running${who}; nothing was imported. Try again when it has finished.`;
      process.stderr.write(
        `${message}\nورود داده دیگری در حال انجام است؛ چیزی وارد نشد. پس از پایان آن دوباره بکوشید.\n`,
      );
      await recordRefusal(leaseDb, positionals, values.user ?? null, message);
      return 4;
    }
    try {
      return await importFiles(url, positionals, values, encoding);
    } finally {
      await attempt.lease.release();
    }
  } finally {
    await leaseDb.destroy();
  }
}

/**
 * The refusal goes into the import history like any import. On SQLite the other import's
 * transaction holds the write lock, so this waits for it a little, then says it could not.
 */
async function recordRefusal(
  db: Kysely<Database>,
  files: string[],
  user: string | null,
  message: string,
): Promise<void> {
  const at = new Date().toISOString();
  for (let attempt = 0; attempt < 50; attempt++) {
    try {
      await recordImport(db, {
        startedAt: at,
        finishedAt: at,
        user,
        fileNames: files.map((f) => basename(f)),
        sha256: [],
        counts: {},
        outcome: 'refused',
        errorCount: 0,
        errorSummary: message,
      });
      return;
    } catch (error) {
      if (!isDatabaseBusy(error)) throw error;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
  process.stderr.write(
    '(the refusal could not be written to the import history: the database stayed locked)\n',
  );
}

async function importFiles(
  url: string,
  positionals: string[],
  values: {
    'dry-run': boolean;
    'clear-synthetic': boolean;
    user?: string | undefined;
    json: boolean;
  },
  encoding: string,
): Promise<number> {
  const report = await runImport({
    url,
    files: positionals.map((path) => ({ path, name: basename(path) })),
    dryRun: values['dry-run'],
    encoding: (encoding === 'utf-8'
      ? 'utf8'
      : encoding === 'cp1256'
        ? 'windows-1256'
        : encoding) as EncodingChoice,
    clearSynthetic: values['clear-synthetic'],
    user: values.user ?? null,
    onProgress: progressBar(),
  });
  process.stdout.write(values.json ? `${JSON.stringify(report, null, 2)}\n` : formatReport(report));
  if (report.committed) await writeSnapshot(url);
  if (report.outcome === 'ok') return 0;
  return report.outcome === 'rejected' ? 1 : 3;
}

/**
 * The facts snapshot after a committed import, so the next start reads it rather than the
 * tables (server/engine/facts/facts-snapshot.ts). The import stands whatever happens here.
 */
async function writeSnapshot(url: string): Promise<void> {
  const started = performance.now();
  const db = openDatabase(url);
  try {
    const done = await refreshFactsSnapshot(db, factsSnapshotPath(url));
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    process.stderr.write(`facts snapshot: ${done} (${seconds} s)\n`);
  } catch (error) {
    process.stderr.write(
      `facts snapshot not written (the next start rebuilds it): ${error instanceof Error ? error.message : String(error)}\n`,
    );
  } finally {
    await db.destroy();
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(
      `import failed: ${error instanceof Error ? error.message : String(error)}\n`,
    );
    process.exitCode = 3;
  },
);

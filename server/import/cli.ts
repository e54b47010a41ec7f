// `npm run import -- [--db PATH] [--dry-run] [--encoding utf8|windows-1256] [--clear-synthetic] FILE...`
// Exit codes: 0 imported (or a clean dry run), 1 rejected (the report lists why), 2 usage,
// 3 failed unexpectedly (nothing was written).
import { basename } from 'node:path';
import { parseArgs } from 'node:util';
import { DEFAULT_DATABASE_URL, openDatabase } from '../db/connect.ts';
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
  if (report.outcome === 'ok') return 0;
  return report.outcome === 'rejected' ? 1 : 3;
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

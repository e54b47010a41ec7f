import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, renameSync, rmSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import SQLite from 'better-sqlite3';
import { isPostgresUrl } from '../db/connect.ts';
import { migrationNames } from '../db/migrate.ts';

/** A backup or restore refused with a reason the operator can act on (English and Persian). */
export class BackupError extends Error {
  override name = 'BackupError';
}

/**
 * Which migrations a backup has against the ones this version knows: a Hemayat database has a
 * prefix of them (npm start migrates the rest); an unknown one means a newer Hemayat wrote it.
 */
export function checkMigrations(applied: readonly string[]): void {
  const known = migrationNames();
  if (applied.length === 0) {
    throw new BackupError(
      'Not a Hemayat backup: it records no migrations. | این فایل پشتیبان حمایت نیست.',
    );
  }
  const unknown = applied.filter((name) => !known.includes(name));
  if (unknown.length > 0) {
    throw new BackupError(
      `The backup comes from a newer Hemayat (migrations ${unknown.join(', ')} are unknown here); ` +
        'upgrade first. | پشتیبان از نسخهٔ تازه‌تری است؛ نخست برنامه را به‌روز کنید.',
    );
  }
}

/** The migrations recorded in a SQLite file; throws BackupError when it is not a database of ours. */
function sqliteMigrations(file: string): string[] {
  let db: SQLite.Database;
  try {
    db = new SQLite(file, { readonly: true, fileMustExist: true });
  } catch {
    throw new BackupError(`${file} cannot be opened. | فایل ${file} باز نمی‌شود.`);
  }
  try {
    return (
      db.prepare('select name from kysely_migration order by name').pluck().all() as string[]
    ).map(String);
  } catch {
    throw new BackupError(
      `${file} is not a Hemayat database (no migration table). | این فایل پایگاه دادهٔ حمایت نیست.`,
    );
  } finally {
    db.close();
  }
}

/**
 * Backs the database up to `out`. SQLite: the online backup API, which copies a consistent
 * snapshot while the server keeps serving and importing (a write during the copy restarts it).
 * PostgreSQL: `pg_dump --format=custom`.
 */
export async function backupDatabase(url: string, out: string): Promise<void> {
  if (existsSync(out))
    throw new BackupError(`${out} exists; choose a new file. | فایل ${out} وجود دارد.`);
  if (isPostgresUrl(url)) {
    run('pg_dump', ['--format=custom', '--no-owner', `--file=${out}`, url]);
    return;
  }
  const source = new SQLite(url, { readonly: true, fileMustExist: true });
  try {
    await source.backup(out);
  } finally {
    source.close();
  }
  sqliteMigrations(out); // what was written is a database of ours
}

/**
 * Restores a backup over the database at `url` (stop the server first). The backup is checked
 * before anything is touched: a Hemayat database whose migrations this version knows. SQLite:
 * copied beside the target and renamed over it (the old WAL removed first, never replayed onto
 * the new file). PostgreSQL: `pg_restore --clean` into the database.
 */
export function restoreDatabase(url: string, backup: string): void {
  if (!existsSync(backup))
    throw new BackupError(`${backup} does not exist. | فایل ${backup} نیست.`);
  if (isPostgresUrl(url)) {
    const listed = run('pg_restore', [
      '--data-only',
      '--table=kysely_migration',
      '--file=-',
      backup,
    ]);
    const names = [...listed.matchAll(/^(\d{4}_[a-z0-9_]+)\t/gm)].map((m) => m[1] ?? '');
    checkMigrations(names);
    run('pg_restore', [
      '--clean',
      '--if-exists',
      '--no-owner',
      '--single-transaction',
      `--dbname=${url}`,
      backup,
    ]);
    return;
  }
  checkMigrations(sqliteMigrations(backup));
  const target = resolve(url);
  const temporary = join(dirname(target), `.restoring-${process.pid}.db`);
  copyFileSync(backup, temporary);
  for (const suffix of ['-wal', '-shm']) rmSync(target + suffix, { force: true });
  renameSync(temporary, target);
}

function run(command: string, args: string[]): string {
  const r = spawnSync(command, args, { encoding: 'utf8', maxBuffer: 64 << 20 });
  if (r.error) throw new BackupError(`${command} could not run: ${r.error.message}`);
  if (r.status !== 0) throw new BackupError(`${command} failed: ${r.stderr.trim()}`);
  return r.stdout;
}

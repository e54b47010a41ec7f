import { spawnSync } from 'node:child_process';
import { existsSync, rmSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import SQLite from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../server/db/connect.ts';
import { runImportInThread } from '../../server/import/run-import-in-thread.ts';
import { backupDatabase, BackupError, restoreDatabase } from '../../server/ops/backup.ts';
import { seedDatabase } from '../../server/seed/index.ts';
import { createEmptyDb, type TestDb } from '../helpers/db.ts';
import { dataCounts, VALID_CSVS } from '../import/helpers.ts';

// Backups of a real SQLite file with the online backup API, restored over it; the restore's
// checks; and a backup taken while an import writes, which holds the before or the after state.

const cleanup: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const f of cleanup.splice(0).reverse()) await f();
});

async function seeded(): Promise<TestDb> {
  const t = await createEmptyDb('sqlite');
  await t.db.destroy();
  await seedDatabase(t.location, { scale: 'small' });
  cleanup.push(() => t.destroy());
  return t;
}

function tmpFile(name: string): string {
  const path = join(process.cwd(), 'tests', '.tmp', `${process.pid}-${Date.now()}-${name}`);
  cleanup.push(() => rmSync(path, { force: true }));
  return path;
}

async function countsOf(file: string): Promise<Record<string, number>> {
  const db = openDatabase(file, { readonly: true });
  try {
    return await dataCounts(db);
  } finally {
    await db.destroy();
  }
}

describe('backup and restore (SQLite)', () => {
  it('restores exactly what was backed up', async () => {
    const t = await seeded();
    const before = await countsOf(t.location);
    const out = tmpFile('round-trip.db');
    await backupDatabase(t.location, out);

    const db = openDatabase(t.location);
    await db.deleteFrom('grants').execute();
    await db.destroy();
    expect((await countsOf(t.location)).grants).toBe(0);

    restoreDatabase(t.location, out);
    expect(await countsOf(t.location)).toEqual(before);
    expect(before.grants).toBeGreaterThan(0);
  });

  it('refuses a file that is not a Hemayat database, or one from a newer version', async () => {
    const t = await seeded();
    const before = await countsOf(t.location);
    const text = tmpFile('not-a-db.db');
    writeFileSync(text, 'hello');
    expect(() => restoreDatabase(t.location, text)).toThrow(BackupError);

    const newer = tmpFile('newer.db');
    await backupDatabase(t.location, newer);
    const raw = new SQLite(newer);
    raw.prepare("insert into kysely_migration (name, timestamp) values ('9999_future', 'x')").run();
    raw.close();
    expect(() => restoreDatabase(t.location, newer)).toThrow(/newer Hemayat.*9999_future/);
    expect(await countsOf(t.location)).toEqual(before); // untouched
  });

  it('refuses to overwrite an existing backup file', async () => {
    const t = await seeded();
    const out = tmpFile('exists.db');
    writeFileSync(out, '');
    await expect(backupDatabase(t.location, out)).rejects.toThrow(/exists/);
  });

  it('a backup taken during an import holds the state before it or after it, never a mix', async () => {
    const t = await seeded();
    const before = await countsOf(t.location);
    const importing = runImportInThread({
      url: t.location,
      files: VALID_CSVS.map((path) => ({ path, name: basename(path) })),
      clearSynthetic: true,
    });
    let done = false;
    void importing.finally(() => (done = true));
    const backups: string[] = [];
    while (!done || backups.length < 2) {
      const out = tmpFile(`during-${backups.length}.db`);
      await backupDatabase(t.location, out);
      backups.push(out);
    }
    const report = await importing;
    expect(report.committed).toBe(true);
    const after = await countsOf(t.location);
    expect(after).not.toEqual(before);
    for (const file of backups) {
      const counts = await countsOf(file);
      expect([before, after]).toContainEqual(counts);
    }
  });

  it('runs as npm run backup / npm run restore (the built CLI)', async () => {
    const t = await seeded();
    const out = tmpFile('cli.db');
    const env = { ...process.env, DATABASE_URL: t.location };
    const backup = spawnSync(process.execPath, ['scripts/launch.mjs', 'backup', '--out', out], {
      env,
      encoding: 'utf8',
    });
    expect(backup.stderr).toMatch(/Backed up to/);
    expect(existsSync(out)).toBe(true);
    const restore = spawnSync(process.execPath, ['scripts/launch.mjs', 'restore', out], {
      env,
      encoding: 'utf8',
    });
    expect(restore.status).toBe(0);
    expect(restore.stderr).toMatch(/Restored/);
  });
});

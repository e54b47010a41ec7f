import { spawn, spawnSync } from 'node:child_process';
import { createWriteStream, mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import SQLite from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../server/db/connect.ts';
import { readFactsSnapshot, snapshotKeyOf } from '../../server/engine/facts/facts-snapshot.ts';
import { dumpHash, MALFORMED_DIR, VALID_CSVS } from './helpers.ts';

const TMP = join(process.cwd(), 'tests', '.tmp', `import-cli-${process.pid}`);
mkdirSync(TMP, { recursive: true });
afterAll(() => rmSync(TMP, { recursive: true, force: true }));

const CLI = ['--import', 'tsx', join(process.cwd(), 'server', 'import', 'cli.ts')];

function cli(args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [...CLI, ...args], { encoding: 'utf8' });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

async function hashOf(file: string): Promise<string> {
  const db = openDatabase(file);
  try {
    return await dumpHash(db);
  } finally {
    await db.destroy();
  }
}

async function writeLines(
  path: string,
  header: string,
  count: number,
  line: (i: number) => string,
): Promise<void> {
  const out = createWriteStream(path);
  out.write(`${header}\n`);
  let buf = '';
  for (let i = 0; i < count; i++) {
    buf += `${line(i)}\n`;
    if (buf.length > 1 << 16) {
      if (!out.write(buf)) await new Promise<void>((r) => out.once('drain', () => r()));
      buf = '';
    }
  }
  out.write(buf);
  await new Promise<void>((resolve) => out.end(resolve));
}

describe('npm run import', () => {
  it('exits 0 on success, 1 with a report on bad rows, 2 on bad usage', async () => {
    const db = join(TMP, 'codes.db');
    const ok = cli(['--db', db, ...VALID_CSVS]);
    expect(ok.stdout).toContain('Imported.');
    expect(ok.status).toBe(0);
    // …and left the facts snapshot of the new data beside the database for the next start
    const handle = openDatabase(db);
    const key = await snapshotKeyOf(handle);
    await handle.destroy();
    if (!key) throw new Error('no data version after an import');
    expect((await readFactsSnapshot(`${db}-facts`, key)).facts).not.toBeNull();
    const bad = cli(['--db', db, join(MALFORMED_DIR, '15-employment-negative.csv')]);
    expect(bad.status).toBe(1);
    expect(bad.stdout).toContain('15-employment-negative.csv:3');
    expect(bad.stdout).toContain('employees cannot be negative');
    expect(bad.stdout).toContain('منفی');
    const dry = cli(['--db', db, '--dry-run', ...VALID_CSVS]);
    expect(dry.status).toBe(0);
    expect(dry.stdout).toContain('Dry run');
    expect(cli(['--db', db]).status).toBe(2);
    expect(cli(['--db', db, '--encoding', 'latin9', VALID_CSVS[0] as string]).status).toBe(2);
    expect(cli(['--frobnicate']).status).toBe(2);
  }, 240_000); // seven CLI start-ups on a shared machine

  it('leaves the database exactly as it was when killed mid-import', async () => {
    const db = join(TMP, 'kill.db');
    const units = join(TMP, 'units.csv');
    const grants = join(TMP, 'grants.csv');
    await writeLines(
      units,
      'code,name_fa,province,sector,status',
      5000,
      (i) => `U-${i},واحد ${i},IR-${String(i % 31).padStart(2, '0')},FOOD,active`,
    );
    await writeLines(
      grants,
      'code,unit,heading,status,applied_on,disbursed_on,requested_amount,approved_amount,disbursed_amount',
      600_000,
      (i) =>
        `G-${i},U-${i % 5000},FIN-0${1 + (i % 9)},disbursed,1401/0${1 + (i % 9)}/1${i % 10},1402/01/1${i % 10},${1000 + i},${900 + i},${800 + i}`,
    );
    expect(cli(['--db', db, units]).status).toBe(0);
    const before = await hashOf(db);

    const child = spawn(process.execPath, [...CLI, '--db', db, grants], {
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    const killed = new Promise<NodeJS.Signals | null>((resolve) => {
      child.on('exit', (_code, signal) => resolve(signal));
    });
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (chunk: string) => {
      stderr += chunk;
      // rows are being written inside the open transaction: kill now
      if (/\b[1-9]\d% [\d,]+ rows/.test(stderr)) child.kill('SIGKILL');
    });
    expect(await killed).toBe('SIGKILL');
    expect(stderr).not.toContain('committing');

    const check = new SQLite(db);
    expect(check.pragma('integrity_check', { simple: true })).toBe('ok');
    check.close();
    expect(await hashOf(db)).toBe(before);
    const reopened = openDatabase(db);
    const count = await reopened
      .selectFrom('grants')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirst();
    await reopened.destroy();
    expect(Number(count?.n)).toBe(0);
  }, 240_000);
});

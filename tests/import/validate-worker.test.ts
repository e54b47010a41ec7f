import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import type { ImportReport } from '../../server/import/report.ts';
import { packRows, unpackRows } from '../../server/import/row-batch.ts';
import type { PendingRow } from '../../server/import/write-specs.ts';
import { createTestDb, testDialects, type TestDb } from '../helpers/db.ts';
import { dumpHash, forgetVolatile, importInto, VALID_DIR } from './helpers.ts';

// Large grant and employment parts are validated in a worker thread while the main thread writes
// (and, on SQLite, written 50 new rows to a statement). Both must change nothing observable: the
// same report, row for row, and the same database as the plain path.

const DIR = mkdtempSync(join(tmpdir(), 'hemayat-validate-worker-'));
afterAll(() => rmSync(DIR, { recursive: true, force: true }));

const PROVINCES = ['IR-23', 'IR-10', 'تهران', 'Isfahan', 'استان فارس'];
const HEADINGS = ['FIN-01', 'fin-02', 'MKT-01', 'FIN-07', 'MKT-03'];
const UNITS = 400;
const GRANTS = 7_300; // several 2,000-row batches, not a multiple of 50

const persian = (s: string | number): string =>
  String(s).replace(/\d/g, (d) => '۰۱۲۳۴۵۶۷۸۹'[Number(d)] ?? d);

function unitsCsv(): string {
  const lines = ['code,name_fa,province,sector,status,exporter,licence_year'];
  for (let i = 0; i < UNITS; i++)
    lines.push(
      `U-${i},واحد ${i},${PROVINCES[i % PROVINCES.length]},FOOD,active,${i % 3 === 0 ? 'بله' : 0},${1370 + (i % 30)}`,
    );
  return `${lines.join('\r\n')}\r\n`;
}

/** Grants with Persian digits, Jalali dates and separators; `bad` adds rows that must be refused. */
function grantsCsv(bad: boolean, amountBump = 0): string {
  const lines = [
    'code,unit,heading,status,applied_on,disbursed_on,requested_amount,approved_amount,disbursed_amount',
  ];
  for (let i = 0; i < GRANTS; i++) {
    const unit = `U-${(i * 37) % UNITS}`;
    const heading = HEADINGS[i % HEADINGS.length] ?? 'FIN-01';
    const y = 1396 + (i % 7);
    const m = 1 + (i % 11);
    const requested = 1_000_000 * (1 + (i % 977)) + amountBump * (i % 5 === 0 ? 1 : 0);
    const approved = Math.floor(requested * 0.8);
    const applied = i % 4 === 0 ? persian(`${y}/${m}/12`) : `${y}-${String(m).padStart(2, '0')}-12`;
    const code = `G-${i}`;
    if (i % 3 === 0)
      lines.push(
        `${code},${unit},${heading},پرداخت‌شده,${applied},${y}/${m + 1}/02,"${requested.toLocaleString('en')}",${persian(approved)},${approved}`,
      );
    else lines.push(`${code},${unit},${heading},applied,${applied},,${requested},,`);
    if (bad && i % 997 === 500) lines.push(`${code},${unit},${heading},applied,${applied},,1,,`); // duplicate code
    if (bad && i % 1500 === 7) lines.push(`G-x${i},U-nowhere,${heading},applied,${applied},,1,,`);
    if (bad && i % 2100 === 9) lines.push(`G-y${i},${unit},${heading},applied,1402/13/40,,-5,,`);
  }
  return `${lines.join('\n')}\n`;
}

function employmentCsv(bad: boolean): string {
  const lines = ['unit,year,employees'];
  for (let i = 0; i < UNITS; i++)
    for (let y = 1398; y <= 1402; y++) lines.push(`U-${i},${persian(y)},${(i * 7 + y) % 300}`);
  if (bad) lines.push('U-5,1399,3', 'U-6,1250,4');
  return `${lines.join('\n')}\n`;
}

function write(name: string, text: string): string {
  const path = join(DIR, name);
  writeFileSync(path, text);
  return path;
}

/** A report without what differs between two equal runs. */
function comparable(r: ImportReport): unknown {
  return { ...r, durationMs: 0, rowsPerSecond: 0, importId: 0 };
}

describe('packed row batches', () => {
  it('round-trip numbers, strings and nulls, in order, with row numbers and labels', () => {
    const rows: PendingRow[] = [
      {
        values: [0, 'G-1', 12, null, -3, 2 ** 53 - 1, ''],
        row: 2,
        label: 'G-1',
        outcome: 'inserted',
      },
      { values: [7, 'کد ۲', 0.5, 'x', null, 0, '"q"'], row: 9, label: 'کد', outcome: 'updated' },
    ];
    expect(unpackRows(packRows(rows))).toEqual(rows.map((r) => ({ ...r, outcome: 'inserted' })));
    expect(unpackRows(packRows([]))).toEqual([]);
  });

  it('refuses values it cannot carry instead of changing them', () => {
    expect(() => packRows([{ values: [true], row: 3, label: 'a', outcome: 'inserted' }])).toThrow(
      /row 3/,
    );
  });
});

describe.each(testDialects())('validation in a worker on %s', (dialect) => {
  const open: TestDb[] = [];
  afterEach(async () => {
    for (const t of open.splice(0)) await t.destroy();
  });
  const fresh = async (): Promise<TestDb> => {
    const t = await createTestDb(dialect);
    open.push(t);
    return t;
  };

  it('gives the same report and the same database as validating in-thread', async () => {
    const units = write('units.csv', unitsCsv());
    const badFiles = [
      units,
      write('grants-bad.csv', grantsCsv(true)),
      write('employment-bad.csv', employmentCsv(true)),
    ];
    const goodFiles = [
      units,
      write('grants.csv', grantsCsv(false)),
      write('employment.csv', employmentCsv(false)),
    ];
    const inWorker = await fresh();
    const inThread = await fresh();
    const worker = { validateInWorkerFromBytes: 0 };
    const thread = { validateInWorkerFromBytes: Number.POSITIVE_INFINITY };

    // Bad rows: the same issues, row for row, and nothing written.
    const emptyHash = await dumpHash(inWorker.db);
    const badW = await importInto(inWorker, badFiles, worker);
    const badT = await importInto(inThread, badFiles, thread);
    expect(badW.outcome).toBe('rejected');
    expect(badW.issueCountByCode).toMatchObject({
      duplicate_code: 8,
      unknown_unit: 5,
      bad_date: 4,
      negative: 4,
      year_range: 1,
    });
    expect(comparable(badW)).toEqual(comparable(badT));
    expect(await dumpHash(inWorker.db)).toBe(emptyHash);

    // Good rows: the same counts and the same tables.
    const okW = await importInto(inWorker, goodFiles, worker);
    const okT = await importInto(inThread, goodFiles, thread);
    expect(okW.outcome).toBe('ok');
    expect(okW.counts.grants).toEqual({
      rows: GRANTS,
      inserted: GRANTS,
      updated: 0,
      unchanged: 0,
      rejected: 0,
    });
    expect(okW.counts.employment?.inserted).toBe(UNITS * 5);
    expect(comparable(okW)).toEqual(comparable(okT));
    await forgetVolatile(inWorker);
    await forgetVolatile(inThread);
    expect(await dumpHash(inWorker.db)).toBe(await dumpHash(inThread.db));
    if (dialect === 'sqlite') {
      const orphans = await sql`pragma foreign_key_check`.execute(inWorker.db);
      expect(orphans.rows).toEqual([]);
    }
    const sum = await inWorker.db
      .selectFrom('grants')
      .select((eb) => eb.fn.sum<string>('requested_amount').as('s'))
      .executeTakeFirstOrThrow();
    let expected = 0;
    for (let i = 0; i < GRANTS; i++) expected += 1_000_000 * (1 + (i % 977));
    expect(Number(sum.s)).toBe(expected);

    // The same files again: every row found unchanged (the multi-row insert meets existing codes).
    const before = await dumpHash(inWorker.db);
    const again = await importInto(inWorker, goodFiles.slice(1), worker);
    expect(again.counts.grants).toEqual({
      rows: GRANTS,
      inserted: 0,
      updated: 0,
      unchanged: GRANTS,
      rejected: 0,
    });
    expect(await dumpHash(inWorker.db)).toBe(before);

    // Changed amounts: the same rows updated on both paths, and the same tables after.
    const changed = [write('grants-changed.csv', grantsCsv(false, 1_000))];
    const updW = await importInto(inWorker, changed, worker);
    const updT = await importInto(inThread, changed, thread);
    expect(updW.counts.grants?.updated).toBe(Math.ceil(GRANTS / 5));
    expect(comparable(updW)).toEqual(comparable(updT));
    await forgetVolatile(inWorker);
    await forgetVolatile(inThread);
    expect(await dumpHash(inWorker.db)).toBe(await dumpHash(inThread.db));
  });

  it('reads workbook sheets in the worker as in-thread', async () => {
    const workbook = [join(VALID_DIR, 'agency-data.xlsx')];
    const inWorker = await fresh();
    const inThread = await fresh();
    const w = await importInto(inWorker, workbook, { validateInWorkerFromBytes: 0 });
    const t = await importInto(inThread, workbook, {
      validateInWorkerFromBytes: Number.POSITIVE_INFINITY,
    });
    expect(w.outcome).toBe('ok');
    expect(w.counts.grants?.inserted).toBeGreaterThan(0);
    expect(w.counts.employment?.inserted).toBeGreaterThan(0);
    expect(comparable(w)).toEqual(comparable(t));
    await forgetVolatile(inWorker);
    await forgetVolatile(inThread);
    expect(await dumpHash(inWorker.db)).toBe(await dumpHash(inThread.db));
  });
});

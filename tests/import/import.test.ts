import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { listImports } from '../../server/import/history.ts';
import { rollupsAreFresh } from '../../server/engine/rollups/rollups.ts';
import { createTestDb, testDialects, type TestDb } from '../helpers/db.ts';
import {
  dataCounts,
  dumpHash,
  forgetVolatile,
  importInto,
  VALID_CSVS,
  VALID_DIR,
} from './helpers.ts';

describe.each(testDialects())('import on %s', (dialect) => {
  let t: TestDb | null = null;
  afterEach(async () => {
    await t?.destroy();
    t = null;
  });

  it('loads Persian-typed CSVs (one in Windows-1256) in dependency order', async () => {
    t = await createTestDb(dialect);
    const report = await importInto(t, VALID_CSVS);
    expect(report.issues).toEqual([]);
    expect(report.outcome).toBe('ok');
    expect(report.committed).toBe(true);
    expect(report.counts.units).toEqual({
      rows: 3,
      inserted: 3,
      updated: 0,
      unchanged: 0,
      rejected: 0,
    });
    expect(await dataCounts(t.db)).toEqual({
      parks: 3,
      clusters: 1,
      units: 3,
      employment: 5,
      grants: 4,
      targets: 6,
    });

    const unit = await t.db
      .selectFrom('units as u')
      .innerJoin('provinces as p', 'p.id', 'u.province_id')
      .innerJoin('sectors as s', 's.id', 'u.sector_id')
      .leftJoin('parks as k', 'k.id', 'u.park_id')
      .select([
        'u.name_fa',
        'p.code as province',
        's.code as sector',
        'k.code as park',
        'u.exporter',
        'u.licence_year',
        'u.status',
      ])
      .where('u.code', '=', 'U-0001')
      .executeTakeFirstOrThrow();
    // Arabic ي/ك from the Windows-1256 file are stored as Persian ی/ک
    expect(unit).toEqual({
      name_fa: 'صنایع غذایی نمونه',
      province: 'IR-23',
      sector: 'FOOD',
      park: 'P-THR-01',
      exporter: 1,
      licence_year: 1395,
      status: 'active',
    });
    const u3 = await t.db
      .selectFrom('units')
      .select(['name_fa', 'sector_id', 'status'])
      .where('code', '=', 'U-0003')
      .executeTakeFirstOrThrow();
    expect(u3).toEqual({ name_fa: 'قطعه‌سازی سپاهان', sector_id: 1, status: 'idle' });

    const g = await t.db
      .selectFrom('grants')
      .selectAll()
      .where('code', '=', 'G-1402-0001')
      .executeTakeFirstOrThrow();
    expect(g).toMatchObject({
      year: 1402,
      month: 8, // the disbursement's Jalali month
      applied_on: '2023-08-08',
      disbursed_on: '2023-10-23',
      requested_amount: 5_000_000_000,
      approved_amount: 4_000_000_000,
      disbursed_amount: 4_000_000_000,
      status: 'disbursed',
    });
    const g3 = await t.db
      .selectFrom('grants')
      .selectAll()
      .where('code', '=', 'G-1402-0003')
      .executeTakeFirstOrThrow();
    expect(g3).toMatchObject({
      year: 1402,
      month: 11,
      heading_id: 2,
      status: 'applied',
      disbursed_on: null,
    });
    const emp = await t.db
      .selectFrom('employment')
      .select('employees')
      .where('year', '=', 1402)
      .orderBy('unit_id')
      .execute();
    expect(emp.map((e) => e.employees)).toEqual([27, 11, 1200]);

    const meta = Object.fromEntries(
      (await t.db.selectFrom('dataset_meta').selectAll().execute()).map((m) => [m.key, m.value]),
    );
    expect(meta.synthetic).toBe('false');
    expect(meta.as_of).toBe('2024-01-23'); // 1402/11/03, the newest date in the files
    expect(meta.seeded_at).toBeDefined(); // so `npm start` never seeds over the agency's data

    // rollups were rebuilt in the import's transaction
    expect(await rollupsAreFresh(t.db)).toBe(true);

    const history = await listImports(t.db);
    expect(history).toHaveLength(1);
    expect(history[0]).toMatchObject({
      outcome: 'ok',
      errorCount: 0,
      startedAt: '2024-03-20T08:00:00.000Z',
    });
    expect(history[0]?.fileSha256.split(', ')).toHaveLength(6);
    expect(history[0]?.fileSha256).toMatch(/^[0-9a-f]{64}/);
  });

  it('changes nothing when the same files are imported again', async () => {
    t = await createTestDb(dialect);
    await importInto(t, VALID_CSVS);
    const before = await dumpHash(t.db);
    const again = await importInto(t, VALID_CSVS);
    expect(again.outcome).toBe('ok');
    for (const c of Object.values(again.counts)) {
      expect(c.inserted + c.updated).toBe(0);
      expect(c.unchanged).toBe(c.rows);
    }
    expect(await dumpHash(t.db)).toBe(before);
  });

  it('updates changed rows in place on re-import (upsert on natural codes)', async () => {
    t = await createTestDb(dialect);
    await importInto(t, VALID_CSVS);
    const report = await importInto(t, [
      join(VALID_DIR, 'parks.csv'),
      join(VALID_DIR, 'units-windows-1256.csv'),
    ]);
    expect(report.counts.parks?.unchanged).toBe(3);
    const edited = join(process.cwd(), 'tests', '.tmp', `parks-edit-${dialect}-${process.pid}.csv`);
    const { writeFileSync, readFileSync, rmSync } = await import('node:fs');
    writeFileSync(
      edited,
      readFileSync(join(VALID_DIR, 'parks.csv'), 'utf8').replace('۱۳۷۰', '1371'),
    );
    try {
      const r = await importInto(t, [edited]);
      expect(r.counts.parks).toEqual({
        rows: 3,
        inserted: 0,
        updated: 1,
        unchanged: 2,
        rejected: 0,
      });
      const p = await t.db
        .selectFrom('parks')
        .select(['id', 'established_year'])
        .where('code', '=', 'P-THR-01')
        .executeTakeFirstOrThrow();
      expect(p).toEqual({ id: 1, established_year: 1371 });
    } finally {
      rmSync(edited, { force: true });
    }
  });

  it('reads a workbook with several sheets, in any order, to the same database as the CSVs', async () => {
    t = await createTestDb(dialect);
    await importInto(t, VALID_CSVS);
    const fromCsv = await dumpHash(t.db);
    await t.destroy();
    t = await createTestDb(dialect);
    const report = await importInto(t, [join(VALID_DIR, 'agency-data.xlsx')]);
    expect(report.failure).toBeNull();
    expect(report.issues).toEqual([]);
    expect(report.files[0]?.parts.map((p) => p.entity)).toEqual([
      'parks',
      'clusters',
      'units',
      'employment',
      'grants',
      'targets',
    ]);
    // imported_at/as_of are equal (fixed clock); only the meta source names the file
    await forgetVolatile(t);
    const fromXlsx = await dumpHash(t.db);
    await t.destroy();
    t = await createTestDb(dialect);
    await importInto(t, VALID_CSVS);
    await forgetVolatile(t);
    expect(fromXlsx).toBe(await dumpHash(t.db));
    expect(fromCsv).not.toBe('');
  });

  it('writes nothing on a dry run, yet reports what would be added', async () => {
    t = await createTestDb(dialect);
    const before = await dumpHash(t.db);
    const report = await importInto(t, VALID_CSVS, { dryRun: true });
    expect(report.outcome).toBe('ok');
    expect(report.committed).toBe(false);
    expect(report.counts.grants).toEqual({
      rows: 4,
      inserted: 4,
      updated: 0,
      unchanged: 0,
      rejected: 0,
    });
    expect(await dumpHash(t.db)).toBe(before);
    expect(await listImports(t.db)).toEqual([]);
  });

  it('clears the dataset and imports in one transaction', async () => {
    t = await createTestDb(dialect);
    await importInto(t, VALID_CSVS);
    await t.db.insertInto('dataset_meta').values({ key: 'scale', value: 'national' }).execute();
    const report = await importInto(t, [join(VALID_DIR, 'parks.csv')], { clearSynthetic: true });
    expect(report.outcome).toBe('ok');
    expect(report.cleared).toBe(true);
    expect(await dataCounts(t.db)).toEqual({
      parks: 3,
      clusters: 0,
      units: 0,
      employment: 0,
      grants: 0,
      targets: 0,
    });
    const scale = await t.db
      .selectFrom('dataset_meta')
      .select('value')
      .where('key', '=', 'scale')
      .executeTakeFirst();
    expect(scale).toBeUndefined();
    const cleared = await importInto(t, [], { clearSynthetic: true });
    expect(cleared.outcome).toBe('ok');
    expect(await dataCounts(t.db)).toEqual({
      parks: 0,
      clusters: 0,
      units: 0,
      employment: 0,
      grants: 0,
      targets: 0,
    });
  });

  it('renames reference entries by code', async () => {
    t = await createTestDb(dialect);
    const file = join(process.cwd(), 'tests', '.tmp', `sectors-${dialect}-${process.pid}.csv`);
    const { writeFileSync, rmSync } = await import('node:fs');
    writeFileSync(file, 'code,name_fa,name_en\nFOOD,صنايع غذايي,Food industries\n');
    try {
      const r = await importInto(t, [file]);
      expect(r.counts.sectors).toEqual({
        rows: 1,
        inserted: 0,
        updated: 1,
        unchanged: 0,
        rejected: 0,
      });
      const s = await t.db
        .selectFrom('sectors')
        .select(['name_fa', 'name_en'])
        .where('code', '=', 'FOOD')
        .executeTakeFirstOrThrow();
      expect(s).toEqual({ name_fa: 'صنایع غذایی', name_en: 'Food industries' });
    } finally {
      rmSync(file, { force: true });
    }
  });
});

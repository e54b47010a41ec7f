import { PassThrough } from 'node:stream';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ALL_SCOPE } from '../../server/domain/scope.ts';
import { col } from '../../server/export/columns.ts';
import { tableOf } from '../../server/export/table.ts';
import { writeXlsx } from '../../server/export/xlsx-writer.ts';
import { insertDataset } from '../helpers/builders.ts';
import { createTestDb, type TestDb } from '../helpers/db.ts';
import { FIXTURE } from '../queries/fixture.ts';
import { exportFile, readWorkbook, sheetRows } from './export-helpers.ts';

/** The About sheet as label → value (its cells are all text). */
function aboutMap(sheet: ExcelJS.Worksheet): Map<string, string> {
  return new Map(
    sheetRows(sheet).map(([k, v]) => [
      typeof k === 'string' ? k : '',
      typeof v === 'string' ? v : '',
    ]),
  );
}

const PAYLOAD = '=HYPERLINK("http://evil.example","x")';

describe('XLSX export', () => {
  let t: TestDb;
  beforeAll(async () => {
    t = await createTestDb('sqlite');
    await insertDataset(t.db, FIXTURE);
    // A unit whose name is a formula: it must arrive as text.
    await t.db.updateTable('units').set({ name_fa: PAYLOAD }).where('code', '=', 'U2').execute();
  });
  afterAll(() => t.destroy());

  it('is right-to-left in Persian with a frozen header row and fitted widths', async () => {
    const wb = await readWorkbook((await exportFile(t.db, ALL_SCOPE, 'provinces.xlsx')).bytes);
    expect(wb.worksheets.map((s) => s.name)).toEqual(['داده‌ها', 'مشخصات', 'پیام‌های کلیدی']);
    const sheet = wb.worksheets[0];
    expect(sheet?.views[0]).toMatchObject({ state: 'frozen', ySplit: 1, rightToLeft: true });
    expect(wb.worksheets[1]?.views[0]).toMatchObject({ rightToLeft: true });
    const widths = sheet?.columns.map((c) => c.width ?? 0) ?? [];
    expect(widths.every((w) => w >= 6 && w <= 60)).toBe(true);
    // The header "مبلغ پرداختی (ریال)" is wider than the code column "کد استان".
    expect(widths[7]).toBeGreaterThan(widths[0] ?? 0);
    expect(sheet?.getRow(1).font?.bold).toBe(true);
  });

  it('is left-to-right in English, with English sheet names and headers', async () => {
    const wb = await readWorkbook(
      (await exportFile(t.db, ALL_SCOPE, 'provinces.xlsx', 'lang=en')).bytes,
    );
    expect(wb.worksheets.map((s) => s.name)).toEqual(['Data', 'About', 'Key messages']);
    expect(wb.worksheets[0]?.views[0]).toMatchObject({ rightToLeft: false });
    expect(sheetRows(wb.worksheets[0] as ExcelJS.Worksheet)[0]?.slice(0, 3)).toEqual([
      'Province code',
      'Province',
      'Production units',
    ]);
  });

  it('writes numbers as numeric cells with formats and text as text, never a formula', async () => {
    const file = await exportFile(t.db, ALL_SCOPE, 'drill.xlsx', 'level=unit&header=keys');
    const sheet = (await readWorkbook(file.bytes)).worksheets[0] as ExcelJS.Worksheet;
    const rows = sheetRows(sheet);
    const header = rows[0] ?? [];
    const u2 = rows.find((r) => r[0] === 'U2') ?? [];
    expect(u2[header.indexOf('name')]).toBe(PAYLOAD);
    const at = (key: string) => sheet.getCell(rows.indexOf(u2) + 1, header.indexOf(key) + 1);
    expect(at('name').type).toBe(ExcelJS.ValueType.String);
    for (const key of ['employment', 'grants', 'amount', 'coverage']) {
      expect(at(key).type).toBe(ExcelJS.ValueType.Number);
    }
    expect(at('amount').value).toBe(1000);
    expect(at('amount').numFmt).toBe('#,##0');
    expect(at('coverage').numFmt).toBe('0.0%');
    sheet.eachRow((row) => row.eachCell((c) => expect(c.type).not.toBe(ExcelJS.ValueType.Formula)));
  });

  it('keeps Jalali years as plain numbers without grouping', async () => {
    const file = await exportFile(t.db, ALL_SCOPE, 'timeseries.xlsx', 'header=keys');
    const sheet = (await readWorkbook(file.bytes)).worksheets[0] as ExcelJS.Worksheet;
    expect(sheet.getCell('A2').value).toBe(1400);
    expect(sheet.getCell('A2').numFmt).toBe('0');
  });

  it('records filters, source, synthetic flag and export time on the About sheet', async () => {
    const file = await exportFile(
      t.db,
      ALL_SCOPE,
      'breakdown.xlsx',
      'by=sector&province=IR-10&park=P1&size=small&heading=FIN-01&from=1401&to=1402&metric=amount',
    );
    const about = (await readWorkbook(file.bytes)).worksheets[1] as ExcelJS.Worksheet;
    const lines = aboutMap(about);
    expect(lines.get('محتوا')).toBe('تفکیک شاخص‌ها');
    expect(lines.get('بازه سال‌ها (شمسی)')).toBe('1401–1402');
    expect(lines.get('فیلترها: استان')).toBe('اصفهان (IR-10)');
    expect(lines.get('فیلترها: شهرک/ناحیه')).toBe('شهرک P1 (P1)');
    expect(lines.get('فیلترها: اندازه')).toBe('کوچک');
    expect(lines.get('فیلترها: سرفصل حمایت')).toMatch(/\(FIN-01\)$/);
    expect(lines.get('فیلترها: گروه صنعتی')).toBe('همه');
    expect(lines.get('منبع داده')).toBe('test fixture');
    expect(lines.get('داده ساختگی')).toBe('خیر');
    expect(lines.get('تازه‌ترین رکورد')).toBe('1402/12/11 (2024-03-01)');
    expect(lines.get('زمان خروجی (شمسی، تهران)')).toBe('1405/09/07 01:40');
    expect(lines.get('زمان خروجی (ISO)')).toBe('2026-11-27T22:10:00.000Z');
    // Only U1 (park P1) is left: the METL row and the total.
    expect(lines.get('تعداد سطرها')).toBe('2');
    const settings = sheetRows(about)
      .filter(([k]) => k === 'تنظیمات نما')
      .map(([, v]) => v);
    expect(settings).toEqual(['بر حسب: گروه صنعتی', 'مرتب بر اساس: مبلغ پرداختی (ریال) (نزولی)']);
    expect([...lines.keys()]).toContain('تعریف شاخص‌ها: مبلغ پرداختی (ریال)');
  });

  it('states the whole range, a scoped account’s provinces and what a list’s rows are', async () => {
    const file = await exportFile(t.db, { provinces: ['IR-10'] }, 'units.xlsx', 'lang=en');
    const about = aboutMap((await readWorkbook(file.bytes)).worksheets[1] as ExcelJS.Worksheet);
    expect(about.get('Years (Jalali)')).toBe('1400–1402 (the data’s whole range)');
    expect(about.get('Filters: Province')).toBe('All of your account’s provinces: Isfahan (IR-10)');
    // Isfahan's units counted in 1402: U1, U2, U5.
    expect(about.get('Rows')).toBe('3');
    const notes = sheetRows((await readWorkbook(file.bytes)).worksheets[1] as ExcelJS.Worksheet)
      .filter(([k]) => k === 'Notes')
      .map(([, v]) => (typeof v === 'string' ? v : ''));
    expect(notes).toContain(
      'One row per unit counted (an employment record in 1402): as many rows as the "Production units" indicator under the same filters.',
    );
  });

  it('states the About sheet in English for lang=en, synthetic data included', async () => {
    await t.db
      .updateTable('dataset_meta')
      .set({ value: 'true' })
      .where('key', '=', 'synthetic')
      .execute();
    try {
      const file = await exportFile(t.db, ALL_SCOPE, 'grants.xlsx', 'lang=en&status=all');
      const wb = await readWorkbook(file.bytes);
      const lines = aboutMap(wb.worksheets[1] as ExcelJS.Worksheet);
      expect(lines.get('Contents')).toBe('List of grants');
      expect(lines.get('Synthetic data')).toBe('Yes (fixture)');
      expect(lines.get('View settings')).toBe(
        'Status: applied, approved, rejected, disbursed, cancelled',
      );
      expect(lines.get('Rows')).toBe('6');
      expect(lines.get('Filters: Province')).toBe('All');
    } finally {
      await t.db
        .updateTable('dataset_meta')
        .set({ value: 'false' })
        .where('key', '=', 'synthetic')
        .execute();
    }
  });

  it('writes money beyond 2^53 as exact text and says so', async () => {
    const table = tableOf(
      [col('name', 'text', 'نام', 'Name'), col('amount', 'money', 'مبلغ', 'Amount')],
      [
        ['small', '9007199254740991'],
        ['huge', '123456789012345678901234567890'],
      ],
    );
    const out = new PassThrough();
    const chunks: Buffer[] = [];
    out.on('data', (b: Buffer) => chunks.push(b));
    const stats = await writeXlsx(table, out, {
      lang: 'en',
      header: 'keys',
      sheetNames: { data: 'Data', about: 'About' },
      about: (s) => [['moneyAsText', String(s.moneyAsText)]],
    });
    expect(stats).toEqual({ rowCount: 2, moneyAsText: 1 });
    const sheet = (await readWorkbook(Buffer.concat(chunks))).worksheets[0] as ExcelJS.Worksheet;
    expect(sheet.getCell('B2').value).toBe(9007199254740991);
    expect(sheet.getCell('B3').value).toBe('123456789012345678901234567890');
  });
});

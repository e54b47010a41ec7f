import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import iconv from 'iconv-lite';
import { afterAll, describe, expect, it } from 'vitest';
import { CsvTokenizer, detectDelimiter } from '../../server/import/csv-tokenizer.ts';
import { detectEncoding, readCsvChunks } from '../../server/import/read-csv.ts';

function tokenize(text: string, pieces = 1): { rows: string[][]; unterminated: boolean } {
  const rows: string[][] = [];
  const t = new CsvTokenizer(',', (cells) => rows.push(cells));
  const size = Math.ceil(text.length / pieces);
  for (let i = 0; i < text.length; i += size) t.push(text.slice(i, i + size));
  t.end();
  return { rows, unterminated: t.unterminated };
}

describe('CsvTokenizer', () => {
  const text = 'a,b,c\r\n1,"x, y",3\n"multi\nline","say ""hi""",\n4,5,6';
  const expected = [
    ['a', 'b', 'c'],
    ['1', 'x, y', '3'],
    ['multi\nline', 'say "hi"', ''],
    ['4', '5', '6'],
  ];

  it('reads quotes, escaped quotes, embedded newlines, CRLF and a last line without newline', () => {
    expect(tokenize(text).rows).toEqual(expected);
  });

  it('gives the same records however the text is split into chunks', () => {
    for (const pieces of [2, 3, 7, text.length])
      expect(tokenize(text, pieces).rows).toEqual(expected);
  });

  it('flags a quote that never closes', () => {
    const r = tokenize('a,b\n1,"open\n2,3\n');
    expect(r.rows).toEqual([['a', 'b']]);
    expect(r.unterminated).toBe(true);
  });

  it('detects ; and tab delimited headers', () => {
    expect(detectDelimiter('code;name_fa;province')).toBe(';');
    expect(detectDelimiter('code\tname_fa')).toBe('\t');
    expect(detectDelimiter('"a;b",c,d')).toBe(',');
  });
});

describe('CSV files', () => {
  const dir = join(process.cwd(), 'tests', '.tmp', `csv-${process.pid}`);
  mkdirSync(dir, { recursive: true });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const text = 'code,name_fa\nU-1,صنایع غذایی\n';
  // Windows-1256 has no Persian ی/ک: Persian Windows writes Arabic ي/ك (folded later).
  const arabicLetters = text.replace(/ی/g, 'ي').replace(/ک/g, 'ك');

  it('detects UTF-8 (with or without BOM) and Windows-1256', async () => {
    writeFileSync(join(dir, 'u.csv'), text);
    writeFileSync(join(dir, 'bom.csv'), `\ufeff${text}`);
    writeFileSync(join(dir, 'w.csv'), iconv.encode(arabicLetters, 'windows-1256'));
    writeFileSync(join(dir, 'ascii.csv'), 'code\nU-1\n');
    expect(await detectEncoding(join(dir, 'u.csv'))).toBe('utf8');
    expect(await detectEncoding(join(dir, 'bom.csv'))).toBe('utf8');
    expect(await detectEncoding(join(dir, 'w.csv'))).toBe('windows-1256');
    expect(await detectEncoding(join(dir, 'ascii.csv'))).toBe('utf8');
  });

  it('decodes Windows-1256 (Arabic letters intact) and drops the UTF-8 BOM', async () => {
    const read = async (file: string, enc: 'utf8' | 'windows-1256') => {
      const rows: string[][] = [];
      for await (const c of readCsvChunks(join(dir, file), enc)) rows.push(...c.rows);
      return rows;
    };
    const utf8 = await read('bom.csv', 'utf8');
    expect(utf8).toEqual([
      ['code', 'name_fa'],
      ['U-1', 'صنایع غذایی'],
    ]);
    expect(await read('w.csv', 'windows-1256')).toEqual([
      ['code', 'name_fa'],
      ['U-1', 'صنايع غذايي'],
    ]);
  });

  it('refuses bytes that are not UTF-8 when UTF-8 is chosen', async () => {
    await expect(async () => {
      for await (const _ of readCsvChunks(join(dir, 'w.csv'), 'utf8')) void _;
    }).rejects.toThrow(/bad_encoding/);
  });
});

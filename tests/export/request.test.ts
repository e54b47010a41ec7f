import { describe, expect, it } from 'vitest';
import { ExportRequestError, parseExportRequest } from '../../server/export/request.ts';

function errorOf(file: string, query: string): ExportRequestError {
  try {
    parseExportRequest(file, new URLSearchParams(query));
  } catch (e) {
    if (e instanceof ExportRequestError) return e;
    throw e;
  }
  throw new Error('expected the request to be refused');
}

describe('parseExportRequest', () => {
  it('reads the view, format, filters and view parameters of a page URL', () => {
    const r = parseExportRequest(
      'breakdown.xlsx',
      new URLSearchParams(
        'province=IR-10,IR-23&from=۱۳۹۸&to=1403&by=sector&by2=year&metric=amount&lang=en&chart=bar&page=2&digits=latin',
      ),
    );
    expect(r).toMatchObject({
      view: 'breakdown',
      format: 'xlsx',
      lang: 'en',
      header: 'labels',
      bom: true,
      filters: { province: ['IR-10', 'IR-23'], from: 1398, to: 1403 },
      options: { by: 'sector', by2: 'year', metric: 'amount' },
    });
  });

  it('defaults: Persian headers with a BOM, yearly series, disbursed grants', () => {
    expect(parseExportRequest('timeseries.csv', new URLSearchParams(''))).toMatchObject({
      lang: 'fa',
      header: 'labels',
      bom: true,
      options: { grain: 'year' },
    });
    expect(
      parseExportRequest('grants.csv', new URLSearchParams('bom=0&header=keys')),
    ).toMatchObject({
      bom: false,
      header: 'keys',
      options: { status: ['disbursed'] },
    });
    expect(parseExportRequest('grants.csv', new URLSearchParams('status=all')).options).toEqual({
      status: ['applied', 'approved', 'rejected', 'disbursed', 'cancelled'],
    });
  });

  it.each([
    ['nothing.csv', ''],
    ['provinces.pdf', ''],
    ['provinces', ''],
    ['../etc/passwd', ''],
  ])('answers 404 for the unknown file %s', (file, query) => {
    const e = errorOf(file, query);
    expect(e.status).toBe(404);
    expect(e.message).toContain('provinces');
    expect(e.messageFa).toMatch(/[\u0600-\u06ff]/);
  });

  it.each([
    ['provinces.csv', 'province=IR-99', 'province: unknown province code "IR-99"'],
    ['provinces.csv', 'from=1403&to=1398', 'year range is inverted'],
    ['provinces.csv', 'from=abc', 'from'],
    ['breakdown.csv', '', 'by: one of'],
    ['breakdown.csv', 'by=colour', 'by'],
    ['breakdown.csv', 'by=sector&limit=0', 'limit'],
    ['breakdown.csv', 'by=sector&metrics=units,bogus', 'metrics'],
    ['drill.csv', 'level=planet', 'level'],
    ['timeseries.csv', 'grain=week', 'grain'],
    ['grants.csv', 'status=paid', 'status'],
    ['summary.csv', 'lang=de', 'lang'],
    ['summary.csv', 'header=nice', 'header'],
    ['summary.csv', 'bom=yes', 'bom'],
  ])('answers 400 with a readable message for %s?%s', (file, query, fragment) => {
    const e = errorOf(file, query);
    expect(e.status).toBe(400);
    expect(e.message).toContain(fragment);
    expect(e.messageFa).toContain('پارامترهای خروجی نامعتبر است');
  });
});

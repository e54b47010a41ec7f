import { describe, expect, it } from 'vitest';
import { exportTimeOf } from '../../server/domain/export-time.ts';
import { contentDisposition, exportFileName } from '../../server/export/file-name.ts';
import { parseExportRequest } from '../../server/export/request.ts';

const name = (file: string, query: string, range = { from: 1398, to: 1403 }) =>
  exportFileName(parseExportRequest(file, new URLSearchParams(query)), range, '1405-09-06');

describe('export file names', () => {
  it('say what and when', () => {
    expect(name('provinces.csv', '')).toBe('hemayat-provinces-1398-1403-exported-1405-09-06.csv');
    expect(name('breakdown.xlsx', 'by=sector&by2=year')).toBe(
      'hemayat-breakdown-sector-year-1398-1403-exported-1405-09-06.xlsx',
    );
    expect(name('drill.csv', 'level=unit')).toBe(
      'hemayat-drill-unit-1398-1403-exported-1405-09-06.csv',
    );
    expect(name('timeseries.csv', 'grain=month')).toBe(
      'hemayat-timeseries-month-1398-1403-exported-1405-09-06.csv',
    );
    expect(name('timeseries.csv', '')).toBe('hemayat-timeseries-1398-1403-exported-1405-09-06.csv');
    expect(name('grants.csv', '', { from: 1402, to: 1402 })).toBe(
      'hemayat-grants-1402-exported-1405-09-06.csv',
    );
  });

  it('are sent with an RFC 5987 filename* beside the plain one', () => {
    expect(contentDisposition('hemayat-units-1400-exported-1405-09-06.csv')).toBe(
      'attachment; filename="hemayat-units-1400-exported-1405-09-06.csv"; filename*=UTF-8\'\'hemayat-units-1400-exported-1405-09-06.csv',
    );
    expect(contentDisposition('حمایت "1".csv')).toBe(
      `attachment; filename="_____ _1_.csv"; filename*=UTF-8''${encodeURIComponent('حمایت "1".csv')}`,
    );
  });

  it('date the export in Tehran, in Jalali and ISO form', () => {
    expect(exportTimeOf(new Date('2026-11-27T12:00:00Z'))).toEqual({
      iso: '2026-11-27T12:00:00.000Z',
      jalaliDate: '1405-09-06',
      jalaliDateTime: '1405/09/06 15:30',
    });
    // 22:10 UTC is already the next day in Tehran (UTC+3:30).
    expect(exportTimeOf(new Date('2026-11-27T22:10:00Z')).jalaliDateTime).toBe('1405/09/07 01:40');
    // Nowruz 1404 began on 2025-03-21 (Tehran).
    expect(exportTimeOf(new Date('2025-03-20T21:00:00Z')).jalaliDate).toBe('1404-01-01');
  });
});

import { describe, expect, it } from 'vitest';
import {
  countRows,
  issueRows,
  lastNdjson,
  overallFraction,
} from '../../client/features/import/report-rows.ts';
import type { ImportReport } from '../../server/import/report.ts';

const report: ImportReport = {
  outcome: 'rejected',
  dryRun: false,
  committed: false,
  cleared: false,
  files: [],
  counts: {
    grants: { rows: 4, inserted: 3, updated: 0, unchanged: 0, rejected: 1 },
    parks: { rows: 2, inserted: 0, updated: 1, unchanged: 1, rejected: 0 },
  },
  issues: [
    {
      file: 'book.xlsx',
      sheet: 'grants',
      entity: 'grants',
      row: 3,
      column: 'unit',
      value: 'U-9',
      code: 'unknown_unit',
      fa: 'واحدی با کد «U-9» نیست',
      en: 'No unit U-9',
    },
  ],
  issueCount: 12,
  issueCountByCode: { unknown_unit: 12 },
  failure: null,
  durationMs: 10,
  rowsPerSecond: 600,
  importId: 1,
};

describe('import page transforms', () => {
  it('lists counts in dependency order', () => {
    expect(countRows(report).map((r) => r.entity)).toEqual(['parks', 'grants']);
  });

  it('shows each issue in the page language, naming the sheet', () => {
    expect(issueRows(report, 'fa')[0]).toEqual({
      key: '0',
      where: 'book.xlsx › grants',
      row: 3,
      column: 'unit',
      value: 'U-9',
      message: 'واحدی با کد «U-9» نیست',
    });
    expect(issueRows(report, 'en')[0]?.message).toBe('No unit U-9');
  });

  it('reads the last complete NDJSON line of a streaming answer', () => {
    const p = (fraction: number) =>
      JSON.stringify({ progress: { phase: 'rows', fraction, rows: 1, file: null, entity: null } });
    expect(lastNdjson('')).toBeNull();
    expect(lastNdjson(`${p(0.1)}\n${p(0.5)}\n{"prog`)?.progress?.fraction).toBe(0.5);
    expect(lastNdjson(`${p(0.1)}\n${JSON.stringify({ report })}\n`)?.report?.issueCount).toBe(12);
  });

  it('counts the upload as the first tenth of the progress bar', () => {
    expect(overallFraction({ stage: 'upload', fraction: 0.5 })).toBeCloseTo(0.05);
    expect(
      overallFraction({
        stage: 'server',
        progress: { phase: 'rows', fraction: 1, rows: 9, file: null, entity: null },
      }),
    ).toBe(1);
  });
});

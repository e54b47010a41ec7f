import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IssueCode } from '../../server/import/messages.ts';
import { listImports } from '../../server/import/history.ts';
import { createTestDb, testDialects, type TestDb } from '../helpers/db.ts';
import { dumpHash, importInto, MALFORMED_DIR, VALID_CSVS } from './helpers.ts';

/** Each malformed file → the problem it must be reported with (row 0: the whole file). */
const EXPECTED: Record<
  string,
  { code: IssueCode; row: number; column: string | null; value?: string }
> = {
  '01-parks-unknown-province.csv': {
    code: 'unknown_province',
    row: 2,
    column: 'province',
    value: 'آتلانتیس',
  },
  '02-parks-bad-kind.csv': { code: 'bad_enum', row: 3, column: 'kind', value: 'factory' },
  '03-parks-missing-column.csv': { code: 'missing_column', row: 1, column: 'province' },
  '04-parks-duplicate-code.csv': {
    code: 'duplicate_code',
    row: 5,
    column: 'code',
    value: 'P-THR-01',
  },
  '05-parks-year-range.csv': {
    code: 'year_range',
    row: 3,
    column: 'established_year',
    value: '1250',
  },
  '06-parks-year-not-number.csv': { code: 'not_number', row: 3, column: 'established_year' },
  '07-clusters-unknown-sector.csv': { code: 'unknown_sector', row: 2, column: 'sector' },
  '08-clusters-completed-before-identified.csv': {
    code: 'completed_before_identified',
    row: 2,
    column: 'completed_year',
  },
  '09-units-unknown-park.csv': { code: 'unknown_park', row: 2, column: 'park', value: 'P-NOWHERE' },
  '10-units-park-in-other-province.csv': {
    code: 'province_mismatch',
    row: 2,
    column: 'park',
    value: 'P-ESF-01',
  },
  '11-units-bad-exporter.csv': { code: 'bad_bool', row: 3, column: 'exporter' },
  '12-units-empty-name.csv': { code: 'required', row: 4, column: 'name_fa' },
  '13-units-unknown-column.csv': { code: 'unknown_column', row: 1, column: null, value: 'notes' },
  '14-units-duplicate-column.csv': { code: 'duplicate_column', row: 1, column: 'code' },
  '15-employment-negative.csv': { code: 'negative', row: 3, column: 'employees', value: '-3' },
  '16-employment-unknown-unit.csv': {
    code: 'unknown_unit',
    row: 4,
    column: 'unit',
    value: 'U-9999',
  },
  '17-employment-not-number.csv': {
    code: 'not_number',
    row: 2,
    column: 'employees',
    value: 'twelve',
  },
  '18-employment-duplicate-unit-year.csv': {
    code: 'duplicate_code',
    row: 7,
    column: 'unit',
    value: 'U-0001 / ۱۴۰۲',
  },
  '19-employment-fraction.csv': { code: 'not_number', row: 5, column: 'employees', value: '11.5' },
  '20-grants-unknown-unit.csv': { code: 'unknown_unit', row: 3, column: 'unit', value: 'U-0404' },
  '21-grants-unknown-heading.csv': {
    code: 'unknown_heading',
    row: 2,
    column: 'heading',
    value: 'FIN-99',
  },
  '22-grants-amount-not-number.csv': { code: 'not_number', row: 4, column: 'requested_amount' },
  '23-grants-bad-separators.csv': {
    code: 'not_number',
    row: 3,
    column: 'requested_amount',
    value: '90,00,00,000',
  },
  '24-grants-negative-amount.csv': { code: 'negative', row: 5, column: 'requested_amount' },
  '25-grants-disbursed-above-approved.csv': {
    code: 'disbursed_above_approved',
    row: 2,
    column: 'disbursed_amount',
  },
  '26-grants-bad-date-format.csv': {
    code: 'bad_date_format',
    row: 2,
    column: 'applied_on',
    value: '17-05-1402',
  },
  '27-grants-date-does-not-exist.csv': {
    code: 'bad_date',
    row: 4,
    column: 'applied_on',
    value: '1402/07/31',
  },
  '28-grants-disbursed-before-applied.csv': {
    code: 'disbursed_before_applied',
    row: 2,
    column: 'disbursed_on',
  },
  '29-grants-disbursed-without-date.csv': {
    code: 'disbursed_needs_date',
    row: 3,
    column: 'disbursed_on',
  },
  '30-grants-disbursed-without-amount.csv': {
    code: 'disbursed_needs_amount',
    row: 3,
    column: 'disbursed_amount',
  },
  '31-grants-year-out-of-range.csv': {
    code: 'year_range',
    row: 5,
    column: 'applied_on',
    value: '1290/01/01',
  },
  '32-grants-bad-status.csv': { code: 'bad_enum', row: 4, column: 'status', value: 'pending' },
  '33-grants-amount-too-large.csv': { code: 'too_large', row: 4, column: 'requested_amount' },
  '34-grants-duplicate-code.csv': {
    code: 'duplicate_code',
    row: 6,
    column: 'code',
    value: 'G-1402-0002',
  },
  '35-grants-unterminated-quote.csv': { code: 'unterminated_quote', row: 4, column: null },
  '36-grants-too-many-cells.csv': { code: 'too_many_cells', row: 3, column: null },
  '37-data.csv': { code: 'unknown_entity', row: 0, column: null },
  '38-empty.csv': { code: 'empty_file', row: 0, column: null },
  '39-headings-unknown-code.csv': {
    code: 'unknown_reference_code',
    row: 3,
    column: 'code',
    value: 'XYZ-01',
  },
  '40-grants-required-unit-empty.csv': { code: 'required', row: 5, column: 'unit' },
  '41-provinces-unknown-code.csv': {
    code: 'unknown_reference_code',
    row: 2,
    column: 'code',
    value: 'IR-31',
  },
  '42-not-utf8.csv': { code: 'bad_encoding', row: 0, column: null },
  '43-workbook-bad-row.xlsx': {
    code: 'unknown_province',
    row: 3,
    column: 'province',
    value: 'Atlantis',
  },
  '44-targets-unknown-province.csv': {
    code: 'unknown_place',
    row: 2,
    column: 'province',
    value: 'آتلانتیس',
  },
  '45-targets-unknown-support.csv': { code: 'unknown_support', row: 4, column: 'support' },
  '46-targets-support-on-units.csv': {
    code: 'target_support_not_applicable',
    row: 6,
    column: 'support',
    value: 'FIN',
  },
  '47-targets-bad-metric.csv': { code: 'bad_enum', row: 3, column: 'metric', value: 'revenue' },
  '48-targets-duplicate.csv': {
    code: 'duplicate_code',
    row: 8,
    column: 'year',
    value: '1402/*/*/amount',
  },
  '49-targets-negative-value.csv': { code: 'negative', row: 3, column: 'value', value: '-2' },
  '50-targets-year-out-of-range.csv': { code: 'year_range', row: 5, column: 'year', value: '1250' },
  '51-targets-value-fraction.csv': { code: 'not_number', row: 5, column: 'value', value: '2.5' },
};

describe('the malformed corpus', () => {
  it('has at least 30 files, each with an expected message', () => {
    const files = readdirSync(MALFORMED_DIR).sort();
    expect(files.length).toBeGreaterThanOrEqual(30);
    expect(files).toEqual(Object.keys(EXPECTED).sort());
  });
});

describe.each(testDialects())('malformed files on %s', (dialect) => {
  let t: TestDb;
  let clean: string;
  beforeAll(async () => {
    t = await createTestDb(dialect);
    const loaded = await importInto(t, VALID_CSVS);
    expect(loaded.outcome).toBe('ok');
    clean = await dumpHash(t.db);
  });
  afterAll(() => t.destroy());

  it.each(Object.entries(EXPECTED))(
    '%s is rejected with its message and leaves the database as it was',
    async (file, want) => {
      const report = await importInto(
        t,
        [join(MALFORMED_DIR, file)],
        file === '42-not-utf8.csv' ? { encoding: 'utf8' } : {},
      );
      expect(report.outcome).toBe('rejected');
      expect(report.committed).toBe(false);
      const issue = report.issues.find((i) => i.code === want.code);
      expect(issue, JSON.stringify(report.issues, null, 1)).toBeDefined();
      expect(issue).toMatchObject({ file, row: want.row, column: want.column });
      if (want.value !== undefined) expect(issue?.value).toBe(want.value);
      expect(issue?.fa.length).toBeGreaterThan(5);
      expect(issue?.en.length).toBeGreaterThan(5);
      expect(issue?.fa).not.toBe(issue?.en);
      expect(await dumpHash(t.db)).toBe(clean);
      const [last] = await listImports(t.db, 1);
      expect(last).toMatchObject({ outcome: 'rejected', fileName: file });
      expect(last?.errorCount).toBe(report.issueCount);
    },
  );
});

import { describe, expect, it } from 'vitest';
import { GRANT_STATUS_NAMES, UNIT_STATUS_NAMES } from '../../server/domain/statuses.ts';
import type { Lookups } from '../../server/import/lookups.ts';
import { IssueCollector } from '../../server/import/report.ts';
import { templateCsv, UTF8_BOM } from '../../server/import/template-csv.ts';
import { IMPORT_ENTITIES, TEMPLATES, templateOf } from '../../server/import/templates.ts';
import { createValidator, mapHeader } from '../../server/import/validate.ts';

describe('import templates', () => {
  it('define every entity once, in dependency order, with unique column keys', () => {
    expect(TEMPLATES.map((t) => t.entity)).toEqual([...IMPORT_ENTITIES]);
    for (const t of TEMPLATES) {
      const keys = t.columns.map((c) => c.key);
      expect(new Set(keys).size).toBe(keys.length);
      expect(t.columns[0]?.required).toBe(true);
      for (const c of t.columns) {
        expect(c.descriptionFa.length).toBeGreaterThan(0);
        expect(c.descriptionEn.length).toBeGreaterThan(0);
        if (c.type === 'enum') expect(c.values?.length).toBeGreaterThan(1);
        if (c.type === 'ref') expect(c.ref).toBeDefined();
      }
    }
  });

  it('downloads as a BOM-prefixed CSV with the header and one example row', () => {
    const csv = templateCsv('employment');
    expect(csv.startsWith(UTF8_BOM)).toBe(true);
    expect(csv.slice(1).split('\r\n')).toEqual(['unit,year,employees', 'U-0000001,1402,۲۴', '']);
    const grants = templateCsv('grants').slice(1).split('\r\n');
    expect(grants[0]?.split(',')).toEqual(templateOf('grants').columns.map((c) => c.key));
    expect(grants[1]).toContain('"5,000,000,000"'); // separators quoted, not split
  });
});

describe('status names', () => {
  /** Validates one grants row with the given status cell; returns the stored status or null. */
  function grantStatus(cell: string): unknown {
    const template = templateOf('grants');
    const header = template.columns.map((c) => c.key);
    const issues = new IssueCollector();
    const at = { file: 'g.csv', sheet: null, entity: 'grants' as const };
    const lookups: Lookups = {
      provinceByKey: new Map(),
      provinceCode: new Map(),
      sectorByKey: new Map(),
      headingByCode: new Map([['FIN-01', 1]]),
      categoryByKey: new Map(),
      categoryIdByCode: new Map(),
      provinceIdByCode: new Map(),
      sectorIdByCode: new Map(),
      parkByCode: new Map(),
      clusterByCode: new Map(),
      unitByCode: new Map([['U-1', 1]]),
    };
    const index = mapHeader(template, header, at, issues);
    if (!index) throw new Error('header');
    const validate = createValidator(template, index, header.length, lookups, issues, at);
    const row = validate(['G-1', 'U-1', 'FIN-01', cell, '1402/05/17', '', '100', '', ''], 2);
    return row ? row.values[11] : null;
  }

  it('the import accepts every status name the list exports write, in both languages', () => {
    for (const [status, name] of Object.entries(GRANT_STATUS_NAMES)) {
      if (status === 'disbursed') continue; // needs a date and an amount: checked elsewhere
      expect(grantStatus(name.fa)).toBe(status);
      expect(grantStatus(name.en)).toBe(status);
      expect(grantStatus(status)).toBe(status);
    }
    expect(grantStatus('مصوب')).toBe('approved'); // the other common spelling
    expect(grantStatus('paid-ish')).toBeNull();
    const units = templateOf('units').columns.find((c) => c.key === 'status');
    expect(units?.values?.map((v) => [v.value, v.fa])).toEqual(
      Object.entries(UNIT_STATUS_NAMES).map(([k, n]) => [k, n.fa]),
    );
  });
});

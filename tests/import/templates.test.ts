import { describe, expect, it } from 'vitest';
import { templateCsv, UTF8_BOM } from '../../server/import/template-csv.ts';
import { IMPORT_ENTITIES, TEMPLATES, templateOf } from '../../server/import/templates.ts';

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

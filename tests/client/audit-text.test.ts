import { describe, expect, it } from 'vitest';
import { actionName, detailFields, outcomeName } from '../../client/features/admin/audit-text.ts';
import { createFormatter } from '../../client/lib/format.ts';

const faP = createFormatter({ lang: 'fa', digits: 'persian' });
const faL = createFormatter({ lang: 'fa', digits: 'latin' });
const en = createFormatter({ lang: 'en', digits: 'latin' });

/** An aborted units download as server/http/export-routes.ts records it. */
const ABORTED = { file: 'units.csv', query: 'lang=fa&province=IR-10', rows: 12000 };

describe('audit entries in the reader’s words (issue #14)', () => {
  it('names an aborted download in Persian, its details as fields with Persian digits', () => {
    expect(actionName('export', 'fa')).toBe('دریافت فایل');
    expect(outcomeName('cancelled', 'fa')).toBe('قطع شد');
    expect(detailFields(ABORTED, faP)).toEqual([
      { key: 'file', label: 'فایل', value: 'units.csv' },
      { key: 'query', label: 'پارامترها', value: 'lang=fa province=IR-10' },
      { key: 'rows', label: 'سطرها', value: '۱۲٬۰۰۰' },
    ]);
  });

  it('writes counts in the digits the reader chose', () => {
    expect(detailFields({ rows: 0 }, faP)[0]?.value).toBe('۰');
    expect(detailFields({ rows: 12000 }, faL)[0]?.value).toBe('12,000');
    expect(detailFields({ rows: 12000 }, en)[0]).toEqual({
      key: 'rows',
      label: 'Rows',
      value: '12,000',
    });
  });

  it('names provinces and role words, not codes', () => {
    expect(detailFields({ scope: ['IR-10', 'IR-23'], role: 'manager' }, faP)).toEqual([
      { key: 'scope', label: 'استان‌ها', value: 'اصفهان، تهران' },
      { key: 'role', label: 'نقش', value: 'مدیر' },
    ]);
  });
});

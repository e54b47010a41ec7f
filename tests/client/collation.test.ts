import { describe, expect, it } from 'vitest';
import { EMPTY_FILTERS } from '../../server/domain/filters.ts';
import { sortByName } from '../../client/lib/collation.ts';
import { buildFilterOptions } from '../../client/components/filter-options.ts';
import { distinctLabels, middleTruncate } from '../../client/components/charts/chart-config.ts';

// Provinces in ISO code order, the order the pickers used to follow.
const provinces = [
  { code: 'IR-00', nameFa: 'مرکزی', nameEn: 'Markazi' },
  { code: 'IR-01', nameFa: 'گیلان', nameEn: 'Gilan' },
  { code: 'IR-02', nameFa: 'مازندران', nameEn: 'Mazandaran' },
  { code: 'IR-03', nameFa: 'آذربایجان شرقی', nameEn: 'East Azerbaijan' },
  { code: 'IR-10', nameFa: 'اصفهان', nameEn: 'Isfahan' },
  { code: 'IR-05', nameFa: 'کرمانشاه', nameEn: 'Kermanshah' },
  { code: 'IR-23', nameFa: 'تهران', nameEn: 'Tehran' },
  { code: 'IR-28', nameFa: 'یزد', nameEn: 'Yazd' },
];

describe('Persian collation', () => {
  it('orders Persian names as the alphabet does (آ ا ت ک گ م ی), not by code or code point', () => {
    const sorted = sortByName(provinces, (p) => p.nameFa, 'fa').map((p) => p.nameFa);
    expect(sorted).toEqual([
      'آذربایجان شرقی',
      'اصفهان',
      'تهران',
      'کرمانشاه',
      'گیلان',
      'مازندران',
      'مرکزی',
      'یزد',
    ]);
  });

  it('pickers list provinces alphabetically in the UI language; sizes keep small → large', () => {
    const members = {
      provinces,
      sectors: [],
      categories: [],
      headings: [],
      parks: [],
      clusters: [],
      sizes: ['micro', 'small', 'medium'],
    };
    const fa = buildFilterOptions(members, EMPTY_FILTERS, 'fa', (s) => s);
    expect(fa.province.map((o) => o.code).slice(0, 3)).toEqual(['IR-03', 'IR-10', 'IR-23']);
    const en = buildFilterOptions(members, EMPTY_FILTERS, 'en', (s) => s);
    expect(en.province.map((o) => o.label).slice(0, 3)).toEqual([
      'East Azerbaijan',
      'Gilan',
      'Isfahan',
    ]);
    expect(en.size.map((o) => o.code)).toEqual(['micro', 'small', 'medium']);
  });
});

describe('distinct short labels', () => {
  it('cuts the middle, keeping the end that tells names apart', () => {
    expect(middleTruncate('خوشه ماشین‌آلات کشاورزی اصفهان', 16)).toMatch(/^خوشه.*….*اصفهان$/);
    expect(middleTruncate('کوتاه', 16)).toBe('کوتاه');
  });

  it('never shortens two different names to the same text', () => {
    const labels = [
      'خوشه ماشین‌آلات کشاورزی اصفهان ۱',
      'خوشه ماشین‌آلات کشاورزی اصفهان ۲',
      'تأمین مالی خرد',
      'تأمین مالی خرد بانکی',
      'سایر',
    ];
    const short = distinctLabels(labels, 12);
    const values = labels.map((l) => short.get(l));
    expect(new Set(values).size).toBe(labels.length);
    expect(short.get('سایر')).toBe('سایر');
  });
});

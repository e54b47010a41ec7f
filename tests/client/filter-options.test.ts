import { describe, expect, it } from 'vitest';
import { EMPTY_FILTERS, type Filters, type ListKey } from '../../server/domain/filters.ts';
import {
  buildFilterOptions,
  matchOptions,
  optionLabel,
  type FilterMembers,
} from '../../client/components/filter-options.ts';

const members: FilterMembers = {
  provinces: [
    { code: 'IR-10', nameFa: 'اصفهان', nameEn: 'Isfahan' },
    { code: 'IR-05', nameFa: 'کرمانشاه', nameEn: 'Kermanshah' },
    { code: 'IR-13', nameFa: 'سیستان و بلوچستان', nameEn: 'Sistan and Baluchestan' },
  ],
  sectors: [
    { code: 'FOOD', nameFa: 'غذایی', nameEn: 'Food' },
    { code: 'CHEM', nameFa: 'شیمیایی', nameEn: 'Chemicals' },
  ],
  categories: [
    { code: 'FIN', nameFa: 'تأمین مالی', nameEn: 'Finance' },
    { code: 'ENT', nameFa: 'کارآفرینی', nameEn: 'Entrepreneurship' },
  ],
  headings: [
    {
      code: 'FIN-01',
      category: 'FIN',
      nameFa: 'تسهیلات سرمایه در گردش',
      nameEn: 'Working capital',
    },
    { code: 'ENT-01', category: 'ENT', nameFa: 'آموزش‌های مهارتی', nameEn: 'Skills training' },
  ],
  parks: [
    { code: 'P1', province: 'IR-10', nameFa: 'شهرک صنعتی اصفهان ۱۲', nameEn: 'Isfahan park 12' },
    { code: 'P2', province: 'IR-05', nameFa: 'شهرک صنعتی کرمانشاه ۳', nameEn: 'Kermanshah park 3' },
  ],
  clusters: [
    { code: 'C1', province: 'IR-10', sector: 'FOOD', nameFa: 'خوشه پسته', nameEn: 'Pistachio' },
    { code: 'C2', province: 'IR-10', sector: 'CHEM', nameFa: 'خوشه رنگ', nameEn: 'Paint' },
    { code: 'C3', province: 'IR-05', sector: 'FOOD', nameFa: 'خوشه لبنیات', nameEn: 'Dairy' },
  ],
  sizes: ['micro', 'small', 'medium'],
};

const codes = (list: { code: string }[]) => list.map((o) => o.code);
const sizeLabel = (s: string) => `size:${s}`;

describe('buildFilterOptions', () => {
  it('lists everything without filters, in the UI language', () => {
    const options = buildFilterOptions(members, EMPTY_FILTERS, 'en', sizeLabel);
    expect(codes(options.park)).toEqual(['P1', 'P2']);
    // Alphabetical in English: Dairy, Paint, Pistachio.
    expect(codes(options.cluster)).toEqual(['C3', 'C2', 'C1']);
    expect(options.province[0]?.label).toBe('Isfahan');
    expect(options.size.map((o) => o.label)).toEqual(['size:micro', 'size:small', 'size:medium']);
    expect(buildFilterOptions(members, EMPTY_FILTERS, 'fa', sizeLabel).province[0]?.label).toBe(
      'اصفهان',
    );
  });

  it.each([
    [{ province: ['IR-05'] }, 'park', ['P2']],
    [{ province: ['IR-10'] }, 'cluster', ['C2', 'C1']],
    [{ province: ['IR-10'], sector: ['FOOD'] }, 'cluster', ['C1']],
    [{ sector: ['FOOD'] }, 'cluster', ['C3', 'C1']],
    [{ category: ['ENT'] }, 'heading', ['ENT-01']],
    // A chosen member stays listed even when the narrowing would hide it.
    [{ province: ['IR-05'], park: ['P1'] }, 'park', ['P1', 'P2']],
  ] satisfies [Partial<Filters>, ListKey, string[]][])(
    'narrows %o → %s',
    (partial, key, expected) => {
      const filters: Filters = { ...EMPTY_FILTERS, ...partial };
      expect(codes(buildFilterOptions(members, filters, 'en', sizeLabel)[key])).toEqual(expected);
    },
  );

  it('groups headings under their category name', () => {
    const headings = buildFilterOptions(members, EMPTY_FILTERS, 'fa', sizeLabel).heading;
    expect(headings.map((h) => h.group)).toEqual(['تأمین مالی', 'کارآفرینی']);
  });
});

describe('matchOptions', () => {
  const fa = buildFilterOptions(members, EMPTY_FILTERS, 'fa', sizeLabel);

  it.each([
    ['', ['IR-10', 'IR-13', 'IR-05']], // اصفهان، سیستان، کرمانشاه
    ['كرمانشاه', ['IR-05']], // Arabic kaf
    ['سيستان', ['IR-13']], // Arabic yeh
    ['بلوچستان سیستان', ['IR-13']], // every word, any order
    ['IR-1', ['IR-10', 'IR-13']], // by code
    ['تهران', []],
  ])('province search %s', (query, expected) => {
    expect(codes(matchOptions(fa.province, query, 10).shown)).toEqual(expected);
  });

  it('folds ZWNJ and Persian/Latin digits', () => {
    expect(codes(matchOptions(fa.park, 'اصفهان 12', 10).shown)).toEqual(['P1']);
    expect(codes(matchOptions(fa.park, 'کرمانشاه ۳', 10).shown)).toEqual(['P2']);
    expect(codes(matchOptions(fa.heading, 'آموزشهای', 10).shown)).toEqual(['ENT-01']);
  });

  it('caps the list and counts the rest', () => {
    const { shown, more } = matchOptions(fa.province, '', 2);
    expect(shown).toHaveLength(2);
    expect(more).toBe(1);
  });

  it('labels a chosen code, or falls back to the code', () => {
    expect(optionLabel(fa.province, 'IR-10')).toBe('اصفهان');
    expect(optionLabel(fa.province, 'IR-99')).toBe('IR-99');
  });
});

import { beforeAll, describe, expect, it } from 'vitest';
import { en } from '../../client/i18n/en.ts';
import { fa } from '../../client/i18n/fa.ts';
import { loadDictionary, translate } from '../../client/i18n/index.ts';

// The dictionaries are lazy chunks in the app; load both for these tests.
beforeAll(() => Promise.all([loadDictionary('fa'), loadDictionary('en')]));

const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe('dictionaries', () => {
  it('have exactly the same keys', () => {
    expect(Object.keys(en).sort()).toEqual(Object.keys(fa).sort());
  });

  it('have no empty strings', () => {
    for (const [key, value] of [...Object.entries(fa), ...Object.entries(en)]) {
      expect(value.trim(), key).not.toBe('');
    }
  });

  it('use the same placeholders in both languages', () => {
    for (const key of Object.keys(fa) as (keyof typeof fa)[]) {
      expect(placeholders(en[key]), key).toEqual(placeholders(fa[key]));
    }
  });

  it('Persian strings use Persian ی and ک, not Arabic ي and ك', () => {
    for (const [key, value] of Object.entries(fa)) {
      expect(/[\u064a\u0643]/.test(value), key).toBe(false);
    }
  });
});

describe('translate', () => {
  it('fills placeholders', () => {
    expect(translate('en', 'filters.removeChip', { name: 'Province', value: 'Tehran' })).toBe(
      'Remove filter Province: Tehran',
    );
    expect(translate('fa', 'filters.selectedCount', { count: '۳' })).toBe('۳ انتخاب');
  });

  it('leaves a missing placeholder visible', () => {
    expect(translate('en', 'filters.selectedCount')).toBe('{count} selected');
  });
});

import { describe, expect, it } from 'vitest';
import { EMPTY_FILTERS } from '../../server/domain/filters.ts';
import {
  activeFilterCount,
  carriedParams,
  digitsOf,
  hrefOf,
  langOf,
  readFilters,
  readViewState,
  setListValues,
  toggleListValue,
  withFilters,
  withParam,
} from '../../client/lib/url-state.ts';

const p = (query: string) => new URLSearchParams(query);

describe('language and digits', () => {
  it.each([
    ['', 'fa', 'persian'],
    ['lang=en', 'en', 'latin'],
    ['lang=fa&digits=latin', 'fa', 'latin'],
    ['lang=en&digits=persian', 'en', 'persian'],
    ['lang=xx&digits=roman', 'fa', 'persian'],
  ])('%s', (query, lang, digits) => {
    expect(langOf(p(query))).toBe(lang);
    expect(digitsOf(p(query))).toBe(digits);
  });
});

describe('readFilters', () => {
  it('reads valid filters with Persian digits in years', () => {
    const { filters, error } = readFilters(p('province=IR-10,IR-23&size=micro&from=۱۳۹۸&to=1403'));
    expect(error).toBeNull();
    expect(filters.province).toEqual(['IR-10', 'IR-23']);
    expect(filters.size).toEqual(['micro']);
    expect(filters.from).toBe(1398);
    expect(filters.to).toBe(1403);
  });

  it('drops only the invalid parameter and says why', () => {
    const { filters, error } = readFilters(
      p('province=IR-99&sector=' + 'S1'.replace('S1', 'x') + '&size=small'),
    );
    expect(filters.province).toEqual([]);
    expect(filters.size).toEqual(['small']);
    expect(error).toMatch(/province/);
  });

  it('drops an inverted year range', () => {
    const { filters, error } = readFilters(p('from=1403&to=1398'));
    expect(error).toMatch(/inverted/);
    expect(filters.from === undefined || filters.to === undefined).toBe(true);
  });
});

describe('writing the URL', () => {
  it('replaces filters and keeps language and page parameters, in a stable order', () => {
    const current = p('lang=en&by=sector&province=IR-01&size=micro');
    const next = withFilters(current, { ...EMPTY_FILTERS, province: ['IR-10'], from: 1400 });
    expect(next.toString()).toBe('province=IR-10&from=1400&lang=en&by=sector');
  });

  it('round-trips through readViewState', () => {
    const filters = {
      ...EMPTY_FILTERS,
      province: ['IR-10', 'IR-23'],
      size: ['medium' as const],
      from: 1399,
      to: 1402,
    };
    const state = readViewState(withFilters(p('lang=en&digits=persian'), filters));
    expect(state.filters).toEqual(filters);
    expect(state.lang).toBe('en');
    expect(state.digits).toBe('persian');
    expect(state.digitsExplicit).toBe(true);
  });

  it('sets and clears one parameter', () => {
    expect(withParam(p('a=1'), 'metric', 'amount').toString()).toBe('a=1&metric=amount');
    expect(withParam(p('a=1&metric=x'), 'metric', null).toString()).toBe('a=1');
  });

  it('carries filters and preferences to another page, not page parameters', () => {
    expect(carriedParams(p('lang=en&by=sector&province=IR-01&page=3')).toString()).toBe(
      'lang=en&province=IR-01',
    );
  });

  it('builds hrefs without a dangling question mark', () => {
    expect(hrefOf('/provinces', p(''))).toBe('/provinces');
    expect(hrefOf('/provinces', p('lang=en'))).toBe('/provinces?lang=en');
  });
});

describe('filter edits', () => {
  it('toggles a code in and out', () => {
    const once = toggleListValue(EMPTY_FILTERS, 'province', 'IR-10');
    expect(once.province).toEqual(['IR-10']);
    expect(toggleListValue(once, 'province', 'IR-10').province).toEqual([]);
  });

  it('refuses unknown codes instead of writing them to the URL', () => {
    expect(setListValues(EMPTY_FILTERS, 'province', ['IR-99'])).toBe(EMPTY_FILTERS);
    expect(setListValues(EMPTY_FILTERS, 'size', ['micro']).size).toEqual(['micro']);
  });

  it('counts active filters', () => {
    expect(activeFilterCount(EMPTY_FILTERS)).toBe(0);
    expect(activeFilterCount({ ...EMPTY_FILTERS, province: ['IR-10', 'IR-01'], to: 1402 })).toBe(3);
  });
});

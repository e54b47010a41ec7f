import { beforeAll, describe, expect, it } from 'vitest';
import {
  deckOf,
  pageHref,
  presentedPage,
  presentHref,
  savedQueryOf,
  slidesOf,
} from '../../client/features/briefing/deck.ts';
import { filterCaption, sourceText, type CaptionState } from '../../client/lib/filter-caption.ts';
import { autoInterval, jumpTarget, keyAction } from '../../client/features/briefing/keys.ts';
import { slideFilters, slideId, slidesForPage } from '../../client/features/briefing/slides.ts';
import { loadDictionary, translate } from '../../client/i18n/index.ts';
import { createFormatter } from '../../client/lib/format.ts';
import { EMPTY_FILTERS } from '../../server/domain/filters.ts';

// The dictionaries are lazy chunks in the app; load both for these tests.
beforeAll(() => Promise.all([loadDictionary('fa'), loadDictionary('en')]));

describe('keyAction', () => {
  it.each([
    ['ArrowLeft', 'rtl', 'next'],
    ['ArrowRight', 'rtl', 'previous'],
    ['ArrowRight', 'ltr', 'next'],
    ['ArrowLeft', 'ltr', 'previous'],
    ['PageDown', 'rtl', 'next'],
    ['PageUp', 'ltr', 'previous'],
    [' ', 'rtl', 'next'],
    ['Home', 'rtl', 'first'],
    ['End', 'ltr', 'last'],
    ['f', 'rtl', 'fullscreen'],
    ['ب', 'rtl', 'fullscreen'],
    ['Escape', 'ltr', 'exit'],
    ['Enter', 'ltr', 'jump'],
  ] as const)('%s in %s → %s', (key, dir, type) => {
    expect(keyAction({ key }, dir)?.type).toBe(type);
  });

  it('Shift+Space goes back; modified keys and other letters are left to the browser', () => {
    expect(keyAction({ key: ' ', shiftKey: true }, 'rtl')?.type).toBe('previous');
    expect(keyAction({ key: 'f', ctrlKey: true }, 'rtl')).toBeNull();
    expect(keyAction({ key: 'x' }, 'rtl')).toBeNull();
  });

  it('reads Persian digits as digits', () => {
    expect(keyAction({ key: '۷' }, 'rtl')).toEqual({ type: 'digit', digit: '7' });
  });
});

describe('jumpTarget and autoInterval', () => {
  it('clamps a typed slide number to the deck (1-based in, 0-based out)', () => {
    expect(jumpTarget('3', 10)).toBe(2);
    expect(jumpTarget('99', 10)).toBe(9);
    expect(jumpTarget('0', 10)).toBe(0);
    expect(jumpTarget('', 10)).toBeNull();
  });
  it('accepts only the offered intervals', () => {
    expect(autoInterval('15')).toBe(15);
    expect(autoInterval('7')).toBeNull();
    expect(autoInterval(null)).toBeNull();
  });
});

describe('deck building', () => {
  it('presents a page with its filters and page parameters, not the briefing own ones', () => {
    const href = presentHref(
      '/provinces',
      new URLSearchParams('province=IR-10&metric=amount&lang=en&slide=3'),
    );
    expect(href).toBe('/briefing?from-page=%2Fprovinces&province=IR-10&metric=amount&lang=en');
    const source = presentedPage(new URL(href, 'http://x').searchParams);
    expect(source).toEqual({ path: '/provinces', query: 'province=IR-10&metric=amount' });
    expect(presentedPage(new URLSearchParams('from-page=/admin'))).toBeNull();
  });

  it('slides of a page follow its panels and its metric parameter', () => {
    const slides = slidesOf({ path: '/provinces', query: 'metric=amount&from=1400' });
    expect(slides.map((s) => slideId(s.spec))).toEqual(['breakdown-province-amount']);
    expect(slides[0]?.filters.from).toBe(1400);
    // A metric the page does not offer falls back as the page's picker does.
    const headings = slidesOf({ path: '/headings', query: 'metric=employment' });
    expect(headings.map((s) => slideId(s.spec))).toContain('breakdown-heading-amount');
  });

  it('slides leave out what their panel leaves out to cross-filter', () => {
    const slides = slidesOf({ path: '/', query: 'category=FIN&province=IR-10&metric=amount' });
    const byId = new Map(slides.map((s) => [slideId(s.spec), s]));
    const donut = byId.get('breakdown-category-grants');
    const map = byId.get('breakdown-province-amount');
    expect(donut && slideFilters(donut.spec, donut.filters).category).toEqual([]);
    expect(map && slideFilters(map.spec, map.filters).province).toEqual([]);
    expect(map && slideFilters(map.spec, map.filters).category).toEqual(['FIN']);
    expect(slidesOf({ path: '/impact', query: '' }).map((s) => slideId(s.spec))).toEqual([
      'impact',
    ]);
  });

  it('a province page pins its province', () => {
    const [first] = slidesOf({ path: '/provinces/IR-23', query: 'province=IR-10' });
    expect(first?.filters.province).toEqual(['IR-23']);
  });

  it('a saved view may pin one panel; invalid filters are dropped and reported', () => {
    const slides = slidesOf({
      path: '/',
      query: 'panel=breakdown-category-grants&province=IR-99&sector=FOOD',
      name: 'x',
    });
    expect(slides).toHaveLength(1);
    expect(slides[0]?.filters.sector).toEqual(['FOOD']);
    expect(slides[0]?.filters.province).toEqual([]);
    expect(slides[0]?.filterError).toMatch(/IR-99/);
    expect(slides[0]?.viewName).toBe('x');
  });

  it('a deck of views keeps their order and unique keys', () => {
    const deck = deckOf([
      { path: '/provinces', query: '' },
      { path: '/provinces', query: 'metric=grants' },
    ]);
    // The key messages of the first view, then each view's slide.
    expect(deck.map((s) => slideId(s.spec))).toEqual([
      'messages',
      'breakdown-province-units',
      'breakdown-province-grants',
    ]);
    expect(new Set(deck.map((s) => s.key)).size).toBe(3);
  });

  it('every page has at least one slide', () => {
    for (const path of [
      '/',
      '/provinces',
      '/provinces/IR-10',
      '/clusters',
      '/headings',
      '/explore',
      '/impact',
    ]) {
      expect(slidesForPage(path, new URLSearchParams()).length, path).toBeGreaterThan(0);
    }
  });

  it('saved queries leave out display preferences; leaving restores them', () => {
    expect(savedQueryOf(new URLSearchParams('lang=en&digits=latin&from=1400&from-page=/'))).toBe(
      'from=1400',
    );
    expect(
      pageHref({ path: '/', query: 'from=1400&panel=kpis' }, new URLSearchParams('lang=en')),
    ).toBe('/?from=1400&lang=en');
  });
});

describe('filterCaption', () => {
  const fa = createFormatter({ lang: 'fa', digits: 'persian' });
  const en = createFormatter({ lang: 'en', digits: 'latin' });
  const tFa = (key: Parameters<typeof translate>[1], v?: Record<string, string>) =>
    translate('fa', key, v);
  const tEn = (key: Parameters<typeof translate>[1], v?: Record<string, string>) =>
    translate('en', key, v);

  const state = (over: Partial<CaptionState>): CaptionState => ({
    filters: EMPTY_FILTERS,
    period: { from: 1398, to: 1403 },
    wholeRange: false,
    scope: 'all',
    ...over,
  });

  it('names the filters in the language and always states the years', () => {
    const filters = { ...EMPTY_FILTERS, province: ['IR-23', 'IR-10'], size: ['micro' as const] };
    expect(filterCaption(state({ filters }), null, tEn, en)).toBe(
      'Province: Tehran, Isfahan · Size: Micro (under 10) · Years: 1398–1403',
    );
    expect(filterCaption(state({}), null, tFa, fa)).toBe('کل کشور · بازه سال: ۱۳۹۸ تا ۱۴۰۳');
  });

  it('calls an open period the whole range, and names a scoped account’s provinces', () => {
    expect(filterCaption(state({ wholeRange: true, scope: ['IR-10'] }), null, tFa, fa)).toBe(
      'استان‌های حساب شما: اصفهان · بازه سال: ۱۳۹۸ تا ۱۴۰۳ (کل بازه داده‌ها)',
    );
    const sector = { ...EMPTY_FILTERS, sector: ['FOOD'] };
    expect(filterCaption(state({ filters: sector }), null, tEn, en)).toMatch(
      /^Whole country · Sector: .+ · Years: 1398–1403$/,
    );
  });

  it('summarises long lists', () => {
    const filters = {
      ...EMPTY_FILTERS,
      province: ['IR-01', 'IR-02', 'IR-03', 'IR-04', 'IR-05', 'IR-06'],
    };
    expect(filterCaption(state({ filters, period: null }), null, tEn, en)).toMatch(/ and 2 more$/);
  });

  it('picks the half of a bilingual source in the reader’s script', () => {
    const source = 'Synthetic data / داده‌های ساختگی';
    expect(sourceText(source, 'en')).toBe('Synthetic data');
    expect(sourceText(source, 'fa')).toBe('داده‌های ساختگی');
    expect(sourceText('Agency records', 'fa')).toBe('Agency records');
  });
});

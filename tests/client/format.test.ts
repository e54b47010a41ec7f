import { describe, expect, it } from 'vitest';
import {
  amountToNumber,
  createFormatter,
  localeTag,
  MONEY_SCALE,
  moneyUnit,
  parseAmount,
  relativeChange,
} from '../../client/lib/format.ts';

const faP = createFormatter({ lang: 'fa', digits: 'persian' });
const faL = createFormatter({ lang: 'fa', digits: 'latin' });
const en = createFormatter({ lang: 'en', digits: 'latin' });
const enP = createFormatter({ lang: 'en', digits: 'persian' });

// Intl inserts bidi marks (LRM) around signs and no-break spaces before units; compare without them.
const plain = (s: string) => s.replace(/[\u200e\u200f\u061c]/g, '').replace(/[\u00a0\u202f]/g, ' ');

describe('localeTag', () => {
  it.each([
    [{ lang: 'fa', digits: 'persian' } as const, undefined, 'fa-IR-u-nu-arabext'],
    [{ lang: 'fa', digits: 'latin' } as const, undefined, 'fa-IR-u-nu-latn'],
    [{ lang: 'en', digits: 'latin' } as const, 'persian' as const, 'en-US-u-ca-persian-nu-latn'],
  ])('%o %s → %s', (locale, calendar, tag) => {
    expect(localeTag(locale, calendar)).toBe(tag);
  });
});

describe('numbers', () => {
  it.each([
    [faP, 1234567, '۱٬۲۳۴٬۵۶۷'],
    [faL, 1234567, '1,234,567'],
    [en, 1234567, '1,234,567'],
    [enP, 1234567, '۱٬۲۳۴٬۵۶۷'],
    [faP, 0, '۰'],
  ])('number %#', (f, value, expected) => {
    expect(f.number(value)).toBe(expected);
  });

  it('shows a dash for missing values', () => {
    expect(faP.number(null)).toBe('—');
    expect(faP.percent(undefined)).toBe('—');
    expect(faP.money('not a number')).toBe('—');
  });

  it.each([
    [faP, 1234, '۱٫۲ هزار'],
    [faP, 1_250_000, '۱٫۳ میلیون'],
    [faP, 2_500_000_000, '۲٫۵ میلیارد'],
    [en, 1_250_000, '1.3M'],
  ])('compact %#', (f, value, expected) => {
    expect(plain(f.compact(value))).toBe(expected);
  });

  it.each([
    [faP, 0.1234, '۱۲٫۳٪'],
    [en, 0.1234, '12.3%'],
    [en, 1, '100%'],
  ])('percent %#', (f, value, expected) => {
    expect(plain(f.percent(value))).toBe(expected);
  });

  it.each([
    [en, 12, '+12'],
    [en, -45, '-45'],
    [en, 0, '0'],
    [faP, 12, '+۱۲'],
    [faP, -45, '−۴۵'],
  ])('signed %#', (f, value, expected) => {
    expect(plain(f.signed(value))).toBe(expected);
  });

  it('signed percentages', () => {
    expect(plain(en.signedPercent(0.052))).toBe('+5.2%');
    expect(plain(faP.signedPercent(-0.1))).toBe('−۱۰٪');
  });

  // Issue #14: in a right-to-left sentence (the impact verdict, key messages, Excel cells) a
  // signed figure reads sign, digits, percent from left to right only when a left-to-right mark
  // precedes the sign; without it the sign lands after the number («٪۴۳٫۵+»).
  it.each([
    [faP.signedPercent(0.435), '\u200e+۴۳٫۵٪'],
    [faP.signedPercent(-0.12), '\u200e−۱۲٪'],
    [faL.signedPercent(0.435), '\u200e+43.5%'],
    [faP.signed(12), '\u200e+۱۲'],
    [faL.signed(-4.5, 1), '\u200e−4.5'],
    [faP.signedPercent(0), '۰٪'],
  ])('Persian signed figures start with a left-to-right mark: %j', (text, expected) => {
    expect(text).toBe(expected);
  });

  it('English signed figures carry no marks', () => {
    expect(en.signedPercent(0.435)).toBe('+43.5%');
    expect(en.signed(-12)).toBe('-12');
  });
});

describe('money', () => {
  it('formats exact rials beyond 2^53 from the decimal string', () => {
    expect(en.money('123456789012345678901')).toBe('123,456,789,012,345,678,901 rials');
    expect(faP.money('9007199254740993')).toBe('۹٬۰۰۷٬۱۹۹٬۲۵۴٬۷۴۰٬۹۹۳ ریال');
  });

  it.each([
    [faP, '5400000000', '۵٫۴ میلیارد ریال'],
    [faP, '540000000000', '۵۴۰ میلیارد ریال'],
    [faP, '12300000000000', '۱۲٫۳ هزار میلیارد ریال'],
    [faP, '54000000', '۵۴ میلیون ریال'],
    [en, '5400000000', '5.4 billion rials'],
    [en, '12300000000000', '12.3 trillion rials'],
  ])('compact money %#', (f, amount, expected) => {
    expect(plain(f.moneyCompact(amount))).toBe(expected);
  });

  it('parses amounts strictly', () => {
    expect(parseAmount('00123')).toBe(123n);
    expect(parseAmount('12.5')).toBeNull();
    expect(parseAmount(null)).toBeNull();
    expect(amountToNumber('1000000000000')).toBe(1e12);
    expect(amountToNumber('x')).toBe(0);
  });
});

describe('years, periods and dates', () => {
  it('writes Jalali years without a grouping separator', () => {
    expect(faP.year(1402)).toBe('۱۴۰۲');
    expect(en.year(1402)).toBe('1402');
  });

  it.each([
    [faP, 1398, 1403, '۱۳۹۸ تا ۱۴۰۳'],
    [en, 1398, 1403, '1398–1403'],
    [en, 1400, 1400, '1400'],
  ])('year range %#', (f, from, to, expected) => {
    expect(f.yearRange(from, to)).toBe(expected);
  });

  it.each([
    [faP, '1400', '۱۴۰۰'],
    [faP, '1400-Q2', 'فصل ۲ ۱۴۰۰'],
    [en, '1400-Q2', 'Q2 1400'],
    [faP, '1400-07', 'مهر ۱۴۰۰'],
    [en, '1400-01', 'Farvardin 1400'],
    [en, 'garbage', 'garbage'],
  ])('period %#', (f, period, expected) => {
    expect(f.period(period)).toBe(expected);
  });

  it('formats ISO dates in the Persian calendar', () => {
    expect(faP.date('2024-03-20')).toBe('۱ فروردین ۱۴۰۳');
    expect(faP.date(null)).toBe('—');
    expect(faP.date('nonsense')).toBe('—');
  });

  it('writes local times with two-digit hours at any hour, so a log column lines up', () => {
    for (const hour of [0, 7, 13, 23]) {
      const at = new Date(2026, 11, 4, hour, 5).toISOString();
      const hh = String(hour).padStart(2, '0');
      expect(plain(en.dateTime(at))).toMatch(new RegExp(`, ${hh}:05$`));
      expect(faP.dateTime(at)).toMatch(/^۱۴۰۵\/۹\/۱[۳۴].*[۰-۹]{2}:۰۵$/);
      expect(faP.dateTime(at)).not.toMatch(/[0-9]/);
    }
    expect(faP.dateTime(null)).toBe('—');
  });
});

describe('value by kind', () => {
  it.each([
    ['count', 51234, '51,234'],
    ['people', 1000000, '1,000,000'],
    ['ratio', 0.25, '25%'],
    ['delta', -300, '-300'],
    ['rate', 12.345, '12.3'],
    ['money', '2000000000', '2 billion rials'],
  ] as const)('%s', (kind, value, expected) => {
    expect(plain(en.value(kind, value))).toBe(expected);
  });

  it('one axis, one unit and one tick style', () => {
    const counts = faP.axis('count', [7000, 10_500, 14_000]);
    expect(counts.unit).toBeNull();
    expect([7000, 10_500, 14_000].map(counts.tick)).toEqual(['۷٬۰۰۰', '۱۰٬۵۰۰', '۱۴٬۰۰۰']);
    const jobs = en.axis('people', [250_000, 2_500_000]);
    expect(jobs.unit).toBe('million');
    expect([0, 500_000, 2_500_000].map(jobs.tick)).toEqual(['0', '0.5', '2.5']);
    expect(en.axis('ratio', [0.4]).tick(0.4)).toBe('40%');
  });

  it('money axes name the rial and use the scale of the cards', () => {
    // The slide that showed «۱۰۰ تریلیون» beside a bar of «۹۵٫۵ هزار میلیارد ریال».
    const fa = faP.axis('money', [95.5e12, 40e12, null]);
    expect(fa.unit).toBe('هزار میلیارد ریال');
    expect([0, 50e12, 100e12].map(fa.tick)).toEqual(['۰', '۵۰', '۱۰۰']);
    expect(plain(faP.moneyCompact('95500000000000'))).toBe('۹۵٫۵ هزار میلیارد ریال');
    const billions = faP.axis('money', [0, 540e9]);
    expect(billions.unit).toBe('میلیارد ریال');
    expect(billions.tick(250e9)).toBe('۲۵۰');
    expect(en.axis('money', [3e12]).unit).toBe('trillion rials');
    expect(en.axis('money', [3e12]).tick(2.5e12)).toBe('2.5');
  });

  // Issue #14, re-tried: the heading × year heat map took «هزار میلیارد ریال» from its largest
  // cell (about 17) and wrote «۰» in most cells, which hold tens of billions.
  it('a grid takes its unit from the typical cell, so small cells never read zero', () => {
    const cells = [17e12, 1.7e12, 40e9, 35e9, 60e9, 20e9, 0, null];
    const grid = faP.grid('money', cells);
    expect(grid.unit).toBe('میلیارد ریال');
    expect([17e12, 40e9, 20e9].map(grid.tick)).toEqual(['۱۷٬۰۰۰', '۴۰', '۲۰']);
    expect(faP.axis('money', cells).tick(40e9)).toBe('۰');
    expect(en.grid('money', [3e12, 2e12, 1e12]).unit).toBe('trillion rials');
    expect(en.grid('count', [12, 0, 4]).tick(4)).toBe('4');
    expect(en.grid('ratio', [0.25]).tick(0.25)).toBe('25%');
    expect(en.grid('money', [null, 0]).unit).toBe('rials');
  });

  it('every money unit names the rial', () => {
    for (const lang of ['fa', 'en'] as const) {
      for (const unit of MONEY_SCALE[lang])
        expect(unit.name).toMatch(lang === 'fa' ? /ریال$/ : /rials$/);
    }
    expect(moneyUnit('fa', 999e9).name).toBe('میلیارد ریال');
    expect(moneyUnit('en', 5).name).toBe('rials');
  });
});

describe('relativeChange', () => {
  it.each([
    [110, 100, 0.1],
    [90, 100, -0.1],
    [5, 0, null],
    [null, 3, null],
    [3, null, null],
  ])('%s vs %s', (current, previous, expected) => {
    const result = relativeChange(current, previous);
    if (expected === null) expect(result).toBeNull();
    else expect(result).toBeCloseTo(expected, 10);
  });
});

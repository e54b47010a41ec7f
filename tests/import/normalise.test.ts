import { describe, expect, it } from 'vitest';
import {
  normaliseCode,
  normaliseText,
  parseBool,
  parseDate,
  parseWholeNumber,
} from '../../server/import/normalise.ts';

describe('parseWholeNumber', () => {
  it.each([
    ['1234', 1234],
    ['۱۲۳۴', 1234],
    ['١٢٣٤', 1234],
    ['1,234,567', 1234567],
    ['۵٬۰۰۰٬۰۰۰', 5000000],
    ['5،000', 5000],
    [' 42 ', 42],
    ['\u200f42\u200e', 42],
    ['-7', -7],
    ['1200.00', 1200],
    ['9007199254740991', Number.MAX_SAFE_INTEGER],
  ])('%s → %d', (text, value) => {
    expect(parseWholeNumber(text)).toBe(value);
  });

  it.each(['', 'abc', '12a', '1,23', '12,34,567', '1.5', ',123', '123,', '--1', '1 2 3x'])(
    'rejects %j',
    (text) => {
      expect(parseWholeNumber(text)).toBeNaN();
    },
  );

  it('flags numbers beyond 2^53 as too large', () => {
    expect(parseWholeNumber('99999999999999999999')).toBe(Infinity);
  });
});

describe('parseDate', () => {
  it('reads Jalali dates typed with any digits and separators', () => {
    for (const text of ['1402/05/17', '۱۴۰۲-۰۵-۱۷', '1402.5.17', '١٤٠٢/٠٥/١٧']) {
      expect(parseDate(text)).toEqual({ iso: '2023-08-08', jalaliYear: 1402, jalaliMonth: 5 });
    }
  });

  it('accepts Gregorian ISO days (Excel date cells) and gives their Jalali month', () => {
    expect(parseDate('2023-08-08')).toEqual({
      iso: '2023-08-08',
      jalaliYear: 1402,
      jalaliMonth: 5,
    });
  });

  it('tells malformed text from days that do not exist', () => {
    expect(parseDate('17/05/1402')).toBe('format');
    expect(parseDate('soon')).toBe('format');
    expect(parseDate('1402/13/01')).toBe('invalid');
    expect(parseDate('1402/07/31')).toBe('invalid'); // Mehr has 30 days
    expect(parseDate('1402/12/30')).toBe('invalid'); // 1402 is not a leap year
    expect(parseDate('1403/12/30')).not.toBe('invalid'); // 1403 is
    expect(parseDate('2023-02-29')).toBe('invalid');
  });
});

describe('text and codes', () => {
  it('folds Arabic letters and tidies ZWNJ and spaces in names', () => {
    expect(normaliseText('  شركت  صنايع\u200c\u200cغذايي ')).toBe('شرکت صنایع\u200cغذایی');
    expect(normaliseText('می \u200c خواهم')).toBe('می\u200cخواهم');
  });

  it('normalises codes without changing their case', () => {
    expect(normaliseCode('U-۰۰۱')).toBe('U-001');
    expect(normaliseCode(' u-1\u200c ')).toBe('u-1');
    expect(normaliseCode('G-1402-000001')).toBe('G-1402-000001');
  });

  it('reads yes/no in both languages', () => {
    expect(parseBool('بله')).toBe(true);
    expect(parseBool('yes')).toBe(true);
    expect(parseBool('خیر')).toBe(false);
    expect(parseBool('0')).toBe(false);
    expect(parseBool('maybe')).toBeUndefined();
  });
});

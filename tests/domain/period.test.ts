import { describe, expect, it } from 'vitest';
import {
  defaultPeriod,
  effectivePeriod,
  isDefaultPeriod,
  isWholeRange,
  previousPeriod,
  yearOptions,
  type DataYears,
} from '../../server/domain/period.ts';

const YEARS: DataYears = { min: 1396, max: 1403, lastUnits: 1403 };
// Grants of 1404 are in, its employment census is not yet.
const AHEAD: DataYears = { min: 1396, max: 1404, lastUnits: 1403 };

describe('the period rule', () => {
  it.each([
    ['no year: the whole range', {}, YEARS, { from: 1396, to: 1403 }],
    ['both years', { from: 1398, to: 1400 }, YEARS, { from: 1398, to: 1400 }],
    ['from alone: to the end', { from: 1400 }, YEARS, { from: 1400, to: 1403 }],
    ['to alone: from the start', { to: 1399 }, YEARS, { from: 1396, to: 1399 }],
    ['to alone before the data: that one year', { to: 1390 }, YEARS, { from: 1390, to: 1390 }],
    ['from alone after the data: that one year', { from: 1410 }, YEARS, { from: 1410, to: 1410 }],
    ['no year, grants ahead of the census: ends with units', {}, AHEAD, { from: 1396, to: 1403 }],
    ['a year of grants only, named', { from: 1404, to: 1404 }, AHEAD, { from: 1404, to: 1404 }],
    ['from alone past the census', { from: 1404 }, AHEAD, { from: 1404, to: 1404 }],
  ] as const)('%s', (_name, filters, years, expected) => {
    expect(effectivePeriod(filters, years, 1405)).toEqual(expected);
  });

  it('falls back to the given year without data', () => {
    expect(effectivePeriod({}, null, 1405)).toEqual({ from: 1405, to: 1405 });
    expect(effectivePeriod({ from: 1400 }, null, 1405)).toEqual({ from: 1400, to: 1405 });
  });

  it('ends with the last year of any fact when there is no employment at all', () => {
    expect(defaultPeriod({ min: 1398, max: 1401, lastUnits: null })).toEqual({
      from: 1398,
      to: 1401,
    });
  });

  it('knows when a URL leaves the period open and when a period is the whole range', () => {
    expect(isDefaultPeriod({})).toBe(true);
    expect(isDefaultPeriod({ to: 1403 })).toBe(false);
    expect(isWholeRange({ from: 1396, to: 1403 }, YEARS)).toBe(true);
    expect(isWholeRange({ from: 1396, to: 1404 }, AHEAD)).toBe(false);
    expect(isWholeRange({ from: 1397, to: 1403 }, YEARS)).toBe(false);
  });

  it('compares with the same-length period before, only when the data has it', () => {
    expect(previousPeriod({ from: 1402, to: 1403 }, YEARS)).toEqual({ from: 1400, to: 1401 });
    expect(previousPeriod({ from: 1403, to: 1403 }, YEARS)).toEqual({ from: 1402, to: 1402 });
    expect(previousPeriod({ from: 1396, to: 1403 }, YEARS)).toBeNull();
    expect(previousPeriod({ from: 1397, to: 1398 }, YEARS)).toBeNull();
  });

  it('offers every year of the data once', () => {
    expect(yearOptions(AHEAD)).toEqual([1396, 1397, 1398, 1399, 1400, 1401, 1402, 1403, 1404]);
    expect(new Set(yearOptions(YEARS)).size).toBe(yearOptions(YEARS).length);
    expect(yearOptions(null)).toEqual([]);
  });
});

import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { filtersSchema } from '../../server/domain/filters-schema.ts';
import {
  checkFilters,
  describeFilterError,
  EMPTY_FILTERS,
  parseFilterParams,
} from '../../server/domain/filters.ts';

function problems(input: unknown): string {
  const result = checkFilters(input);
  if (result.success) throw new Error(`expected a failure for ${JSON.stringify(input)}`);
  return describeFilterError(result.error);
}

describe('checkFilters', () => {
  it('fills absent lists and keeps each code once, in order', () => {
    const result = checkFilters({ province: ['IR-23', 'IR-10', 'IR-23'], park: ['P-1'], to: 1403 });
    expect(result).toEqual({
      success: true,
      data: { ...EMPTY_FILTERS, province: ['IR-23', 'IR-10'], park: ['P-1'], to: 1403 },
    });
  });

  it.each([
    [{ province: ['IR-99'] }, 'province: unknown province code "IR-99"'],
    [{ size: ['huge'] }, 'size: unknown size class code "huge"'],
    [{ heading: ['NOPE-01'] }, 'heading: unknown support heading code "NOPE-01"'],
    [{ park: ['bad code'] }, 'park.0: malformed park code'],
    [{ cluster: ['K'.repeat(33)] }, 'cluster.0: malformed cluster code'],
    [{ sector: 'FOOD' }, 'sector: expected a list of sector codes'],
    [{ category: [7] }, 'category.0: a support category code must be text'],
    [{ from: 1400.5 }, 'from: year must be a whole Jalali year'],
    [{ from: '1400' }, 'from: year must be a number'],
    [{ to: 1200 }, 'to: year must be 1350 or later'],
    [{ to: 1500 }, 'to: year must be 1450 or earlier'],
    [{ from: 1402, to: 1400 }, 'from: year range is inverted: "from" must not be after "to"'],
    [null, 'filters must be an object'],
    [[], 'filters must be an object'],
  ])('refuses %j: %s', (input, message) => {
    expect(problems(input)).toBe(message);
  });

  it('reports every problem, not only the first', () => {
    expect(problems({ province: ['IR-99'], from: 1403, to: 1398 })).toBe(
      'province: unknown province code "IR-99"; from: year range is inverted: "from" must not be after "to"',
    );
  });

  it('refuses more than 200 codes in one list', () => {
    expect(problems({ park: Array.from({ length: 201 }, (_, i) => `P${i}`) })).toBe(
      'park: at most 200 park codes',
    );
  });
});

describe('parseFilterParams', () => {
  it('reads lists and years with Persian digits from a URL', () => {
    const result = parseFilterParams(new URLSearchParams('province=IR-10,IR-23&from=۱۳۹۸&to=1403'));
    expect(result).toEqual({
      success: true,
      data: { ...EMPTY_FILTERS, province: ['IR-10', 'IR-23'], from: 1398, to: 1403 },
    });
  });
});

describe('filtersSchema (zod, server)', () => {
  it('gives the same data and nests issue paths under the field', () => {
    const input = z.object({ filters: filtersSchema });
    expect(input.parse({ filters: { sector: ['FOOD', 'FOOD'] } }).filters.sector).toEqual(['FOOD']);
    const failed = input.safeParse({ filters: { province: ['IR-99'] } });
    expect(failed.success).toBe(false);
    if (!failed.success) {
      expect(describeFilterError(failed.error)).toBe(
        'filters.province: unknown province code "IR-99"',
      );
    }
  });
});

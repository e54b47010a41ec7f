import { describe, expect, it } from 'vitest';
import {
  categorySelections,
  impactRows,
  impactVerdict,
  pctToRatio,
  type ImpactValues,
} from '../../client/features/impact/impact-rows.ts';
import { messageParts } from '../../client/features/impact/rich-message.ts';

const impact = (over: Partial<ImpactValues> = {}): ImpactValues => ({
  range: { from: 1396, to: 1403 },
  supported: { units: 100, employmentFrom: 1000, employmentTo: 1400, changePct: 40 },
  comparison: { units: 50, employmentFrom: 1000, employmentTo: 1200, changePct: 20 },
  strata: 12,
  differencePct: 20,
  ...over,
});

describe('impactVerdict', () => {
  it.each([
    [impact(), 'higher'],
    [impact({ differencePct: -3 }), 'lower'],
    [impact({ differencePct: 0.2 }), 'same'],
    [impact({ range: { from: 1403, to: 1403 } }), 'noRange'],
    [
      impact({ supported: { units: 0, employmentFrom: 0, employmentTo: 0, changePct: null } }),
      'noSupported',
    ],
    [impact({ differencePct: null }), 'noComparison'],
  ] as const)('%#: %s', (value, expected) => {
    expect(impactVerdict(value)).toBe(expected);
  });
});

describe('impactRows', () => {
  it('turns percentages into ratios and drops selections without supported units', () => {
    const rows = impactRows([
      { key: 'ENT', label: 'Entrepreneurship', impact: impact() },
      { key: 'FIN', label: 'Finance', impact: undefined },
      {
        key: 'INF',
        label: 'Infrastructure',
        impact: impact({
          supported: { units: 0, employmentFrom: 0, employmentTo: 0, changePct: null },
        }),
      },
    ]);
    expect(rows).toEqual([
      {
        key: 'ENT',
        label: 'Entrepreneurship',
        supported: 0.4,
        comparison: 0.2,
        supportedUnits: 100,
        comparisonUnits: 50,
        difference: 0.2,
      },
    ]);
    expect(pctToRatio(null)).toBeNull();
  });
});

describe('categorySelections', () => {
  const headingCategory = new Map([
    ['ENT-01', 'ENT'],
    ['FIN-01', 'FIN'],
  ]);
  const base = { category: [] as string[], heading: [] as string[], from: 1400 };
  it('one selection per category, each under its own headings', () => {
    const out = categorySelections(base, ['FIN', 'ENT'], headingCategory);
    expect(
      out.map((s) => [s.category, s.filters.category, s.filters.heading, s.filters.from]),
    ).toEqual([
      ['FIN', ['FIN'], [], 1400],
      ['ENT', ['ENT'], [], 1400],
    ]);
  });
  it('keeps chosen headings inside their category and skips categories without one', () => {
    const out = categorySelections(
      { ...base, heading: ['ENT-01'] },
      ['FIN', 'ENT'],
      headingCategory,
    );
    expect(out.map((s) => [s.category, s.filters.heading])).toEqual([['ENT', ['ENT-01']]]);
  });
  it('only the chosen categories', () => {
    const out = categorySelections({ ...base, category: ['ENT'] }, ['FIN', 'ENT'], headingCategory);
    expect(out.map((s) => s.category)).toEqual(['ENT']);
  });
});

describe('messageParts', () => {
  it('splits text and placeholders', () => {
    expect(messageParts('a {x} b {y}')).toEqual([
      { text: 'a ' },
      { placeholder: 'x' },
      { text: ' b ' },
      { placeholder: 'y' },
    ]);
    expect(messageParts('{x}')).toEqual([{ placeholder: 'x' }]);
    expect(messageParts('none')).toEqual([{ text: 'none' }]);
  });
});

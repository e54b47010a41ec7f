import { describe, expect, it } from 'vitest';
import {
  allHeadingRows,
  chunkCodes,
  headingsInView,
  pairValues,
  yearColumns,
} from '../../client/features/headings/heading-rows.ts';
import { CATEGORIES, HEADINGS } from '../../server/domain/reference.ts';

describe('allHeadingRows', () => {
  const api = [
    { key: 'ENT-01', nameFa: 'x', nameEn: 'x', grants: 4, amount: '12', supportedUnits: 3 },
  ];
  const rows = allHeadingRows(HEADINGS, CATEGORIES, api, ['grants', 'amount'], 'en');
  it('lists all 85 headings, grouped in category order, with zeros where nothing was paid', () => {
    expect(rows).toHaveLength(85);
    const order = CATEGORIES.map((c) => c.code);
    const positions = rows.map((r) => order.indexOf(String(r.category)));
    expect(positions).toEqual([...positions].sort((a, b) => a - b));
    expect(rows.find((r) => r.key === 'FIN-01')?.grants).toBe(0);
  });
  it('carries the values, category name and evidence of each heading', () => {
    const training = rows.find((r) => r.key === 'ENT-01');
    expect(training).toMatchObject({
      label: 'Training courses for unit staff',
      grants: 4,
      amountExact: '12',
      category: 'ENT',
      categoryName: 'Entrepreneurship & capacity',
      evidence: 'sourced',
    });
    expect(rows.find((r) => r.key === 'ENT-05')?.evidence).toBe('illustrative');
  });
});

describe('headingsInView', () => {
  it('narrows by category and by chosen headings', () => {
    expect(headingsInView(HEADINGS, { category: [], heading: [] })).toHaveLength(85);
    expect(headingsInView(HEADINGS, { category: ['ENT'], heading: [] })).toHaveLength(14);
    expect(
      headingsInView(HEADINGS, { category: ['ENT'], heading: ['ENT-01', 'FIN-01'] }).map(
        (h) => h.code,
      ),
    ).toEqual(['ENT-01']);
  });
});

describe('chunkCodes', () => {
  it('keeps every chunk × columns within the breakdown limit', () => {
    const codes = HEADINGS.map((h) => h.code);
    const chunks = chunkCodes(codes, 31);
    expect(chunks.flat()).toEqual(codes);
    for (const chunk of chunks) expect(chunk.length * 31).toBeLessThanOrEqual(500);
    expect(chunks).toHaveLength(Math.ceil(85 / 16));
    expect(chunkCodes(codes, 8)).toHaveLength(2);
    expect(chunkCodes([], 8)).toEqual([]);
    expect(chunkCodes(['a', 'b'], 1000)).toEqual([['a'], ['b']]);
  });
});

describe('pairValues and yearColumns', () => {
  it('indexes cells by both keys; money as numbers', () => {
    const cells = pairValues(
      [
        { key: 'FIN-01', key2: '1400', amount: '1500' },
        { key: 'FIN-01', amount: '9' },
      ],
      'amount',
    );
    expect([...cells]).toEqual([['FIN-01|1400', 1500]]);
  });
  it('lists the years of a range', () => {
    expect(yearColumns({ from: 1400, to: 1403 })).toEqual([1400, 1401, 1402, 1403]);
    expect(yearColumns({ from: 1403, to: 1403 })).toEqual([1403]);
  });
});

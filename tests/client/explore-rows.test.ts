import { describe, expect, it } from 'vitest';
import {
  matrixSeries,
  pairMatrix,
  pairTableRows,
  singleRows,
  type PairRow,
} from '../../client/features/explore/explore-rows.ts';
import { OTHERS_KEY } from '../../client/lib/chart-rows.ts';

const yearLabel = (y: number) => `y${y}`;

describe('singleRows', () => {
  const rows = [
    { key: 'IR-23', nameFa: 'تهران', nameEn: 'Tehran', supportedUnits: 100 },
    { key: 'IR-26', nameFa: 'قم', nameEn: 'Qom', supportedUnits: 30 },
  ];
  it('labels in the UI language and appends others', () => {
    const out = singleRows(rows, { supportedUnits: 5 }, ['supportedUnits'], {
      by: 'province',
      lang: 'en',
      othersLabel: 'Others',
      yearLabel,
    });
    expect(out.map((r) => [r.key, r.label, r.supportedUnits])).toEqual([
      ['IR-23', 'Tehran', 100],
      ['IR-26', 'Qom', 30],
      [OTHERS_KEY, 'Others', 5],
    ]);
  });
  it('ranks by per-capita value when asked (Qom has far fewer inhabitants)', () => {
    const out = singleRows(rows, null, ['supportedUnits'], {
      by: 'province',
      lang: 'fa',
      othersLabel: 'سایر',
      yearLabel,
      perCapitaOf: 'supportedUnits',
    });
    expect(out.map((r) => r.key)).toEqual(['IR-26', 'IR-23']);
    expect(out[1]?.supportedUnitsPerCapita).toBeCloseTo((100 / 13267637) * 100_000, 6);
  });
  it('orders years by calendar and formats their labels', () => {
    const years = [
      { key: '1402', nameFa: '1402', nameEn: '1402', grants: 9 },
      { key: '1400', nameFa: '1400', nameEn: '1400', grants: 1 },
    ];
    const out = singleRows(years, null, ['grants'], {
      by: 'year',
      lang: 'fa',
      othersLabel: '',
      yearLabel,
    });
    expect(out.map((r) => r.label)).toEqual(['y1400', 'y1402']);
  });
});

const pair: PairRow[] = [
  {
    key: 'A',
    nameFa: 'الف',
    nameEn: 'A',
    key2: '1401',
    name2Fa: '1401',
    name2En: '1401',
    amount: '10',
  },
  {
    key: 'A',
    nameFa: 'الف',
    nameEn: 'A',
    key2: '1400',
    name2Fa: '1400',
    name2En: '1400',
    amount: '5',
  },
  {
    key: 'B',
    nameFa: 'ب',
    nameEn: 'B',
    key2: '1400',
    name2Fa: '1400',
    name2En: '1400',
    amount: '30',
  },
];

describe('pairMatrix', () => {
  it('orders members by total, years by calendar, and keeps exact money', () => {
    const m = pairMatrix(pair, 'amount', { by: 'heading', by2: 'year' }, 'en', yearLabel);
    expect(m.rows.map((r) => r.key)).toEqual(['B', 'A']);
    expect(m.columns).toEqual([
      { key: '1400', label: 'y1400' },
      { key: '1401', label: 'y1401' },
    ]);
    expect(m.cells.get('A|1401')).toBe(10);
    expect(m.cells.has('B|1401')).toBe(false);
    expect(m.exact.get('B|1400')).toBe('30');
  });
  it('orders members alphabetically in the UI language for a heat map (issue #14)', () => {
    // Totals would put تهران (30) first; Persian collation puts آذربایجان شرقی before اصفهان.
    const provinces: PairRow[] = [
      ['IR-23', 'تهران', 'Tehran', 30],
      ['IR-10', 'اصفهان', 'Isfahan', 20],
      ['IR-00', 'مرکزی', 'Markazi', 25],
      ['IR-03', 'آذربایجان شرقی', 'East Azerbaijan', 5],
      ['IR-22', 'گیلان', 'Gilan', 1],
      ['IR-27', 'کرمان', 'Kerman', 2],
    ].map(([key, nameFa, nameEn, grants]) => ({
      key: String(key),
      nameFa: String(nameFa),
      nameEn: String(nameEn),
      key2: '1400',
      name2Fa: '1400',
      name2En: '1400',
      grants: Number(grants),
    }));
    const dims = { by: 'province', by2: 'year' } as const;
    const fa = pairMatrix(provinces, 'grants', dims, 'fa', yearLabel, false, 'name');
    expect(fa.rows.map((r) => r.label)).toEqual([
      'آذربایجان شرقی',
      'اصفهان',
      'تهران',
      'کرمان',
      'گیلان',
      'مرکزی',
    ]);
    const en = pairMatrix(provinces, 'grants', dims, 'en', yearLabel, true, 'name');
    expect(en.columns.map((c) => c.label)).toEqual([
      'East Azerbaijan',
      'Gilan',
      'Isfahan',
      'Kerman',
      'Markazi',
      'Tehran',
    ]);
    expect(en.rows.map((r) => r.label)).toEqual(['y1400']);
    expect(fa.cells.get('IR-23|1400')).toBe(30);
    // The default stays by total: the series a stacked chart keeps are the largest.
    const byTotal = pairMatrix(provinces, 'grants', dims, 'fa', yearLabel);
    expect(byTotal.rows[0]?.key).toBe('IR-23');
  });
  it('transposes', () => {
    const m = pairMatrix(pair, 'amount', { by: 'heading', by2: 'year' }, 'en', yearLabel, true);
    expect(m.rows.map((r) => r.key)).toEqual(['1400', '1401']);
    expect(m.cells.get('1400|B')).toBe(30);
  });
});

describe('matrixSeries', () => {
  // Years along the x axis: the heading × year pair transposed.
  const m = pairMatrix(pair, 'amount', { by: 'heading', by2: 'year' }, 'en', yearLabel, true);
  it('one series per column with the metric kind', () => {
    const s = matrixSeries(m, 'amount', 8, 'Others', true);
    expect(Object.values(s.config).map((c) => [c.label, c.kind])).toEqual([
      ['B', 'money'],
      ['A', 'money'],
    ]);
    expect(s.rows.map((r) => [r.key, r.s0, r.s1])).toEqual([
      ['1400', 30, 5],
      ['1401', null, 10],
    ]);
    expect(s.rows[0]?.s0Exact).toBe('30');
  });
  it('folds the smallest columns into others only when the metric adds up', () => {
    const folded = matrixSeries(m, 'amount', 1, 'Others', true);
    expect(Object.keys(folded.config)).toEqual([OTHERS_KEY]);
    expect(folded.rows.map((r) => r[OTHERS_KEY])).toEqual([35, 10]);
    const cut = matrixSeries(m, 'amount', 1, 'Others', false);
    expect(Object.keys(cut.config)).toEqual(['s0']);
  });
});

describe('pairTableRows', () => {
  it('long form with a unique key and the second member as text', () => {
    const rows = pairTableRows(pair, ['amount'], { by: 'heading', by2: 'year' }, 'fa', yearLabel);
    expect(rows.map((r) => [r.key, r.label, r.second, r.amount])).toEqual([
      ['A|1401', 'الف', 'y1401', 10],
      ['A|1400', 'الف', 'y1400', 5],
      ['B|1400', 'ب', 'y1400', 30],
    ]);
  });
});

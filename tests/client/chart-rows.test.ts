import { beforeAll, describe, expect, it } from 'vitest';
import type { MetricValues } from '../../server/domain/metrics.ts';
import { chartAriaLabel } from '../../client/lib/aria.ts';
import {
  breakdownToRows,
  breakdownWithOthers,
  metricConfig,
  OTHERS_KEY,
  timeseriesToRows,
  valuesByKey,
} from '../../client/lib/chart-rows.ts';
import { createFormatter } from '../../client/lib/format.ts';
import { perCapitaValue, withPerCapita } from '../../client/lib/per-capita.ts';
import { loadDictionary, translate } from '../../client/i18n/index.ts';
import { kpisOf } from '../../client/features/overview/kpis.ts';

// The dictionaries are lazy chunks in the app; load both for these tests.
beforeAll(() => Promise.all([loadDictionary('fa'), loadDictionary('en')]));

const values = (over: Partial<MetricValues>): MetricValues => ({
  units: 0,
  employment: 0,
  supportedUnits: 0,
  coverage: null,
  grants: 0,
  amount: '0',
  employmentChange: 0,
  ...over,
});

const tEn = (key: Parameters<typeof translate>[1], params?: Record<string, string>) =>
  translate('en', key, params);
const tFa = (key: Parameters<typeof translate>[1], params?: Record<string, string>) =>
  translate('fa', key, params);

describe('breakdownToRows', () => {
  const rows = [
    {
      key: 'IR-10',
      nameFa: 'اصفهان',
      nameEn: 'Isfahan',
      ...values({ units: 10, amount: '9007199254740993' }),
    },
    {
      key: 'IR-05',
      nameFa: 'کرمانشاه',
      nameEn: 'Kermanshah',
      ...values({ units: 3, coverage: 0.5 }),
    },
  ];

  it('labels in the UI language and keeps money exact beside its float', () => {
    const out = breakdownToRows(rows, ['units', 'amount', 'coverage'], 'fa');
    expect(out[0]).toEqual({
      key: 'IR-10',
      label: 'اصفهان',
      units: 10,
      amount: 9007199254740992,
      amountExact: '9007199254740993',
      coverage: null,
    });
    expect(out[1]?.coverage).toBe(0.5);
    expect(breakdownToRows(rows, ['units'], 'en')[1]?.label).toBe('Kermanshah');
  });

  it('appends the folded rest as an "others" row', () => {
    const out = breakdownWithOthers(rows, values({ units: 7 }), ['units'], 'en', 'Others');
    expect(out.at(-1)).toEqual({ key: OTHERS_KEY, label: 'Others', units: 7 });
    expect(breakdownWithOthers(rows, null, ['units'], 'en', 'Others')).toHaveLength(2);
  });

  it('gives map values by key (money as float)', () => {
    expect(valuesByKey(rows, 'units')).toEqual({ 'IR-10': 10, 'IR-05': 3 });
    expect(valuesByKey(rows, 'amount')['IR-05']).toBe(0);
  });
});

describe('timeseriesToRows', () => {
  it('labels periods with Jalali names and leaves missing values null', () => {
    const fmt = createFormatter({ lang: 'fa', digits: 'persian' });
    const out = timeseriesToRows(
      [
        { period: '1401', units: 5, employment: null, amount: '12' },
        { period: '1401-Q2', units: null, employment: null, amount: '0' },
      ],
      ['units', 'employment', 'amount'],
      fmt,
    );
    expect(out.map((r) => r.label)).toEqual(['۱۴۰۱', 'فصل ۲ ۱۴۰۱']);
    expect(out[0]).toMatchObject({
      key: '1401',
      units: 5,
      employment: null,
      amount: 12,
      amountExact: '12',
    });
  });
});

describe('metricConfig', () => {
  it('gives each metric its label, fixed colour, kind and axis', () => {
    const config = metricConfig(['units', 'amount'], tEn, ['amount']);
    expect(config.units).toEqual({
      label: 'Production units',
      color: 'var(--chart-1)',
      kind: 'count',
    });
    expect(config.amount).toEqual({
      label: 'Disbursed amount',
      color: 'var(--chart-4)',
      kind: 'money',
      axis: 'secondary',
    });
  });
});

describe('chartAriaLabel', () => {
  it('states chart, metric, dimension and range', () => {
    const fmt = createFormatter({ lang: 'fa', digits: 'persian' });
    expect(chartAriaLabel(tFa, fmt, 'bar', ['units'], 'province', { from: 1398, to: 1403 })).toBe(
      'نمودار ستونی: واحدهای تولیدی بر حسب استان، ۱۳۹۸ تا ۱۴۰۳',
    );
    const en = createFormatter({ lang: 'en', digits: 'latin' });
    expect(
      chartAriaLabel(tEn, en, 'line', ['units', 'employment'], 'time', { from: 1396, to: 1403 }),
    ).toBe('Line chart: Production units and Employment over time, 1396–1403');
  });
});

describe('per capita', () => {
  it('divides by the 2016 population per 100,000', () => {
    // Isfahan: 5,120,850 inhabitants in 2016.
    expect(perCapitaValue('IR-10', 5_120_850)).toBeCloseTo(100_000, 6);
    expect(perCapitaValue('IR-99', 10)).toBeNull();
    expect(perCapitaValue('IR-10', null)).toBeNull();
    expect(
      withPerCapita([{ key: 'IR-10', label: 'x', units: 51_208.5 }], 'units')[0]?.unitsPerCapita,
    ).toBeCloseTo(1000, 6);
  });
});

describe('KPIs', () => {
  it('compares counts and money relatively, coverage in points', () => {
    const kpis = kpisOf(
      values({ units: 110, coverage: 0.3, amount: '200' }),
      values({ units: 100, coverage: 0.25, amount: '100' }),
    );
    const by = Object.fromEntries(kpis.map((k) => [k.metric, k]));
    expect(by.units?.change).toBeCloseTo(0.1, 10);
    expect(by.amount).toMatchObject({ value: '200', change: 1, changeKind: 'relative' });
    expect(by.coverage?.changeKind).toBe('points');
    expect(by.coverage?.change).toBeCloseTo(0.05, 10);
    expect(kpis.map((k) => k.metric)).toEqual([
      'units',
      'employment',
      'supportedUnits',
      'coverage',
      'amount',
      'grants',
    ]);
  });

  it('has no change without a previous period', () => {
    expect(kpisOf(values({ units: 1 }), null).every((k) => k.change === null)).toBe(true);
  });

  it('compares the latest year with the one before when the period has no predecessor', () => {
    const kpis = kpisOf(values({ units: 110, grants: 900 }), null, {
      year: 1403,
      current: values({ units: 110, grants: 120 }),
      previous: values({ units: 100, grants: 100 }),
      previousRange: { from: 1402, to: 1402 },
    });
    const by = Object.fromEntries(kpis.map((k) => [k.metric, k]));
    // The card's value stays the period's; the change and `latest` are the year's.
    expect(by.grants).toMatchObject({ value: 900, latest: { year: 1403, value: 120 } });
    expect(by.grants?.change).toBeCloseTo(0.2, 10);
    expect(by.units?.change).toBeCloseTo(0.1, 10);
    // A same-length previous period wins over the latest year.
    expect(kpisOf(values({ units: 2 }), values({ units: 1 })).every((k) => k.latest === null)).toBe(
      true,
    );
  });
});

import { describe, expect, it } from 'vitest';
import { lineValueText, type ChartConfig } from '../../client/components/charts/chart-config.ts';
import { createFormatter } from '../../client/lib/format.ts';

const fa = createFormatter({ lang: 'fa', digits: 'persian' });
const en = createFormatter({ lang: 'en', digits: 'latin' });

describe('lineValueText', () => {
  const rows = [
    { key: '1396', label: '1396', amount: 5.1e12, units: 51012 },
    { key: '1403', label: '1403', amount: 25.5e12, units: 46644 },
  ];
  it('writes money as bare figures in the axis unit, named once above the plot', () => {
    const config: ChartConfig = { amount: { label: 'Amount', color: 'red', kind: 'money' } };
    const text = lineValueText(config, rows, fa);
    expect(fa.axis('money', [5.1e12, 25.5e12]).unit).toBe('هزار میلیارد ریال');
    expect(text('amount', 5.1e12)).toBe('۵٫۱');
    expect(text('amount', 25.5e12)).toBe('۲۵٫۵');
    expect(lineValueText(config, rows, en)('amount', 5.1e12)).toBe('5.1');
  });
  it('writes other kinds as the tooltip does, each axis in its own unit', () => {
    const config: ChartConfig = {
      units: { label: 'Units', color: 'red', kind: 'count' },
      amount: { label: 'Amount', color: 'blue', kind: 'money', axis: 'secondary' },
    };
    const text = lineValueText(config, rows, fa);
    expect(text('units', 51012)).toBe(fa.value('count', 51012));
    expect(text('amount', 25.5e12)).toBe('۲۵٫۵');
  });
});

import { describe, expect, it } from 'vitest';
import {
  composeChartSvg,
  escapeXml,
  imageDataNote,
  imageFileName,
  imageSubtitle,
  layoutLegend,
  wrapText,
} from '../../client/lib/chart-image.ts';
import type { TextMeasure } from '../../client/lib/text-measure.ts';
import { exportHref } from '../../client/lib/export-url.ts';
import { EMPTY_FILTERS } from '../../server/domain/filters.ts';

/**
 * A stand-in for canvas measureText: Persian letters narrower than Latin ones, digits wide, so
 * a width guessed from the character count (the old fontSize * 0.55) would wrap differently.
 */
const measure: TextMeasure = (text, size) =>
  [...text].reduce(
    (w, c) => w + size * (/[\u0600-\u06ff]/.test(c) ? 0.4 : /\d/.test(c) ? 0.7 : 0.5),
    0,
  );

const base = {
  measure,
  chart:
    '<svg xmlns="http://www.w3.org/2000/svg" width="400" height="200"><rect width="10" height="10" style="fill:rgb(1, 2, 3)"/></svg>',
  width: 400,
  height: 200,
  fontDataUrl: 'data:font/woff2;base64,d09GMgABAAAA',
  colors: { background: '#fff', text: '#111', muted: '#555' },
};

describe('chart images', () => {
  it('put the title above and the filters below, right-to-left in Persian, font embedded', () => {
    const svg = composeChartSvg({
      ...base,
      title: 'واحدها بر حسب استان',
      caption: 'استان: اصفهان و تهران · سال‌ها: ۱۳۹۸–۱۴۰۳',
      dir: 'rtl',
    });
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg" width="400"')).toBe(true);
    expect(svg).toContain(
      "<style>@font-face{font-family:'Vazirmatn';src:url(data:font/woff2;base64,d09GMgABAAAA) format('woff2');",
    );
    expect(svg).toContain('font-family="Vazirmatn, sans-serif"');
    expect(svg).toMatch(
      /<text x="384" y="34" direction="rtl" text-anchor="start"[^>]*font-weight="700"[^>]*>واحدها بر حسب استان<\/text>/,
    );
    expect(svg).toContain('>استان: اصفهان و تهران · سال‌ها: ۱۳۹۸–۱۴۰۳</text>');
    expect(svg.indexOf('واحدها بر حسب استان')).toBeLessThan(svg.indexOf('<rect width="10"'));
    expect(svg.indexOf('<rect width="10"')).toBeLessThan(svg.indexOf('استان: اصفهان'));
    expect(svg).not.toMatch(/https?:\/\/(?!www\.w3\.org)/);
  });

  it('anchor at the left in English and escape markup in text', () => {
    const svg = composeChartSvg({ ...base, title: 'A <b> & "c"', caption: 'x', dir: 'ltr' });
    expect(svg).toContain('<text x="16" y="34" direction="ltr"');
    expect(svg).toContain('A &lt;b&gt; &amp; &quot;c&quot;');
    expect(escapeXml("<'&>")).toBe('&lt;&apos;&amp;&gt;');
  });

  it('wrap a long caption into lines that fit, and grow the image for them', () => {
    const caption = Array.from({ length: 40 }, (_, i) => `word${i}`).join(' ');
    const lines = wrapText(caption, 200, 12, measure);
    expect(lines.length).toBeGreaterThan(3);
    expect(lines.join(' ')).toBe(caption);
    // Every line fits by measure, and no line could have taken the next word.
    lines.forEach((l, i) => {
      expect(measure(l, 12)).toBeLessThanOrEqual(200);
      const next = lines[i + 1]?.split(' ')[0];
      if (next) expect(measure(`${l} ${next}`, 12)).toBeGreaterThan(200);
    });
    const one = composeChartSvg({ ...base, title: 't', caption: 'short', dir: 'ltr' });
    const many = composeChartSvg({ ...base, width: 200, title: 't', caption, dir: 'ltr' });
    const heightOf = (s: string) => Number(/height="(\d+)"/.exec(s)?.[1]);
    expect(heightOf(many)).toBeGreaterThan(heightOf(one));
  });

  it('carry the metric and unit, a legend for every series, the filters, data date and synthetic mark', () => {
    const legend = [
      { color: 'rgb(0, 114, 178)', label: 'واحدهای تولیدی' },
      { color: 'rgb(230, 159, 0)', label: 'اشتغال' },
    ];
    const svg = composeChartSvg({
      ...base,
      title: 'روند',
      subtitle: 'نمودار خطی: واحدها و اشتغال، ۱۳۹۸ تا ۱۴۰۳ — واحد: میلیون',
      legend,
      caption: 'سال‌ها: ۱۳۹۸ تا ۱۴۰۳',
      dataNote: 'تاریخ داده‌ها: ۲۰ اسفند ۱۴۰۲ · داده‌های ساختگی',
      dir: 'rtl',
    });
    const order = [
      '>روند<',
      'واحد: میلیون',
      '<rect width="10"',
      'fill="rgb(0, 114, 178)"',
      '>واحدهای تولیدی<',
      '>اشتغال<',
      'سال‌ها: ۱۳۹۸ تا ۱۴۰۳',
      'داده‌های ساختگی',
    ].map((part) => svg.indexOf(part));
    for (const at of order) expect(at).toBeGreaterThan(-1);
    expect(order).toEqual([...order].sort((a, b) => a - b));
  });

  it('lay legend entries out in rows that fit, from the right in Persian', () => {
    const items = Array.from({ length: 8 }, (_, i) => ({ color: '#000', label: `سری شماره ${i}` }));
    const placed = layoutLegend(items, 200, measure);
    expect(Math.max(...placed.map((p) => p.row))).toBeGreaterThan(0);
    for (const p of placed) {
      expect(p.offset + 16 + measure(p.item.label, 12)).toBeLessThanOrEqual(200);
    }
    const svg = composeChartSvg({ ...base, title: 't', caption: 'c', legend: items, dir: 'rtl' });
    // The first swatch hugs the right margin (16 px from the edge of a 400 px image).
    expect(svg).toContain('<rect x="374" ');
  });

  it('do not repeat the title in the subtitle, nor the synthetic mark the source already says', () => {
    expect(imageSubtitle('نقشه استان‌ها', 'نقشه استان‌ها: واحدهای تولیدی بر حسب استان', null)).toBe(
      'واحدهای تولیدی بر حسب استان',
    );
    expect(imageSubtitle('Trend', 'Units by year', 'unit: units')).toBe(
      'Units by year — unit: units',
    );
    expect(
      imageDataNote('تاریخ داده‌ها: ۱۴۰۳', 'داده‌های ساختگی هم‌تراز با آمار', 'داده‌های ساختگی'),
    ).toBe('تاریخ داده‌ها: ۱۴۰۳ · داده‌های ساختگی هم‌تراز با آمار');
    // A source that does not say it (an agency's own name) keeps the mark.
    expect(imageDataNote('As of 1403', 'Agency statistics', 'Synthetic data')).toBe(
      'As of 1403 · Agency statistics · Synthetic data',
    );
    expect(imageDataNote('', 'Agency statistics', '')).toBe('Agency statistics');
  });

  it('are named like the data files', () => {
    expect(imageFileName('province-ranking', '1405-09-06', 'png')).toBe(
      'hemayat-province-ranking-exported-1405-09-06.png',
    );
    expect(imageFileName(':r1:', '1405-09-06', 'svg')).toBe('hemayat-r1-exported-1405-09-06.svg');
  });
});

describe('export links', () => {
  it('carry the panel filters, its parameters and the page language', () => {
    const href = exportHref(
      {
        view: 'breakdown',
        filters: { ...EMPTY_FILTERS, province: ['IR-10', 'IR-23'], from: 1398, to: 1403 },
        params: { by: 'category', metrics: ['grants', 'amount'], sort: 'grants', limit: undefined },
      },
      'xlsx',
      'en',
    );
    expect(href).toBe(
      '/api/export/breakdown.xlsx?province=IR-10%2CIR-23&from=1398&to=1403&by=category&metrics=grants%2Camount&sort=grants&lang=en',
    );
    expect(exportHref({ view: 'summary', filters: EMPTY_FILTERS }, 'csv', 'fa')).toBe(
      '/api/export/summary.csv?lang=fa',
    );
  });

  it("carry the page's digits when they are not the language's own", () => {
    const summary = { view: 'summary', filters: EMPTY_FILTERS } as const;
    expect(exportHref(summary, 'csv', 'fa', 'latin')).toBe(
      '/api/export/summary.csv?lang=fa&digits=latin',
    );
    expect(exportHref(summary, 'xlsx', 'en', 'persian')).toBe(
      '/api/export/summary.xlsx?lang=en&digits=persian',
    );
    expect(exportHref(summary, 'csv', 'fa', 'persian')).toBe('/api/export/summary.csv?lang=fa');
    expect(exportHref(summary, 'csv', 'en', 'latin')).toBe('/api/export/summary.csv?lang=en');
  });
});

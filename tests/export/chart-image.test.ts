import { describe, expect, it } from 'vitest';
import {
  composeChartSvg,
  escapeXml,
  imageFileName,
  wrapText,
} from '../../client/lib/chart-image.ts';
import { exportHref } from '../../client/lib/export-url.ts';
import { EMPTY_FILTERS } from '../../server/domain/filters.ts';

const base = {
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
    const lines = wrapText(caption, 200, 12);
    expect(lines.length).toBeGreaterThan(3);
    expect(lines.join(' ')).toBe(caption);
    for (const l of lines) expect(l.length).toBeLessThanOrEqual(Math.floor(200 / (12 * 0.55)));
    const one = composeChartSvg({ ...base, title: 't', caption: 'short', dir: 'ltr' });
    const many = composeChartSvg({ ...base, width: 200, title: 't', caption, dir: 'ltr' });
    const heightOf = (s: string) => Number(/height="(\d+)"/.exec(s)?.[1]);
    expect(heightOf(many)).toBeGreaterThan(heightOf(one));
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
});

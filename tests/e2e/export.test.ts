import { readFile } from 'node:fs/promises';
import { parse } from 'csv-parse/sync';
import type { Download, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { METRICS, type MetricValues } from '../../server/domain/metrics.ts';
import { isPlanMetric } from '../../server/domain/plan.ts';
import { PROVINCES } from '../../server/domain/reference.ts';
import { METRIC_LABELS } from '../../server/export/columns.ts';
import { readWorkbook, sheetRows } from '../export/export-helpers.ts';
import { apiQuery, expectNoIssues, openPage, type OpenedPage } from './harness.ts';

interface Breakdown {
  rows: ({ key: string; nameFa: string } & MetricValues)[];
  total: MetricValues;
}

interface Plan {
  total: { target: string | null; achievement: number | null };
  rows: { key: string; target: string | null; achievement: number | null }[];
}

const FILTERS = { from: 1400, to: 1403 };

/** Opens a panel's Export menu and returns the download its item starts. */
async function download(page: Page, panelId: string, item: string): Promise<Download> {
  const panel = page.locator(`#${panelId}`);
  await panel.locator('.export-menu > summary').click();
  const [file] = await Promise.all([
    page.waitForEvent('download'),
    panel.locator(`[data-export="${item}"]`).click(),
  ]);
  return file;
}

async function bytesOf(file: Download): Promise<Buffer> {
  const path = await file.path();
  return readFile(path);
}

describe('export from the UI', () => {
  let opened: OpenedPage;
  beforeAll(async () => {
    opened = await openPage(`/provinces?from=${FILTERS.from}&to=${FILTERS.to}`);
    // The ranking chart is on screen once its bars are drawn.
    await opened.page.locator('#province-ranking svg .recharts-rectangle').first().waitFor();
  });
  afterAll(async () => {
    await opened.close();
  });

  it('downloads the province table as CSV holding exactly the API numbers', async () => {
    const file = await download(opened.page, 'province-table', 'csv');
    expect(file.suggestedFilename()).toMatch(
      /^hemayat-provinces-1400-1403-exported-\d{4}-\d{2}-\d{2}\.csv$/,
    );
    const bytes = await bytesOf(file);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(bytes.toString('utf8')).toContain('\r\n');
    const [header, ...rows] = parse(bytes, { bom: true });
    expect(header?.[1]).toBe('استان');
    const api = await apiQuery<Breakdown>('stats.breakdown', {
      filters: FILTERS,
      by: 'province',
      metrics: [...METRICS],
      sort: 'units',
      limit: 31,
    });
    // The table's per-100k column follows units; the total row has no code and says «جمع کل».
    expect(header?.[3]).toBe('واحدهای تولیدی به ازای هر ۱۰۰ هزار نفر');
    const population = new Map(PROVINCES.map((p) => [p.code, p.population2016]));
    const listed = api.rows.reduce((sum, r) => sum + (population.get(r.key) ?? 0), 0);
    const cells = (v: MetricValues, people: number) => {
      const out = METRICS.map((m) => (v[m] === null ? '' : String(v[m])));
      out.splice(1, 0, String(Math.round((v.units / people) * 1_000_000) / 10));
      return out;
    };
    // Issue #18: then a target and an achievement column for each plan metric the synthetic
    // plan sets a target for, each row's cells those of stats.plan (/plan), the total's the view's.
    const plans = await Promise.all(
      METRICS.filter(isPlanMetric).map(async (metric) => ({
        metric,
        plan: await apiQuery<Plan>('stats.plan', { filters: FILTERS, metric, by: 'province' }),
      })),
    );
    const planned = plans.filter(
      ({ plan }) => plan.total.target !== null || plan.rows.some((r) => r.target !== null),
    );
    expect(planned.length).toBeGreaterThan(0);
    expect(header?.slice(-2 * planned.length)).toEqual(
      planned.flatMap(({ metric }) => [
        `هدف: ${METRIC_LABELS[metric].fa}`,
        `تحقق: ${METRIC_LABELS[metric].fa}`,
      ]),
    );
    const text = (v: string | number | null | undefined) =>
      v === null || v === undefined ? '' : String(v);
    const planCells = (key: string | null) =>
      planned.flatMap(({ plan }) => {
        const r = key === null ? plan.total : plan.rows.find((x) => x.key === key);
        return [text(r?.target), text(r?.achievement)];
      });
    expect(rows).toEqual([
      ...api.rows.map((r) => [
        r.key,
        r.nameFa,
        ...cells(r, population.get(r.key) ?? 0),
        ...planCells(r.key),
      ]),
      ['', 'جمع کل', ...cells(api.total, listed), ...planCells(null)],
    ]);
    expect(rows).toHaveLength(32);
  });

  it('downloads the same table as an Excel workbook', async () => {
    const file = await download(opened.page, 'province-table', 'xlsx');
    expect(file.suggestedFilename()).toMatch(/\.xlsx$/);
    expect((await bytesOf(file)).subarray(0, 2).toString('latin1')).toBe('PK');
  });

  it('saves the ranking chart as SVG with its title, the filters and the embedded font', async () => {
    const file = await download(opened.page, 'province-ranking', 'svg');
    expect(file.suggestedFilename()).toMatch(
      /^hemayat-province-ranking-exported-\d{4}-\d{2}-\d{2}\.svg$/,
    );
    const svg = (await bytesOf(file)).toString('utf8');
    expect(svg).toContain("@font-face{font-family:'Vazirmatn';src:url(data:font/woff2;base64,");
    const title = await opened.page.locator('#province-ranking .panel-title').textContent();
    expect(svg).toContain(`>${title ?? '?'}</text>`);
    expect(svg).toContain('۱۴۰۰');
    expect(svg).not.toContain('var(--');
    // Issue #14: what is measured (the chart's name: metric, dimension, period) and the data note.
    const name = await opened.page
      .locator('#province-ranking .chart[role="img"]')
      .getAttribute('aria-label');
    expect(svg).toContain(name ?? '?');
    expect(svg).toContain('داده‌های ساختگی');
  });

  it('saves the map as SVG with its colour legend, metric and unit', async () => {
    const overview = await openPage('/?from=1400&to=1403&metric=amount', { lang: 'fa' });
    try {
      await overview.page.locator('#province-map svg path[d]').first().waitFor();
      await overview.page.locator('#province-map .map-legend li .swatch').first().waitFor();
      const legend = await overview.page
        .locator('#province-map .map-legend li:has(.swatch)')
        .allTextContents();
      const file = await download(overview.page, 'province-map', 'svg');
      const svg = (await bytesOf(file)).toString('utf8');
      expect(legend.length).toBeGreaterThan(2);
      for (const entry of legend) expect(svg).toContain(`>${entry.trim()}</text>`);
      // One swatch per legend entry, drawn in the image.
      expect(svg.match(/<rect x="[\d.]+" y="[\d.]+" width="10" height="10"/g)).toHaveLength(
        legend.length,
      );
      const name = await overview.page
        .locator('#province-map svg[aria-label]')
        .first()
        .getAttribute('aria-label');
      expect(svg).toContain(name ?? '?');
    } finally {
      await overview.close();
    }
  });

  it('saves the ranking chart as PNG', async () => {
    const file = await download(opened.page, 'province-ranking', 'png');
    const png = await bytesOf(file);
    expect([...png.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    // Width from the IHDR chunk: twice the chart's CSS width (2× rendering).
    const width = await opened.page.evaluate(() =>
      Math.max(
        ...[...document.querySelectorAll('#province-ranking .panel-body svg')].map((svg) =>
          Math.round(svg.getBoundingClientRect().width),
        ),
      ),
    );
    expect(png.readUInt32BE(16)).toBe(width * 2);
  });

  it('sent no request outside the server and logged no error', () => {
    expectNoIssues(opened.issues);
  });
});

describe('export links follow the page digits', () => {
  it('a Persian page with Latin digits exports files whose sentences use Latin digits', async () => {
    const opened = await openPage(`/provinces?from=${FILTERS.from}&to=${FILTERS.to}&digits=latin`);
    try {
      const { page } = opened;
      await page.locator('#province-ranking svg .recharts-rectangle').first().waitFor();
      const panel = page.locator('#province-table');
      await panel.locator('.export-menu > summary').click();
      const hrefs = await panel
        .locator('.export-menu a[data-export]')
        .evaluateAll((links) => links.map((a) => a.getAttribute('href') ?? ''));
      expect(hrefs).toHaveLength(4);
      for (const href of hrefs) {
        const params = new URL(href, 'http://x').searchParams;
        expect(params.get('lang'), href).toBe('fa');
        expect(params.get('digits'), href).toBe('latin');
      }
      await panel.locator('.export-menu > summary').click();
      const file = await download(page, 'province-table', 'xlsx');
      const workbook = await readWorkbook(await bytesOf(file));
      const sheet = workbook.worksheets.find((w) => w.name === 'پیام‌های کلیدی');
      expect(sheet, 'key messages sheet').toBeDefined();
      const text = sheetRows(sheet!)
        .flat()
        .map((v) => (typeof v === 'string' ? v : ''))
        .join('\n');
      // Persian words, Latin figures: the sentences read as the page does.
      expect(text).toMatch(/[\u0600-\u06ff]/);
      expect(text).toMatch(/\d/);
      expect(text).not.toMatch(/[۰-۹]/);
      expectNoIssues(opened.issues);
    } finally {
      await opened.close();
    }
  });
});

import { describe, expect, it } from 'vitest';
import { PROVINCES } from '../../server/domain/reference.ts';
import { expectNoIssues, openPage } from './harness.ts';
import { textOf, waitForCharts } from './page-ready.ts';

const PERSIAN_DIGIT = /[۰-۹]/;
const LATIN_DIGIT = /[0-9]/;

/** The pages of the client foundation and how many charts each must draw. */
const PAGES = [
  { path: '/', charts: 4, heading: { fa: 'نمای کلی', en: 'Overview' } },
  { path: '/provinces', charts: 2, heading: { fa: 'استان‌ها', en: 'Provinces' } },
  { path: '/provinces/IR-10', charts: 3, heading: { fa: 'اصفهان', en: 'Isfahan' } },
] as const;

describe.each(['fa', 'en'] as const)('pages in %s', (lang) => {
  it.each(PAGES)('$path renders its charts with data', async ({ path, charts, heading }) => {
    const opened = await openPage(path, { lang });
    const { page } = opened;
    try {
      await waitForCharts(page, charts);
      expect(await page.getAttribute('html', 'lang')).toBe(lang);
      expect(await page.getAttribute('html', 'dir')).toBe(lang === 'fa' ? 'rtl' : 'ltr');
      expect(await textOf(page, 'h1')).toContain(heading[lang]);
      expect(await textOf(page, '[data-testid="synthetic-note"]')).toContain(
        lang === 'fa' ? 'داده‌های نمونه (ساختگی)' : 'Synthetic sample data',
      );
      // Every chart names what it shows, in the page language.
      const labels = await page
        .locator('.chart[role="img"]')
        .evaluateAll((els) => els.map((el) => el.getAttribute('aria-label') ?? ''));
      expect(labels.length).toBeGreaterThan(0);
      for (const label of labels) {
        expect(label.length, label).toBeGreaterThan(10);
        if (lang === 'fa') expect(label).toMatch(/[\u0600-\u06ff]/);
        else expect(label).not.toMatch(/[\u0600-\u06ff]/);
      }
      // Numbers follow the language's digits.
      const numbers = await page.locator('.kpi-value, .map-legend .num').allTextContents();
      expect(numbers.length).toBeGreaterThan(0);
      for (const text of numbers) {
        expect(text).toMatch(lang === 'fa' ? PERSIAN_DIGIT : LATIN_DIGIT);
        expect(text).not.toMatch(lang === 'fa' ? LATIN_DIGIT : PERSIAN_DIGIT);
      }
      expectNoIssues(opened.issues);
    } finally {
      await opened.close();
    }
  });
});

describe('filters live in the URL', () => {
  it('a province chosen in the filter bar changes the KPIs and the URL; a reload restores the view', async () => {
    const opened = await openPage('/', { lang: 'en' });
    const { page } = opened;
    try {
      await waitForCharts(page, 4);
      const before = await textOf(page, '[data-testid="kpi-units"]');
      await page.click('button[data-filter="province"]');
      await page.fill('input[type="search"]', 'isfa');
      // A controlled checkbox: its state follows the URL, so click and wait for the URL.
      await page.click('input[data-code="IR-10"]');
      await page.waitForURL(/province=IR-10/);
      await page.waitForFunction(
        (old) => document.querySelector('[data-testid="kpi-units"]')?.textContent?.trim() !== old,
        before,
      );
      await waitForCharts(page, 4);
      const filtered = await textOf(page, '[data-testid="kpi-units"]');
      expect(Number(filtered.replace(/,/g, ''))).toBeLessThan(Number(before.replace(/,/g, '')));
      expect(await page.locator('[data-chip="province:IR-10"]').count()).toBe(1);

      await page.reload();
      await waitForCharts(page, 4);
      expect(page.url()).toContain('province=IR-10');
      expect(await textOf(page, '[data-testid="kpi-units"]')).toBe(filtered);
      expect(await textOf(page, '[data-chip="province:IR-10"]')).toContain('Isfahan');

      // Back returns to the unfiltered view.
      await page.goBack();
      await page.waitForURL((url) => !url.search.includes('province='));
      await page.waitForFunction(
        (old) => document.querySelector('[data-testid="kpi-units"]')?.textContent?.trim() === old,
        before,
      );
      expectNoIssues(opened.issues);
    } finally {
      await opened.close();
    }
  });

  it('Persian search finds a province typed with Arabic ي and ك', async () => {
    const opened = await openPage('/');
    const { page } = opened;
    try {
      await waitForCharts(page, 4);
      await page.click('button[data-filter="province"]');
      // «کرمانشاه» typed with Arabic kaf (ك).
      await page.fill('input[type="search"]', 'كرمانشاه');
      const options = await page
        .locator('.multi-select-options input[data-code]')
        .evaluateAll((els) => els.map((el) => el.getAttribute('data-code')));
      const kermanshah = PROVINCES.find((p) => p.nameEn === 'Kermanshah')?.code;
      expect(options).toEqual([kermanshah]);
    } finally {
      await opened.close();
    }
  });

  it('a click on the map filters by that province', async () => {
    const opened = await openPage('/', { lang: 'fa' });
    const { page } = opened;
    try {
      await waitForCharts(page, 4);
      const before = await textOf(page, '[data-testid="kpi-units"]');
      await page.click('#province-map path[data-code="IR-07"]');
      await page.waitForURL(/province=IR-07/);
      await page.waitForFunction(
        (old) => document.querySelector('[data-testid="kpi-units"]')?.textContent?.trim() !== old,
        before,
      );
      expect(await page.getAttribute('#province-map path[data-code="IR-07"]', 'aria-pressed')).toBe(
        'true',
      );
      expect(await page.locator('[data-chip="province:IR-07"]').count()).toBe(1);
      expectNoIssues(opened.issues);
    } finally {
      await opened.close();
    }
  });

  it('Enter on a focused province of the provinces map drills into it', async () => {
    const opened = await openPage('/provinces', { lang: 'en' });
    const { page } = opened;
    try {
      await waitForCharts(page, 2);
      await page.focus('#province-map path[data-code="IR-07"]');
      expect(await textOf(page, '.map-readout')).toContain('Fars');
      await page.keyboard.press('Enter');
      await page.waitForURL(/\/provinces\/IR-07/);
      await waitForCharts(page, 3);
      expect(await textOf(page, 'h1')).toContain('Fars');
      expect(page.url()).toContain('lang=en');
      expectNoIssues(opened.issues);
    } finally {
      await opened.close();
    }
  });
});

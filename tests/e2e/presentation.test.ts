import { describe, expect, it } from 'vitest';
import { expectNoIssues, openPage } from './harness.ts';
import { waitForCharts } from './page-ready.ts';

/**
 * Issue #14 in Persian, as a reader meets it: names in alphabetical order, no Latin codes after
 * Persian names, one money unit per axis that names the rial.
 */
const LATIN_CODE = /[A-Z]{2,}-\d/;

const isCollated = (names: string[]) => {
  const c = new Intl.Collator('fa', { numeric: true, sensitivity: 'base' });
  return names.every((n, i) => i === 0 || c.compare(names[i - 1] ?? '', n) <= 0);
};

describe('Persian order, names and units', () => {
  it('the province picker and the heat-map rows are in Persian alphabetical order', async () => {
    const opened = await openPage('/headings', { lang: 'fa' });
    const { page } = opened;
    try {
      await waitForCharts(page, 3);
      const rows = await page.locator('#heading-year .heatmap-row-head').allTextContents();
      expect(rows).toHaveLength(85);
      expect(isCollated(rows)).toBe(true);
      for (const row of rows) expect(row).not.toMatch(LATIN_CODE);
      const provinces = await page.locator('#heading-province .heatmap-row-head').allTextContents();
      expect(provinces).toHaveLength(31);
      expect(provinces[0]).toBe('آذربایجان شرقی');
      expect(isCollated(provinces)).toBe(true);

      await page.click('button[data-filter="province"]');
      const options = await page.locator('.multi-select-options label').allTextContents();
      expect(options).toHaveLength(31);
      expect(isCollated(options)).toBe(true);
      expectNoIssues(opened.issues);
    } finally {
      await opened.close();
    }
  });

  it("Explore's heat map reads its provinces and sectors in Persian alphabetical order", async () => {
    const opened = await openPage('/explore?by=province&by2=sector&chart=heatmap', { lang: 'fa' });
    const { page } = opened;
    try {
      await waitForCharts(page, 1);
      // The longer list (31 provinces) runs down the rows, the eight sectors across.
      const rows = await page.locator('.heatmap-row-head').allTextContents();
      expect(rows).toHaveLength(31);
      expect(rows[0]).toBe('آذربایجان شرقی');
      expect(isCollated(rows)).toBe(true);
      const heads = await page.locator('.heatmap-head').allTextContents();
      expect(heads).toHaveLength(8);
      expect(isCollated(heads)).toBe(true);
      for (const name of [...rows, ...heads]) expect(name).not.toMatch(LATIN_CODE);
      expectNoIssues(opened.issues);
    } finally {
      await opened.close();
    }
  });

  it('a table sorted by its names is in Persian alphabetical order', async () => {
    const opened = await openPage('/provinces', { lang: 'fa' });
    const { page } = opened;
    try {
      await waitForCharts(page, 1);
      await page.locator('.panel-tools .segmented button:nth-child(2)').first().click();
      const table = page.locator('.data-table').first();
      await table.locator('tbody tr').first().waitFor();
      await table.locator('thead th').first().locator('button').click();
      await expect
        .poll(() => table.locator('thead th').first().getAttribute('aria-sort'))
        .toBe('ascending');
      const names = await table.locator('tbody tr td:first-child').allTextContents();
      expect(names).toHaveLength(31);
      expect(names[0]).toBe('آذربایجان شرقی');
      // Code-point order would put «مرکزی» before «کرمان» and «پ…» after «ن…».
      expect(isCollated(names)).toBe(true);
      expectNoIssues(opened.issues);
    } finally {
      await opened.close();
    }
  });

  it('money axes and the heat map name one unit with «ریال»', async () => {
    const opened = await openPage('/headings?metric=amount', { lang: 'fa' });
    const { page } = opened;
    try {
      await waitForCharts(page, 3);
      const units = await page.locator('.heatmap-unit').allTextContents();
      expect(units.length).toBeGreaterThan(0);
      for (const unit of units) expect(unit).toMatch(/^(هزار )?(میلیارد|میلیون) ریال$|^ریال$/);
      // Cells carry bare figures in that one unit: no scale words of their own.
      const cells = await page.locator('#heading-year .heatmap-cell').allTextContents();
      for (const cell of cells) expect(cell).not.toMatch(/هزار|میلیون|میلیارد|تریلیون/);
      // A cell reads «۰» only when it holds nothing (its title states the exact amount): the
      // unit was once taken from the largest cell and most cells of tens of billions read «۰».
      const zeros = await page
        .locator('#heading-year .heatmap-cell')
        .evaluateAll((els) =>
          els
            .filter((el) => (el.textContent ?? '').trim() === '۰')
            .map((el) => el.getAttribute('title') ?? ''),
        );
      expect(zeros.filter((title) => !/: (۰ ریال|—)$/.test(title))).toEqual([]);
      expect(cells.length).toBeGreaterThan(100);
      expectNoIssues(opened.issues);
    } finally {
      await opened.close();
    }
  });

  it('a money chart names its axis unit in rials, never «تریلیون»', async () => {
    const opened = await openPage('/explore?by=year&metric=amount&chart=bar', { lang: 'fa' });
    const { page } = opened;
    try {
      await waitForCharts(page, 1);
      const text = await page.locator('main').innerText();
      expect(text).not.toContain('تریلیون');
      const units = await page.locator('.chart-unit').allTextContents();
      expect(units).toHaveLength(1);
      expect(units[0]).toMatch(/^(هزار )?میلیارد ریال$/);
      // The written ticks: bare Persian figures, no scale word of their own.
      const ticks = await page
        .locator('.recharts-cartesian-axis-tick-value, .recharts-cartesian-axis-tick text')
        .allTextContents();
      expect(ticks.length).toBeGreaterThan(2);
      for (const tick of ticks) expect(tick).not.toMatch(/هزار|میلیون|میلیارد|تریلیون/);
      expectNoIssues(opened.issues);
    } finally {
      await opened.close();
    }
  });
});

describe('admin pages in Persian', () => {
  it('the audit log reads in Persian: words, Jalali local times, fields; it fits 1366 px', async () => {
    const opened = await openPage('/admin/audit', {
      lang: 'fa',
      viewport: { width: 1366, height: 768 },
    });
    const { page } = opened;
    try {
      await page.locator('.audit-table tbody tr').first().waitFor();
      // The analytics filters change nothing here, so the page does not offer them.
      expect(await page.locator('.filter-bar').count()).toBe(0);
      const overflow = await page.evaluate(
        () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
      );
      expect(overflow).toBeLessThanOrEqual(0);
      const times = await page.locator('.audit-time').allTextContents();
      expect(times.length).toBeGreaterThan(0);
      for (const time of times) {
        // ۱۴۰۵/۹/۱۲، ۱۳:۴۵: a Jalali date in Persian digits, on one line.
        expect(time).toMatch(/^۱۴[۰-۹]{2}\/[۰-۹]{1,2}\/[۰-۹]{1,2}.*[۰-۹]{2}:[۰-۹]{2}$/);
        expect(time).not.toMatch(/[0-9]/);
      }
      const heights = await page
        .locator('.audit-time time')
        .evaluateAll((els) => els.map((el) => el.getBoundingClientRect().height));
      const lineHeight = await page
        .locator('.audit-time time')
        .first()
        .evaluate((el) => parseFloat(getComputedStyle(el).lineHeight) || 24);
      for (const h of heights) expect(h).toBeLessThan(lineHeight * 1.6);
      const actions = await page.locator('.audit-table td[data-action]').allTextContents();
      for (const action of actions) expect(action).toMatch(/[\u0600-\u06ff]/);
      const details = await page.locator('.audit-table td:last-child').allTextContents();
      for (const detail of details) expect(detail).not.toMatch(/^\s*\{/);
      expectNoIssues(opened.issues);
    } finally {
      await opened.close();
    }
  });

  it("a user's provinces are ticked from a list in Persian order", async () => {
    const opened = await openPage('/admin/users', { lang: 'fa' });
    const { page } = opened;
    try {
      await page.locator('button[data-filter="new-user-provinces"]').click();
      const options = await page.locator('.multi-select-options label').allTextContents();
      expect(options).toHaveLength(31);
      expect(isCollated(options)).toBe(true);
      expect(await page.locator('input[name="provinces"]').count()).toBe(0);
      expectNoIssues(opened.issues);
    } finally {
      await opened.close();
    }
  });
});

import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { baseUrl, expectNoIssues, openPage } from './harness.ts';
import { textOf, waitForCharts } from './page-ready.ts';

/**
 * One number per question (issue #13) in Chromium, as an analyst would check it with no year in
 * any URL: Isfahan's supported units and coverage read the same on the overview filtered to
 * Isfahan, in the province table, on Isfahan's page, on a saved view of that page and on the
 * view's first slide; the period, the pickers and the pinned province say what the numbers are.
 */

const number = (text: string) => Number(text.replace(/[^\d.]/g, ''));

async function kpi(page: Page, metric: string, scope = ''): Promise<string> {
  const selector = `${scope} [data-testid="kpi-${metric}"]`.trim();
  await page.locator(selector).first().waitFor({ timeout: 60_000 });
  await page.waitForFunction(() => !document.querySelector('.kpis .skeleton'), undefined, {
    timeout: 60_000,
  });
  return textOf(page, selector);
}

/** A cell of an HTML data table by its row's label and its column's header. */
async function tableCell(page: Page, table: string, row: string, column: string): Promise<string> {
  return page.locator(table).evaluate(
    (el, [rowLabel, header]) => {
      const headers = [...el.querySelectorAll('thead th')].map((th) => th.textContent?.trim());
      const index = headers.findIndex((h) => h?.startsWith(header ?? ''));
      const tr = [...el.querySelectorAll('tbody tr')].find((r) =>
        r.querySelector('th, td')?.textContent?.includes(rowLabel ?? ''),
      );
      return tr?.querySelectorAll('th, td')[index]?.textContent?.trim() ?? '';
    },
    [row, column],
  );
}

describe('one number per question', () => {
  it('reads the same supported units and coverage on every page, the saved view and its slide', async () => {
    const opened = await openPage('/?province=IR-10', { lang: 'en' });
    const { page } = opened;
    try {
      // The overview, Isfahan chosen, no year: the whole range, said so everywhere.
      await waitForCharts(page, 3);
      const supported = await kpi(page, 'supportedUnits');
      const coverage = await kpi(page, 'coverage');
      const units = await kpi(page, 'units');
      expect(number(supported)).toBeGreaterThan(0);
      expect(number(supported)).toBeLessThanOrEqual(number(units));
      expect(number(coverage)).toBeLessThanOrEqual(100);
      expect(await textOf(page, '[data-testid="kpi-period"]')).toMatch(
        /1396–1403 \(the data’s whole range\)/,
      );
      expect(await textOf(page, '[data-testid="kpi-covers-supportedUnits"]')).toBe(
        'of the units of 1403, supported in 1396–1403',
      );
      expect(await textOf(page, '[data-chip="years"]')).toMatch(
        /1396–1403 \(the data’s whole range\)/,
      );
      // The pickers show the effective period, each year once.
      expect(await page.locator('select[data-filter="from"]').inputValue()).toBe('1396');
      expect(await page.locator('select[data-filter="to"]').inputValue()).toBe('1403');
      const options = await page.locator('select[data-filter="from"] option').allTextContents();
      expect(new Set(options).size).toBe(options.length);

      // The province table: Isfahan's row.
      await page.goto(new URL('/provinces?lang=en', baseUrl).toString());
      await waitForCharts(page, 2);
      const table = '#province-table table';
      await page.locator(`${table} tbody tr`).first().waitFor();
      expect(await tableCell(page, table, 'Isfahan', 'Supported units')).toBe(supported);
      expect(await tableCell(page, table, 'Isfahan', 'Support coverage')).toBe(coverage);

      // Isfahan's page: the same KPIs; the province is selected and chipped; the unit list is
      // as long as the units KPI.
      await page.goto(new URL('/provinces/IR-10?lang=en', baseUrl).toString());
      await waitForCharts(page, 3);
      expect(await kpi(page, 'supportedUnits')).toBe(supported);
      expect(await kpi(page, 'coverage')).toBe(coverage);
      expect(await kpi(page, 'units')).toBe(units);
      expect(await textOf(page, '[data-chip="province:IR-10"]')).toContain('Isfahan');
      expect(await textOf(page, 'button[data-filter="province"]')).toMatch(/1/);
      expect(await textOf(page, '[data-testid="units-count"]')).toBe(
        `${units} units with an employment record in 1403`,
      );

      // Saved as a view, opened again from the list of views.
      const name = `Isfahan ${Date.now()}`;
      await page.getByTestId('save-view').click();
      await page.locator('input[name="view-name"]').fill(name);
      await page.locator('.save-view-form button[type="submit"]').click();
      await page.locator('.save-view-status').filter({ hasText: name }).waitFor();
      await page.goto(new URL('/briefing?lang=en', baseUrl).toString());
      const row = page.locator('.saved-view').filter({ hasText: name });
      await expect
        .poll(() => row.locator('.saved-view-caption').textContent())
        .toMatch(/Province: Isfahan · Years: 1396–1403 \(the data’s whole range\)/);
      await row.getByRole('link', { name: 'Open page' }).click();
      await page.waitForURL(/\/provinces\/IR-10/);
      expect(await kpi(page, 'supportedUnits')).toBe(supported);

      // …and presented: the deck's key-figures slide holds the page's numbers.
      await page.goto(new URL('/briefing?lang=en', baseUrl).toString());
      await page
        .locator('.saved-view')
        .filter({ hasText: name })
        .getByRole('link', { name: 'Present' })
        .click();
      await page.waitForURL(/from-page=%2Fprovinces%2FIR-10/);
      // The deck opens on its key messages (issue #18); the key figures are the next slide.
      await page.goto(`${page.url()}&slide=2`);
      const figures = '.slide-active';
      expect(await kpi(page, 'supportedUnits', figures)).toBe(supported);
      expect(await kpi(page, 'coverage', figures)).toBe(coverage);
      await expect
        .poll(() => textOf(page, `${figures} [data-testid="slide-filters"]`))
        .toMatch(/Province: Isfahan · Years: 1396–1403 \(the data’s whole range\)/);
      expectNoIssues(opened.issues);
    } finally {
      await opened.close();
    }
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MetricValues } from '../../server/domain/metrics.ts';
import { apiQuery, expectNoIssues, openPage, type OpenedPage } from './harness.ts';

const PERSIAN_DIGIT = /[۰-۹]/;
const LATIN_DIGIT = /[0-9]/;

describe('smoke: the Persian overview', () => {
  let opened: OpenedPage;
  beforeAll(async () => {
    opened = await openPage('/');
  });
  afterAll(async () => {
    await opened.close();
  });

  it('is Persian and right-to-left', async () => {
    const { page } = opened;
    expect(await page.getAttribute('html', 'lang')).toBe('fa');
    expect(await page.getAttribute('html', 'dir')).toBe('rtl');
    expect(await page.title()).toContain('حمایت');
  });

  it('shows the units KPI from the database, in Persian digits', async () => {
    const { page } = opened;
    const kpi = page.getByTestId('kpi-units');
    await kpi.waitFor({ state: 'visible' });
    const summary = await apiQuery<{ current: MetricValues }>('stats.summary', { filters: {} });
    expect(summary.current.units).toBeGreaterThan(40_000);
    const expected = new Intl.NumberFormat('fa-IR', { maximumFractionDigits: 0 }).format(
      summary.current.units,
    );
    // The value renders once the query answers; until then the card shows a placeholder.
    await page.waitForFunction(
      (text) => document.querySelector('[data-testid="kpi-units"]')?.textContent?.trim() === text,
      expected,
    );
    const text = (await kpi.textContent())?.trim() ?? '';
    expect(text).toBe(expected);
    expect(text).toMatch(PERSIAN_DIGIT);
    expect(text).not.toMatch(LATIN_DIGIT);
  });

  it('shows the other KPI cards with Persian digits', async () => {
    const { page } = opened;
    for (const metric of ['employment', 'supportedUnits', 'amount']) {
      const text = (await page.getByTestId(`kpi-${metric}`).textContent())?.trim() ?? '';
      expect(text, metric).toMatch(PERSIAN_DIGIT);
      expect(text, metric).not.toMatch(LATIN_DIGIT);
    }
  });

  it('made no request to another host and logged no error or CSP violation', () => {
    expectNoIssues(opened.issues);
  });
});

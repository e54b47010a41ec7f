import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { openPage } from './harness.ts';
import { waitForCharts } from './page-ready.ts';

// Injected through the DevTools protocol: `page.addScriptTag` adds an inline <script>, which the
// app's Content-Security-Policy (script-src 'self') rightly blocks.
const AXE_SOURCE = readFileSync(
  join(process.cwd(), 'node_modules', 'axe-core', 'axe.min.js'),
  'utf8',
);

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[] }[];
}

/** Runs axe-core in the page and returns its serious and critical violations, readably. */
async function seriousViolations(page: Page): Promise<string[]> {
  await page.evaluate(AXE_SOURCE);
  const violations = await page.evaluate(async () => {
    const axe = (
      window as unknown as {
        axe: { run: (ctx: Document, opts: object) => Promise<{ violations: unknown[] }> };
      }
    ).axe;
    const result = await axe.run(document, { resultTypes: ['violations'] });
    return result.violations;
  });
  return (violations as AxeViolation[])
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map(
      (v) =>
        `${v.impact} ${v.id}: ${v.help} → ${v.nodes
          .slice(0, 3)
          .map((n) => n.target.join(' '))
          .join(' | ')}`,
    );
}

/** Every page of the app with the number of charts it draws once loaded. */
const PAGES = [
  { path: '/', charts: 4 },
  { path: '/provinces', charts: 2 },
  { path: '/provinces/IR-10', charts: 3 },
  { path: '/clusters', charts: 1 },
  { path: '/headings', charts: 1 },
  { path: '/explore', charts: 1 },
  { path: '/impact', charts: 0 },
] as const;

/** The administrator's pages (issue #8), each ready once its table has a row. */
const ADMIN_PAGES = ['/admin/users', '/admin/audit'] as const;

describe.each(['fa', 'en'] as const)('axe-core in %s', (lang) => {
  it.each(PAGES)('$path has no serious or critical violation', async ({ path, charts }) => {
    const opened = await openPage(path, { lang });
    try {
      await waitForCharts(opened.page, charts);
      expect(await seriousViolations(opened.page)).toEqual([]);
    } finally {
      await opened.close();
    }
  });

  it('/login, blank and after a refused sign-in, has none', async () => {
    const opened = await openPage('/login', { lang, signedIn: false });
    const { page } = opened;
    try {
      await page.locator('form.login-card').waitFor();
      expect(await seriousViolations(page)).toEqual([]);
      await page.fill('input[name="username"]', `nobody-${lang}`);
      await page.fill('input[name="password"]', 'wrong-password');
      await page.click('button[type="submit"]');
      await page.locator('.login-error[role="alert"]').waitFor();
      expect(await seriousViolations(page)).toEqual([]);
    } finally {
      await opened.close();
    }
  });

  it.each(ADMIN_PAGES)('%s has none', async (path) => {
    const opened = await openPage(path, { lang });
    try {
      await opened.page.locator('main .data-table tbody tr').first().waitFor();
      expect(await seriousViolations(opened.page)).toEqual([]);
    } finally {
      await opened.close();
    }
  });

  it('the overview in the dark theme, table views open, has none either', async () => {
    const opened = await openPage('/', { lang, colorScheme: 'dark' });
    const { page } = opened;
    try {
      await waitForCharts(page, 4);
      for (const button of await page
        .locator('.panel-tools .segmented button:nth-child(2)')
        .all()) {
        await button.click();
      }
      await page.waitForSelector('.data-table');
      await page.waitForFunction(() => !document.querySelector('.skeleton'));
      expect(await seriousViolations(page)).toEqual([]);
    } finally {
      await opened.close();
    }
  });

  it('draws axis ticks in the dark theme’s colour, not Recharts’ fixed #666', async () => {
    const opened = await openPage('/', { lang, colorScheme: 'dark' });
    try {
      await waitForCharts(opened.page, 4);
      const { expected, fills } = await opened.page.evaluate(() => {
        const probe = document.createElement('span');
        probe.style.color = 'var(--text-muted)';
        document.body.append(probe);
        const expected = getComputedStyle(probe).color;
        probe.remove();
        const ticks = [...document.querySelectorAll('.recharts-cartesian-axis-tick-labels text')];
        return { expected, fills: [...new Set(ticks.map((t) => getComputedStyle(t).fill))] };
      });
      expect(expected).not.toBe('rgb(102, 102, 102)');
      expect(fills).toEqual([expected]);
    } finally {
      await opened.close();
    }
  });
});

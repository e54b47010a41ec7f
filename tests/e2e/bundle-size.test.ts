import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { BUDGET, measurePage, PAGE_ROUTES } from '../../scripts/bundle-size.ts';
import { appUrl, openPage } from './harness.ts';
import { waitForCharts } from './page-ready.ts';

const DIST = fileURLToPath(new URL('../../dist', import.meta.url));

describe('the overview’s JavaScript (issue #4, `npm run size`)', () => {
  const weight = measurePage(DIST, PAGE_ROUTES.overview);

  it('stays within the budget: ≤ 120 KB gzip before first paint, ≤ 260 KB in all', () => {
    expect(weight.eagerGzip).toBeLessThanOrEqual(BUDGET.eager);
    expect(weight.totalGzip).toBeLessThanOrEqual(BUDGET.total);
  });

  it('is measured on the chunks Chromium really loads for /', async () => {
    // Signed in on a page without the app (its favicon 404s: no issue checks here, smoke.test.ts
    // has them), so the listener sees the overview's first load whole.
    const opened = await openPage('/healthz');
    const scripts = new Set<string>();
    opened.page.on('request', (request) => {
      const path = new URL(request.url()).pathname;
      if (path.endsWith('.js')) scripts.add(path.slice(1));
    });
    try {
      await opened.page.goto(appUrl('/'));
      await waitForCharts(opened.page, 4);
      const measured = [...weight.eager, ...weight.route].map((chunk) => chunk.file);
      expect([...scripts].sort()).toEqual(measured.sort());
    } finally {
      await opened.close();
    }
  });
});

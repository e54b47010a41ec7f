import type { Page } from 'playwright-core';

/**
 * Waits until a page has rendered its data: no skeleton left, no panel refetching, and at least
 * `minCharts` chart elements (role="img" wrappers and the province map) that contain drawn marks.
 */
export async function waitForCharts(page: Page, minCharts: number): Promise<void> {
  await page.waitForFunction(
    (min) => {
      if (document.querySelector('.skeleton, [aria-busy="true"]')) return false;
      const charts = [
        ...document.querySelectorAll('.chart[role="img"], .heatmap[role="img"], .province-map svg'),
      ];
      const drawn = charts.filter((chart) =>
        chart.querySelector('path[d]:not([d=""]), rect[width]:not([width="0"]), .heatmap-cell'),
      );
      return drawn.length >= min;
    },
    minCharts,
    { timeout: 60_000 },
  );
}

/** Text of an element, trimmed ('' when missing). */
export async function textOf(page: Page, selector: string): Promise<string> {
  return ((await page.locator(selector).first().textContent()) ?? '').trim();
}

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

/**
 * Waits until the deck shows `count` slides, each with its content drawn (a chart, KPI values, a
 * legend, the key-messages list that opens every deck, or impact cards), and Vazirmatn is in.
 */
export async function waitForDeck(page: Page, count: number): Promise<void> {
  await page.waitForFunction(
    (n) => {
      const slides = [...document.querySelectorAll('.slide')];
      if (slides.length !== n || document.querySelector('.slide .skeleton')) return false;
      // Every deck opens on its key messages (issue #18): text, loaded when its list is in.
      return slides.every((s) =>
        s.querySelector(
          'svg.recharts-surface, .kpi-value, .legend, .slide-messages li, .impact-card',
        ),
      );
    },
    count,
    { timeout: 60_000 },
  );
  await page.evaluate(() => document.fonts.ready.then(() => undefined));
  // Layout is re-measured once Vazirmatn is in: let React commit it.
  await page.waitForTimeout(300);
}
